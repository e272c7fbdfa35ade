import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DevServer } from '../dev-server.js';

test('uiPort serves the web UI and the HTTP API on one origin, and stop() closes it', async () => {
  const server = await DevServer.start({ port: 0, uiPort: 0 });
  const base = `http://${server.uiAddress}`;
  try {
    assert.ok(server.uiPort && server.uiPort > 0);
    const page = await fetch(`${base}/namespaces/default/workflows/some-id/some-run`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(await page.text(), /<div id="app"><\/div>/);
    const api = await fetch(`${base}/api/v1/namespaces/default`);
    assert.equal(api.status, 200);
    assert.equal(((await api.json()) as { namespaceInfo?: { name?: string } }).namespaceInfo?.name, 'default');
    const missing = await fetch(`${base}/api/v1/namespaces/nowhere`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/json');
  } finally {
    await server.stop();
  }
  await assert.rejects(fetch(`${base}/`));
});

test('without uiPort there is no UI listener', async () => {
  const server = await DevServer.start({ port: 0 });
  try {
    assert.equal(server.uiAddress, undefined);
  } finally {
    await server.stop();
  }
});
