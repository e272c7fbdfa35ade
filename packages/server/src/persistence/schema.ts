// The database's shape: the tables the first release created, then numbered migrations, so a database file written
// by any earlier version opens and is brought up to date in place (`meta.schema_version` records how far it got).
import type { SqlDatabase } from './sqlite.js';

/** The tables as the first release created them; later columns and tables come from MIGRATIONS. */
export const BASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS namespaces (
  name TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS search_attributes (
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (namespace, name)
);
CREATE TABLE IF NOT EXISTS executions (
  namespace TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  run_id TEXT PRIMARY KEY,
  workflow_type TEXT NOT NULL,
  task_queue TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  execution_time INTEGER NOT NULL,
  close_time INTEGER,
  history_length INTEGER NOT NULL,
  history_size INTEGER NOT NULL,
  start_request_id TEXT NOT NULL,
  first_run_id TEXT NOT NULL,
  sticky_queue TEXT,
  memo BLOB,
  search_attributes BLOB,
  sa_values TEXT NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_by_workflow ON executions (namespace, workflow_id, start_time);
CREATE INDEX IF NOT EXISTS executions_by_visibility ON executions
  (namespace, coalesce(close_time, 253402300800000) DESC, start_time DESC, run_id);
CREATE INDEX IF NOT EXISTS executions_by_sticky ON executions (sticky_queue) WHERE sticky_queue IS NOT NULL;
CREATE TABLE IF NOT EXISTS current_runs (
  namespace TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (namespace, workflow_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  run_id TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (run_id, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL,
  queue TEXT NOT NULL,
  kind INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  ref INTEGER NOT NULL,
  attempt INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_queue ON tasks (namespace, queue, kind, id);
CREATE TABLE IF NOT EXISTS timers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fire_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref INTEGER NOT NULL,
  attempt INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS timers_by_time ON timers (fire_at, id);
CREATE TABLE IF NOT EXISTS schedules (
  namespace TEXT NOT NULL,
  schedule_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (namespace, schedule_id)
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Each step runs once, in order, inside one transaction with the version bump. */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    // Tasks dispatch by priority, then by fairness pass (a weighted virtual time per fairness key), then by age.
    version: 2,
    sql: `
      ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 3;
      ALTER TABLE tasks ADD COLUMN pass REAL NOT NULL DEFAULT 0;
      ALTER TABLE tasks ADD COLUMN fairness_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE tasks ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
      UPDATE tasks SET pass = id;
      CREATE INDEX IF NOT EXISTS tasks_in_order ON tasks (namespace, queue, kind, priority, pass, id);
    `,
  },
  {
    // UpdateTaskQueueConfig: rate limits and fairness weight overrides per queue and task kind.
    version: 3,
    sql: `
      CREATE TABLE IF NOT EXISTS task_queue_configs (
        namespace TEXT NOT NULL,
        kind INTEGER NOT NULL,
        queue TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (namespace, kind, queue)
      );
    `,
  },
  {
    // Batch operations: the job, and the executions it resolved to when it started (worked through in order).
    version: 4,
    sql: `
      CREATE TABLE IF NOT EXISTS batch_jobs (
        namespace TEXT NOT NULL,
        job_id TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (namespace, job_id)
      );
      CREATE INDEX IF NOT EXISTS batch_jobs_by_start ON batch_jobs (namespace, start_time DESC, job_id);
      CREATE TABLE IF NOT EXISTS batch_targets (
        namespace TEXT NOT NULL,
        job_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        business_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        PRIMARY KEY (namespace, job_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Standalone activities are executions of their own kind (entity 1): never listed or found as workflows.
    version: 5,
    sql: `ALTER TABLE executions ADD COLUMN entity INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // Worker deployments: each with its versions, their task queues and the routing config.
    version: 6,
    sql: `
      CREATE TABLE IF NOT EXISTS worker_deployments (
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (namespace, name)
      );
    `,
  },
  {
    // Workflow rules (CreateWorkflowRule): namespace-wide, each a WorkflowRule message and the request that made it.
    version: 7,
    sql: `
      CREATE TABLE IF NOT EXISTS workflow_rules (
        namespace TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (namespace, rule_id)
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length ? MIGRATIONS[MIGRATIONS.length - 1]!.version : 1;

export function migrate(db: SqlDatabase): void {
  db.exec(BASE_SCHEMA);
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
  const current = row ? Number(row.value) : 1;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the database was written by a newer Durable server (schema ${current}, this one knows ${SCHEMA_VERSION})`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.exec('BEGIN');
    try {
      db.exec(m.sql);
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(m.version));
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }
}
