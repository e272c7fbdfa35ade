// Time skipping for tests: a clock that can jump forward, and a skipper that jumps to the next durable timer
// whenever the server is idle (no workflow task and no activity waiting for or held by a worker) and nobody holds
// the time-skipping lock. A 30-day sleep then takes as long as the work around it.
import type { Clock } from '../model/clock.js';
import type { Engine } from './engine.js';
import type { RunState } from '../model/run-state.js';

interface Scheduled {
  at: number;
  fn: () => void;
  handle?: NodeJS.Timeout;
}

/** Wall-clock time plus an offset that only grows. */
export class SkippingClock implements Clock {
  private offset = 0;
  private readonly pending = new Set<Scheduled>();

  now(): number {
    return Date.now() + this.offset;
  }

  schedule(at: number, fn: () => void): () => void {
    const entry: Scheduled = { at, fn };
    this.pending.add(entry);
    this.arm(entry);
    return () => {
      clearTimeout(entry.handle);
      this.pending.delete(entry);
    };
  }

  private arm(entry: Scheduled): void {
    clearTimeout(entry.handle);
    // Long delays are re-armed in steps; a jump re-arms everything anyway.
    entry.handle = setTimeout(() => this.fire(entry), Math.min(2 ** 31 - 1, Math.max(0, entry.at - this.now())));
    entry.handle.unref?.();
  }

  private fire(entry: Scheduled): void {
    if (entry.at > this.now()) return this.arm(entry);
    this.pending.delete(entry);
    entry.fn();
  }

  /** Moves time forward to `t` (never back) and runs what became due. */
  advanceTo(t: number): void {
    const delta = t - this.now();
    if (delta <= 0) return;
    this.offset += delta;
    for (const entry of [...this.pending]) this.arm(entry);
  }
}

/** Decides when to skip; TestService's lock/unlock/sleep calls drive it. */
export class TimeSkipper {
  /** The test environment holds one lock; result() waits and sleeps release it. */
  private locks = 1;
  private sleepers = 0;
  private running = false;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly clock: SkippingClock,
  ) {}

  lock(): void {
    this.locks++;
  }

  unlock(): void {
    if (this.locks === 0) throw new Error('time skipping is already unlocked');
    this.locks--;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Skips time (as when unlocked) until `until`, then returns. */
  async sleepUntil(until: number, signal: AbortSignal): Promise<void> {
    this.sleepers++;
    try {
      while (!this.stopped && !signal.aborted && this.clock.now() < until) {
        if (this.idle()) {
          const next = this.engine.store.nextTimerAt();
          this.clock.advanceTo(next !== undefined && next < until ? next : until);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    } finally {
      this.sleepers--;
    }
  }

  private kick(): void {
    if (this.running || this.locks > 0) return;
    this.running = true;
    const loop = () => {
      if (this.stopped || this.locks > 0) {
        this.running = false;
        return;
      }
      if (this.sleepers === 0 && this.idle()) {
        const next = this.engine.store.nextTimerAt();
        if (next !== undefined) this.clock.advanceTo(next);
      }
      setTimeout(loop, 2).unref?.();
    };
    loop();
  }

  /** No workflow task scheduled or running, no activity waiting for a worker or running on one. */
  idle(): boolean {
    for (const state of this.engine.store.openRunStates()) {
      const s = JSON.parse(state) as RunState;
      if (s.wft || s.buffered.length > 0) return false;
      const now = this.clock.now();
      for (const a of Object.values(s.activities)) {
        const backingOff = a.startedTime === 0 && a.nextAttemptTime > now;
        if (!backingOff) return false;
      }
    }
    return true;
  }
}
