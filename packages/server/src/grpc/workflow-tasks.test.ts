import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DevServer } from '../index.js';
import { rawServiceClient, temporal, type RawCall as Call, type RawMessage as Message } from '@durable/proto';

const E = temporal.api.enums.v1.EventType;
const C = temporal.api.enums.v1.CommandType;
const ns = 'default';

describe('workflow and activity tasks, driven by hand over gRPC', () => {
  let server: DevServer;
  let call: Call;
  let close: () => void;
  let n = 0;
  before(async () => {
    server = await DevServer.start({ port: 0 });
    ({ call, close } = rawServiceClient(server.address));
  });
  after(async () => {
    close();
    await server.stop();
  });

  async function start(taskQueue: string): Promise<string> {
    const workflowId = `wf-${++n}`;
    await call('StartWorkflowExecution', {
      namespace: ns,
      workflowId,
      workflowType: { name: 'T' },
      taskQueue: { name: taskQueue },
      requestId: `req-${n}`,
    });
    return workflowId;
  }
  const poll = (taskQueue: string, kind = 1) =>
    call('PollWorkflowTaskQueue', { namespace: ns, taskQueue: { name: taskQueue, kind, normalName: kind === 2 ? 'x' : '' }, identity: 'test' });
  const complete = (task: Message, commands: object[] = [], extra: object = {}) =>
    call('RespondWorkflowTaskCompleted', { namespace: ns, taskToken: task.taskToken, commands, identity: 'test', ...extra });
  const history = async (workflowId: string): Promise<number[]> => {
    const r = await call('GetWorkflowExecutionHistory', { namespace: ns, execution: { workflowId } });
    return (r.history.events as Message[]).map((e) => e.eventType as number);
  };
  const events = async (workflowId: string): Promise<Message[]> =>
    (await call('GetWorkflowExecutionHistory', { namespace: ns, execution: { workflowId } })).history.events;

  test('a signal that arrives while a task is in flight is buffered and flushed after the completion', async () => {
    const id = await start('q-buffer');
    const task = await poll('q-buffer');
    assert.equal(Number(task.startedEventId), 3);
    await call('SignalWorkflowExecution', { namespace: ns, workflowExecution: { workflowId: id }, signalName: 's' });
    assert.deepEqual(await history(id), [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED]);
    await complete(task);
    assert.deepEqual((await history(id)).slice(3), [
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    ]);
    const next = await poll('q-buffer');
    assert.equal(Number(next.previousStartedEventId), 3);
  });

  test('completing the workflow while a signal is buffered fails the task with UNHANDLED_COMMAND', async () => {
    const id = await start('q-unhandled');
    const task = await poll('q-unhandled');
    await call('SignalWorkflowExecution', { namespace: ns, workflowExecution: { workflowId: id }, signalName: 's' });
    // Temporal's exact answer, which SDKs recognize and do not report as an error.
    await assert.rejects(
      complete(task, [{ commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }]),
      (e: { code: number; details: string }) => e.code === 3 && e.details === 'UnhandledCommand',
    );
    const evs = await events(id);
    const failed = evs[3];
    assert.equal(failed.eventType, E.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assert.equal(
      failed.workflowTaskFailedEventAttributes.cause,
      temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
    );
    assert.equal(evs[4].eventType, E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assert.equal(evs[5].eventType, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  });

  test('failed attempts after the first are transient until one succeeds', async () => {
    const id = await start('q-transient');
    const t1 = await poll('q-transient');
    await call('RespondWorkflowTaskFailed', { namespace: ns, taskToken: t1.taskToken, cause: 1, identity: 'test' });
    const t2 = await poll('q-transient');
    assert.equal(t2.attempt, 2);
    const t2events = t2.history.events as Message[];
    assert.deepEqual(t2events.slice(-3).map((e) => e.eventType), [
      E.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    await call('RespondWorkflowTaskFailed', { namespace: ns, taskToken: t2.taskToken, cause: 1, identity: 'test' });
    assert.equal((await history(id)).length, 4, 'a second failure writes nothing');
    const t3 = await poll('q-transient');
    assert.equal(t3.attempt, 3);
    assert.equal(Number(t3.startedEventId), 6);
    await complete(t3);
    const evs = await events(id);
    assert.deepEqual(evs.slice(4).map((e) => e.eventType), [
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    ]);
    assert.equal(evs[4].workflowTaskScheduledEventAttributes.attempt, 3);
  });

  test('an unstarted sticky task falls back to the normal queue with full history', async () => {
    const id = await start('q-sticky');
    const t1 = await poll('q-sticky');
    await complete(t1, [], { stickyAttributes: { workerTaskQueue: { name: 'sticky-1', kind: 2 }, scheduleToStartTimeout: { nanos: 200_000_000 } } });
    await call('SignalWorkflowExecution', { namespace: ns, workflowExecution: { workflowId: id }, signalName: 's' });
    const scheduled = (await events(id))[5];
    assert.equal(scheduled.workflowTaskScheduledEventAttributes.taskQueue.name, 'sticky-1');
    const t2 = await poll('q-sticky');
    const evs = t2.history.events as Message[];
    assert.equal(Number(evs[0].eventId), 1, 'full history');
    assert.equal(evs[6].eventType, E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assert.equal(
      evs[6].workflowTaskTimedOutEventAttributes.timeoutType,
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    assert.equal(t2.workflowExecutionTaskQueue.name, 'q-sticky');
  });

  test('a sticky poll gets the history since the last completed task', async () => {
    const id = await start('q-sticky2');
    const t1 = await poll('q-sticky2');
    await complete(t1, [], { stickyAttributes: { workerTaskQueue: { name: 'sticky-2', kind: 2 }, scheduleToStartTimeout: { seconds: 10 } } });
    await call('SignalWorkflowExecution', { namespace: ns, workflowExecution: { workflowId: id }, signalName: 's' });
    const t2 = await poll('sticky-2', 2);
    assert.deepEqual((t2.history.events as Message[]).map((e) => Number(e.eventId)), [4, 5, 6, 7]);
    assert.equal(Number(t2.previousStartedEventId), 3);
  });

  test('activity retries are the server\'s: no event until the last attempt, then Started and the result', async () => {
    const id = await start('q-act');
    const t1 = await poll('q-act');
    await complete(t1, [
      {
        commandType: C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: '1',
          activityType: { name: 'A' },
          taskQueue: { name: 'q-act' },
          startToCloseTimeout: { seconds: 10 },
          retryPolicy: { initialInterval: { nanos: 100_000_000 }, backoffCoefficient: 1 },
        },
      },
    ]);
    const pollActivity = () => call('PollActivityTaskQueue', { namespace: ns, taskQueue: { name: 'q-act' }, identity: 'act' });
    const a1 = await pollActivity();
    assert.equal(a1.attempt, 1);
    await call('RespondActivityTaskFailed', {
      namespace: ns,
      taskToken: a1.taskToken,
      failure: { message: 'flaky', applicationFailureInfo: { type: 'Flaky' } },
      lastHeartbeatDetails: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('7') }] },
    });
    assert.equal((await history(id)).length, 5, 'a retried failure writes no event');
    const a2 = await pollActivity();
    assert.equal(a2.attempt, 2);
    assert.equal(Buffer.from(a2.heartbeatDetails.payloads[0].data).toString(), '7');
    await call('RespondActivityTaskCompleted', { namespace: ns, taskToken: a2.taskToken, identity: 'act' });
    const evs = await events(id);
    assert.equal(evs[5].eventType, E.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assert.equal(evs[5].activityTaskStartedEventAttributes.attempt, 2);
    assert.equal(evs[5].activityTaskStartedEventAttributes.lastFailure.message, 'flaky');
    assert.equal(evs[6].eventType, E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assert.equal(Number(evs[6].activityTaskCompletedEventAttributes.startedEventId), 6);
    assert.equal(evs[7].eventType, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    await assert.rejects(
      call('RespondActivityTaskCompleted', { namespace: ns, taskToken: a1.taskToken }),
      /Activity task not found/,
    );
  });

  test('a start-to-close timeout on the last attempt records ActivityTaskTimedOut', async () => {
    await start('q-timeout');
    const t1 = await poll('q-timeout');
    await complete(t1, [
      {
        commandType: C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'slow',
          activityType: { name: 'Slow' },
          startToCloseTimeout: { nanos: 200_000_000 },
          retryPolicy: { maximumAttempts: 1 },
        },
      },
    ]);
    await call('PollActivityTaskQueue', { namespace: ns, taskQueue: { name: 'q-timeout' }, identity: 'act' });
    const t2 = await poll('q-timeout');
    const evs = t2.history.events as Message[];
    const timedOut = evs.find((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)!;
    assert.ok(timedOut, 'timed out event');
    const attrs = timedOut.activityTaskTimedOutEventAttributes;
    assert.equal(attrs.failure.timeoutFailureInfo.timeoutType, temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
    assert.equal(attrs.retryState, temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assert.equal(evs[Number(attrs.startedEventId) - 1].eventType, E.EVENT_TYPE_ACTIVITY_TASK_STARTED);
  });
  test('a query while a workflow task is pending rides on that task and is answered in its completion', async () => {
    const id = await start('q-query');
    const answer = call('QueryWorkflow', { namespace: ns, execution: { workflowId: id }, query: { queryType: 'state' } });
    const task = await poll('q-query');
    const queries = task.queries as Record<string, Message>;
    const [queryId] = Object.keys(queries);
    assert.equal(queries[queryId].queryType, 'state');
    const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"busy"') };
    await complete(task, [], { queryResults: { [queryId]: { resultType: 1, answer: { payloads: [payload] } } } });
    const r = await answer;
    assert.equal(Buffer.from(r.queryResult.payloads[0].data).toString(), '"busy"');
  });

  test('a query to an idle workflow is a query task; a failed answer is INVALID_ARGUMENT with the message', async () => {
    const id = await start('q-legacy');
    await complete(await poll('q-legacy'));
    const answer = call('QueryWorkflow', { namespace: ns, execution: { workflowId: id }, query: { queryType: 'nope' } }).then(
      () => assert.fail('expected the query to fail'),
      (err: { code: number; details: string }) => err,
    );
    const task = await poll('q-legacy');
    assert.equal(task.query.queryType, 'nope');
    assert.equal(Number(task.history.events[0].eventId), 1, 'a query task carries the full history');
    await call('RespondQueryTaskCompleted', { namespace: ns, taskToken: task.taskToken, completedType: 2, errorMessage: 'unknown query nope' });
    const err = await answer;
    assert.equal(err.code, 3);
    assert.equal(err.details, 'unknown query nope');
    assert.equal((await history(id)).length, 4, 'a query writes no events');
  });

  test('a run timeout closes the run with WorkflowExecutionTimedOut', async () => {
    const workflowId = `wf-timeout-${++n}`;
    await call('StartWorkflowExecution', {
      namespace: ns,
      workflowId,
      workflowType: { name: 'T' },
      taskQueue: { name: 'q-run-timeout' },
      workflowRunTimeout: { nanos: 200_000_000 },
    });
    const r = await call('GetWorkflowExecutionHistory', { namespace: ns, execution: { workflowId }, waitNewEvent: true, historyEventFilterType: 2 });
    assert.equal(r.history.events[0].eventType, E.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
    const d = await call('DescribeWorkflowExecution', { namespace: ns, execution: { workflowId } });
    assert.equal(d.workflowExecutionInfo.status, temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);
  });

  test('activities complete by id, and describe lists them while pending', async () => {
    const id = await start('q-byid');
    await complete(await poll('q-byid'), [
      {
        commandType: C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: { activityId: 'pay', activityType: { name: 'Pay' }, startToCloseTimeout: { seconds: 10 } },
      },
    ]);
    let d = await call('DescribeWorkflowExecution', { namespace: ns, execution: { workflowId: id } });
    assert.equal(d.pendingActivities[0].activityId, 'pay');
    assert.equal(d.pendingActivities[0].state, temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
    await call('PollActivityTaskQueue', { namespace: ns, taskQueue: { name: 'q-byid' }, identity: 'act' });
    d = await call('DescribeWorkflowExecution', { namespace: ns, execution: { workflowId: id } });
    assert.equal(d.pendingActivities[0].state, temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    await call('RespondActivityTaskCompletedById', { namespace: ns, workflowId: id, activityId: 'pay', identity: 'elsewhere' });
    d = await call('DescribeWorkflowExecution', { namespace: ns, execution: { workflowId: id } });
    assert.equal(d.pendingActivities.length, 0);
    assert.deepEqual((await history(id)).slice(-3), [
      E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    ]);
  });

  test('a schedule-to-start timeout is final and writes no Started event', async () => {
    await start('q-s2s');
    await complete(await poll('q-s2s'), [
      {
        commandType: C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'lonely',
          activityType: { name: 'Nobody' },
          taskQueue: { name: 'q-no-workers' },
          scheduleToStartTimeout: { nanos: 150_000_000 },
          startToCloseTimeout: { seconds: 10 },
        },
      },
    ]);
    const t = await poll('q-s2s');
    const evs = t.history.events as Message[];
    const last = evs.filter((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)[0];
    assert.equal(last.activityTaskTimedOutEventAttributes.failure.timeoutFailureInfo.timeoutType, temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    assert.equal(Number(last.activityTaskTimedOutEventAttributes.startedEventId), 0);
    assert.ok(!evs.some((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_STARTED));
  });

  test('eager workflow start: the first task comes back with the start, only to the request that started the run', async () => {
    const workflowId = `eager-${++n}`;
    const startEager = (requestId: string) =>
      call('StartWorkflowExecution', {
        namespace: ns,
        workflowId,
        workflowType: { name: 'T' },
        taskQueue: { name: 'q-eager' },
        requestId,
        identity: 'eager-worker',
        requestEagerExecution: true,
        workflowIdConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
      });
    const started = await startEager(`req-${n}`);
    const task = started.eagerWorkflowTask;
    assert.equal(Number(task.startedEventId), 3);
    assert.equal(task.workflowExecution.runId, started.runId);
    // The history travels nested in the start response, decoded: the worker replays it as it would a polled one.
    assert.deepEqual(
      (task.history.events as Message[]).map((e) => e.eventType),
      [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED],
    );
    assert.equal(task.history.events[2].workflowTaskStartedEventAttributes.identity, 'eager-worker');
    // A start that finds the run already there gets no task of it.
    const existing = await startEager(`req-${n}-again`);
    assert.equal(existing.started, false);
    assert.equal(existing.eagerWorkflowTask ?? null, null);
    await complete(task, [{ commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }]);
    assert.deepEqual((await history(workflowId)).slice(2), [
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
  });
});
