// Runs that share a worker's sandbox cannot see each other's globals or module state, cannot change built-ins or the
// workflow API for each other, and cannot reach the worker process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, Connection } from '@durable/client';
import type { DevServer } from '@durable/server';
import { Worker } from './index.js';
import { fixture, startTestServer, stopTestServer, uid } from './fixtures/test-server.js';

const workflowsPath = fixture('workflows-isolation.js');

describe('isolation between the runs of one worker', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  for (const maxCachedWorkflows of [1000, 0]) {
    test(`globalThis and module state are per run (${maxCachedWorkflows ? 'cached runs' : 'every task replays'})`, async () => {
      const taskQueue = uid('globals');
      const worker = await Worker.create({ connection, taskQueue, workflowsPath, maxCachedWorkflows });
      await worker.runUntil(async () => {
        const a = await client.workflow.start('globalsProbe', { taskQueue, workflowId: uid('a'), args: ['A'] });
        const b = await client.workflow.start('globalsProbe', { taskQueue, workflowId: uid('b'), args: ['B'] });
        // Both ran their first task (and wrote) before either is released.
        await Promise.all([a, b].map((h) => h.query('__temporal_workflow_metadata')));
        await a.signal('go');
        await b.signal('go');
        assert.deepEqual(await a.result(), { sawGlobal: null, sawModule: 0, sawAfter: 'A', moduleAfter: 1 });
        assert.deepEqual(await b.result(), { sawGlobal: null, sawModule: 0, sawAfter: 'B', moduleAfter: 1 });
      });
    });
  }

  test('built-ins and the workflow API are frozen for every run; subclasses and instances still assign their own', async () => {
    const taskQueue = uid('builtins');
    const worker = await Worker.create({ connection, taskQueue, workflowsPath });
    await worker.runUntil(async () => {
      assert.deepEqual(await client.workflow.execute('tampersWithBuiltins', { taskQueue, workflowId: uid('tamper') }), [
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      assert.deepEqual(await client.workflow.execute('readsBuiltins', { taskQueue, workflowId: uid('read') }), [
        null,
        null,
        false,
        'ok',
        'function',
        'NamedError',
        'custom',
      ]);
    });
  });

  test('nothing of the worker process is reachable: constructors of globals, payloads and API objects are the sandbox’s', async () => {
    const taskQueue = uid('escape');
    const worker = await Worker.create({ connection, taskQueue, workflowsPath });
    const result = await worker.runUntil(() => client.workflow.execute('escapes', { taskQueue, workflowId: uid('escape'), args: [new Uint8Array([1, 2, 3])] }));
    assert.deepEqual(result, Array(8).fill('undefined'));
  });
});
