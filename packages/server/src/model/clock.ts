/** The server's one source of time, so a test server can move time forward when nothing is running. */
export interface Clock {
  now(): number;
  /** Calls `fn` once `at` (epoch ms on this clock) has been reached; returns a cancel function. */
  schedule(at: number, fn: () => void): () => void;
}

/** Wall-clock time. Timers longer than setTimeout's limit are re-armed in steps. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(at: number, fn: () => void): () => void {
    const MAX_DELAY = 2 ** 31 - 1;
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      if (delay > MAX_DELAY) {
        handle = setTimeout(arm, MAX_DELAY);
      } else {
        handle = setTimeout(fn, Math.max(0, delay));
      }
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}
