// Schedules: stored in SQLite with what they have done, woken by a durable timer at their next action time, and
// acting in the same transaction that records it — so after a crash a missed action inside the catch-up window runs
// once, and none runs twice (the started workflow's id also carries the nominal time).
import { temporal, toLong } from '@durable/proto';
import { alreadyExists, Code, invalidArgument, notFound, ServiceError } from '../model/errors.js';
import { duration, durationMs, timestamp, timestampMs } from '../model/events.js';
import { storedMemo, storedSchedule, storedSearchAttributes } from '../model/codecs.js';
import { TimerKind, type TimerRow } from '../model/rows.js';
import type { ServerMetrics } from '../infra/metrics.js';
import { withRegisteredTypes } from '../infra/visibility/visibility.js';
import type { RunContext, Tx } from '../run/run-context.js';
import { requestCancel, startWorkflow, terminate } from '../transitions/lifecycle.js';
import { CompiledSpec, compileCronStrings, jitterFor, ScheduleSpecError } from './spec.js';

const Overlap = temporal.api.enums.v1.ScheduleOverlapPolicy;
type Schedule = temporal.api.schedule.v1.ISchedule;
type Payload = temporal.api.common.v1.IPayload;

const DEFAULT_CATCHUP_MS = 365 * 24 * 3_600_000;
const MIN_CATCHUP_MS = 10_000;
const RECENT = 10;

interface Pending {
  nominal: number;
  overlap: number;
}

/** A schedule's stored form: the definition plus everything it has done. */
export interface ScheduleRecord {
  /** base64 of temporal.api.schedule.v1.Schedule */
  schedule: string;
  memo?: string;
  searchAttributes?: string;
  conflictToken: number;
  createTime: number;
  updateTime: number;
  /** nominal times up to here have been handled */
  processedUntil: number;
  buffer: Pending[];
  running: { workflowId: string; runId: string }[];
  recent: { scheduleTime: number; actualTime: number; workflowId: string; runId: string }[];
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  /** the generation of the armed timer: older timers are stale */
  wakeGen: number;
}

const decodeSchedule = (text: string): Schedule => storedSchedule.decode(text) ?? {};
export const timerRunId = (namespace: string, id: string) => `schedule\u0000${namespace}\u0000${id}`;

/** What a schedule's actions came to so far, by the result its metric names. */
function outcomes(rec: ScheduleRecord) {
  return {
    started: rec.actionCount,
    skipped: rec.overlapSkipped,
    missed_catchup_window: rec.missedCatchupWindow,
    buffer_dropped: rec.bufferDropped,
  };
}

/** Checks a schedule definition; a bad spec or action is INVALID_ARGUMENT with the reason. */
export function validateSchedule(s: Schedule | null | undefined): CompiledSpec {
  const a = s?.action?.startWorkflow;
  if (!a) throw invalidArgument('Schedule.action.startWorkflow is required.');
  if (!a.workflowId) throw invalidArgument('Schedule action needs a workflowId.');
  if (!a.workflowType?.name) throw invalidArgument('Schedule action needs a workflowType.');
  if (!a.taskQueue?.name) throw invalidArgument('Schedule action needs a taskQueue.');
  try {
    // A schedule without a spec is valid, as in Temporal: it acts only when triggered or backfilled.
    return new CompiledSpec(s?.spec ?? {});
  } catch (err) {
    if (err instanceof ScheduleSpecError) throw invalidArgument(`Invalid schedule spec: ${err.message}`);
    throw err;
  }
}

/** A schedule as stored: its action's search attributes typed (describe shows them so), cron strings as calendars. */
function prepared(tx: Tx, namespace: string, s: Schedule): Schedule {
  const a = s.action?.startWorkflow;
  if (!a?.searchAttributes) return withCompiledCron(s);
  const searchAttributes = withRegisteredTypes(tx.namespaces, namespace, a.searchAttributes);
  return withCompiledCron({ ...s, action: { ...s.action, startWorkflow: { ...a, searchAttributes } } });
}

function withCompiledCron(s: Schedule): Schedule {
  try {
    return s.spec ? { ...s, spec: compileCronStrings(s.spec) } : s;
  } catch (err) {
    if (err instanceof ScheduleSpecError) throw invalidArgument(`Invalid schedule spec: ${err.message}`);
    throw err;
  }
}

