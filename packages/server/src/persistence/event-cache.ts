// The recent runs' histories in memory, as stored (encoded), so a poll that hands out a whole history and the reads
// of events a transaction has just written cost no SQL. Events are appended and never rewritten, so a run's entry
// is always a prefix of its stored history: events 1..n with no gap.

/** Bytes of encoded events kept in all; the runs used least recently go first. */
const BUDGET_BYTES = 32 * 1024 * 1024;
/** A longer history is not kept: one such run would push out many small ones. */
const RUN_LIMIT_BYTES = 1024 * 1024;

/** A run's events back to back in one buffer: a few objects per run for the garbage collector, not two per event. */
interface Entry {
  buffer: Uint8Array;
  /** where each event ends in `buffer`: event i (from 1) is [ends[i - 2] ?? 0, ends[i - 1]) */
  ends: number[];
}

/** A new run's buffer: room for a few events before it first grows. */
const FIRST_CAPACITY = 2048;

/** Encoded events 1..n of recently used runs, by run id, within a byte budget. */
export class EventCache {
  private readonly runs = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes = BUDGET_BYTES,
    private readonly runLimitBytes = RUN_LIMIT_BYTES,
  ) {}

  /** An event just written: extends the run's entry, or starts one with a new run's first event. */
  append(runId: string, eventId: number, data: Uint8Array): void {
    const entry = this.runs.get(runId);
    if (!entry) {
      if (eventId === 1) this.add(runId, undefined, [data]);
    } else if (entry.ends.length + 1 !== eventId) {
      // Written out of order (never by the store's callers): what is kept could no longer be trusted.
      this.drop(runId);
    } else {
      this.add(runId, entry, [data]);
    }
  }

  /** Events from 1 read from the database, kept when nothing is kept for the run yet. */
  fill(runId: string, events: Uint8Array[]): void {
    if (!this.runs.has(runId) && events.length > 0) this.add(runId, undefined, events);
  }

  /** Events [from, toExclusive) when all of them are kept, else undefined. */
  range(runId: string, from: number, toExclusive: number): Uint8Array[] | undefined {
    const entry = this.runs.get(runId);
    if (!entry || from < 1 || toExclusive - 1 > entry.ends.length) return undefined;
    this.touch(runId, entry);
    const events: Uint8Array[] = [];
    for (let id = from; id < toExclusive; id++) events.push(view(entry, id));
    return events;
  }

  get(runId: string, eventId: number): Uint8Array | undefined {
    const entry = this.runs.get(runId);
    return entry && eventId >= 1 && eventId <= entry.ends.length ? view(entry, eventId) : undefined;
  }

  drop(runId: string): void {
    const entry = this.runs.get(runId);
    if (!entry) return;
    this.bytes -= entry.buffer.length;
    this.runs.delete(runId);
  }

  /** Forgets everything: writes were rolled back, and which runs they touched is not known here. */
  clear(): void {
    this.runs.clear();
    this.bytes = 0;
  }

  private add(runId: string, existing: Entry | undefined, events: Uint8Array[]): void {
    const entry = existing ?? { buffer: new Uint8Array(0), ends: [] };
    let used = entry.ends.at(-1) ?? 0;
    let size = used;
    for (const e of events) size += e.length;
    if (size > this.runLimitBytes) {
      this.drop(runId);
      return;
    }
    if (size > entry.buffer.length) {
      // Doubling: a run's events are copied O(log n) times as its history grows.
      const grown = new Uint8Array(Math.min(this.runLimitBytes, Math.max(FIRST_CAPACITY, size, 2 * entry.buffer.length)));
      grown.set(entry.buffer.subarray(0, used));
      this.bytes += grown.length - entry.buffer.length;
      entry.buffer = grown;
    }
    for (const e of events) {
      entry.buffer.set(e, used);
      used += e.length;
      entry.ends.push(used);
    }
    this.touch(runId, entry);
    for (const [oldest, e] of this.runs) {
      if (this.bytes <= this.budgetBytes) break;
      this.bytes -= e.buffer.length;
      this.runs.delete(oldest);
    }
  }

  /** Re-inserts so the Map's order tracks recent use. */
  private touch(runId: string, entry: Entry): void {
    this.runs.delete(runId);
    this.runs.set(runId, entry);
  }
}

function view(entry: Entry, eventId: number): Uint8Array {
  return entry.buffer.subarray(entry.ends[eventId - 2] ?? 0, entry.ends[eventId - 1]);
}
