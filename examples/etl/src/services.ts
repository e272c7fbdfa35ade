// The ETL pipeline's services: a source, a warehouse and a notifier, as interfaces with in-memory fakes.
export interface Row {
  id: number;
  name: string;
  amount: string;
}
export interface CleanRow {
  id: number;
  name: string;
  amountCents: number;
}
export interface Source {
  read(batch: string): Promise<Row[]>;
}
export interface Warehouse {
  write(table: string, rows: CleanRow[]): Promise<number>;
  count(table: string): Promise<number>;
}
export interface Notifier {
  notify(message: string): Promise<void>;
}

export class FakeSource implements Source {
  constructor(private readonly rows: Row[]) {}
  async read(): Promise<Row[]> {
    return this.rows;
  }
}

/** A warehouse whose first `failures` writes time out (a transient outage). Writes are idempotent by row id. */
export class FakeWarehouse implements Warehouse {
  readonly tables = new Map<string, Map<number, CleanRow>>();
  writeCalls = 0;
  constructor(private failures = 0) {}
  async write(table: string, rows: CleanRow[]): Promise<number> {
    this.writeCalls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('warehouse write timed out');
    }
    const t = this.tables.get(table) ?? new Map<number, CleanRow>();
    for (const r of rows) t.set(r.id, r);
    this.tables.set(table, t);
    return rows.length;
  }
  async count(table: string): Promise<number> {
    return this.tables.get(table)?.size ?? 0;
  }
}

export class FakeNotifier implements Notifier {
  readonly messages: string[] = [];
  async notify(message: string): Promise<void> {
    this.messages.push(message);
  }
}
