import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { DevServer } from '@durable/server';
import { rawServiceClient, type RawCall as Call } from '@durable/proto';

const tq = { name: 'bad-input', kind: 1 };

async function expectStatus(p: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: { code: number; details: string }) => {
    assert.equal(status[err.code], status[code], `got ${status[err.code]}: ${err.details}`);
    assert.match(err.details, message);
    return true;
  });
}

describe('bad input gets the status Temporal gives and a message that says what was wrong', () => {
  let server: DevServer;
  let call: Call;
  let close: () => void;
  before(async () => {
    server = await DevServer.start({ port: 0 });
    ({ call, close } = rawServiceClient(server.address));
  });
  after(async () => {
    close();
    await server.stop();
  });

  const start = (overrides: object) =>
    call('StartWorkflowExecution', {
      namespace: 'default',
      workflowId: 'wf',
      workflowType: { name: 'T' },
      taskQueue: tq,
      requestId: Math.random().toString(36),
      ...overrides,
    });

  test('missing workflow id, type and task queue', async () => {
    await expectStatus(start({ workflowId: '' }), status.INVALID_ARGUMENT, /WorkflowId is not set/);
    await expectStatus(start({ workflowType: { name: '' } }), status.INVALID_ARGUMENT, /WorkflowType is not set/);
    await expectStatus(start({ taskQueue: { name: '' } }), status.INVALID_ARGUMENT, /TaskQueue is not set/);
  });

  test('unknown and missing namespace', async () => {
    await expectStatus(start({ namespace: 'nope' }), status.NOT_FOUND, /Namespace nope is not found/);
    await expectStatus(start({ namespace: '' }), status.INVALID_ARGUMENT, /Namespace not set/);
  });

  test('a payload over 2 MiB', async () => {
    const big = { payloads: [{ metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.alloc(2 * 1024 * 1024 + 1) }] };
    await expectStatus(start({ workflowId: 'big', input: big }), status.INVALID_ARGUMENT, /size exceeds limit/);
    const list = await call('CountWorkflowExecutions', { namespace: 'default', query: "WorkflowId = 'big'" });
    assert.equal(Number(list.count), 0, 'nothing was written');
  });

  test('a malformed task token and one of a finished attempt', async () => {
    await expectStatus(
      call('RespondActivityTaskCompleted', { namespace: 'default', taskToken: Buffer.from('garbage') }),
      status.INVALID_ARGUMENT,
      /task token/i,
    );
    await expectStatus(
      call('RespondWorkflowTaskCompleted', { namespace: 'default', taskToken: Buffer.alloc(0) }),
      status.INVALID_ARGUMENT,
      /Task token not set/,
    );
    await start({ workflowId: 'token-test' });
    const task = await call('PollWorkflowTaskQueue', { namespace: 'default', taskQueue: tq, identity: 't' });
    assert.ok((task.taskToken as Buffer).length > 0);
    await call('RespondWorkflowTaskCompleted', { namespace: 'default', taskToken: task.taskToken, commands: [] });
    await expectStatus(
      call('RespondWorkflowTaskCompleted', { namespace: 'default', taskToken: task.taskToken, commands: [] }),
      status.NOT_FOUND,
      /Workflow task not found/,
    );
  });

  test('an invalid list query', async () => {
    await expectStatus(
      call('ListWorkflowExecutions', { namespace: 'default', query: 'NoSuchAttribute = 1' }),
      status.INVALID_ARGUMENT,
      /NoSuchAttribute/,
    );
    await expectStatus(
      call('ListWorkflowExecutions', { namespace: 'default', query: "WorkflowId = 'a' AND" }),
      status.INVALID_ARGUMENT,
      /./,
    );
  });

  test('signal and describe of a workflow that does not exist', async () => {
    await expectStatus(
      call('SignalWorkflowExecution', { namespace: 'default', workflowExecution: { workflowId: 'ghost' }, signalName: 's' }),
      status.NOT_FOUND,
      /ghost/,
    );
    await expectStatus(
      call('DescribeWorkflowExecution', { namespace: 'default', execution: { workflowId: 'ghost' } }),
      status.NOT_FOUND,
      /ghost/,
    );
  });

  test('the server still works after all of that', async () => {
    const r = await start({ workflowId: 'still-fine' });
    assert.equal(r.started, true);
    const d = await call('DescribeWorkflowExecution', { namespace: 'default', execution: { workflowId: 'still-fine' } });
    assert.ok(d.workflowExecutionInfo);
  });
});
