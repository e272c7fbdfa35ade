// Worker, replay, bundler and connection plugins: each applied in order (a worker's own, then its connection's),
// run() wrapped by runWorker with the first plugin outermost, and NativeConnection applying only its own hook.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection } from '@durable/client';
import type { DevServer } from '@durable/server';
import { NativeConnection, Worker, bundleWorkflowCode, type BundleOptions, type NativeConnectionOptions, type WorkerOptions } from './index.js';
import type { ReplayWorkerOptions } from './index.js';
import { fixture, startTestServer, stopTestServer, uid } from './fixtures/test-server.js';
import type { Client } from '@durable/client';

describe('plugins', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  test('a worker applies its plugins, then its connection’s, and runs inside each plugin’s runWorker', async () => {
    const calls: string[] = [];
    const fromConnection = {
      name: 'connection-plugin',
      configureNativeConnection(options: NativeConnectionOptions): NativeConnectionOptions {
        calls.push('configureNativeConnection');
        return { ...options, metadata: { ...options.metadata, 'x-plugin': 'yes' } };
      },
      configureConnection(options: NativeConnectionOptions): NativeConnectionOptions {
        calls.push('configureConnection');
        return options;
      },
      configureWorker(options: WorkerOptions): WorkerOptions {
        calls.push('connection-plugin.configureWorker');
        return options;
      },
      async runWorker(worker: Worker, next: (w: Worker) => Promise<void>): Promise<void> {
        calls.push('connection-plugin.run');
        await next(worker);
      },
    };
    const own = {
      name: 'own-plugin',
      // Asynchronous, as the official worker allows: Worker.create waits for it.
      async configureWorker(options: WorkerOptions): Promise<WorkerOptions> {
        calls.push('own-plugin.configureWorker');
        return { ...options, activities: { ...options.activities, echo: async (text: string) => `${text} (from the plugin)` } };
      },
      async runWorker(worker: Worker, next: (w: Worker) => Promise<void>): Promise<void> {
        calls.push('own-plugin.run');
        try {
          await next(worker);
        } finally {
          calls.push('own-plugin.after');
        }
      },
    };
    const native = await NativeConnection.connect({ address: server.address, plugins: [fromConnection] });
    try {
      assert.ok(native instanceof NativeConnection && native instanceof Connection);
      assert.deepEqual(native.options.metadata, { 'x-plugin': 'yes' });
      assert.deepEqual(native.plugins, [fromConnection]);
      const taskQueue = uid('plugins');
      const worker = await Worker.create({ connection: native, taskQueue, workflowsPath: fixture('workflows.js'), plugins: [own] });
      await worker.runUntil(async () => assert.equal(await client.workflow.execute('traced', { taskQueue, workflowId: uid('traced'), args: ['hi'] }), 'hi (from the plugin)'));
      assert.deepEqual(calls, [
        'configureNativeConnection',
        'own-plugin.configureWorker',
        'connection-plugin.configureWorker',
        'own-plugin.run',
        'connection-plugin.run',
        'own-plugin.after',
      ]);
    } finally {
      await native.close();
    }
    // A plain Connection applies configureConnection, not the native hook.
    calls.length = 0;
    const plain = Connection.lazy({ address: server.address, plugins: [fromConnection] });
    assert.deepEqual(calls, ['configureConnection']);
    assert.equal(plain.options.metadata, undefined);
    await plain.close();
  });

  test('replays apply configureReplayWorker; bundling applies configureBundler', async () => {
    const taskQueue = uid('plugins-replay');
    const worker = await Worker.create({ connection, taskQueue, workflowsPath: fixture('workflows.js'), activities: { echo: async (t: string) => t } });
    const handle = await client.workflow.start('traced', { taskQueue, workflowId: uid('traced'), args: ['again'] });
    await worker.runUntil(handle.result());
    const history = await handle.fetchHistory();

    const seen: string[] = [];
    const plugin = {
      name: 'replay-plugin',
      configureReplayWorker(options: ReplayWorkerOptions): ReplayWorkerOptions {
        seen.push('configureReplayWorker');
        return { ...options, workflowsPath: fixture('workflows.js') };
      },
      configureBundler(options: BundleOptions): BundleOptions {
        seen.push(`configureBundler ${options.workflowsPath === fixture('workflows.js')}`);
        return options;
      },
    };
    // The plugin supplies the workflows; the replay is given none itself.
    await Worker.runReplayHistory({ plugins: [plugin] }, history);
    assert.deepEqual(seen, ['configureReplayWorker', 'configureBundler true']);

    seen.length = 0;
    const bundle = await bundleWorkflowCode({ workflowsPath: fixture('workflows.js'), plugins: [plugin], cache: false });
    assert.ok(bundle.code.length > 0);
    assert.deepEqual(seen, ['configureBundler true']);
  });
});
