import type { temporal } from '@durable/proto';
import { KeyedWaiters } from './keyed-waiters.js';

/**
 * Long-poll waiters per task queue. Tasks themselves live in the database; this only wakes pollers when a task is
 * committed, so a poll either takes a stored task or sleeps until told one is there.
 */
export function queueKey(namespace: string, kind: number, queue: string): string {
  return `${namespace}\u0000${kind}\u0000${queue}`;
}

/** A worker that polled a queue recently, as DescribeTaskQueue reports it. */
export interface PollerRecord {
  identity: string;
  lastAccessTime: number;
  ratePerSecond: number;
  deploymentOptions?: temporal.api.deployment.v1.IWorkerDeploymentOptions | null;
  workerVersionCapabilities?: temporal.api.common.v1.IWorkerVersionCapabilities | null;
}

/** Temporal forgets a poller this long after its last poll. */
const POLLER_TTL_MS = 5 * 60_000;
/** Add and dispatch rates are averaged over this window. */
const RATE_WINDOW_MS = 30_000;

/** Event times within the last window, for a rate per second. */
class RateWindow {
  private readonly times: number[] = [];
  record(now: number): void {
    this.times.push(now);
    this.trim(now);
  }
  perSecond(now: number): number {
    this.trim(now);
    return this.times.length / (RATE_WINDOW_MS / 1000);
  }
  private trim(now: number): void {
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= now - RATE_WINDOW_MS) drop++;
    if (drop) this.times.splice(0, drop);
  }
}

export class Matching {
  private readonly waiters = new KeyedWaiters();
  private readonly pollerRecords = new Map<string, Map<string, PollerRecord>>();
  private readonly added = new Map<string, RateWindow>();
  private readonly dispatched = new Map<string, RateWindow>();
  /** queues polled by versioned workers: a new task may be for any of their versions */
  private readonly versioned = new Set<string>();

  /** Resolves true when a task may be available, false when the wait timed out, was aborted or the server stops. */
  wait(key: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    return this.waiters.wait(key, timeoutMs, signal);
  }

  /** Wakes one poller of the queue (one task was added); all of them when versioned pollers take only their own. */
  notify(key: string): void {
    if (this.versioned.has(key)) this.waiters.wakeAll(key);
    else this.waiters.wakeOne(key);
  }

  markVersioned(key: string): void {
    this.versioned.add(key);
  }

  /** Wakes every poller of the queue: a task that only some of them may take (worker versioning). */
  notifyAll(key: string): void {
    this.waiters.wakeAll(key);
  }

  recordPoll(key: string, poller: Omit<PollerRecord, 'lastAccessTime'>, now: number): void {
    let m = this.pollerRecords.get(key);
    if (!m) this.pollerRecords.set(key, (m = new Map()));
    m.set(poller.identity, { ...poller, lastAccessTime: now });
  }

  /** The pollers seen on a queue within Temporal's poller TTL, most recent first. */
  pollers(key: string, now: number): PollerRecord[] {
    const m = this.pollerRecords.get(key);
    if (!m) return [];
    for (const [id, p] of m) if (p.lastAccessTime < now - POLLER_TTL_MS) m.delete(id);
    return [...m.values()].sort((a, b) => b.lastAccessTime - a.lastAccessTime);
  }

  /** Every queue key with pollers seen recently. */
  polledQueues(): string[] {
    return [...this.pollerRecords.keys()];
  }

  recordAdd(key: string, now: number): void {
    let w = this.added.get(key);
    if (!w) this.added.set(key, (w = new RateWindow()));
    w.record(now);
  }

  recordDispatch(key: string, now: number): void {
    let w = this.dispatched.get(key);
    if (!w) this.dispatched.set(key, (w = new RateWindow()));
    w.record(now);
  }

  rates(key: string, now: number): { addRate: number; dispatchRate: number } {
    return { addRate: this.added.get(key)?.perSecond(now) ?? 0, dispatchRate: this.dispatched.get(key)?.perSecond(now) ?? 0 };
  }

  hasWaiters(key: string): boolean {
    return this.waiters.has(key);
  }

  close(): void {
    this.waiters.close();
  }
}
