import { OPEN_CLOSE_TIME, type ExecutionRow, type TaskBacklogRow, type TaskKind, type TaskRow, type TimerRow, type VisibilityRow } from '../model/rows.js';
import { checkWritable, claimDatabaseFile, fileId, releaseDatabaseFile } from './database-file.js';
import { loadSqliteDriver } from './driver-choice.js';
import type { SqlDatabase, SqliteDriver, SqliteDriverName } from './sqlite.js';
import { StorageFault, storageFault } from './storage-faults.js';

const SCHEMA = `
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

/** SQLite storage. Every method is synchronous; callers group them in `transaction`. */
export class Store {
  readonly db: SqlDatabase;
  private readonly stmts;
  private readonly control;

  /** identity of the open file (file databases), checked before each commit */
  private readonly opened: string | undefined;

  /**
   * Opens the database (in memory when `filename` is undefined) with the SQLite driver `driver` names, else the one
   * DURABLE_SQLITE_DRIVER names, else the best this runtime has (see driver-choice.ts).
   */
  static async open(filename: string | undefined, driver?: SqliteDriverName): Promise<Store> {
    return new Store(filename, await loadSqliteDriver(driver));
  }

  /**
   * Opens the database with a loaded driver. A file is owned by one process at a time (an OS lock SQLite holds
   * until the process ends, even when it is killed), checked for damage, and refused with what to do when it cannot
   * be used.
   */
  constructor(
    readonly filename: string | undefined,
    readonly driver: SqliteDriver,
  ) {
    try {
      this.db = driver.open(filename ?? ':memory:');
    } catch (err) {
      throw storageFault(err, filename) ?? err;
    }
    try {
      // A short busy timeout: a file another server holds is refused at once rather than after seconds of waiting.
      this.db.exec('PRAGMA busy_timeout = 100');
      if (filename) {
        checkWritable(filename);
        claimDatabaseFile(this.db, filename);
      }
      this.db.exec('PRAGMA foreign_keys = OFF');
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw storageFault(err, filename) ?? err;
    }
    this.opened = filename ? fileId(filename) : undefined;
    const db = this.db;
    this.control = {
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT nested'),
      release: db.prepare('RELEASE nested'),
      rollbackTo: db.prepare('ROLLBACK TO nested'),
    };
    this.stmts = {
      getNamespace: db.prepare<[string], { name: string; id: string; data: string }>(
        'SELECT name, id, data FROM namespaces WHERE name = ?',
      ),
      getNamespaceById: db.prepare<[string], { name: string; id: string; data: string }>(
        'SELECT name, id, data FROM namespaces WHERE id = ?',
      ),
      listNamespaces: db.prepare<[], { name: string; id: string; data: string }>(
        'SELECT name, id, data FROM namespaces ORDER BY name',
      ),
      putNamespace: db.prepare('INSERT INTO namespaces (name, id, data) VALUES (?, ?, ?)'),
      listSearchAttributes: db.prepare<[string], { name: string; type: string }>(
        'SELECT name, type FROM search_attributes WHERE namespace = ? ORDER BY name',
      ),
      putSearchAttribute: db.prepare(
        'INSERT INTO search_attributes (namespace, name, type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      getExecution: db.prepare<[string], ExecutionRow>('SELECT * FROM executions WHERE run_id = ?'),
      insertExecution: db.prepare(`INSERT INTO executions (namespace, workflow_id, run_id, workflow_type, task_queue,
        status, start_time, execution_time, close_time, history_length, history_size, start_request_id, first_run_id,
        sticky_queue, memo, search_attributes, sa_values, state)
        VALUES (@namespace, @workflow_id, @run_id, @workflow_type, @task_queue, @status, @start_time, @execution_time,
        @close_time, @history_length, @history_size, @start_request_id, @first_run_id, @sticky_queue, @memo,
        @search_attributes, @sa_values, @state)`),
      updateRun: db.prepare(`UPDATE executions SET status = @status, close_time = @close_time,
        history_length = @history_length, history_size = @history_size, sticky_queue = @sticky_queue, state = @state
        WHERE run_id = @run_id`),
      updateVisibility: db.prepare(`UPDATE executions SET memo = @memo, search_attributes = @search_attributes,
        sa_values = @sa_values WHERE run_id = @run_id`),
      getCurrent: db.prepare<[string, string], { run_id: string }>(
        'SELECT run_id FROM current_runs WHERE namespace = ? AND workflow_id = ?',
      ),
      putCurrent: db.prepare(
        `INSERT INTO current_runs (namespace, workflow_id, run_id) VALUES (?, ?, ?)
         ON CONFLICT (namespace, workflow_id) DO UPDATE SET run_id = excluded.run_id`,
      ),
      insertEvent: db.prepare('INSERT INTO events (run_id, event_id, data) VALUES (?, ?, ?)'),
      readEvents: db.prepare<[string, number, number, number], { event_id: number; data: Uint8Array }>(
        'SELECT event_id, data FROM events WHERE run_id = ? AND event_id >= ? AND event_id < ? ORDER BY event_id LIMIT ?',
      ),
      readEventsReverse: db.prepare<[string, number, number], { event_id: number; data: Uint8Array }>(
        'SELECT event_id, data FROM events WHERE run_id = ? AND event_id <= ? ORDER BY event_id DESC LIMIT ?',
      ),
      readEvent: db.prepare<[string, number], { data: Uint8Array }>(
        'SELECT data FROM events WHERE run_id = ? AND event_id = ?',
      ),
      insertTask: db.prepare('INSERT INTO tasks (namespace, queue, kind, run_id, ref, attempt) VALUES (?, ?, ?, ?, ?, ?)'),
      firstTask: db.prepare<[string, string, number, number], TaskRow>(
        'SELECT * FROM tasks WHERE namespace = ? AND queue = ? AND kind = ? AND id > ? ORDER BY id LIMIT 1',
      ),
      deleteTask: db.prepare('DELETE FROM tasks WHERE id = ?'),
      insertTimer: db.prepare('INSERT INTO timers (fire_at, run_id, kind, ref, attempt) VALUES (?, ?, ?, ?, ?)'),
      dueTimers: db.prepare<[number, number], TimerRow>(
        'SELECT * FROM timers WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?',
      ),
      nextTimer: db.prepare<[], { fire_at: number }>('SELECT fire_at FROM timers ORDER BY fire_at LIMIT 1'),
      deleteTimer: db.prepare('DELETE FROM timers WHERE id = ?'),
      countDueTimers: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM timers WHERE fire_at <= ?'),
      taskBacklog: db.prepare<[], TaskBacklogRow>(
        'SELECT namespace, queue, kind, COUNT(*) AS count FROM tasks GROUP BY namespace, queue, kind',
      ),
      stickyRuns: db.prepare<[string], { run_id: string }>('SELECT run_id FROM executions WHERE sticky_queue = ?'),
      openStates: db.prepare<[], { state: string }>('SELECT state FROM executions WHERE status = 1'),
      // Every column but the run's state, which lists never need and which is most of a row's bytes.
      visibilityPage: db.prepare<[string, number, number, string], VisibilityRow>(
        `SELECT namespace, workflow_id, run_id, workflow_type, task_queue, status, start_time, execution_time,
         close_time, history_length, history_size, first_run_id, memo, search_attributes, sa_values
         FROM executions WHERE namespace = ?
         AND (coalesce(close_time, 253402300800000), start_time, run_id) < (?, ?, ?)
         ORDER BY coalesce(close_time, 253402300800000) DESC, start_time DESC, run_id DESC`,
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      getSchedule: db.prepare<[string, string], { data: string }>('SELECT data FROM schedules WHERE namespace = ? AND schedule_id = ?'),
      putSchedule: db.prepare(
        'INSERT INTO schedules (namespace, schedule_id, data) VALUES (?, ?, ?) ON CONFLICT (namespace, schedule_id) DO UPDATE SET data = excluded.data',
      ),
      deleteSchedule: db.prepare('DELETE FROM schedules WHERE namespace = ? AND schedule_id = ?'),
      listSchedules: db.prepare<[string, string, number], { schedule_id: string; data: string }>(
        'SELECT schedule_id, data FROM schedules WHERE namespace = ? AND schedule_id > ? ORDER BY schedule_id LIMIT ?',
      ),
      putMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  /** Runs fn atomically: a transaction of its own, or a savepoint inside an open one (the group commit, see begin). */
  transaction<T>(fn: () => T): T {
    const c = this.control;
    const outer = !this.db.inTransaction;
    (outer ? c.begin : c.savepoint).run();
    let result: T;
    try {
      result = fn();
    } catch (err) {
      // A disk error may have made SQLite roll back everything already: then there is nothing left to undo.
      if (this.db.inTransaction) {
        if (outer) c.rollback.run();
        else {
          c.rollbackTo.run();
          c.release.run();
        }
      }
      throw err;
    }
    (outer ? c.commit : c.release).run();
    return result;
  }

  /** Opens a transaction that later `transaction` calls nest in, until commit() or rollback(). */
  begin(): void {
    this.control.begin.run();
  }

  /** The open group of changes is still there (a disk error can make SQLite roll it back on its own). */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  commit(): void {
    if (this.filename && fileId(this.filename) !== this.opened) {
      throw new StorageFault(
        `the database file ${this.filename} was removed or replaced while the server had it open, so nothing more can be stored in it: stop the server and start it again`,
        'REMOVED',
      );
    }
    this.control.commit.run();
  }

  rollback(): void {
    if (this.db.inTransaction) this.control.rollback.run();
  }

  close(): void {
    this.db.close();
    if (this.filename) releaseDatabaseFile(this.filename, this.opened);
  }

  getNamespace(name: string) {
    return this.stmts.getNamespace.get(name);
  }
  getNamespaceById(id: string) {
    return this.stmts.getNamespaceById.get(id);
  }
  listNamespaces() {
    return this.stmts.listNamespaces.all();
  }
  putNamespace(name: string, id: string, data: string): void {
    this.stmts.putNamespace.run(name, id, data);
  }
  listSearchAttributes(namespace: string) {
    return this.stmts.listSearchAttributes.all(namespace);
  }
  putSearchAttribute(namespace: string, name: string, type: string): void {
    this.stmts.putSearchAttribute.run(namespace, name, type);
  }

  getExecution(runId: string): ExecutionRow | undefined {
    return this.stmts.getExecution.get(runId);
  }
  insertExecution(row: ExecutionRow): void {
    this.stmts.insertExecution.run(row);
  }
  /** Writes what changes as a run moves: status, history size, stickiness and state. */
  updateRun(row: ExecutionRow): void {
    this.stmts.updateRun.run(row);
  }
  /** Writes the run's memo and search attributes (after an upsert). */
  updateVisibility(row: ExecutionRow): void {
    this.stmts.updateVisibility.run(row);
  }
  getCurrentRunId(namespace: string, workflowId: string): string | undefined {
    return this.stmts.getCurrent.get(namespace, workflowId)?.run_id;
  }
  setCurrentRunId(namespace: string, workflowId: string, runId: string): void {
    this.stmts.putCurrent.run(namespace, workflowId, runId);
  }
  /** The state JSON of every running execution (time skipping checks them for pending work). */
  openRunStates(): string[] {
    return this.stmts.openStates.all().map((r) => r.state);
  }
  runsOnStickyQueue(queue: string): string[] {
    return this.stmts.stickyRuns.all(queue).map((r) => r.run_id);
  }
  /** Executions in visibility order (open runs first, then by close time), starting after the cursor. */
  visibilityIterate(namespace: string, cursor: { close: number; start: number; runId: string } | undefined) {
    const c = cursor ?? { close: OPEN_CLOSE_TIME + 1, start: 0, runId: '' };
    return this.stmts.visibilityPage.iterate(namespace, c.close, c.start, c.runId);
  }

  insertEvent(runId: string, eventId: number, data: Uint8Array): void {
    this.stmts.insertEvent.run(runId, eventId, data);
  }
  readEvents(runId: string, fromId: number, toExclusive: number, limit: number) {
    return this.stmts.readEvents.all(runId, fromId, toExclusive, limit);
  }
  readEventsReverse(runId: string, fromId: number, limit: number) {
    return this.stmts.readEventsReverse.all(runId, fromId, limit);
  }
  readEvent(runId: string, eventId: number): Uint8Array | undefined {
    return this.stmts.readEvent.get(runId, eventId)?.data;
  }

  insertTask(namespace: string, queue: string, kind: TaskKind, runId: string, ref: number, attempt: number): void {
    this.stmts.insertTask.run(namespace, queue, kind, runId, ref, attempt);
  }
  firstTask(namespace: string, queue: string, kind: TaskKind, afterId = 0): TaskRow | undefined {
    return this.stmts.firstTask.get(namespace, queue, kind, afterId);
  }
  deleteTask(id: number): void {
    this.stmts.deleteTask.run(id);
  }

  insertTimer(fireAt: number, runId: string, kind: string, ref: number, attempt: number): void {
    this.stmts.insertTimer.run(fireAt, runId, kind, ref, attempt);
  }
  dueTimers(now: number, limit: number): TimerRow[] {
    return this.stmts.dueTimers.all(now, limit);
  }
  /** Timers due by `now` and not fired yet: more than a few means the timer queue is behind. */
  countDueTimers(now: number): number {
    return this.stmts.countDueTimers.get(now)?.n ?? 0;
  }
  /** Stored tasks per queue; rows whose work has moved on are counted until a poll drops them. */
  taskBacklog(): TaskBacklogRow[] {
    return this.stmts.taskBacklog.all();
  }
  nextTimerAt(): number | undefined {
    return this.stmts.nextTimer.get()?.fire_at;
  }
  deleteTimer(id: number): void {
    this.stmts.deleteTimer.run(id);
  }

  getSchedule(namespace: string, id: string): string | undefined {
    return this.stmts.getSchedule.get(namespace, id)?.data;
  }
  putSchedule(namespace: string, id: string, data: string): void {
    this.stmts.putSchedule.run(namespace, id, data);
  }
  deleteSchedule(namespace: string, id: string): void {
    this.stmts.deleteSchedule.run(namespace, id);
  }
  /** Schedules in id order after `afterId`. */
  listSchedules(namespace: string, afterId: string, limit: number): { schedule_id: string; data: string }[] {
    return this.stmts.listSchedules.all(namespace, afterId, limit);
  }
  getMeta(key: string): string | undefined {
    return this.stmts.getMeta.get(key)?.value;
  }
  putMeta(key: string, value: string): void {
    this.stmts.putMeta.run(key, value);
  }
}
