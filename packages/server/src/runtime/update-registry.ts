// Updates waiting in memory until the worker accepts them (then they live in history), and the callers waiting on
// their stage. The engine applies every change after the commit of the transaction that asked for it.
import { temporal, toLong } from '@durable/proto';
import { KeyedWaiters } from '../infra/keyed-waiters.js';
import type { InflightUpdate, UpdateRegistryPort } from '../ports/run-ports.js';

type Request = temporal.api.update.v1.IRequest;
type Message = temporal.api.protocol.v1.IMessage;

const REQUEST_TYPE_URL = 'type.googleapis.com/temporal.api.update.v1.Request';

export class UpdateRegistry implements UpdateRegistryPort {
  private readonly byRun = new Map<string, Map<string, InflightUpdate>>();
  private readonly waiters = new KeyedWaiters();

  get(runId: string, updateId: string): InflightUpdate | undefined {
    return this.byRun.get(runId)?.get(updateId);
  }

  hasAdmitted(runId: string): boolean {
    for (const u of this.byRun.get(runId)?.values() ?? []) if (u.phase === 'admitted' && !u.rejection) return true;
    return false;
  }

  requestMessages(runId: string, startedEventId: number): { updateIds: string[]; messages: Message[] } {
    const updateIds: string[] = [];
    const messages: Message[] = [];
    for (const [updateId, u] of this.byRun.get(runId) ?? []) {
      if (u.phase !== 'admitted' || u.rejection) continue;
      updateIds.push(updateId);
      messages.push({
        id: `${updateId}/request`,
        protocolInstanceId: updateId,
        // Sequenced just before the workflow task that carries it.
        eventId: toLong(startedEventId - 1),
        body: { type_url: REQUEST_TYPE_URL, value: temporal.api.update.v1.Request.encode(u.request).finish() },
      } as Message);
    }
    return { updateIds, messages };
  }

  /** A second admission of the same update id changes nothing (the caller then waits on the first). */
  admit(runId: string, updateId: string, request: Request): void {
    let m = this.byRun.get(runId);
    if (!m) {
      m = new Map();
      this.byRun.set(runId, m);
    }
    if (!m.has(updateId)) m.set(updateId, { request, phase: 'admitted' });
  }

  markSent(runId: string, updateIds: string[]): void {
    const m = this.byRun.get(runId);
    for (const id of updateIds) {
      const u = m?.get(id);
      if (u?.phase === 'admitted') u.phase = 'sent';
    }
  }

  requeue(runId: string): void {
    for (const u of this.byRun.get(runId)?.values() ?? []) if (u.phase === 'sent') u.phase = 'admitted';
  }

  accepted(runId: string, updateId: string): void {
    this.byRun.get(runId)?.delete(updateId);
    this.notify(runId);
  }

  completed(runId: string): void {
    this.notify(runId);
  }

  rejected(runId: string, updateId: string, failure: temporal.api.failure.v1.IFailure): void {
    const u = this.get(runId, updateId);
    if (u) u.rejection = { failure };
    this.notify(runId);
  }

  runClosed(runId: string): void {
    this.byRun.delete(runId);
    this.notify(runId);
  }

  /** Resolves at the next change to the run's updates, at `deadline`, or on abort. */
  async changed(runId: string, deadline: number, signal: AbortSignal | undefined, now: number): Promise<void> {
    await this.waiters.wait(runId, deadline - now, signal);
  }

  private notify(runId: string): void {
    this.waiters.wakeAll(runId);
  }
}
