// Workflow updates. An update is admitted in memory (as Temporal does: callers wait on their RPC), delivered to the
// worker as a protocol message on the next workflow task, and becomes durable once the worker accepts it
// (WorkflowExecutionUpdateAccepted) and completes it (WorkflowExecutionUpdateCompleted). A rejection writes nothing.
import type { google} from '@durable/proto';
import { temporal } from '@durable/proto';
import { base64ToBytes, bytesToBase64, toLong } from '@durable/proto';
import { EventType } from '../model/events.js';
import type { RunContext } from './run-context.js';

type Request = temporal.api.update.v1.IRequest;
type Outcome = temporal.api.update.v1.IOutcome;
type Message = temporal.api.protocol.v1.IMessage;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/** What the run's durable state remembers of an update, for deduplication and polling after a restart. */
export interface UpdateRecord {
  acceptedEventId: number;
  completedEventId?: number;
  /** base64 of temporal.api.update.v1.Outcome */
  outcome?: string;
}

interface Inflight {
  request: Request;
  /** admitted: waiting for a workflow task; sent: on a task the worker is processing */
  phase: 'admitted' | 'sent';
  rejection?: Outcome;
}

export interface UpdateStatus {
  stage: number;
  outcome?: Outcome;
}

const typeUrl = (name: string) => `type.googleapis.com/${name}`;

export class UpdateRegistry {
  private readonly byRun = new Map<string, Map<string, Inflight>>();
  private readonly waiters = new Map<string, Set<() => void>>();

  private forRun(runId: string): Map<string, Inflight> {
    let m = this.byRun.get(runId);
    if (!m) {
      m = new Map();
      this.byRun.set(runId, m);
    }
    return m;
  }

  /** Admits an update unless the same id is already known; true when it is new. */
  admit(runId: string, updateId: string, request: Request): boolean {
    const m = this.forRun(runId);
    if (m.has(updateId)) return false;
    m.set(updateId, { request, phase: 'admitted' });
    return true;
  }

  get(runId: string, updateId: string): Inflight | undefined {
    return this.byRun.get(runId)?.get(updateId);
  }

  hasAdmitted(runId: string): boolean {
    for (const u of this.byRun.get(runId)?.values() ?? []) if (u.phase === 'admitted' && !u.rejection) return true;
    return false;
  }

  /** Request messages for the task being started; `startedEventId - 1` sequences them before the task. */
  takeMessages(runId: string, startedEventId: number): Message[] {
    const out: Message[] = [];
    for (const [updateId, u] of this.byRun.get(runId) ?? []) {
      if (u.phase !== 'admitted' || u.rejection) continue;
      u.phase = 'sent';
      out.push({
        id: `${updateId}/request`,
        protocolInstanceId: updateId,
        eventId: toLong(startedEventId - 1),
        body: { type_url: typeUrl('temporal.api.update.v1.Request'), value: temporal.api.update.v1.Request.encode(u.request).finish() },
      } as Message);
    }
    return out;
  }

  /** The task that carried requests did not complete: they go out again with the next one. */
  requeue(runId: string): void {
    for (const u of this.byRun.get(runId)?.values() ?? []) if (u.phase === 'sent') u.phase = 'admitted';
  }

  reject(runId: string, updateId: string, failure: temporal.api.failure.v1.IFailure): void {
    const u = this.get(runId, updateId);
    if (u) u.rejection = { failure };
  }

  /** Accepted updates live in history from now on. */
  forget(runId: string, updateId: string): void {
    this.byRun.get(runId)?.delete(updateId);
  }

  runClosed(runId: string): void {
    this.byRun.delete(runId);
    this.notify(runId);
  }

  /** Wakes callers waiting on this run's updates (after the change is committed). */
  notify(runId: string): void {
    const set = this.waiters.get(runId);
    if (!set) return;
    this.waiters.delete(runId);
    for (const fn of set) fn();
  }

  /** Resolves at the next change to the run's updates, at `deadline`, or on abort. */
  changed(runId: string, deadline: number, signal: AbortSignal | undefined, now: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(runId);
      if (!set) {
        set = new Set();
        this.waiters.set(runId, set);
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.get(runId)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - now));
      signal?.addEventListener('abort', done);
      set.add(done);
    });
  }
}

/** Where an update stands, from the run's durable records and the in-memory registry. */
export function updateStatus(ctx: RunContext, updateId: string): UpdateStatus | undefined {
  const rec = ctx.state.updates?.[updateId];
  if (rec?.completedEventId) {
    return {
      stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
      outcome: rec.outcome ? temporal.api.update.v1.Outcome.decode(base64ToBytes(rec.outcome)) : undefined,
    };
  }
  if (rec) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED };
  const u = ctx.engine.updates.get(ctx.runId, updateId);
  if (!u) return undefined;
  if (u.rejection) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, outcome: u.rejection };
  return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED };
}

function unpack<T>(body: google.protobuf.IAny | null | undefined, name: string, type: { decode(b: Uint8Array): T }): T | undefined {
  const url = (body as { type_url?: string } | null | undefined)?.type_url ?? '';
  if (!body?.value || url.replace(/^.*\//, '') !== name) return undefined;
  return type.decode(body.value);
}

/**
 * Applies one message from the worker: acceptance and completion write events (at the position of their
 * ProtocolMessage command, or after all commands), a rejection answers the caller and writes nothing.
 */
export function applyUpdateMessage(ctx: RunContext, message: Message, identity: string): void {
  const updateId = message.protocolInstanceId ?? '';
  const v1 = temporal.api.update.v1;
  const acceptance = unpack(message.body, 'temporal.api.update.v1.Acceptance', v1.Acceptance);
  if (acceptance) {
    if (ctx.state.updates?.[updateId]) return;
    const request = acceptance.acceptedRequest ?? ctx.engine.updates.get(ctx.runId, updateId)?.request;
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
      protocolInstanceId: updateId,
      acceptedRequestMessageId: acceptance.acceptedRequestMessageId,
      acceptedRequestSequencingEventId: acceptance.acceptedRequestSequencingEventId,
      acceptedRequest: request,
    });
    ctx.state.updates = { ...ctx.state.updates, [updateId]: { acceptedEventId: Number(ev.eventId) } };
    ctx.effects.after.push(() => {
      ctx.engine.updates.forget(ctx.runId, updateId);
      ctx.engine.updates.notify(ctx.runId);
    });
    return;
  }
  const response = unpack(message.body, 'temporal.api.update.v1.Response', v1.Response);
  if (response) {
    const id = response.meta?.updateId || updateId;
    const rec = ctx.state.updates?.[id];
    if (!rec || rec.completedEventId) return;
    const ev = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
      meta: { updateId: id, identity: response.meta?.identity || identity },
      acceptedEventId: rec.acceptedEventId,
      outcome: response.outcome,
    });
    const outcome = bytesToBase64(v1.Outcome.encode(response.outcome ?? {}).finish());
    ctx.state.updates = { ...ctx.state.updates, [id]: { ...rec, completedEventId: Number(ev.eventId), outcome } };
    ctx.effects.after.push(() => ctx.engine.updates.notify(ctx.runId));
    return;
  }
  const rejection = unpack(message.body, 'temporal.api.update.v1.Rejection', v1.Rejection);
  if (rejection) {
    ctx.effects.after.push(() => {
      ctx.engine.updates.reject(ctx.runId, updateId, rejection.failure ?? { message: 'update rejected' });
      ctx.engine.updates.notify(ctx.runId);
    });
  }
}
