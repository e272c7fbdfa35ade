// User metadata with the official 1.24 client and worker: a start's static summary and details, an activity's and a
// timer's summary, a child's static summary and details, schedule actions, signal-with-start and standalone
// activities. Stored on the events (user metadata), returned by describe, and current details answered by the
// worker's metadata query; the history replays.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import { startEnv, uniqueId, until, workflowsPath, type Env } from './harness.js';

const ET = temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;

const decoded = (p: temporal.api.common.v1.IPayload | null | undefined): unknown =>
  p ? defaultPayloadConverter.fromPayload(p as Parameters<typeof defaultPayloadConverter.fromPayload>[0]) : undefined;

describe('user metadata on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({}, 'user-metadata');
  });
  after(async () => {
    await env?.stop();
  });

  test('summaries and details from the client and from workflow code are on the events and in describe; the history replays', async () => {
    const workflowId = uniqueId('summarized');
    const handle = await env.client.workflow.start('summarized', {
      workflowId,
      taskQueue: env.taskQueue,
      args: ['ada'],
      staticSummary: 'greets Ada',
      staticDetails: 'a **markdown** description',
    });
    assert.equal(await handle.result(), 'hello ada and child');

    const description = await handle.describe();
    assert.equal(await description.staticSummary(), 'greets Ada');
    assert.equal(await description.staticDetails(), 'a **markdown** description');

    const events: Event[] = (await handle.fetchHistory()).events ?? [];
    const summaryOf = (type: number) => decoded(events.find((e) => e.eventType === type)?.userMetadata?.summary);
    assert.equal(summaryOf(ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED), 'greets Ada');
    assert.equal(summaryOf(ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED), 'greet the user');
    assert.equal(summaryOf(ET.EVENT_TYPE_TIMER_STARTED), 'a short nap');
    assert.equal(summaryOf(ET.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED), 'the child');
    assert.equal(summaryOf(ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED), undefined, 'only the events of commands with a summary carry one');

    const child = await env.client.workflow.getHandle(`${workflowId}-child`).describe();
    assert.equal(await child.staticSummary(), 'the child');
    assert.equal(await child.staticDetails(), 'started by **summarized**');

    // The worker answers the metadata query with the current details the workflow set.
    const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    assert.equal(metadata.currentDetails, 'done: hello ada and child');

    await OfficialWorker.runReplayHistory({ workflowsPath }, await handle.fetchHistory(), workflowId);
  });

  test('signal-with-start and schedule actions carry their static summary to the runs they start', async () => {
    const signaled = await env.client.workflow.signalWithStart('cart', {
      workflowId: uniqueId('sws'),
      taskQueue: env.taskQueue,
      signal: 'checkout',
      staticSummary: 'checked out at once',
    });
    assert.equal(await (await signaled.describe()).staticSummary(), 'checked out at once');
    assert.equal(await signaled.result(), 0);

    const scheduleId = uniqueId('summarized-schedule');
    const schedule = await env.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'summarizedChild', taskQueue: env.taskQueue, staticSummary: 'hourly', staticDetails: 'from a schedule' },
    });
    const action = (await schedule.describe()).action;
    assert.equal(action.type, 'startWorkflow');
    assert.equal(action.staticSummary, 'hourly');
    assert.equal(action.staticDetails, 'from a schedule');
    await schedule.trigger();
    const workflowId = await until('the triggered run', async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId);
    const run = await env.client.workflow.getHandle(workflowId).describe();
    assert.equal(await run.staticSummary(), 'hourly');
    assert.equal(await run.staticDetails(), 'from a schedule');
    await schedule.delete();
  });

  test("a standalone activity's summary is described; one past limit.userMetadataSummarySize is refused", async () => {
    const id = uniqueId('summarized-activity');
    const h = await env.client.activity.start('greet', { id, taskQueue: env.taskQueue, startToCloseTimeout: '10s', args: ['bo'], summary: 'greets Bo' });
    assert.equal(await h.result(), 'hello bo');
    const raw = await env.client.workflowService.describeActivityExecution({ namespace: 'default', activityId: id, runId: h.runId });
    assert.equal(decoded(raw.info?.userMetadata?.summary), 'greets Bo');

    const err = await env.client.activity
      .start('greet', { id: uniqueId('too-long'), taskQueue: env.taskQueue, startToCloseTimeout: '10s', args: ['x'], summary: 'x'.repeat(500) })
      .then(
        () => assert.fail('expected a refusal'),
        (e: unknown) => e as { code?: number; details?: string; cause?: { code?: number; details?: string } },
      );
    const grpc = err.code !== undefined ? err : err.cause!;
    assert.equal(grpc.code, status.INVALID_ARGUMENT);
    assert.match(grpc.details ?? '', /^user_metadata\.summary exceeds size limit\. Length=\d+ Limit=400$/);
  });
});
