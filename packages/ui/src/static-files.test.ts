import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createUiHandler, UI_ASSETS_DIR } from './index.js';

const big = `console.log(${JSON.stringify('x'.repeat(5000))});`;

function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'durable-ui-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(root, 'assets', 'app-ABC123.js'), big);
  writeFileSync(join(root, 'assets', 'app-DEF456.css'), 'body{}');
  return root;
}

async function withServer(root: string, fn: (base: string) => Promise<void>): Promise<void> {
  const handler = createUiHandler({ root });
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  try {
    await fn(`http://127.0.0.1:${address.port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('index.html is revalidated on every load; hashed assets are cached for good', async () => {
  await withServer(fixture(), async (base) => {
    const index = await fetch(`${base}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.match(await index.text(), /id="app"/);
    const css = await fetch(`${base}/assets/app-DEF456.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });
});

test('every view URL reloads into the app; a missing asset is a 404', async () => {
  await withServer(fixture(), async (base) => {
    for (const path of ['/namespaces/default/workflows', '/namespaces/default/workflows/order%2F1.json/abc/history', '/namespaces/x/schedules/nightly.v2', '/namespaces']) {
      const res = await fetch(base + path);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /id="app"/, path);
    }
    for (const path of ['/assets/app-OLD.js', '/favicon.ico', '/api/v1/namespaces']) {
      assert.equal((await fetch(base + path)).status, 404, path);
    }
  });
});

test('text assets are sent gzipped to browsers that accept it, with an ETag that answers 304', async () => {
  await withServer(fixture(), async (base) => {
    const url = `${base}/assets/app-ABC123.js`;
    const raw = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(await raw.text(), big);
    const etag = raw.headers.get('etag') ?? '';
    assert.ok(etag);
    // fetch() would undo the gzip itself; a plain GET shows what went over the wire.
    const zipped = await new Promise<Buffer>((resolve, reject) => {
      get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        assert.equal(res.headers['content-encoding'], 'gzip');
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject);
    });
    assert.ok(zipped.length < big.length);
    assert.equal(gunzipSync(zipped).toString(), big);
    assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  });
});

test('the built UI is where UI_ASSETS_DIR says: index.html naming one script and one stylesheet', async () => {
  await withServer(UI_ASSETS_DIR, async (base) => {
    const html = await (await fetch(`${base}/namespaces/default/workflows`)).text();
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/app-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    assert.ok(script && style, html);
    assert.equal((await fetch(base + script)).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(base + style)).status, 200);
  });
});
