// The whole stack on Bun, on Deno and on a newer Node LTS, each installed from its npm package: the server's store tests
// on the runtime's SQLite driver, the order demo, and the core scenarios with the server, the worker and the client
// all on that runtime. The database file each runtime wrote then opens on this Node with its driver.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rawServiceClient } from '@durable/proto';
import { DevServer } from '@durable/server';
import { Background, freePort, run } from '@durable/test-support/processes';
import { RUNTIMES } from './runtimes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const serverDist = join(root, 'packages/server/dist');
const storeTests = ['persistence/sqlite-drivers.test.js', 'persistence/store-faults.test.js', 'persistence/disk-faults.test.js', 'runtime/group-commit.test.js'].map((f) => join(serverDist, f));
const durable = join(root, 'packages/cli/bin/durable.js');
const demo = join(root, 'examples/order/dist/demo.js');
const scenarios = fileURLToPath(new URL('./scenarios.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'durable-runtimes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
// Deno colours its output unless told not to; the assertions read it as text. NODE_TEST_CONTEXT would make the
// other Node's test runner think it runs inside this one, and skip its files.
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete env.NODE_TEST_CONTEXT;


for (const runtime of RUNTIMES) {
  describe(runtime.name, { skip: runtime.missing }, () => {
    const bin = runtime.path!;

    test(`the server's store tests pass on ${runtime.driver}`, () => {
      const { output } = run(bin, runtime.tests(storeTests), { cwd: serverDist, env, timeoutMs: 180_000 });
      // Each runner names the suites it ran (and those it skipped): the driver's own ran and passed.
      assert.match(output, new RegExp(`\\(pass\\) ${runtime.driver} >|${runtime.driver} \\.\\.\\. ok|✔ ${runtime.driver} \\(`));
    });

    test('the order demo: the worker killed in the middle of a charge, the order finishes with each step once', () => {
      const { output } = run(bin, runtime.script(demo), { cwd: dirname(demo), env, timeoutMs: 120_000 });
      assert.match(output, /Order finished after [\d.]+ s: \{"orderId"/);
      assert.match(output, /completed steps reserveInventory, chargePayment, sendConfirmation — the inventory was reserved once/);
      assert.doesNotMatch(output, /the worker was not killed/);
    });

    test('retries, a timer, signals, a child and continue-as-new, with server, worker and client on this runtime', async () => {
      const port = await freePort();
      const db = join(scratch, `${runtime.name.replace(/\W/g, '-')}.db`);
      const server = new Background(bin, runtime.script(durable, 'server', 'start-dev', '--port', String(port), '--db-filename', db, '--headless'), { cwd: root, env });
      try {
        await server.waitFor(/ready on/);
        const { output } = run(bin, runtime.script(scenarios, `127.0.0.1:${port}`), { cwd: dirname(scenarios), env, timeoutMs: 120_000 });
        const line = output.split('\n').find((l) => l.startsWith('{"runtime"'));
        assert.ok(line, `the scenarios printed no result:\n${output}`);
        const { results } = JSON.parse(line) as { results: Record<string, unknown> };
        assert.equal(results.retried, 'succeeded on attempt 3');
        assert.ok((results.timer as number) >= 300, `the timer fired after ${results.timer as number} ms`);
        assert.deepEqual(results.signals, ['first', 'second']);
        assert.match(results.parent as string, /^parent got: hello ada-\d+ from the child$/);
        assert.equal(results.counter, 3);
      } finally {
        await server.stop();
      }
      // The same file on this Node and its driver: every run is there, closed as it closed on the other runtime.
      const local = await DevServer.start({ port: 0, dbFilename: db });
      const { call, close } = rawServiceClient(local.address);
      try {
        const count = (query: string) => call('CountWorkflowExecutions', { namespace: 'default', query }).then((r) => Number(r.count));
        // retried, timer, signals, parent, child and the last run of counter; its first two continued as new
        assert.equal(await count(`ExecutionStatus = 'Completed'`), 6);
        assert.equal(await count(`ExecutionStatus = 'ContinuedAsNew'`), 2);
      } finally {
        close();
        await local.stop();
      }
    });
  });
}
