/**
 * Long-poll waiters per task queue. Tasks themselves live in the database; this only wakes pollers when a task is
 * committed, so a poll either takes a stored task or sleeps until told one is there.
 */
interface Waiter {
  wake: (woken: boolean) => void;
}

export function queueKey(namespace: string, kind: number, queue: string): string {
  return `${namespace}\u0000${kind}\u0000${queue}`;
}

export class Matching {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly lastPollTime = new Map<string, number>();
  private closed = false;

  /** Resolves true when a task may be available, false when the wait timed out, was aborted or the server stops. */
  wait(key: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) {
        set = new Set();
        this.waiters.set(key, set);
      }
      const waiters = set;
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(waiter);
        resolve(woken);
      };
      const waiter: Waiter = { wake: finish };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      signal?.addEventListener('abort', onAbort);
      waiters.add(waiter);
    });
  }

  /** Wakes one poller of the queue (one task was added). */
  notify(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    for (const w of set) {
      w.wake(true);
      return;
    }
  }

  recordPoll(key: string, now: number): void {
    this.lastPollTime.set(key, now);
  }

  lastPoll(key: string): number | undefined {
    return this.lastPollTime.get(key);
  }

  hasWaiters(key: string): boolean {
    return (this.waiters.get(key)?.size ?? 0) > 0;
  }

  close(): void {
    this.closed = true;
    for (const set of this.waiters.values()) for (const w of [...set]) w.wake(false);
    this.waiters.clear();
  }
}
