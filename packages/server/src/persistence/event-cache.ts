// The recent runs' histories in memory, as stored (encoded), so a poll that hands out a whole history and the reads
// of events a transaction has just written cost no SQL. Events are appended and never rewritten, so a run's entry
// is always a prefix of its stored history: events 1..n with no gap.

/** Bytes of encoded events kept in all; the runs used least recently go first. */
const BUDGET_BYTES = 32 * 1024 * 1024;
/** A longer history is not kept: one such run would push out many small ones. */
const RUN_LIMIT_BYTES = 1024 * 1024;

interface Entry {
  events: Uint8Array[];
  bytes: number;
}

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
    let entry = this.runs.get(runId);
    if (!entry) {
      if (eventId !== 1) return;
      entry = { events: [], bytes: 0 };
      this.runs.set(runId, entry);
    } else if (entry.events.length + 1 !== eventId) {
      // Written out of order (never by the store's callers): what is kept could no longer be trusted.
      this.drop(runId);
      return;
    }
    this.add(runId, entry, [own(data)]);
  }

  /** Events from 1 read from the database, kept when nothing is kept for the run yet. */
  fill(runId: string, events: Uint8Array[]): void {
    if (this.runs.has(runId) || events.length === 0) return;
    const entry = { events: [], bytes: 0 };
    this.runs.set(runId, entry);
    this.add(runId, entry, events.map(own));
  }

  /** Events [from, toExclusive) when all of them are kept, else undefined. */
  range(runId: string, from: number, toExclusive: number): Uint8Array[] | undefined {
    const entry = this.runs.get(runId);
    if (!entry || from < 1 || toExclusive - 1 > entry.events.length) return undefined;
    this.touch(runId, entry);
    return entry.events.slice(from - 1, Math.max(from - 1, toExclusive - 1));
  }

  get(runId: string, eventId: number): Uint8Array | undefined {
    return eventId >= 1 ? this.runs.get(runId)?.events[eventId - 1] : undefined;
  }

  drop(runId: string): void {
    const entry = this.runs.get(runId);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.runs.delete(runId);
  }

  /** Forgets everything: writes were rolled back, and which runs they touched is not known here. */
  clear(): void {
    this.runs.clear();
    this.bytes = 0;
  }

  private add(runId: string, entry: Entry, events: Uint8Array[]): void {
    let size = 0;
    for (const e of events) size += e.length;
    if (entry.bytes + size > this.runLimitBytes) {
      this.drop(runId);
      return;
    }
    entry.events.push(...events);
    entry.bytes += size;
    this.bytes += size;
    this.touch(runId, entry);
    for (const [oldest, e] of this.runs) {
      if (this.bytes <= this.budgetBytes) break;
      this.bytes -= e.bytes;
      this.runs.delete(oldest);
    }
  }

  /** Re-inserts so the Map's order tracks recent use. */
  private touch(runId: string, entry: Entry): void {
    this.runs.delete(runId);
    this.runs.set(runId, entry);
  }
}

/** Bytes of their own: a small view into a shared pool buffer would keep the whole pool alive. */
function own(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.buffer.byteLength === data.length ? data : new Uint8Array(data);
}
