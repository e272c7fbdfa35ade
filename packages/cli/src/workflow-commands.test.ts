// Each `durable workflow` verb run as a user runs it (the binary, in a child process) against a test server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DevServer } from '@durable/server';
import { Connection } from '@durable/client';
import { Worker } from '@durable/worker';

const bin = fileURLToPath(new URL('../bin/durable.js', import.meta.url));
const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.js', import.meta.url));

describe('durable workflow <verb>', () => {
  let server: DevServer;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, 'workflow', ...args, '--address', server.address]);
      return { code: 0, stdout };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };

  before(async () => {
    server = await DevServer.start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    worker = await Worker.create({ connection, taskQueue: 'cli', workflowsPath });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
  });

  test('execute prints the result; a failing workflow exits 1 with its failure', async () => {
    const ok = await cli('execute', '--type', 'greet', '--task-queue', 'cli', '--workflow-id', 'cli-greet', '--input', '"ada"');
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /Status\s+COMPLETED/);
    assert.match(ok.stdout, /Result\s+"hello ada"/);
    const bad = await cli('execute', '--type', 'broken', '--task-queue', 'cli', '--workflow-id', 'cli-broken', '-o', 'json');
    assert.equal(bad.code, 1);
    assert.deepEqual(JSON.parse(bad.stdout).failure, 'out of stock');
  });

  test('start, signal, query, update execute, describe, show, then cancel and terminate', async () => {
    const started = await cli('start', '--type', 'counter', '-t', 'cli', '-w', 'cli-counter', '-o', 'json');
    assert.equal(started.code, 0, started.stdout);
    assert.equal(JSON.parse(started.stdout).workflowId, 'cli-counter');
    assert.equal((await cli('signal', '-w', 'cli-counter', '--name', 'add', '--input', '5')).stdout.trim(), 'Signal workflow succeeded');
    assert.match((await cli('query', '-w', 'cli-counter', '--name', 'value')).stdout, /Query result:\s+5/);
    assert.match((await cli('update', 'execute', '-w', 'cli-counter', '--name', 'addAndGet', '--input', '2')).stdout, /Update result:\s+7/);
    const described = JSON.parse((await cli('describe', '-w', 'cli-counter', '-o', 'json')).stdout);
    assert.equal(described.status, 'RUNNING');
    assert.equal(described.type, 'counter');
    const shown = (await cli('show', '-w', 'cli-counter')).stdout;
    assert.match(shown, /^\s+1\s+\S+\s+WorkflowExecutionStarted\s+type=counter/m);
    assert.match(shown, /WorkflowExecutionSignaled\s+signal=add/);
    assert.match(shown, /WorkflowExecutionUpdateAccepted/);
    assert.equal((await cli('cancel', '-w', 'cli-counter')).stdout.trim(), 'Cancellation requested');
    await cli('show', '-w', 'cli-counter', '--follow');
    assert.equal(JSON.parse((await cli('describe', '-w', 'cli-counter', '-o', 'json')).stdout).status, 'CANCELLED');
    await cli('start', '--type', 'counter', '-t', 'cli', '-w', 'cli-terminated');
    assert.equal((await cli('terminate', '-w', 'cli-terminated', '--reason', 'enough')).stdout.trim(), 'Workflow terminated');
    assert.match((await cli('show', '-w', 'cli-terminated')).stdout, /WorkflowExecutionTerminated\s+reason="enough"/);
  });

  test('show --follow streams events until the run closes', async () => {
    await cli('start', '--type', 'counter', '-t', 'cli', '-w', 'cli-follow');
    const follow = cli('show', '-w', 'cli-follow', '--follow');
    await cli('signal', '-w', 'cli-follow', '--name', 'finish');
    const out = (await follow).stdout;
    assert.match(out, /WorkflowExecutionCompleted\s+result=0/);
  });

  test('list with a query and count grouped by status; bad input is a usage error', async () => {
    const list = JSON.parse((await cli('list', '--query', `WorkflowType = 'greet'`, '-o', 'json')).stdout) as { workflowId: string; status: string }[];
    assert.deepEqual(list.map((w) => [w.workflowId, w.status]), [['cli-greet', 'COMPLETED']]);
    assert.match((await cli('list', '--limit', '1')).stdout, /^Status\s+WorkflowId\s+Type\s+StartTime\n\S+/);
    const count = await cli('count', '--query', 'GROUP BY ExecutionStatus');
    const total = Number(/^Total: (\d+)/.exec(count.stdout)?.[1]);
    const groups = [...count.stdout.matchAll(/\["(\w+)"\]: (\d+)/g)].map((m) => [m[1], Number(m[2])] as const);
    assert.ok(groups.some(([status]) => status === 'Completed'));
    assert.equal(groups.reduce((sum, [, n]) => sum + n, 0), total);
    const bad = await cli('signal', '-w', 'x', '--name', 'add', '--input', 'not json');
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /--input must be JSON/);
    const missing = await cli('describe', '-w', 'no-such-workflow');
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /not found/i);
  });
});
