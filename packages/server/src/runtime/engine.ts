import type { Clock } from '../model/clock.js';
import type { DynamicConfig } from '../model/dynamic-config.js';
import type { Logger } from '../model/logger.js';
import { Code, HistoryLimitError, ServiceError, workflowNotFound } from '../model/errors.js';
import { historyLimitExceeded, historyOverWarnLimit } from '../run/limits.js';
import { SERVER_IDENTITY } from '../run/workflow-tasks.js';
import { terminate } from '../transitions/lifecycle.js';
import { Entity, WorkflowStatus, type ExecutionRow, type TimerRow } from '../model/rows.js';
import type { CloseOutcome, RunState } from '../model/run-state.js';
import { StorageFault, storageFault } from '../persistence/storage-faults.js';
import type { Store } from '../persistence/store.js';
import { KeyedWaiters } from '../infra/keyed-waiters.js';
import { Matching } from '../infra/matching.js';
import type { ServerMetrics } from '../infra/metrics.js';
import { Namespaces } from '../infra/namespaces.js';
import { DispatchOrder } from '../infra/dispatch-order.js';
import { TaskQueueConfigs } from '../infra/task-queue-configs.js';
import { WorkflowRules } from '../infra/workflow-rules.js';
import { WorkerRegistry } from '../infra/workers.js';
import { WorkerDeployments } from '../infra/deployments.js';
import { TimerQueue } from '../infra/timer-queue.js';
import { newEffects, type Effects } from '../ports/effects.js';
import { RunContext, type Host, type Tx as RunTx } from '../run/run-context.js';
import { QueryManager } from './queries.js';
import { UpdateRegistry } from './update-registry.js';

interface LoadedRun {
  row: ExecutionRow;
  state: RunState;
}

/** The runs one transaction touches; all are saved together when it commits. */
export class Tx implements RunTx {
  readonly contexts = new Map<string, RunContext>();
  readonly effects: Effects = newEffects();
  private readonly removed = new Set<string>();

  constructor(
    private readonly engine: Engine,
    readonly now: number,
  ) {}

  get store() {
    return this.engine.store;
  }
  get namespaces() {
    return this.engine.namespaces;
  }

  run(runId: string): RunContext | undefined {
    let ctx = this.contexts.get(runId);
    if (!ctx) {
      const loaded = this.engine.loadRun(runId);
      if (!loaded) return undefined;
      ctx = new RunContext(this.engine, loaded.row, loaded.state, this.now, this.effects, this);
      this.contexts.set(runId, ctx);
    }
    return ctx;
  }

  /** The run, or NOT_FOUND naming the workflow. */
  mustRun(workflowId: string, runId: string): RunContext {
    const ctx = this.run(runId);
    if (!ctx) throw workflowNotFound(workflowId, runId);
    return ctx;
  }

  /** The current run of a workflow id (or the given run), or undefined. Standalone activities are not workflows. */
  resolveOptional(namespace: string, workflowId: string, runId?: string | null): RunContext | undefined {
    const id = runId || this.engine.store.getCurrentRunId(namespace, workflowId);
    const ctx = id ? this.run(id) : undefined;
    return ctx && ctx.namespace === namespace && ctx.workflowId === workflowId && ctx.row.entity === Entity.workflow ? ctx : undefined;
  }

  /** The current run of a workflow id (or the given run), or NOT_FOUND. */
  resolve(namespace: string, workflowId: string, runId?: string | null): RunContext {
    const ctx = this.resolveOptional(namespace, workflowId, runId);
    if (!ctx) throw workflowNotFound(workflowId, runId);
    return ctx;
  }

  remove(run: RunContext): void {
    this.engine.store.deleteRun(run.runId);
    this.engine.uncache(run.runId);
    this.contexts.delete(run.runId);
    this.removed.add(run.runId);
  }

  /** Runs loaded (or created) and not removed: what the commit saves. */
  touched(): RunContext[] {
    return [...this.contexts.values()].filter((ctx) => !this.removed.has(ctx.runId));
  }

  create(row: ExecutionRow, state: RunState): RunContext {
    this.engine.store.insertExecution(row);
    const { metrics } = this.engine;
    this.effects.after.push(() => metrics.workflowStarted(row.namespace, row.workflow_type));
    this.engine.cacheRun(row, state);
    const ctx = new RunContext(this.engine, row, state, this.now, this.effects, this);
    this.contexts.set(row.run_id, ctx);
    return ctx;
  }
}

const CACHE_LIMIT = 10_000;

const STATUS_PREFIX = 'WORKFLOW_EXECUTION_STATUS_';

/** 'completed', 'continued_as_new', ... as a metric label. */
function statusName(status: number): string {
  const name = WorkflowStatus[status] ?? String(status);
  return name.startsWith(STATUS_PREFIX) ? name.slice(STATUS_PREFIX.length).toLowerCase() : name;
}

