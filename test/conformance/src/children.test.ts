// Child workflows, continue-as-new, workflow retry, cron and external signals/cancels on our server — run by the
// official worker and by ours, every history replayed by both replayers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection, WorkflowFailedError } from '@durable/client';
import { Worker as OfficialWorker } from '@temporalio/worker';
import { Worker } from '@durable/worker';
import { Long, temporal } from '@durable/proto';
import { startEnv, uniqueId, workflowsPath, type Env } from './harness.js';
import * as activities from './durable-activities.js';

const ET = temporal.api.enums.v1.EventType;

for (const kind of ['official', 'durable'] as const) {
  describe(`children, continue-as-new, retry, cron, external (${kind} worker)`, () => {
    let env: Env;
    let connection: Connection;
    let client: Client;
    let ours: Worker | undefined;
    let oursRunning: Promise<void> | undefined;
    const taskQueue = `relations-${kind}`;
    const ids: string[] = [];

    before(async () => {
      // The official worker runs only on its own queue; ours on another, against the same server.
      env = await startEnv({}, kind === 'official' ? taskQueue : `${taskQueue}-unused`);
      connection = await Connection.connect({ address: env.server.address });
      client = new Client({ connection });
      if (kind === 'durable') {
        ours = await Worker.create({ connection, taskQueue, workflowsPath, activities });
        oursRunning = ours.run();
      }
    });
    after(async () => {
      ours?.shutdown();
      await oursRunning;
      await connection?.close();
      await env?.stop();
    });

    const start = async (type: string, args: unknown[] = [], extra: object = {}) => {
      const h = await client.workflow.start(type, { taskQueue, workflowId: uniqueId(type), args, ...extra });
      ids.push(h.workflowId);
      return h;
    };
    const describeStatus = async (id: string) => (await client.workflow.getHandle(id).describe()).status.name;
    async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const v = await fn();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    test('a parent runs two children; a child records its parent', async () => {
      const h = await start('parentOfTwo');
      const [a, b] = (await h.result()) as string[];
      assert.equal(a, `child greets a from ${h.workflowId}`);
      assert.equal(b, `child greets b from ${h.workflowId}`);
      const events = (await h.fetchHistory()).events ?? [];
      const started = events.filter((e) => e.eventType === ET.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
      assert.equal(started.length, 2);
      const childId = started[0]!.childWorkflowExecutionStartedEventAttributes!.workflowExecution!.workflowId!;
      const child = await client.workflow.getHandle(childId).describe();
      assert.equal(child.parentExecution?.workflowId, h.workflowId);
      ids.push(childId);
    });

    test('a failing child reaches the parent as ChildWorkflowFailure with its cause', async () => {
      const h = await start('parentSeesChildFailure');
      assert.equal(await h.result(), 'ChildError: child broke');
    });

    test('parent close policies: TERMINATE, REQUEST_CANCEL and ABANDON', async () => {
      const outcome: Record<string, string> = {};
      for (const policy of ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON']) {
        const childId = uniqueId(`child-${policy}`);
        const h = await start('parentWithPolicy', [policy, childId]);
        assert.equal(await h.result(), 'parent done');
        outcome[policy] = await until(`child of ${policy} to settle`, async () => {
          const s = await describeStatus(childId);
          return policy === 'ABANDON' || s !== 'RUNNING' ? s : undefined;
        });
        if (policy === 'ABANDON') await client.workflow.getHandle(childId).terminate('test over');
        else ids.push(childId);
      }
      assert.deepEqual(outcome, { TERMINATE: 'TERMINATED', REQUEST_CANCEL: 'CANCELLED', ABANDON: 'RUNNING' });
    });

    test('a child id already in use fails the second start with WorkflowExecutionAlreadyStartedError', async () => {
      const childId = uniqueId('dup-child');
      const h = await start('childIdConflict', [childId]);
      assert.equal(await h.result(), `conflict on ${childId}`);
    });

    test('continue-as-new three times: result() follows the chain to the last run', async () => {
      const h = await start('continuesAsNew', [0]);
      assert.equal(await h.result(), 'run 3, continued from another run');
      const d = await h.describe();
      assert.notEqual(d.runId, h.firstExecutionRunId);
      const runs = [];
      for await (const info of client.workflow.list({ query: `WorkflowId = '${h.workflowId}'` })) runs.push(info.status.name);
      assert.deepEqual(runs.sort(), ['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);
    });

    test('a workflow retry policy runs failed attempts again; result() follows to the successful one', async () => {
      const h = await start('failsTwice', [], { retry: { initialInterval: '100ms', maximumAttempts: 5 } });
      assert.equal(await h.result(), 3);
      const noRetry = await start('failsTwice', [], { retry: { initialInterval: '100ms', maximumAttempts: 2 } });
      const err = await noRetry.result().then(() => assert.fail('expected failure'), (e: unknown) => e);
      assert.ok(err instanceof WorkflowFailedError);
      assert.equal(err.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
    });

    test('a cron workflow runs on its schedule, each run after the previous result', async () => {
      const h = await start('cronTick', [], { cronSchedule: '@every 1s' });
      const second = await until('two cron runs', async () => {
        const runs = [];
        for await (const info of client.workflow.list({ query: `WorkflowId = '${h.workflowId}'` })) runs.push(info);
        return runs.filter((r) => r.status.name === 'COMPLETED').length >= 2 ? runs : undefined;
      });
      assert.ok(second.length >= 2);
      const latestCompleted = second.filter((r) => r.status.name === 'COMPLETED').sort((x, y) => x.startTime.getTime() - y.startTime.getTime())[1]!;
      const events = (await client.workflow.getHandle(h.workflowId, latestCompleted.runId).fetchHistory()).events ?? [];
      const startedAttrs = events[0]!.workflowExecutionStartedEventAttributes!;
      assert.equal(startedAttrs.initiator, temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
      await client.workflow.getHandle(h.workflowId).terminate('cron test over');
    });

    test('signalling and cancelling external workflows; a missing target fails the signal', async () => {
      const target = await start('approval');
      const sender = await start('signalsExternal', [target.workflowId]);
      assert.match(String(await sender.result()), /^sent; missing target: /);
      assert.equal(await target.result(), 'approved by a workflow');
      const victim = await start('waitForever');
      const canceller = await start('cancelsExternal', [victim.workflowId]);
      assert.equal(await canceller.result(), 'cancel requested');
      await assert.rejects(victim.result(), WorkflowFailedError);
      assert.equal(await describeStatus(victim.workflowId), 'CANCELLED');
    });

    test('reset to the first workflow task: a new run replays from there, later signals reapplied, the old run terminated', async () => {
      const h = await start('approval');
      await h.signal('approve', 'first try');
      assert.equal(await h.result(), 'approved by first try');
      const events = (await h.fetchHistory()).events ?? [];
      const firstCompleted = events.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)!;
      const { runId } = await connection.workflowService.resetWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: h.workflowId, runId: h.firstExecutionRunId },
        workflowTaskFinishEventId: firstCompleted.eventId,
        reason: 'replay the approval',
        requestId: uniqueId('reset'),
      });
      assert.ok(runId && runId !== h.firstExecutionRunId);
      const reset = client.workflow.getHandle(h.workflowId, runId);
      assert.equal(await reset.result(), 'approved by first try', 'the signal after the reset point was reapplied');
      const newEvents = (await reset.fetchHistory()).events ?? [];
      const failed = newEvents.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      assert.equal(failed?.workflowTaskFailedEventAttributes?.cause, temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
      await assert.rejects(
        connection.workflowService.resetWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: h.workflowId }, workflowTaskFinishEventId: Long.fromNumber(1) }),
        /must point to a WorkflowTaskCompleted/,
      );
      await OfficialWorker.runReplayHistory({ workflowsPath }, await reset.fetchHistory(), h.workflowId);
      await Worker.runReplayHistory({ workflowsPath }, await reset.fetchHistory(), h.workflowId);
    });

    test('every history replays in the official replayer and in ours', async () => {
      for (const workflowId of ids) {
        const h = client.workflow.getHandle(workflowId);
        const d = await h.describe();
        if (d.status.name === 'RUNNING') continue;
        const history = await h.fetchHistory();
        await OfficialWorker.runReplayHistory({ workflowsPath }, history, workflowId);
        await Worker.runReplayHistory({ workflowsPath }, history, workflowId);
      }
    });
  });
}
