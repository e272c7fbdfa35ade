// The workflow API parts Durable added for drop-in parity, run by our worker (and, for comparison, the official
// one) from a workflow file written for @temporalio/workflow; every history our worker writes replays in the
// official replayer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowFailedError, ApplicationFailure } from '@durable/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { DefaultLogger, Worker, type LogEntry } from '@durable/worker';
import { DevServer } from '@durable/server';
import { installQuietRuntime, startEnv, uniqueId, type Env } from './harness.js';
import * as activities from './durable-activities.js';

const workflowsPath = fileURLToPath(new URL('./workflows-parity.js', import.meta.url));

describe('@durable/worker: sinks, Trigger, default handlers, current details, streams (official workflow file)', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let official: Env;
  const taskQueue = 'parity';
  const audits: string[] = [];
  const logs: LogEntry[] = [];
  const finished: string[] = [];

  before(async () => {
    installQuietRuntime();
    server = await DevServer.start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath,
      activities,
      // Every task replays the run from the start: sink calls and log lines must still happen once.
      maxCachedWorkflows: 0,
      logger: new DefaultLogger('INFO', (entry) => void logs.push(entry)),
      sinks: { audit: { record: { fn: (info, event: string, detail: number) => void audits.push(`${info.workflowType}:${event}:${detail}`) } } },
    });
    running = worker.run();
    official = await startEnv({}, 'parity-official', { workflowsPath, sinks: { audit: { record: { fn: () => undefined } } } });
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
    await official?.stop();
  });

  const start = async (type: string, args: unknown[] = []) => {
    const h = await client.workflow.start(type, { taskQueue, workflowId: uniqueId(type), args });
    finished.push(h.workflowId);
    return h;
  };

  test('sink calls and log lines are made once, not again when the run is replayed', async () => {
    const h = await start('sinksAndLogs', [3]);
    assert.equal(await h.result(), 3);
    assert.deepEqual(audits, ['sinksAndLogs:step:1', 'sinksAndLogs:step:2', 'sinksAndLogs:step:3']);
    const steps = logs.filter((l) => l.message === 'step done' && l.meta?.workflowId === h.workflowId);
    assert.deepEqual(
      steps.map((l) => [l.meta?.step, l.meta?.sdkComponent, l.meta?.workflowType]),
      [
        [1, 'workflow', 'sinksAndLogs'],
        [2, 'workflow', 'sinksAndLogs'],
        [3, 'workflow', 'sinksAndLogs'],
      ],
    );
  });

  test('a Trigger resolved from a signal handler', async () => {
    const h = await start('triggered');
    await h.signal('approve', 'ann');
    assert.equal(await h.result(), 'approved by ann');
  });

  test('default signal, query and update handlers; the update handler knows its update; current details', async () => {
    const h = await start('defaults');
    await h.signal('ping', 1, 2);
    assert.equal(await h.query('counter'), 0);
    assert.equal(await h.query('anything', 'x'), 'default query anything(x)');
    assert.equal(await h.executeUpdate('add', { args: [5] }), 5);
    assert.equal(await h.executeUpdate('other', { args: [7], updateId: 'u-1' }), 2);
    const metadata = (await h.query('__temporal_workflow_metadata')) as { currentDetails: string; definition: { queryDefinitions: { name: string; description?: string }[] } };
    assert.equal(metadata.currentDetails, 'waiting for **done**');
    assert.deepEqual(metadata.definition.queryDefinitions, [{ name: 'counter', description: 'the running total' }]);
    await h.signal('done');
    assert.deepEqual(await h.result(), ['signal ping(1,2)', 'update other(7) id=u-1 name=other', 'signal done()', 'total=5', 'details=waiting for **done**']);
  });

  test('an error type declared with setWorkflowOptions fails the workflow instead of its task', async () => {
    const h = await start('failsOnDeclaredError');
    const err = await h.result().then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.message, 'declared failure type');
    assert.equal(err.cause.type, 'NotYetError');
  });

  test('named random streams and AsyncLocalStorage; the stream-drawn activity id replays in the official SDK', async () => {
    const h = await start('streamsAndStorage');
    const r = (await h.result()) as { streamA: number; streamB: number; main: number; carried: string[]; greeting: string };
    assert.deepEqual(r.carried, ['x:x', 'y:y']);
    assert.equal(r.greeting, 'hello streams');
    assert.equal(new Set([r.streamA, r.streamB, r.main]).size, 3);
    // The official worker's history of the same workflow replays in ours.
    const theirs = await official.client.workflow.start('streamsAndStorage', { taskQueue: official.taskQueue, workflowId: uniqueId('official-streams') });
    await theirs.result();
    await Worker.runReplayHistory({ workflowsPath }, await theirs.fetchHistory());
  });

  test('workflowInfo has the official fields', async () => {
    const ours = await (await start('infoShape')).result();
    const theirs = await official.client.workflow.execute('infoShape', { taskQueue: official.taskQueue, workflowId: uniqueId('official-info') });
    assert.deepEqual(ours, theirs);
  });

  test('every history our worker wrote replays in the official replayer', async () => {
    for (const workflowId of finished) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      await OfficialWorker.runReplayHistory({ workflowsPath, sinks: { audit: { record: { fn: () => undefined } } } }, history, workflowId);
    }
  });
});
