// A worker program written for @temporalio/{worker,client,activity} (Runtime.install with a custom logger, sinks,
// Trigger, default handlers, current details, asynchronous activity completion) runs on Durable with only its
// imports changed, and every history it wrote replays in the official replayer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { DevServer } from '@durable/server';
import { runWorkerProgram } from './compat/worker-program-durable.js';
import { installQuietRuntime, uniqueId } from './harness.js';

const workflowsPath = fileURLToPath(new URL('./workflows-parity.js', import.meta.url));
const source = (name: string) => readFileSync(new URL(`../src/compat/${name}`, import.meta.url), 'utf8');
const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('//') && !l.startsWith('import ')).join('\n');

describe('a worker program for the official SDK, on Durable', () => {
  let server: DevServer;
  before(async () => {
    installQuietRuntime();
    server = await DevServer.start({ port: 0 });
  });
  after(async () => {
    await server?.stop();
  });

  test('the two programs differ only in the imports', () => {
    assert.equal(body(source('worker-program-durable.ts')), body(source('worker-program-temporal.ts')));
  });

  test('it runs, its logger and sinks get what the official ones would, and its histories replay officially', async () => {
    const prefix = uniqueId('program');
    const { lines, workflowIds } = await runWorkerProgram(server.address, 'worker-program', workflowsPath, prefix);
    assert.deepEqual(lines, [
      'sink sinksAndLogs step 1',
      'sink sinksAndLogs step 2',
      'sinksAndLogs: 2',
      'triggered: approved by bo',
      'default query: default query whatever(1)',
      'default update: 2',
      'current details: waiting for **done**',
      'defaults: signal hello(world) | update anything(x) id=upd-1 name=anything | signal done() | total=0 | details=waiting for **done**',
      'asyncCompletion: booked later | failed: no seats left | cancelled',
      'log INFO 1 workflow',
      'log INFO 2 workflow',
    ]);
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      for (const workflowId of workflowIds) {
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        await OfficialWorker.runReplayHistory({ workflowsPath, sinks: { audit: { record: { fn: () => undefined } } } }, history, workflowId);
      }
    } finally {
      await connection.close();
    }
  });
});
