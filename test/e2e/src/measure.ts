// `npm run measure` (in test/e2e): the UI's bundle size, gzipped, and how long headless Chromium takes to show the
// workflow list with 10,000 workflows in the database. A script, not a timed test: it prints figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client, Connection } from '@durable/client';
import { DevServer } from '@durable/server';
import { UI_ASSETS_DIR } from '@durable/ui';
import { findChromium, launch } from './browser.js';

const WORKFLOWS = Number(process.env.MEASURE_WORKFLOWS ?? 10_000);
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bundleSize(): void {
  const files = ['index.html', ...readdirSync(join(UI_ASSETS_DIR, 'assets')).map((f) => `assets/${f}`)];
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const body = readFileSync(join(UI_ASSETS_DIR, f));
    const zipped = gzipSync(body).length;
    raw += body.length;
    gz += zipped;
    console.log(`  ${f.padEnd(28)} ${(body.length / 1024).toFixed(1).padStart(7)} KB  ${(zipped / 1024).toFixed(1).padStart(6)} KB gzipped`);
  }
  console.log(`  ${'total'.padEnd(28)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped (target <= 150 KB)`);
}

async function fill(client: Client): Promise<void> {
  const types = ['order', 'payment', 'shipment', 'refund'];
  let next = 0;
  // No worker polls this queue: the runs stay open, as many do in a real namespace; starts go 32 at a time.
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < WORKFLOWS) {
        const i = next++;
        await client.workflow.start(types[i % types.length], { taskQueue: 'measure', workflowId: `measure-${i}`, args: [{ i }] });
      }
    }),
  );
}

async function main(): Promise<void> {
  console.log('UI bundle');
  bundleSize();
  const chromium = findChromium();
  if ('missing' in chromium) {
    console.log(`list time: skipped: ${chromium.missing}`);
    return;
  }
  const server = await DevServer.start({ port: 0, uiPort: 0 });
  const connection = await Connection.connect({ address: server.address });
  try {
    const filling = Date.now();
    await fill(new Client({ connection }));
    console.log(`\n${WORKFLOWS.toLocaleString()} workflows started in ${((Date.now() - filling) / 1000).toFixed(1)} s`);
    const ui = `http://${server.uiAddress}`;

    const api: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      const res = await fetch(`${ui}/api/v1/namespaces/default/workflows?pageSize=50`);
      await res.json();
      api.push(performance.now() - t);
    }
    console.log(`HTTP list, first page of 50: p50 ${median(api).toFixed(1)} ms`);

    const session = await launch(chromium.path);
    try {
      for (const cache of ['cold', 'warm'] as const) {
        const times: number[] = [];
        const countTimes: number[] = [];
        const page = await session.browser.newPage();
        for (let i = 0; i < RUNS; i++) {
          // cold: nothing cached (the first visit); warm: the hashed assets come from the browser's cache.
          if (cache === 'cold') await page.context().clearCookies();
          const cdp = await page.context().newCDPSession(page);
          if (cache === 'cold') await cdp.send('Network.clearBrowserCache');
          await cdp.detach();
          await page.goto(`${ui}/namespaces/default/workflows`, { waitUntil: 'commit' });
          // From navigation start until the first page of rows is on screen, and until the status counts are too.
          const shown = await page.waitForFunction(() => (document.querySelectorAll('table[aria-label="Workflows"] tbody tr').length >= 50 ? performance.now() : 0), undefined, {
            polling: 'raf',
            timeout: 30_000,
          });
          const counted = await page.waitForFunction(() => (/\d/.test(document.querySelector('.status-tab .tab-count')?.textContent ?? '') ? performance.now() : 0), undefined, {
            polling: 'raf',
            timeout: 30_000,
          });
          countTimes.push(Number(await counted.jsonValue()));
          times.push(Number(await shown.jsonValue()));
        }
        await page.close();
        console.log(`list shown (${cache} cache), ${WORKFLOWS.toLocaleString()} workflows: median ${median(times).toFixed(0)} ms, runs ${times.map((t) => t.toFixed(0)).join(' ')} (target <= 500 ms)`);
        console.log(`  status counts shown: median ${median(countTimes).toFixed(0)} ms`);
      }
    } finally {
      await session.close();
    }
  } finally {
    await connection.close();
    await server.stop();
  }
}

await main();
