// `metricsPort`: what Prometheus reads from the dev server after workflows were driven by hand over gRPC and the
// HTTP API, read with a real text-format parser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawServiceClient, temporal, type RawCall as Call, type RawMessage as Message } from '@durable/proto';
import { DevServer } from '../index.js';
import { Scrape } from '../fixtures/prometheus.js';

const C = temporal.api.enums.v1.CommandType;
const ns = 'default';

describe('the dev server metrics endpoint', () => {
  let server: DevServer;
  let call: Call;
  let close: () => void;
  let scrape: Scrape;

  const start = (workflowId: string, type: string, taskQueue: string) =>
    call('StartWorkflowExecution', { namespace: ns, workflowId, workflowType: { name: type }, taskQueue: { name: taskQueue }, requestId: workflowId });
  const poll = (taskQueue: string): Promise<Message> => call('PollWorkflowTaskQueue', { namespace: ns, taskQueue: { name: taskQueue }, identity: 'test' });
  const complete = (task: Message, commands: object[]) => call('RespondWorkflowTaskCompleted', { namespace: ns, taskToken: task.taskToken, commands, identity: 'test' });

  before(async () => {
    server = await DevServer.start({ port: 0, httpPort: 0, metricsPort: 0 });
    ({ call, close } = rawServiceClient(server.address));

    await start('done', 'Order', 'q');
    await complete(await poll('q'), [{ commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }]);
    await start('broken', 'Order', 'q');
    await complete(await poll('q'), [
      { commandType: C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, failWorkflowExecutionCommandAttributes: { failure: { message: 'no stock' } } },
    ]);
    // A durable timer fires; the task it schedules is taken and ends the run.
    await start('sleeper', 'Reminder', 'q');
    await complete(await poll('q'), [
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: '1', startToFireTimeout: { nanos: 1_000_000 } } },
    ]);
    await complete(await poll('q'), [{ commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }]);
    // Left in its queue: the backlog.
    await start('waiting', 'Order', 'backlogged');
    await assert.rejects(call('DescribeWorkflowExecution', { namespace: ns, execution: { workflowId: 'nobody' } }));
    const listed = await fetch(`http://${server.httpAddress}/api/v1/namespaces/${ns}/workflows`);
    assert.equal(listed.status, 200);
    await call('CreateSchedule', {
      namespace: ns,
      scheduleId: 'hourly',
      schedule: {
        spec: { interval: [{ interval: { seconds: 3600 } }] },
        action: { startWorkflow: { workflowId: 'report', workflowType: { name: 'Report' }, taskQueue: { name: 'reports' } } },
      },
      initialPatch: { triggerImmediately: {} },
      requestId: 'hourly',
    });
    scrape = await Scrape.from(`http://${server.metricsAddress}/metrics`);
  });
  after(async () => {
    close();
    await server.stop();
  });

  test('counts and times each RPC by transport, method and status code', () => {
    const grpc = { transport: 'grpc' };
    assert.equal(scrape.value('durable_rpc_requests_total', { ...grpc, operation: 'StartWorkflowExecution', status_code: 'OK' }), 4);
    assert.equal(scrape.value('durable_rpc_requests_total', { ...grpc, operation: 'RespondWorkflowTaskCompleted', status_code: 'OK' }), 4);
    assert.equal(scrape.value('durable_rpc_requests_total', { ...grpc, operation: 'DescribeWorkflowExecution', status_code: 'NOT_FOUND' }), 1);
    assert.equal(scrape.value('durable_rpc_requests_total', { transport: 'http', operation: 'ListWorkflowExecutions', status_code: 'OK' }), 1);
    assert.equal(scrape.family('durable_rpc_duration_seconds').type, 'HISTOGRAM');
    assert.equal(scrape.count('durable_rpc_duration_seconds', { ...grpc, operation: 'PollWorkflowTaskQueue', status_code: 'OK' }), 4);
  });

  test('counts workflows started and closed by type and status, and schedule actions', () => {
    assert.equal(scrape.value('durable_workflows_started_total', { namespace: ns, workflow_type: 'Order' }), 3);
    assert.equal(scrape.value('durable_workflows_started_total', { workflow_type: 'Report' }), 1, 'the schedule started its workflow');
    assert.equal(scrape.value('durable_workflows_closed_total', { workflow_type: 'Order', status: 'completed' }), 1);
    assert.equal(scrape.value('durable_workflows_closed_total', { workflow_type: 'Order', status: 'failed' }), 1);
    assert.equal(scrape.value('durable_workflows_closed_total', { workflow_type: 'Reminder', status: 'completed' }), 1);
    assert.equal(scrape.value('durable_schedule_actions_total', { namespace: ns, result: 'started' }), 1);
  });

  test('shows task queue backlogs and dispatch latency, commits and timers', () => {
    assert.equal(scrape.value('durable_task_queue_backlog', { task_queue: 'backlogged', task_type: 'workflow' }), 1);
    assert.equal(scrape.value('durable_task_queue_backlog', { task_queue: 'reports', task_type: 'workflow' }), 1);
    assert.equal(scrape.value('durable_task_queue_backlog', { task_queue: 'q' }), 0, 'every task of q was taken');
    assert.equal(scrape.count('durable_task_dispatch_latency_seconds', { namespace: ns, task_queue: 'q', task_type: 'workflow' }), 4);
    assert.ok(scrape.count('durable_commit_duration_seconds') > 0);
    assert.ok(scrape.count('durable_commit_group_size') > 0);
    assert.equal(scrape.value('durable_timers_fired_total', { kind: 'timer' }), 1);
    assert.equal(scrape.family('durable_timers_due').type, 'GAUGE');
    assert.ok(scrape.families.has('process_cpu_user_seconds_total'), "the process's own figures are there too");
  });

  test('answers 404 beside /metrics', async () => {
    assert.equal((await fetch(`http://${server.metricsAddress}/other`)).status, 404);
  });
});
