import { Entity, OPEN_CLOSE_TIME, type ExecutionRow, type NewTask, type TaskBacklogRow, type TaskKind, type TaskRow, type TimerRow, type VisibilityRow } from '../model/rows.js';
import { BatchTables } from './batch-tables.js';
import { EventCache } from './event-cache.js';
import { checkWritable, claimDatabaseFile, fileId, releaseDatabaseFile } from './database-file.js';
import { loadSqliteDriver } from './driver-choice.js';
import { migrate } from './schema.js';
import type { SqlDatabase, SqliteDriver, SqliteDriverName } from './sqlite.js';
import { StorageFault, storageFault } from './storage-faults.js';

/** SQLite storage. Every method is synchronous; callers group them in `transaction`. */
export class Store {
  readonly db: SqlDatabase;
  readonly batches: BatchTables;
  private readonly stmts;
  private readonly control;
  private readonly events = new EventCache();

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
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw storageFault(err, filename) ?? err;
    }
    this.opened = filename ? fileId(filename) : undefined;
    const db = this.db;
    this.batches = new BatchTables(db);
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
      updateNamespace: db.prepare('UPDATE namespaces SET data = ? WHERE name = ?'),
      listSearchAttributes: db.prepare<[string], { name: string; type: string }>(
        'SELECT name, type FROM search_attributes WHERE namespace = ? ORDER BY name',
      ),
      putSearchAttribute: db.prepare(
        'INSERT INTO search_attributes (namespace, name, type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      getExecution: db.prepare<[string], ExecutionRow>('SELECT * FROM executions WHERE run_id = ?'),
      insertExecution: db.prepare(`INSERT INTO executions (namespace, workflow_id, run_id, workflow_type, task_queue,
        status, start_time, execution_time, close_time, history_length, history_size, start_request_id, first_run_id,
        sticky_queue, memo, search_attributes, sa_values, state, entity)
        VALUES (@namespace, @workflow_id, @run_id, @workflow_type, @task_queue, @status, @start_time, @execution_time,
        @close_time, @history_length, @history_size, @start_request_id, @first_run_id, @sticky_queue, @memo,
        @search_attributes, @sa_values, @state, @entity)`),
      updateRun: db.prepare(`UPDATE executions SET status = @status, execution_time = @execution_time, close_time = @close_time,
        history_length = @history_length, history_size = @history_size, sticky_queue = @sticky_queue, state = @state
        WHERE run_id = @run_id`),
      updateRunProgress: db.prepare('UPDATE executions SET history_length = ?, history_size = ?, state = ? WHERE run_id = ?'),
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
      insertTask: db.prepare(`INSERT INTO tasks (namespace, queue, kind, run_id, ref, attempt, priority, pass, fairness_key, created_at)
        VALUES (@namespace, @queue, @kind, @run_id, @ref, @attempt, @priority, @pass, @fairness_key, @created_at)`),
      nextTask: db.prepare<[string, string, number, number, number, number], TaskRow>(
        `SELECT * FROM tasks WHERE namespace = ? AND queue = ? AND kind = ? AND (priority, pass, id) > (?, ?, ?)
         ORDER BY priority, pass, id LIMIT 1`,
      ),
      queueTasks: db.prepare<[string, string, number], TaskRow>(
        'SELECT * FROM tasks WHERE namespace = ? AND queue = ? AND kind = ? ORDER BY priority, pass, id',
      ),
      minPass: db.prepare<[string, string, number, number], { pass: number | null }>(
        'SELECT min(pass) AS pass FROM tasks WHERE namespace = ? AND queue = ? AND kind = ? AND priority = ?',
      ),
      maxKeyPass: db.prepare<[string, string, number, number, string], { pass: number | null }>(
        'SELECT max(pass) AS pass FROM tasks WHERE namespace = ? AND queue = ? AND kind = ? AND priority = ? AND fairness_key = ?',
      ),
      deleteTask: db.prepare('DELETE FROM tasks WHERE id = ?'),
      insertTimer: db.prepare('INSERT INTO timers (fire_at, run_id, kind, ref, attempt) VALUES (?, ?, ?, ?, ?)'),
      dueTimers: db.prepare<[number, number], TimerRow>(
        'SELECT * FROM timers WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?',
      ),
      nextTimer: db.prepare<[], { fire_at: number }>('SELECT fire_at FROM timers ORDER BY fire_at LIMIT 1'),
      deleteTimer: db.prepare('DELETE FROM timers WHERE id = ?'),
      deleteTimerAt: db.prepare('DELETE FROM timers WHERE fire_at = ? AND run_id = ? AND kind = ? AND ref = ? AND attempt = ?'),
      countDueTimers: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM timers WHERE fire_at <= ?'),
      taskBacklog: db.prepare<[], TaskBacklogRow>(
        'SELECT namespace, queue, kind, COUNT(*) AS count FROM tasks GROUP BY namespace, queue, kind',
      ),
      deleteRunExecution: db.prepare('DELETE FROM executions WHERE run_id = ?'),
      deleteRunEvents: db.prepare('DELETE FROM events WHERE run_id = ?'),
      deleteRunTasks: db.prepare('DELETE FROM tasks WHERE run_id = ?'),
      deleteRunTimers: db.prepare('DELETE FROM timers WHERE run_id = ?'),
      deleteRunCurrent: db.prepare('DELETE FROM current_runs WHERE run_id = ?'),
      stickyRuns: db.prepare<[string], { run_id: string }>('SELECT run_id FROM executions WHERE sticky_queue = ?'),
      openStates: db.prepare<[], { state: string }>('SELECT state FROM executions WHERE status IN (1, 8)'),
      // Every column but the run's state, which lists never need and which is most of a row's bytes.
      visibilityPage: db.prepare<[string, number, number, number, string], VisibilityRow>(
        `SELECT namespace, workflow_id, run_id, workflow_type, task_queue, status, start_time, execution_time,
         close_time, history_length, history_size, first_run_id, memo, search_attributes, sa_values, entity
         FROM executions WHERE namespace = ? AND entity = ?
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
      getTaskQueueConfig: db.prepare<[string, number, string], { data: string }>(
        'SELECT data FROM task_queue_configs WHERE namespace = ? AND kind = ? AND queue = ?',
      ),
      putTaskQueueConfig: db.prepare(
        `INSERT INTO task_queue_configs (namespace, kind, queue, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, kind, queue) DO UPDATE SET data = excluded.data`,
      ),
      listDeployments: db.prepare<[string], { data: string }>('SELECT data FROM worker_deployments WHERE namespace = ? ORDER BY name'),
      putDeployment: db.prepare(
        `INSERT INTO worker_deployments (namespace, name, data) VALUES (?, ?, ?)
         ON CONFLICT (namespace, name) DO UPDATE SET data = excluded.data`,
      ),
      deleteDeployment: db.prepare('DELETE FROM worker_deployments WHERE namespace = ? AND name = ?'),
      listWorkflowRules: db.prepare<[string], { request_id: string; data: string }>(
        'SELECT request_id, data FROM workflow_rules WHERE namespace = ? ORDER BY rule_id',
      ),
      putWorkflowRule: db.prepare('INSERT INTO workflow_rules (namespace, rule_id, request_id, data) VALUES (?, ?, ?, ?)'),
      deleteWorkflowRule: db.prepare('DELETE FROM workflow_rules WHERE namespace = ? AND rule_id = ?'),
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
      this.events.clear();
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
    try {
      (outer ? c.commit : c.release).run();
    } catch (err) {
      this.events.clear();
      throw err;
    }
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
    this.events.clear();
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
  updateNamespace(name: string, data: string): void {
    this.stmts.updateNamespace.run(data, name);
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
  /** Writes a run's history size and state, for a change that leaves its status, close time and stickiness. */
  updateRunProgress(row: ExecutionRow): void {
    this.stmts.updateRunProgress.run(row.history_length, row.history_size, row.state, row.run_id);
  }
  /** Writes the run's memo and search attributes (after an upsert). */
  updateVisibility(row: ExecutionRow): void {
    this.stmts.updateVisibility.run(row);
  }
  /** Removes every timer of a run (one that closed: nothing is left for them to time). */
  deleteRunTimers(runId: string): void {
    this.stmts.deleteRunTimers.run(runId);
  }
  /** Removes a run and everything stored for it: its row, history, tasks, timers and current-run pointer. */
  deleteRun(runId: string): void {
    this.events.drop(runId);
    for (const stmt of [
      this.stmts.deleteRunExecution,
      this.stmts.deleteRunEvents,
      this.stmts.deleteRunTasks,
      this.stmts.deleteRunTimers,
      this.stmts.deleteRunCurrent,
    ]) {
      stmt.run(runId);
    }
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
  visibilityIterate(namespace: string, cursor: { close: number; start: number; runId: string } | undefined, entity: Entity = Entity.workflow) {
    const c = cursor ?? { close: OPEN_CLOSE_TIME + 1, start: 0, runId: '' };
    return this.stmts.visibilityPage.iterate(namespace, entity, c.close, c.start, c.runId);
  }

  insertEvent(runId: string, eventId: number, data: Uint8Array): void {
    this.stmts.insertEvent.run(runId, eventId, data);
    this.events.append(runId, eventId, data);
  }
  /** Events [fromId, toExclusive) in order, at most `limit`; a run's recent history comes from memory. */
  readEvents(runId: string, fromId: number, toExclusive: number, limit: number): { event_id: number; data: Uint8Array }[] {
    const end = Math.min(toExclusive, fromId + Math.max(0, limit));
    const kept = this.events.range(runId, fromId, end);
    if (kept) return kept.map((data, i) => ({ event_id: fromId + i, data }));
    const rows = this.stmts.readEvents.all(runId, fromId, toExclusive, limit);
    if (fromId === 1 && rows.every((r, i) => r.event_id === i + 1)) this.events.fill(runId, rows.map((r) => r.data));
    return rows;
  }
  readEventsReverse(runId: string, fromId: number, limit: number) {
    return this.stmts.readEventsReverse.all(runId, fromId, limit);
  }
  readEvent(runId: string, eventId: number): Uint8Array | undefined {
    return this.events.get(runId, eventId) ?? this.stmts.readEvent.get(runId, eventId)?.data;
  }

  insertTask(task: NewTask): void {
    this.stmts.insertTask.run(task);
  }
  /** The first task of a queue in dispatch order (priority, fairness pass, age), after `after` when given. */
  nextTask(namespace: string, queue: string, kind: TaskKind, after?: TaskRow): TaskRow | undefined {
    return this.stmts.nextTask.get(namespace, queue, kind, after?.priority ?? 0, after?.pass ?? -Infinity, after?.id ?? 0);
  }
  /** Every stored task of a queue, in dispatch order (stale ones included: the caller checks them). */
  queueTasks(namespace: string, queue: string, kind: TaskKind): TaskRow[] {
    return this.stmts.queueTasks.all(namespace, queue, kind);
  }
  /** The lowest and a key's highest fairness pass stored at a priority: where dispatch order resumes after a restart. */
  minTaskPass(namespace: string, queue: string, kind: TaskKind, priority: number): number | undefined {
    return this.stmts.minPass.get(namespace, queue, kind, priority)?.pass ?? undefined;
  }
  maxKeyPass(namespace: string, queue: string, kind: TaskKind, priority: number, fairnessKey: string): number | undefined {
    return this.stmts.maxKeyPass.get(namespace, queue, kind, priority, fairnessKey)?.pass ?? undefined;
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
  /** The timer written with these values, found by its time (an index) rather than an id the caller never kept. */
  deleteTimerAt(fireAt: number, runId: string, kind: string, ref: number, attempt: number): void {
    this.stmts.deleteTimerAt.run(fireAt, runId, kind, ref, attempt);
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
  getTaskQueueConfig(namespace: string, kind: number, queue: string): string | undefined {
    return this.stmts.getTaskQueueConfig.get(namespace, kind, queue)?.data;
  }
  putTaskQueueConfig(namespace: string, kind: number, queue: string, data: string): void {
    this.stmts.putTaskQueueConfig.run(namespace, kind, queue, data);
  }
  listDeployments(namespace: string): string[] {
    return this.stmts.listDeployments.all(namespace).map((r) => r.data);
  }
  putDeployment(namespace: string, name: string, data: string): void {
    this.stmts.putDeployment.run(namespace, name, data);
  }
  deleteDeployment(namespace: string, name: string): void {
    this.stmts.deleteDeployment.run(namespace, name);
  }
  /** A namespace's workflow rules: each the base64 WorkflowRule and the request id that created it. */
  listWorkflowRules(namespace: string): { requestId: string; data: string }[] {
    return this.stmts.listWorkflowRules.all(namespace).map((r) => ({ requestId: r.request_id, data: r.data }));
  }
  insertWorkflowRule(namespace: string, ruleId: string, requestId: string, data: string): void {
    this.stmts.putWorkflowRule.run(namespace, ruleId, requestId, data);
  }
  deleteWorkflowRule(namespace: string, ruleId: string): void {
    this.stmts.deleteWorkflowRule.run(namespace, ruleId);
  }
}
