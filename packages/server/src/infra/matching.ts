import { KeyedWaiters } from './keyed-waiters.js';

/**
 * Long-poll waiters per task queue. Tasks themselves live in the database; this only wakes pollers when a task is
 * committed, so a poll either takes a stored task or sleeps until told one is there.
 */
export function queueKey(namespace: string, kind: number, queue: string): string {
  return `${namespace}\u0000${kind}\u0000${queue}`;
}

export class Matching {
  private readonly pollers = new KeyedWaiters();

  /** Resolves true when a task may be available, false when the wait timed out, was aborted or the server stops. */
  wait(key: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    return this.pollers.wait(key, timeoutMs, signal);
  }

  /** Wakes one poller of the queue (one task was added). */
  notify(key: string): void {
    this.pollers.wakeOne(key);
  }

  close(): void {
    this.pollers.close();
  }
}
