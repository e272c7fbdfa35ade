// The run state machine and its transitions without a database: the ports are played by plain objects in memory,
// and a test commits by running the transaction's effects, as the runtime does after a group commit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { temporal } from '@durable/proto';
import { decodeEvent, duration, EventType, timestamp, type HistoryEvent } from '../model/events.js';
import type { ExecutionRow, NewTask } from '../model/rows.js';
import { TaskKind, TimerKind, WorkflowStatus } from '../model/rows.js';
import type { CloseOutcome, RunState } from '../model/run-state.js';
import { newEffects, type Effects } from '../ports/effects.js';
import type { QueryRegistryPort } from '../ports/run-ports.js';
import { RunContext, type Host, type Tx } from '../run/run-context.js';
import { rebuildState } from '../run/state-events.js';
import { completeActivity, failActivity, isActivityTaskToStart, isCurrentActivityTask, pendingActivityInfo, recordHeartbeat, startActivityTask } from '../run/activities.js';
import { triggerRule } from '../run/workflow-rules.js';
import { pauseActivity, unpauseActivity } from '../run/activity-controls.js';
import { pauseWorkflow, unpauseWorkflow } from './workflow-controls.js';
import { failWorkflowTask, isCurrentWorkflowTask, notifyWorkflow, startWorkflowTask } from '../run/workflow-tasks.js';
import { UpdateRegistry } from '../runtime/update-registry.js';
import { completeWorkflowTask } from './complete-task.js';
import { fireTimer } from './fire-timer.js';
import { startWorkflow, terminate } from './lifecycle.js';
import type { WorkflowTaskToken } from '../model/task-token.js';
import type { Namespaces } from '../infra/namespaces.js';
import type { Store } from '../persistence/store.js';
import { DynamicConfig } from '../model/dynamic-config.js';
import { DispatchOrder } from '../infra/dispatch-order.js';
import { CompiledRule } from '../infra/workflow-rules.js';

const C = temporal.api.enums.v1.CommandType;

interface Task {
  queue: string;
  kind: number;
  runId: string;
  ref: number;
  attempt: number;
}
interface Timer {
  at: number;
  runId: string;
  kind: string;
  ref: number;
  attempt: number;
}

/** The store, runs, registries and clock of one test, all in memory. */
class World {
  now = 1_000_000;
  taskId = 0;
  readonly events = new Map<string, Map<number, Uint8Array>>();
  readonly tasks: Task[] = [];
  readonly timers: Timer[] = [];
  readonly rows = new Map<string, { row: ExecutionRow; state: RunState }>();
  readonly current = new Map<string, string>();
  readonly closed: { runId: string; status: number; outcome: CloseOutcome }[] = [];
  readonly queryCalls: string[] = [];
  readonly updates = new UpdateRegistry();
  /** the namespace's workflow rules in force */
  rules: CompiledRule[] = [];

