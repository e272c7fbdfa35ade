// More of the workflow API on our worker (workflow files written for @temporalio/workflow), each history checked by
// the official replayer: patches, default signal handler, upserts, non-cancellable scopes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection, WorkflowFailedError } from '@durable/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { Worker } from '@durable/worker';
import { DevServer } from '@durable/server';
import { installQuietRuntime, startEnv, uniqueId, workflowsPath } from './harness.js';
import * as activities from './durable-activities.js';

describe('@durable/worker: patches, default signals, upserts, shielded scopes, local activities', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = 'sdk-apis';

  before(async () => {
    installQuietRuntime();
    server = await DevServer.start({ port: 0, searchAttributes: { Region: 'Keyword' } });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    worker = await Worker.create({ connection, taskQueue, workflowsPath, activities });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
  });

  async function replayOfficially(workflowId: string): Promise<void> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    await OfficialWorker.runReplayHistory({ workflowsPath }, history, workflowId);
  }

  test('local activities run inside the workflow task, retry locally and are recorded as markers both SDKs replay', async () => {
    const h = await client.workflow.start('localSteps', { taskQueue, workflowId: uniqueId('local'), args: ['x', uniqueId('la')] });
    assert.equal(await h.result(), 'hello x; succeeded on attempt 2');
    const events = (await h.fetchHistory()).events ?? [];
    assert.equal(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length, 2);
    assert.equal(events.filter((e) => e.activityTaskScheduledEventAttributes).length, 0, 'no activity tasks');
    await replayOfficially(h.workflowId);
    // And the official worker's local-activity history replays in ours.
    const env = await startEnv({}, 'official-local');
    try {
      const official = await env.client.workflow.start('localSteps', { taskQueue: 'official-local', workflowId: uniqueId('olocal'), args: ['y', uniqueId('ola')] });
      await official.result();
      await Worker.runReplayHistory({ workflowsPath }, await env.client.workflow.getHandle(official.workflowId).fetchHistory());
    } finally {
      await env.stop();
    }
  });

  test('patched() takes the new path in a new run and records markers the official replayer accepts', async () => {
    const workflowId = uniqueId('patched');
    assert.equal(await client.workflow.execute('patchedFlow', { taskQueue, workflowId }), 'new path');
    await replayOfficially(workflowId);
  });

  test('signals without a handler of their own reach the default handler in order', async () => {
    const h = await client.workflow.start('defaultSignals', { taskQueue, workflowId: uniqueId('default') });
    await h.signal('first', 1);
    await h.signal('second', 'a', 'b');
    assert.deepEqual(await h.result(), ['first:1', 'second:a,b']);
    await replayOfficially(h.workflowId);
  });

  test('upserted search attributes are found by a list query; the upserted memo shows in describe', async () => {
    const region = uniqueId('region');
    const h = await client.workflow.start('upserts', { taskQueue, workflowId: uniqueId('upserts'), args: [region] });
    assert.deepEqual(await h.result(), { memo: { note: 'updated' }, region: [region] });
    const found = [];
    for await (const info of client.workflow.list({ query: `Region = '${region}'` })) found.push(info.workflowId);
    assert.deepEqual(found, [h.workflowId]);
    assert.deepEqual((await h.describe()).memo, { note: 'updated' });
    await replayOfficially(h.workflowId);
  });

  test('a non-cancellable scope completes its timer when the workflow is cancelled, then cancellation lands', async () => {
    const h = await client.workflow.start('shielded', { taskQueue, workflowId: uniqueId('shielded') });
    await h.cancel();
    const result = await h.result().then(
      (r) => r,
      (e: unknown) => (e instanceof WorkflowFailedError ? 'workflow cancelled' : e),
    );
    assert.equal(result, 'shielded work finished, then cancelled');
    await replayOfficially(h.workflowId);
  });
});
