import { ApplicationFailure } from '@durable/activity';
import type { CleanRow, Notifier, Row, Source, Warehouse } from './services.js';

export function createActivities({ source, warehouse, notifier }: { source: Source; warehouse: Warehouse; notifier: Notifier }) {
  return {
    extract: (batch: string) => source.read(batch),
    async transform(rows: Row[]): Promise<CleanRow[]> {
      return rows.map((r) => {
        const amount = Number(r.amount);
        // Bad data will not get better with retries.
        if (!Number.isFinite(amount)) throw ApplicationFailure.nonRetryable(`row ${r.id}: amount ${JSON.stringify(r.amount)} is not a number`, 'BadRow');
        return { id: r.id, name: r.name.trim(), amountCents: Math.round(amount * 100) };
      });
    },
    load: (table: string, rows: CleanRow[]) => warehouse.write(table, rows),
    async validate(table: string, expected: number): Promise<number> {
      const n = await warehouse.count(table);
      if (n !== expected) throw ApplicationFailure.nonRetryable(`table ${table} has ${n} rows, expected ${expected}`, 'ValidationFailed');
      return n;
    },
    notify: (message: string) => notifier.notify(message),
  };
}
export type EtlActivities = ReturnType<typeof createActivities>;