  readonly store = {
    insertEvent: (runId: string, id: number, data: Uint8Array) => {
      let m = this.events.get(runId);
      if (!m) this.events.set(runId, (m = new Map()));
      if (m.has(id)) throw new Error(`event ${id} of ${runId} written twice`);
      m.set(id, data);
    },
    readEvent: (runId: string, id: number) => {
      const data = this.events.get(runId)?.get(id);
      return data ? Buffer.from(data) : undefined;
    },
    readEvents: (runId: string, from: number, toExclusive: number, limit: number) =>
      [...(this.events.get(runId) ?? new Map<number, Uint8Array>()).entries()]
        .filter(([id]) => id >= from && id < toExclusive)
        .sort(([a], [b]) => a - b)
        .slice(0, limit)
        .map(([event_id, data]) => ({ event_id, data: Buffer.from(data) })),
    insertTask: (t: NewTask) => {
      this.tasks.push({ queue: t.queue, kind: t.kind, runId: t.run_id, ref: t.ref, attempt: t.attempt });
    },
    insertTimer: (at: number, runId: string, kind: string, ref: number, attempt: number) => {
      this.timers.push({ at, runId, kind, ref, attempt });
    },
    deleteTimerAt: (at: number, runId: string, kind: string, ref: number, attempt: number) => {
      const i = this.timers.findIndex((t) => t.at === at && t.runId === runId && t.kind === kind && t.ref === ref && t.attempt === attempt);
      if (i >= 0) this.timers.splice(i, 1);
    },
    deleteRunTimers: (runId: string) => {
      for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]!.runId === runId) this.timers.splice(i, 1);
    },
    getCurrentRunId: (ns: string, workflowId: string) => this.current.get(`${ns}/${workflowId}`),
    setCurrentRunId: (ns: string, workflowId: string, runId: string) => void this.current.set(`${ns}/${workflowId}`, runId),
    insertExecution: (row: ExecutionRow) => void row,
  };

  readonly queries: QueryRegistryPort = {
    waiting: () => ({}),
    attached: (runId) => void this.queryCalls.push(`attached ${runId}`),
    answer: (runId) => void this.queryCalls.push(`answer ${runId}`),
    taskEnded: (runId, legacyQueue) => void this.queryCalls.push(`taskEnded ${runId} ${legacyQueue ?? '-'}`),
    runClosed: (runId) => void this.queryCalls.push(`runClosed ${runId}`),
  };

  readonly host: Host = {
    store: this.store,
    namespaces: { attributeType: () => undefined } as unknown as Namespaces,
    config: new DynamicConfig(),
    dispatchOrder: new DispatchOrder({ minTaskPass: () => undefined, maxKeyPass: () => undefined }),
    deployments: { target: () => null },
    rules: { active: (_ns, now) => this.rules.filter((r) => !r.isExpired(now)) },
    updates: this.updates,
    queries: this.queries,
    nextTaskId: () => ++this.taskId,
    runClosed: (run, status, outcome) => void this.closed.push({ runId: run.runId, status, outcome }),
  };

  /** Runs `fn` in a transaction; its effects run when it returns, as after a commit. */
  transact<T>(fn: (tx: Tx) => T): { result: T; effects: Effects } {
    const effects = newEffects();
    const contexts = new Map<string, RunContext>();
    const tx: Tx = {
      now: this.now,
      effects,
      store: this.store as unknown as Store,
      namespaces: this.host.namespaces,
      run: (runId) => {
        let ctx = contexts.get(runId);
        const loaded = this.rows.get(runId);
        if (!ctx && loaded) contexts.set(runId, (ctx = new RunContext(this.host, loaded.row, loaded.state, this.now, effects, tx)));
        return ctx;
      },
      mustRun: (workflowId, runId) => {
        const ctx = tx.run(runId);
        if (!ctx) throw new Error(`no run ${workflowId}/${runId}`);
        return ctx;
      },
      resolveOptional: (ns, workflowId, runId) => tx.run(runId || this.current.get(`${ns}/${workflowId}`) || ''),
      resolve: (ns, workflowId, runId) => {
        const ctx = tx.resolveOptional(ns, workflowId, runId);
        if (!ctx) throw new Error(`no run of ${workflowId}`);
        return ctx;
      },
      create: (row, state) => {
        this.rows.set(row.run_id, { row, state });
        return tx.run(row.run_id)!;
      },
      remove: (run) => {
        this.rows.delete(run.runId);
        this.events.delete(run.runId);
        contexts.delete(run.runId);
      },
    };
    const result = fn(tx);
    for (const after of effects.after) after();
    return { result, effects };
  }

  history(runId: string): HistoryEvent[] {
    return [...(this.events.get(runId)?.entries() ?? [])].sort(([a], [b]) => a - b).map(([, d]) => decodeEvent(d));
  }
  types(runId: string): string[] {
    return this.history(runId).map((e) => EventType[e.eventType!]!.replace('EVENT_TYPE_', ''));
  }
  state(runId: string): RunState {
    return this.rows.get(runId)!.state;
  }

  start(workflowId = 'wf'): string {
    return this.transact((tx) =>
      startWorkflow(
        tx,
        { namespace: 'default', workflowId, workflowType: { name: 'T' }, taskQueue: { name: 'q' }, requestId: `r-${workflowId}` },
        { defaultConflict: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL },
      ),
    ).result.runId;
  }

  /** Starts the run's pending workflow task and returns the token a worker would answer with. */
  startTask(runId: string): WorkflowTaskToken {
    return this.transact((tx) => {
      const ctx = tx.run(runId)!;
      startWorkflowTask(ctx, 'worker-1', `req-${this.taskId}`);
      const wft = ctx.state.wft!;
      return { k: 'w', ns: 'default', wid: ctx.workflowId, rid: runId, s: wft.scheduledEventId, a: wft.attempt, st: wft.startedEventId } as const;
    }).result;
  }

  complete(runId: string, token: WorkflowTaskToken, commands: temporal.api.command.v1.ICommand[]) {
    const { refused, activityTasks } = this.transact((tx) => completeWorkflowTask(tx.run(runId)!, token, { commands, identity: 'worker-1' })).result;
    assert.equal(refused, undefined, refused?.message);
    return activityTasks;
  }
}