/** What the layers above the runtime do when a run closes and when a durable timer is due (the composition root). */
export interface EngineHooks {
  /** Every run that closes, in its transaction: its parent, its children, a schedule waiting for it. */
  runClosed(run: RunContext, status: number, outcome: CloseOutcome): void;
  /** A due timer, in a transaction of its own (its row is already deleted). */
  timerDue(tx: Tx, row: TimerRow): void;
}

interface Batch {
  effects: Effects[];
  answers: { committed: () => void; failed: (err: Error) => void }[];
}

/**
 * The dev server's runtime over SQLite: the run cache, transactions, group commit, and the effects each commit lets
 * out. Every state change runs in `transact`; pollers, timers, history watchers and in-memory registries learn of it
 * only once its group is committed.
 */
export class Engine implements Host {
  readonly matching = new Matching();
  readonly timers: TimerQueue;
  readonly queries: QueryManager;
  readonly updates = new UpdateRegistry();
  readonly workers = new WorkerRegistry();
  readonly deployments: WorkerDeployments;
  readonly namespaces: Namespaces;
  readonly dispatchOrder: DispatchOrder;
  readonly taskQueueConfigs: TaskQueueConfigs;
  readonly rules: WorkflowRules;
  private readonly cache = new Map<string, LoadedRun>();
  /** History long polls, woken by any new event or only by the close (a caller waiting for the result). */
  private readonly historyWaiters = new KeyedWaiters();
  private readonly closeWaiters = new KeyedWaiters();
  private taskId: number;

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly metrics: ServerMetrics,
    readonly config: DynamicConfig,
    private readonly hooks: EngineHooks,
  ) {
    this.taskId = clock.now() * 1000;
    this.timers = new TimerQueue(store, clock, logger, (row) => this.fireTimer(row));
    this.queries = new QueryManager(this.matching);
    this.namespaces = new Namespaces(store);
    this.taskQueueConfigs = new TaskQueueConfigs(store);
    this.deployments = new WorkerDeployments(store);
    this.rules = new WorkflowRules(store);
    this.dispatchOrder = new DispatchOrder(
      store,
      (ns, kind, queue, key) => this.taskQueueConfigs.get(ns, kind, queue)?.fairnessWeightOverrides?.[key],
    );
  }

  runClosed(run: RunContext, status: number, outcome: CloseOutcome): void {
    const { namespace, workflow_type } = run.row;
    const name = statusName(status);
    run.afterCommit(() => this.metrics.workflowClosed(namespace, workflow_type, name));
    this.hooks.runClosed(run, status, outcome);
  }

  start(): void {
    this.timers.start();
  }

  stop(): void {
    this.commit();
    this.timers.stop();
    this.matching.close();
    this.queries.close();
    this.historyWaiters.close();
    this.closeWaiters.close();
  }

  now(): number {
    return this.clock.now();
  }

  nextTaskId(): number {
    return ++this.taskId;
  }

  loadRun(runId: string): LoadedRun | undefined {
    const cached = this.cache.get(runId);
    if (cached) {
      // Re-insert so the Map's order tracks recent use.
      this.cache.delete(runId);
      this.cache.set(runId, cached);
      return cached;
    }
    const row = this.store.getExecution(runId);
    if (!row) return undefined;
    return this.cacheRun(row, JSON.parse(row.state) as RunState);
  }

  uncache(runId: string): void {
    this.cache.delete(runId);
  }

  cacheRun(row: ExecutionRow, state: RunState): LoadedRun {
    const loaded = { row, state };
    this.cache.set(row.run_id, loaded);
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return loaded;
  }

  /**
   * Runs `fn` atomically (a savepoint in the current group commit); on any error its changes are undone and the
   * touched runs are reloaded from the database next time. What it sets in motion (woken pollers, timers, history
   * waiters) happens once the group is committed.
   */
  transact<T>(fn: (tx: Tx) => T): T {
    const tx = new Tx(this, this.clock.now());
    let batch: Batch;
    let result: T;
    try {
      batch = this.openBatch();
      if (!this.store.inTransaction) {
        // SQLite rolled the group back on its own after a disk error: what runs now would be committed alone.
        throw new StorageFault('the disk failed earlier in this group of changes, which was rolled back; retry the request', 'ROLLED_BACK');
      }
      result = this.store.transaction(() => {
        const r = fn(tx);
        const touched = tx.touched();
        this.checkHistoryLimits(touched);
        for (const ctx of touched) this.save(ctx);
        return r;
      });
    } catch (err) {
      for (const id of tx.contexts.keys()) this.cache.delete(id);
      if (err instanceof HistoryLimitError) this.terminateOverLimit(err);
      const fault = storageFault(err, this.store.filename);
      if (fault) throw new ServiceError(Code.UNAVAILABLE, `storage error: ${fault.message}`);
      throw err;
    }
    batch.effects.push(tx.effects);
    return result;
  }

  /** Writes what a transaction changed of a run; a run it only read costs no write. */
  private save(ctx: RunContext): void {
    const row = ctx.row;
    if (ctx.visibilityChanged) this.store.updateVisibility(row);
    const state = JSON.stringify(ctx.state);
    const sticky = ctx.state.sticky?.queue ?? null;
    const indexed = ctx.statusChanged || sticky !== row.sticky_queue;
    if (state === row.state && !indexed && !ctx.rowChanged) return;
    row.state = state;
    row.sticky_queue = sticky;
    // Most transactions move only the state and the history: a narrower write leaves the indexes alone.
    if (indexed) this.store.updateRun(row);
    else this.store.updateRunProgress(row);
  }

  private readonly warnedRuns = new Set<string>();

  /** An open run past a history error limit undoes the transaction (HistoryLimitError); past a warn limit, a log line. */
  private checkHistoryLimits(touched: RunContext[]): void {
    for (const ctx of touched) {
      const reason = historyLimitExceeded(this.config, ctx);
      if (reason) throw new HistoryLimitError(ctx.runId, reason);
      if (ctx.isOpen && !this.warnedRuns.has(ctx.runId) && historyOverWarnLimit(this.config, ctx)) {
        this.warnedRuns.add(ctx.runId);
        this.logger.warn('workflow history exceeds warn limit', {
          workflowId: ctx.workflowId,
          runId: ctx.runId,
          events: ctx.state.nextEventId - 1,
          bytes: ctx.row.history_size,
        });
      }
    }
  }

  /** Temporal terminates a run that would go past a history error limit, in place of what it was asked to do. */
  private terminateOverLimit(err: HistoryLimitError): void {
    this.transact((tx) => {
      const run = tx.run(err.runId);
      if (run?.isOpen) terminate(run, err.message, null, SERVER_IDENTITY);
    });
    this.logger.warn('workflow terminated: history past its error limit', { runId: err.runId, reason: err.message });
  }

  // Group commit: the transactions of one turn of the event loop share one SQLite commit, the largest cost per
  // write on a file database. Nothing they did is visible outside (answers, wake-ups) until that commit.
  private batch: Batch | undefined;

  private openBatch(): Batch {
    if (this.batch) return this.batch;
    this.store.begin();
    const batch: Batch = { effects: [], answers: [] };
    this.batch = batch;
    setImmediate(() => this.commit());
    return batch;
  }

  /** Calls `committed` once everything written so far is durable (at once if nothing is pending), else `failed`. */
  afterCommit(committed: () => void, failed: (err: Error) => void): void {
    if (this.batch) this.batch.answers.push({ committed, failed });
    else committed();
  }

  /** Commits the open group, then lets its effects and answers out. */
  commit(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const began = performance.now();
    try {
      this.store.commit();
    } catch (err) {
      try {
        this.store.rollback();
      } catch {
        // A file removed underneath cannot roll back either; the group is gone with it.
      }
      // The cached runs hold state that was never stored.
      this.cache.clear();
      const failure = storageFault(err, this.store.filename) ?? (err as Error);
      this.logger.error('commit failed: nothing of this group was stored', { error: failure.message });
      for (const a of batch.answers) a.failed(failure);
      return;
    }
    this.metrics.committed((performance.now() - began) / 1000, batch.effects.length);
    for (const effects of batch.effects) this.applyEffects(effects);
    for (const a of batch.answers) a.committed();
  }

  /** Runs a read-only `fn` over loaded runs, outside any write transaction. */
  read<T>(fn: (tx: Tx) => T): T {
    return fn(new Tx(this, this.clock.now()));
  }

  private applyEffects(effects: Effects): void {
    const now = this.clock.now();
    for (const key of effects.queues) {
      this.matching.recordAdd(key, now);
      this.matching.notify(key);
    }
    if (effects.timerAt !== Infinity) this.timers.poke(effects.timerAt);
    for (const runId of effects.historyChanged) this.historyWaiters.wakeAll(runId);
    for (const runId of effects.closed) this.closeWaiters.wakeAll(runId);
    for (const fn of effects.after) fn();
  }

  /**
   * Resolves true when the run's history grows (or, with `closeOnly`, when it closes); false after `timeoutMs`, on
   * abort, or when the server stops.
   */
  waitForHistory(runId: string, timeoutMs: number, signal?: AbortSignal, closeOnly = false): Promise<boolean> {
    return (closeOnly ? this.closeWaiters : this.historyWaiters).wait(runId, timeoutMs, signal);
  }

  private fireTimer(row: TimerRow): void {
    this.metrics.timerFired(row.kind, Math.max(0, this.clock.now() - row.fire_at) / 1000);
    try {
      this.transact((tx) => {
        this.store.deleteTimer(row.id);
        this.hooks.timerDue(tx, row);
      });
    } catch (err) {
      if (!(err instanceof HistoryLimitError)) throw err;
      // The run was terminated in place of what the timer would have written; the timer is spent.
      this.transact(() => this.store.deleteTimer(row.id));
    }
  }
}