function catchupMs(s: Schedule): number {
  const ms = durationMs(s.policies?.catchupWindow);
  return ms > 0 ? Math.max(ms, MIN_CATCHUP_MS) : DEFAULT_CATCHUP_MS;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const json = (value: unknown, type: string): Payload => ({
  metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
  data: Buffer.from(JSON.stringify(value)),
});

export class Scheduler {
  /** Schedules being processed in this transaction: a workflow they terminate must not re-enter them. */
  private readonly busy = new Set<string>();

  constructor(private readonly metrics: ServerMetrics) {}

  load(tx: Tx, namespace: string, id: string): ScheduleRecord | undefined {
    const data = tx.store.getSchedule(namespace, id);
    return data ? (JSON.parse(data) as ScheduleRecord) : undefined;
  }

  mustLoad(tx: Tx, namespace: string, id: string): ScheduleRecord {
    const rec = this.load(tx, namespace, id);
    if (!rec) throw notFound(`schedule ${id} not found in namespace ${namespace}`);
    return rec;
  }

  save(tx: Tx, namespace: string, id: string, rec: ScheduleRecord): void {
    tx.store.putSchedule(namespace, id, JSON.stringify(rec));
  }

  create(tx: Tx, namespace: string, id: string, schedule: Schedule, extra: { memo?: string; searchAttributes?: string }): void {
    schedule = prepared(tx, namespace, schedule);
    validateSchedule(schedule);
    if (this.load(tx, namespace, id)) throw alreadyExists(`schedule ${id} is already registered`);
    const rec: ScheduleRecord = {
      schedule: '',
      ...extra,
      conflictToken: 1,
      createTime: tx.now,
      updateTime: tx.now,
      processedUntil: tx.now,
      buffer: [],
      running: [],
      recent: [],
      actionCount: 0,
      missedCatchupWindow: 0,
      overlapSkipped: 0,
      bufferDropped: 0,
      wakeGen: 0,
    };
    this.process(tx, namespace, id, rec, schedule);
  }

  /** Applies a patch (trigger, backfill, pause, unpause), then acts on whatever is now due. */
  patch(tx: Tx, namespace: string, id: string, p: temporal.api.schedule.v1.ISchedulePatch): void {
    const rec = this.mustLoad(tx, namespace, id);
    const schedule = decodeSchedule(rec.schedule);
    const policy = schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
    if (p.triggerImmediately) rec.buffer.push({ nominal: tx.now, overlap: p.triggerImmediately.overlapPolicy || policy });
    for (const b of p.backfillRequest ?? []) {
      const spec = validateSchedule(schedule);
      // Backfill ignores the catch-up window and pausing: it asks for exactly these times.
      for (const t of spec.between(timestampMs(b.startTime) - 1, timestampMs(b.endTime))) rec.buffer.push({ nominal: t, overlap: b.overlapPolicy || policy });
    }
    const state = (schedule.state ??= {});
    if (p.pause) {
      state.paused = true;
      state.notes = p.pause;
    }
    if (p.unpause) {
      state.paused = false;
      state.notes = p.unpause;
    }
    rec.updateTime = tx.now;
    this.process(tx, namespace, id, rec, schedule);
  }

  update(tx: Tx, namespace: string, id: string, schedule: Schedule, conflictToken: Uint8Array | null | undefined): void {
    const rec = this.mustLoad(tx, namespace, id);
    if (conflictToken?.length && Buffer.from(conflictToken).toString() !== String(rec.conflictToken)) {
      throw new ServiceError(Code.FAILED_PRECONDITION, `schedule ${id} was changed by someone else (conflict token mismatch)`);
    }
    schedule = prepared(tx, namespace, schedule);
    validateSchedule(schedule);
    rec.conflictToken++;
    rec.updateTime = tx.now;
    // A new spec counts from now: times before the update are not caught up under the new rules.
    rec.processedUntil = Math.max(rec.processedUntil, tx.now);
    this.process(tx, namespace, id, rec, schedule);
  }

  delete(tx: Tx, namespace: string, id: string): void {
    this.mustLoad(tx, namespace, id);
    tx.store.deleteSchedule(namespace, id);
  }

  /** One of the schedules' durable timers is due. */
  timerDue(tx: Tx, row: TimerRow): void {
    const [, namespace, id] = row.run_id.split('\u0000');
    this.wake(tx, namespace!, id!, row.ref);
  }

  /** A durable timer fired: act if it is the current one. */
  private wake(tx: Tx, namespace: string, id: string, gen: number): void {
    const rec = this.load(tx, namespace, id);
    if (!rec || rec.wakeGen !== gen) return;
    this.process(tx, namespace, id, rec, decodeSchedule(rec.schedule));
  }

  /** A workflow closed: if a schedule started it, that schedule's buffered actions may go now. */
  workflowClosed(run: RunContext): void {
    const scheduleId = (JSON.parse(run.row.sa_values) as Record<string, unknown>).TemporalScheduledById;
    if (typeof scheduleId === 'string') this.scheduledWorkflowClosed(run.tx, run.namespace, scheduleId);
  }

  private scheduledWorkflowClosed(tx: Tx, namespace: string, id: string): void {
    if (this.busy.has(timerRunId(namespace, id))) return;
    const rec = this.load(tx, namespace, id);
    if (rec) this.process(tx, namespace, id, rec, decodeSchedule(rec.schedule));
  }

  /** Takes every action due by now, applies overlap policies, arms the next wake-up and saves. */
  private process(tx: Tx, namespace: string, id: string, rec: ScheduleRecord, schedule: Schedule): void {
    const key = timerRunId(namespace, id);
    this.busy.add(key);
    const before = outcomes(rec);
    try {
      this.act(tx, namespace, id, rec, schedule);
    } finally {
      this.busy.delete(key);
    }
    const after = outcomes(rec);
    tx.effects.after.push(() => {
      for (const result of Object.keys(after) as (keyof typeof after)[]) {
        const count = after[result] - before[result];
        if (count > 0) this.metrics.scheduleActions(namespace, result, count);
      }
    });
  }

  private act(tx: Tx, namespace: string, id: string, rec: ScheduleRecord, schedule: Schedule): void {
    const spec = validateSchedule(schedule);
    const state = (schedule.state ??= {});
    const policy = schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
    for (let t = spec.next(rec.processedUntil); t !== undefined; t = spec.next(t)) {
      if (t + jitterFor(id, t, spec.jitterMs) > tx.now) break;
      rec.processedUntil = t;
      if (state.paused) continue;
      if (tx.now - t > catchupMs(schedule)) {
        rec.missedCatchupWindow++;
        continue;
      }
      rec.buffer.push({ nominal: t, overlap: policy });
    }
    rec.running = rec.running.filter((r) => tx.run(r.runId)?.isOpen);
    const kept: Pending[] = [];
    let cancelled = false;
    for (const b of rec.buffer) {
      if (state.limitedActions && Number(state.remainingActions ?? 0) <= 0) {
        rec.bufferDropped++;
        continue;
      }
      const busy = rec.running.length > 0;
      switch (b.overlap) {
        case Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL:
          this.start(tx, namespace, id, rec, schedule, b.nominal);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
          if (!busy) this.start(tx, namespace, id, rec, schedule, b.nominal);
          else if (kept.length) rec.bufferDropped++;
          else kept.push(b);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
          if (busy || kept.length) kept.push(b);
          else this.start(tx, namespace, id, rec, schedule, b.nominal);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
          if (busy) {
            if (!cancelled) for (const r of rec.running) requestCancel(tx.run(r.runId)!, `cancelled by schedule ${id}: a new action is due`, `schedule:${id}`);
            cancelled = true;
            kept.push(b);
          } else this.start(tx, namespace, id, rec, schedule, b.nominal);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
          for (const r of rec.running) terminate(tx.run(r.runId)!, `terminated by schedule ${id}: a new action is due`, null, `schedule:${id}`);
          rec.running = [];
          this.start(tx, namespace, id, rec, schedule, b.nominal);
          break;
        default:
          if (busy) rec.overlapSkipped++;
          else this.start(tx, namespace, id, rec, schedule, b.nominal);
      }
    }
    rec.buffer = kept;
    rec.schedule = storedSchedule.encode(schedule);
    const next = spec.next(rec.processedUntil);
    rec.wakeGen++;
    if (next !== undefined) tx.store.insertTimer(next + jitterFor(id, next, spec.jitterMs), timerRunId(namespace, id), TimerKind.schedule, rec.wakeGen, 0);
    if (next !== undefined) tx.effects.timerAt = Math.min(tx.effects.timerAt, next + jitterFor(id, next, spec.jitterMs));
    this.save(tx, namespace, id, rec);
  }

  private start(tx: Tx, namespace: string, id: string, rec: ScheduleRecord, schedule: Schedule, nominal: number): void {
    const a = schedule.action!.startWorkflow!;
    const workflowId = `${a.workflowId}-${iso(nominal)}`;
    const fields: Record<string, Payload> = {
      ...(a.searchAttributes?.indexedFields ?? {}),
      TemporalScheduledById: json(id, 'Keyword'),
      TemporalScheduledStartTime: json(iso(nominal), 'Datetime'),
    };
    let runId: string;
    try {
      ({ runId } = startWorkflow(
        tx,
        {
          namespace,
          workflowId,
          workflowType: a.workflowType,
          taskQueue: a.taskQueue,
          input: a.input,
          workflowExecutionTimeout: a.workflowExecutionTimeout,
          workflowRunTimeout: a.workflowRunTimeout,
          workflowTaskTimeout: a.workflowTaskTimeout,
          retryPolicy: a.retryPolicy,
          memo: a.memo,
          header: a.header,
          userMetadata: a.userMetadata,
          priority: a.priority,
          searchAttributes: { indexedFields: fields },
          identity: `schedule:${id}`,
          requestId: `schedule:${id}:${nominal}`,
        },
        { defaultConflict: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL },
      ));
    } catch (err) {
      // The same nominal time already produced its workflow (a trigger in the same second, say).
      if (err instanceof ServiceError && err.code === Code.ALREADY_EXISTS) {
        rec.overlapSkipped++;
        return;
      }
      throw err;
    }
    rec.running.push({ workflowId, runId });
    rec.recent.push({ scheduleTime: nominal, actualTime: tx.now, workflowId, runId });
    if (rec.recent.length > RECENT) rec.recent.shift();
    rec.actionCount++;
    const state = schedule.state!;
    if (state.limitedActions) state.remainingActions = toLong(Math.max(0, Number(state.remainingActions ?? 0) - 1));
  }

  /** The schedule's spec, compiled: the times it matches. */
  compiledSpec(tx: Tx, namespace: string, id: string): CompiledSpec {
    return validateSchedule(decodeSchedule(this.mustLoad(tx, namespace, id).schedule));
  }

  /** DescribeSchedule's answer. */
  describe(tx: Tx, id: string, rec: ScheduleRecord) {
    const schedule = decodeSchedule(rec.schedule);
    const spec = validateSchedule(schedule);
    const future: number[] = [];
    for (let t = spec.next(Math.max(rec.processedUntil, tx.now)); t !== undefined && future.length < 10; t = spec.next(t)) future.push(t);
    if (!schedule.policies?.catchupWindow) schedule.policies = { ...schedule.policies, catchupWindow: duration(DEFAULT_CATCHUP_MS) };
    return {
      schedule,
      info: {
        actionCount: toLong(rec.actionCount),
        missedCatchupWindow: toLong(rec.missedCatchupWindow),
        overlapSkipped: toLong(rec.overlapSkipped),
        bufferDropped: toLong(rec.bufferDropped),
        bufferSize: toLong(rec.buffer.length),
        runningWorkflows: rec.running.filter((r) => tx.run(r.runId)?.isOpen).map((r) => ({ workflowId: r.workflowId, runId: r.runId })),
        recentActions: rec.recent.map((r) => ({
          scheduleTime: timestamp(r.scheduleTime),
          actualTime: timestamp(r.actualTime),
          startWorkflowResult: { workflowId: r.workflowId, runId: r.runId },
        })),
        futureActionTimes: future.map((t) => timestamp(t + jitterFor(id, t, spec.jitterMs))),
        createTime: timestamp(rec.createTime),
        updateTime: timestamp(rec.updateTime),
      },
      memo: storedMemo.decode(rec.memo),
      searchAttributes: storedSearchAttributes.decode(rec.searchAttributes),
      conflictToken: Buffer.from(String(rec.conflictToken)),
    };
  }
}