const scheduleActivity = (id: string, extra: object = {}): temporal.api.command.v1.ICommand => ({
  commandType: C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  scheduleActivityTaskCommandAttributes: {
    activityId: id,
    activityType: { name: 'charge' },
    startToCloseTimeout: duration(5000),
    retryPolicy: { initialInterval: duration(1000), maximumAttempts: 3 },
    ...extra,
  },
});

/** A pause rule on activities matching `predicate`; `extra` adds to the rule and its spec. */
function rule(predicate: string, extra: { spec?: temporal.api.rules.v1.IWorkflowRuleSpec; createdByIdentity?: string; description?: string } = {}) {
  const { spec, ...rest } = extra;
  return CompiledRule.compile({
    spec: { id: 'r1', activityStart: { predicate }, actions: [{ activityPause: {} }], ...spec },
    ...rest,
  });
}

describe('run state machine, in memory', () => {
  test('a start writes WorkflowExecutionStarted and WorkflowTaskScheduled and queues one workflow task', () => {
    const w = new World();
    const runId = w.start();
    assert.deepEqual(w.types(runId), ['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED']);
    assert.deepEqual(w.tasks, [{ queue: 'q', kind: TaskKind.workflow, runId, ref: 2, attempt: 1 }]);
    assert.equal(w.state(runId).wft?.scheduledEventId, 2);
  });

  test('a signal while the task is in flight is buffered, then written after WorkflowTaskCompleted with a new task', () => {
    const w = new World();
    const runId = w.start();
    const token = w.startTask(runId);
    w.transact((tx) => notifyWorkflow(tx.run(runId)!, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, { signalName: 'go' }));
    assert.deepEqual(w.types(runId).slice(-1), ['WORKFLOW_TASK_STARTED']);
    assert.equal(w.state(runId).buffered.length, 1);
    w.complete(runId, token, []);
    assert.deepEqual(w.types(runId).slice(3), ['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED']);
    assert.equal(w.state(runId).buffered.length, 0);
  });

  test('a failed task is retried as a transient attempt that writes nothing until it succeeds', () => {
    const w = new World();
    const runId = w.start();
    w.startTask(runId);
    w.transact((tx) => failWorkflowTask(tx.run(runId)!, { cause: 1, identity: 'worker-1' }));
    assert.deepEqual(w.types(runId).slice(3), ['WORKFLOW_TASK_FAILED']);
    const token = w.startTask(runId);
    assert.equal(token.a, 2);
    assert.equal(w.types(runId).length, 4, 'the transient attempt writes no Scheduled/Started events');
    w.complete(runId, token, []);
    assert.deepEqual(w.types(runId).slice(4), ['WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED']);
  });

  test('an activity that fails is retried after its backoff without an event, and its last attempt records both events', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [scheduleActivity('a1')]);
    const scheduledId = 5;
    assert.equal(w.state(runId).activities[scheduledId]?.attempt, 1);
    const run = (f: (tx: Tx) => void) => w.transact(f);
    for (let attempt = 1; attempt <= 3; attempt++) {
      run((tx) => {
        const ctx = tx.run(runId)!;
        startActivityTask(ctx, ctx.state.activities[scheduledId]!, 'worker-1', `a-${attempt}`);
      });
      run((tx) => {
        const ctx = tx.run(runId)!;
        failActivity(ctx, ctx.state.activities[scheduledId]!, { message: `boom ${attempt}`, applicationFailureInfo: {} }, null, 'worker-1');
      });
      if (attempt < 3) {
        const retry = w.timers.filter((t) => t.kind === TimerKind.activityRetry).at(-1)!;
        assert.equal(retry.attempt, attempt + 1);
        assert.equal(retry.at, w.now + 1000 * 2 ** (attempt - 1));
        assert.deepEqual(w.types(runId).slice(-1), ['ACTIVITY_TASK_SCHEDULED'], 'a retried attempt writes nothing');
        run((tx) => fireTimer(tx.run(runId)!, { id: 0, fire_at: retry.at, run_id: runId, kind: retry.kind, ref: retry.ref, attempt: retry.attempt }));
      }
    }
    assert.deepEqual(w.types(runId).slice(-3), ['ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_FAILED', 'WORKFLOW_TASK_SCHEDULED']);
    const failed = w.history(runId).find((e) => e.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!;
    assert.equal(failed.retryState, temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    assert.equal(failed.failure?.message, 'boom 3');
    assert.deepEqual(w.state(runId).activities, {});
  });

  test('a user timer fires into history and wakes the workflow; a stale timer row does nothing', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: duration(60_000) } },
    ]);
    const timer = w.timers.find((t) => t.kind === TimerKind.userTimer)!;
    assert.equal(timer.at, w.now + 60_000);
    const row = { id: 0, fire_at: timer.at, run_id: runId, kind: timer.kind, ref: timer.ref, attempt: 0 };
    w.transact((tx) => fireTimer(tx.run(runId)!, row));
    assert.deepEqual(w.types(runId).slice(-2), ['TIMER_FIRED', 'WORKFLOW_TASK_SCHEDULED']);
    const before = w.types(runId).length;
    w.transact((tx) => fireTimer(tx.run(runId)!, row));
    assert.equal(w.types(runId).length, before);
  });

  test('a run that closes leaves no timer behind: a pending user timer goes with it', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 'week', startToFireTimeout: duration(7 * 86_400_000) } },
    ]);
    assert.ok(w.timers.some((t) => t.runId === runId && t.kind === TimerKind.userTimer));
    w.transact((tx) => terminate(tx.run(runId)!, 'test over', null, 'test'));
    assert.deepEqual(w.timers.filter((t) => t.runId === runId), []);
  });

  test('in-memory registries change only when the transaction commits', () => {
    const w = new World();
    const runId = w.start();
    w.updates.admit(runId, 'u1', { meta: { updateId: 'u1' }, input: { name: 'set' } });
    const { effects } = w.transact((tx) => {
      const ctx = tx.run(runId)!;
      const response = startWorkflowTask(ctx, 'worker-1', 'r');
      assert.equal(response.messages?.length, 1);
      // Still admitted inside the transaction: a failed commit would leave it to go out with the next task.
      assert.equal(w.updates.get(runId, 'u1')?.phase, 'admitted');
      return response;
    });
    assert.equal(effects.after.length, 1);
    assert.equal(w.updates.get(runId, 'u1')?.phase, 'sent');
    assert.deepEqual(w.queryCalls, [`attached ${runId}`]);
  });

  test("a start's and each command's user metadata land on the events they produce; a child's becomes its own", () => {
    const w = new World();
    const meta = (text: string) => ({ summary: { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(text)) } });
    const runId = w.transact((tx) =>
      startWorkflow(
        tx,
        { namespace: 'default', workflowId: 'p', workflowType: { name: 'T' }, taskQueue: { name: 'q' }, requestId: 'r-p', userMetadata: meta('parent') },
        { defaultConflict: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL },
      ),
    ).result.runId;
    w.complete(runId, w.startTask(runId), [
      { ...scheduleActivity('a1'), userMetadata: meta('charge card') },
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: duration(1000) }, userMetadata: meta('wait') },
      {
        commandType: C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
        startChildWorkflowExecutionCommandAttributes: { workflowId: 'kid', workflowType: { name: 'K' } },
        userMetadata: meta('child'),
      },
    ]);
    const summary = (e: HistoryEvent | undefined) => (e?.userMetadata?.summary?.data ? JSON.parse(Buffer.from(e.userMetadata.summary.data).toString()) : undefined);
    const byType = (id: string, type: string) => w.history(id).find((e) => EventType[e.eventType!] === `EVENT_TYPE_${type}`);
    assert.equal(summary(byType(runId, 'WORKFLOW_EXECUTION_STARTED')), 'parent');
    assert.equal(summary(byType(runId, 'ACTIVITY_TASK_SCHEDULED')), 'charge card');
    assert.equal(summary(byType(runId, 'TIMER_STARTED')), 'wait');
    assert.equal(summary(byType(runId, 'START_CHILD_WORKFLOW_EXECUTION_INITIATED')), 'child');
    assert.equal(summary(byType(runId, 'WORKFLOW_TASK_COMPLETED')), undefined);
    assert.equal(summary(byType(w.current.get('default/kid')!, 'WORKFLOW_EXECUTION_STARTED')), 'child');
  });

  test('completing the workflow closes the run and tells the host once', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [
      { commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} },
    ]);
    assert.equal(w.rows.get(runId)!.row.status, WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assert.deepEqual(w.closed.map((c) => [c.runId, c.status, c.outcome.final]), [[runId, WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, true]]);
    // Queries still waiting go out as query tasks on the closed run's queue.
    assert.deepEqual(w.queryCalls.slice(-3), [`runClosed ${runId}`, `answer ${runId}`, `taskEnded ${runId} q`]);
  });

  test('an activity asked for eagerly starts with the completion\'s answer instead of waiting in its queue', () => {
    const w = new World();
    const runId = w.start();
    const tasks = w.complete(runId, w.startTask(runId), [
      scheduleActivity('eager', { requestEagerExecution: true }),
      scheduleActivity('elsewhere', { requestEagerExecution: true, taskQueue: { name: 'other' } }),
      scheduleActivity('plain'),
    ]);
    assert.deepEqual(tasks.map((t) => t.activityId), ['eager']);
    assert.equal(tasks[0]!.activityType?.name, 'charge', 'taken from the Scheduled event of this transaction');
    assert.equal(tasks[0]!.attempt, 1);
    assert.ok(tasks[0]!.taskToken?.length);
    const activities = Object.values(w.state(runId).activities);
    assert.deepEqual(activities.map((a) => [a.activityId, a.startedTime > 0]), [['eager', true], ['elsewhere', false], ['plain', false]]);
    assert.deepEqual(w.tasks.filter((t) => t.kind === TaskKind.activity).map((t) => t.queue), ['other', 'q']);
    assert.ok(w.timers.some((t) => t.kind === TimerKind.activityStartToClose && t.ref === activities[0]!.scheduledEventId));
  });

  test('timeouts of an answered workflow task and of a finished or retried activity attempt are dropped, not left to fire', () => {
    const w = new World();
    const runId = w.start();
    const kinds = () => w.timers.map((t) => `${t.kind}/${t.ref}/${t.attempt}`).sort();
    const [task] = w.complete(runId, w.startTask(runId), [
      scheduleActivity('a1', { requestEagerExecution: true, scheduleToCloseTimeout: duration(60_000) }),
    ]);
    const scheduledId = 5;
    assert.equal(task?.activityId, 'a1');
    assert.deepEqual(kinds(), [`${TimerKind.activityScheduleToClose}/${scheduledId}/0`, `${TimerKind.activityStartToClose}/${scheduledId}/1`]);
    w.transact((tx) => {
      const ctx = tx.run(runId)!;
      failActivity(ctx, ctx.state.activities[scheduledId]!, { message: 'boom', applicationFailureInfo: {} }, null, 'worker-1');
    });
    assert.deepEqual(kinds(), [`${TimerKind.activityRetry}/${scheduledId}/2`, `${TimerKind.activityScheduleToClose}/${scheduledId}/0`]);
    // The retry's backoff is over (its timer row is taken as it fires).
    w.timers.splice(w.timers.findIndex((t) => t.kind === TimerKind.activityRetry), 1);
    w.transact((tx) => {
      const ctx = tx.run(runId)!;
      const a = ctx.state.activities[scheduledId]!;
      startActivityTask(ctx, a, 'worker-1', 'a-2');
      completeActivity(ctx, a, null, 'worker-1');
    });
    assert.deepEqual(kinds(), []);
    const next = w.startTask(runId);
    assert.ok(w.timers.some((t) => t.kind === TimerKind.workflowTaskTimeout && t.ref === next.s));
    w.complete(runId, next, []);
    assert.ok(!w.timers.some((t) => t.kind === TimerKind.workflowTaskTimeout));
  });

  test('no activity starts eagerly in a task that also completes the workflow', () => {
    const w = new World();
    const runId = w.start();
    const tasks = w.complete(runId, w.startTask(runId), [
      scheduleActivity('eager', { requestEagerExecution: true }),
      { commandType: C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} },
    ]);
    assert.deepEqual(tasks, []);
  });

  test('the state rebuilt from the recorded history equals the state built live', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [
      scheduleActivity('a1'),
      scheduleActivity('a2', { heartbeatTimeout: duration(2000) }),
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: duration(1000) } },
      { commandType: C.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId: 't2', startToFireTimeout: duration(9000) } },
    ]);
    w.transact((tx) => notifyWorkflow(tx.run(runId)!, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, { signalName: 'stop-t2' }));
    const token = w.startTask(runId);
    w.complete(runId, token, [{ commandType: C.COMMAND_TYPE_CANCEL_TIMER, cancelTimerCommandAttributes: { timerId: 't2' } }]);
    const live = w.state(runId);
    const rebuilt = rebuildState(w.history(runId));
    assert.deepEqual(rebuilt.activities, live.activities);
    assert.deepEqual(rebuilt.timers, live.timers);
    assert.equal(rebuilt.lastCompletedStartedEventId, live.lastCompletedStartedEventId);
    assert.deepEqual(Object.keys(rebuilt.timers), ['t1']);
    assert.equal(rebuilt.activities[6]!.heartbeatMs, 2000);
  });

  test('a paused activity is not dispatched, retried or timed out; unpaused it is dispatched with its timeouts re-armed', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [scheduleActivity('a1', { scheduleToCloseTimeout: duration(60_000) })]);
    const id = 5;
    const act = (f: (ctx: RunContext) => void) => w.transact((tx) => f(tx.run(runId)!));
    act((ctx) => startActivityTask(ctx, ctx.state.activities[id]!, 'worker-1', 'r1'));
    act((ctx) => pauseActivity(ctx, ctx.state.activities[id]!, { identity: 'ops', reason: 'hold', requestId: 'p' }));
    const hb = w.transact((tx) => recordHeartbeat(tx.run(runId)!, w.state(runId).activities[id]!, null)).result;
    assert.deepEqual(hb, { cancelRequested: false, activityPaused: true, activityReset: false }, 'the running attempt is told');
    act((ctx) => failActivity(ctx, ctx.state.activities[id]!, { message: 'Activity paused', applicationFailureInfo: {} }, null, 'worker-1'));
    const a = w.state(runId).activities[id]!;
    assert.equal(a.attempt, 2);
    assert.ok(!w.timers.some((t) => t.kind === TimerKind.activityRetry), 'no retry timer while paused');
    // Its schedule-to-close deadline passes while paused: nothing happens.
    const deadline = w.timers.find((t) => t.kind === TimerKind.activityScheduleToClose)!;
    w.now = deadline.at;
    act((ctx) => fireTimer(ctx, { id: 0, fire_at: deadline.at, run_id: runId, kind: deadline.kind, ref: id, attempt: 0 }));
    assert.ok(w.state(runId).activities[id], 'a paused activity does not time out');
    assert.equal(isCurrentActivityTask(w.transact((tx) => tx.run(runId)!).result, { queue: 'q', ref: id, attempt: 2 } as never), false);

    const queued = w.tasks.length;
    act((ctx) => unpauseActivity(ctx, ctx.state.activities[id]!, { resetAttempts: true, resetHeartbeat: false, jitterMs: 0 }));
    assert.equal(w.state(runId).activities[id]!.attempt, 1);
    assert.deepEqual(w.tasks.slice(queued), [{ queue: 'q', kind: TaskKind.activity, runId, ref: id, attempt: 1 }]);
    assert.ok(w.timers.some((t) => t.kind === TimerKind.activityScheduleToClose && t.at === w.now), 'the lapsed deadline is armed again');
  });

  test('a workflow rule pauses a first attempt as it is about to start, and a retry as it is scheduled', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [scheduleActivity('a1'), scheduleActivity('other', { activityType: { name: 'ship' } })]);
    const act = <T>(f: (ctx: RunContext) => T) => w.transact((tx) => f(tx.run(runId)!)).result;
    const task = (ref: number, attempt = 1) => ({ queue: 'q', ref, attempt }) as never;
    w.rules = [rule("ActivityType = 'charge'", { createdByIdentity: 'ops', description: 'card processor down' })];
    assert.equal(act((ctx) => isActivityTaskToStart(ctx, task(5))), false, 'the charge attempt is not handed out');
    assert.equal(act((ctx) => isActivityTaskToStart(ctx, task(6))), true, 'the ship attempt is');
    const a = w.state(runId).activities[5]!;
    assert.equal(a.paused, true);
    assert.deepEqual(a.pauseInfo, { time: w.now, identity: 'ops', reason: 'card processor down', requestId: '', ruleId: 'r1' });
    const info = pendingActivityInfo(a);
    assert.equal(info.state, temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);
    assert.deepEqual(info.pauseInfo?.rule, { ruleId: 'r1', identity: 'ops', reason: 'card processor down' });

    // A rule that only asks for later attempts lets the first run, then holds its retry instead of scheduling it.
    w.rules = [rule('Attempts >= 2')];
    act((ctx) => startActivityTask(ctx, ctx.state.activities[6]!, 'worker-1', 'r1'));
    act((ctx) => failActivity(ctx, ctx.state.activities[6]!, { message: 'boom', applicationFailureInfo: {} }, null, 'worker-1'));
    const b = w.state(runId).activities[6]!;
    assert.equal(b.attempt, 2);
    assert.equal(b.paused, true);
    assert.equal(b.nextAttemptTime, 0);
    assert.ok(!w.timers.some((t) => t.kind === TimerKind.activityRetry), 'no retry timer for the paused retry');
  });

  test('a rule created during a backoff pauses the retry when it is due; an expired rule or a closed run is left alone', () => {
    const w = new World();
    const runId = w.start();
    w.complete(runId, w.startTask(runId), [scheduleActivity('a1')]);
    const act = <T>(f: (ctx: RunContext) => T) => w.transact((tx) => f(tx.run(runId)!)).result;
    act((ctx) => startActivityTask(ctx, ctx.state.activities[5]!, 'worker-1', 'r1'));
    act((ctx) => failActivity(ctx, ctx.state.activities[5]!, { message: 'boom', applicationFailureInfo: {} }, null, 'worker-1'));
    const retry = w.timers.filter((t) => t.kind === TimerKind.activityRetry).at(-1)!;
    w.now = retry.at;
    w.rules = [rule("BackoffInterval = 1 AND ActivityState = 'Scheduled'")];
    const queued = w.tasks.length;
    act((ctx) => fireTimer(ctx, { id: 0, fire_at: retry.at, run_id: runId, kind: retry.kind, ref: retry.ref, attempt: retry.attempt }));
    assert.equal(w.state(runId).activities[5]!.paused, true);
    assert.equal(w.tasks.length, queued, 'the retry is not queued');

    const later = w.start('wf-2');
    w.complete(later, w.startTask(later), [scheduleActivity('a1')]);
    w.rules = [rule("ActivityType = 'charge'", { spec: { expirationTime: timestamp(w.now - 1) } })];
    const started = w.transact((tx) => isActivityTaskToStart(tx.run(later)!, { queue: 'q', ref: 5, attempt: 1 } as never)).result;
    assert.equal(started, true, 'an expired rule no longer applies');
    w.rules = [rule("ActivityType = 'charge'", { spec: { visibilityQuery: "WorkflowId = 'someone-else'" } })];
    assert.equal(w.transact((tx) => triggerRule(tx.run(later)!, w.rules[0]!)).result, false, 'the query must match the workflow');
    w.rules = [rule("ActivityType = 'charge'", { spec: { visibilityQuery: "WorkflowId = 'wf-2' AND ExecutionStatus = 'Running'" } })];
    assert.equal(w.transact((tx) => triggerRule(tx.run(later)!, w.rules[0]!)).result, true);
    assert.equal(w.transact((tx) => triggerRule(tx.run(later)!, w.rules[0]!)).result, false, 'already paused: nothing applied');
  });

  test('a paused workflow keeps its scheduled task undelivered and schedules none for new events until unpaused', () => {
    const w = new World();
    const runId = w.start();
    w.transact((tx) => pauseWorkflow(tx.run(runId)!, { identity: 'ops', requestId: 'p' }));
    const task = { queue: 'q', kind: TaskKind.workflow, ref: 2, attempt: 1 } as never;
    assert.equal(isCurrentWorkflowTask(w.transact((tx) => tx.run(runId)!).result, task), false);
    w.transact((tx) => unpauseWorkflow(tx.run(runId)!, {}));
    assert.equal(isCurrentWorkflowTask(w.transact((tx) => tx.run(runId)!).result, task), true);
    assert.equal(w.tasks.filter((t) => t.kind === TaskKind.workflow).length, 2, 'the task is queued again on unpause');

    // Events arriving while paused schedule nothing; unpausing gives the run a task.
    const t2 = w.startTask(runId);
    w.complete(runId, t2, []);
    w.transact((tx) => pauseWorkflow(tx.run(runId)!, {}));
    w.transact((tx) => notifyWorkflow(tx.run(runId)!, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, { signalName: 'go' }));
    assert.equal(w.state(runId).wft, null);
    assert.deepEqual(w.types(runId).slice(-1), ['WORKFLOW_EXECUTION_SIGNALED']);
    w.transact((tx) => unpauseWorkflow(tx.run(runId)!, {}));
    assert.deepEqual(w.types(runId).slice(-1), ['WORKFLOW_TASK_SCHEDULED']);
  });
});
