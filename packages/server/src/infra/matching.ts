import type { temporal } from '@durable/proto';
import { KeyedWaiters } from './keyed-waiters.js';
import { RateWindow } from './rate-window.js';

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

/** Past this many queues with a rate window, windows with nothing in them are let go when another is made. */
const RATE_WINDOWS_KEPT = 1024;

function windowOf(windows: Map<string, RateWindow>, key: string, now: number): RateWindow {
  let w = windows.get(key);
  if (w) return w;
  // Sticky queues come and go with workers; their windows would otherwise stay for the life of the server.
  if (windows.size >= RATE_WINDOWS_KEPT) for (const [k, old] of windows) if (old.isEmpty(now)) windows.delete(k);
  windows.set(key, (w = new RateWindow(RATE_WINDOW_MS)));
  return w;
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
    windowOf(this.added, key, now).record(now);
  }

  recordDispatch(key: string, now: number): void {
    windowOf(this.dispatched, key, now).record(now);
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
