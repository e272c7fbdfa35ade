/**
 * Callers waiting for something to happen to a key (a task queue, a run's history, a run's updates): each wait ends
 * when it is woken, when its time is up, when its caller aborts, or when the waiters are closed.
 */
export class KeyedWaiters {
  private readonly byKey = new Map<string, Set<(woken: boolean) => void>>();
  private closed = false;

  /** Resolves true when woken, false when the time ran out, the signal aborted or the waiters were closed. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      const waiters = set;
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(finish);
        if (waiters.size === 0 && this.byKey.get(key) === waiters) this.byKey.delete(key);
        resolve(woken);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      signal?.addEventListener('abort', onAbort);
      waiters.add(finish);
    });
  }

  /** Wakes the longest-waiting caller of the key (one unit of work arrived). */
  wakeOne(key: string): void {
    const first = this.byKey.get(key)?.values().next();
    if (first && !first.done) first.value(true);
  }

  /** Wakes every caller of the key (something they all watch changed). */
  wakeAll(key: string): void {
    const set = this.byKey.get(key);
    if (set) for (const w of [...set]) w(true);
  }

  /** Whether anyone waits on the key. */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Ends every wait (false) and refuses new ones: the server is stopping. */
  close(): void {
    this.closed = true;
    for (const set of [...this.byKey.values()]) for (const w of [...set]) w(false);
    this.byKey.clear();
  }
}
