import type { Clock } from '../model/clock.js';
import type { TimerRow } from '../model/rows.js';
import type { Store } from '../persistence/store.js';
import type { Logger } from '../model/logger.js';

const BATCH = 200;

/**
 * Durable timers (user timers, timeouts, retry backoffs) are rows in the database; this arms one clock timer for
 * the earliest row and fires due rows one transaction each, so a restart re-arms everything from the table.
 */
export class TimerQueue {
  private armedAt = Infinity;
  private cancelArmed: (() => void) | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fire: (row: TimerRow) => void,
  ) {}

  start(): void {
    const next = this.store.nextTimerAt();
    if (next !== undefined) this.poke(next);
  }

  /** A timer at `at` was committed: make sure the clock wakes us by then. */
  poke(at: number): void {
    if (this.stopped || at >= this.armedAt) return;
    this.cancelArmed?.();
    this.armedAt = at;
    this.cancelArmed = this.clock.schedule(at, () => this.run());
  }

  stop(): void {
    this.stopped = true;
    this.cancelArmed?.();
  }

  private run(): void {
    this.armedAt = Infinity;
    this.cancelArmed = undefined;
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      const rows = this.store.dueTimers(this.clock.now(), BATCH);
      for (const row of rows) {
        if (this.stopped) return;
        try {
          this.fire(row);
        } catch (err) {
          // A timer that cannot be applied must not block every later timer.
          this.logger.error('timer failed', { kind: row.kind, runId: row.run_id, error: String(err) });
          this.store.deleteTimer(row.id);
        }
      }
      if (rows.length === BATCH) {
        setImmediate(() => this.run());
        return;
      }
    } finally {
      this.running = false;
    }
    const next = this.store.nextTimerAt();
    if (next !== undefined) this.poke(next);
  }
}
