// The batch operation tables: one row per job (its state as JSON) and the executions it works through, numbered.
import type { SqlDatabase } from './sqlite.js';

export interface BatchTarget {
  seq: number;
  /** temporal.api.enums.v1.ExecutionType: 1 workflow, 2 activity */
  kind: number;
  business_id: string;
  run_id: string;
}

export class BatchTables {
  private readonly stmts;

  constructor(db: SqlDatabase) {
    this.stmts = {
      get: db.prepare<[string, string], { data: string }>('SELECT data FROM batch_jobs WHERE namespace = ? AND job_id = ?'),
      put: db.prepare(
        `INSERT INTO batch_jobs (namespace, job_id, start_time, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, job_id) DO UPDATE SET data = excluded.data`,
      ),
      page: db.prepare<[string, number, number, string, number], { job_id: string; start_time: number; data: string }>(
        `SELECT job_id, start_time, data FROM batch_jobs WHERE namespace = ? AND (start_time < ? OR (start_time = ? AND job_id > ?))
         ORDER BY start_time DESC, job_id LIMIT ?`,
      ),
      all: db.prepare<[string], { data: string }>('SELECT data FROM batch_jobs WHERE namespace = ?'),
      addTarget: db.prepare('INSERT INTO batch_targets (namespace, job_id, seq, kind, business_id, run_id) VALUES (?, ?, ?, ?, ?, ?)'),
      targets: db.prepare<[string, string, number, number], BatchTarget>(
        'SELECT seq, kind, business_id, run_id FROM batch_targets WHERE namespace = ? AND job_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  get(namespace: string, jobId: string): string | undefined {
    return this.stmts.get.get(namespace, jobId)?.data;
  }
  put(namespace: string, jobId: string, startTime: number, data: string): void {
    this.stmts.put.run(namespace, jobId, startTime, data);
  }
  /** Jobs newest first, after the (start time, job id) cursor. */
  page(namespace: string, after: { start: number; jobId: string } | undefined, limit: number) {
    const c = after ?? { start: Number.MAX_SAFE_INTEGER, jobId: '' };
    return this.stmts.page.all(namespace, c.start, c.start, c.jobId, limit);
  }
  all(namespace: string): string[] {
    return this.stmts.all.all(namespace).map((r) => r.data);
  }
  addTarget(namespace: string, jobId: string, t: BatchTarget): void {
    this.stmts.addTarget.run(namespace, jobId, t.seq, t.kind, t.business_id, t.run_id);
  }
  targets(namespace: string, jobId: string, fromSeq: number, limit: number): BatchTarget[] {
    return this.stmts.targets.all(namespace, jobId, fromSeq, limit);
  }
}
