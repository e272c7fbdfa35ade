// Worker: runs the workflows and activities of one task queue, with the options and lifecycle of
// @temporalio/worker's Worker (create, run, runUntil, shutdown).
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Client, Connection, type ClientInterceptors } from '@durable/client';
import { loadDataConverter, msToNumber, noopMetricMeter, type DataConverter, type Duration } from '@durable/common';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundle } from './bundler.js';
import type { Logger } from './logger.js';
import { Runtime } from './runtime.js';
import { SinkCaller, initLoggerSink, initMetricSink, type InjectedSinks } from './sinks.js';
import type { Sinks } from '@durable/workflow';
import { WorkflowWorker } from './workflow-worker.js';
import { ActivityWorker } from './activity-worker.js';
import type { ActivityInboundCallsInterceptorFactory, ActivityInterceptorsFactory } from './activity-interceptors.js';
import { ActivityInboundLogInterceptor } from './log-interceptors.js';
import { FixedSlots, MeteredSlots, tunedSlots, type WorkerTuner } from './tuner.js';
import { WorkerMetrics } from './metrics/worker-metrics.js';
import { CombinedWorkerRunError } from './errors.js';
import { ActivityRegistry } from './activity-registry.js';
import { compileDeployment, type WorkerDeploymentOptions } from './deployment.js';
import { WorkerHeartbeats } from './heartbeat-sender.js';
import type { SlotSupplierKind } from './worker-heartbeat.js';
import { WorkflowSandbox } from '@durable/workflow/sandbox';
import { temporal } from '@durable/proto';
import { loadReplayBundle, replayFailure, replayHistory, type ReplayPlugin, type ReplayResult, type ReplayWorkerOptions } from './replay.js';

export type WorkflowBundleOption = WorkflowBundle | { codePath: string };

export interface WorkerOptions {
  /**
   * Functions workflow code calls through proxySinks (one-way, after each activation). The logger and metric
   * sinks behind workflow `log` and `metricMeter` are added unless given here.
   */
  sinks?: InjectedSinks<Sinks>;
  /** Error class names that fail the workflow (instead of failing, and retrying, its task) when workflow code throws them. */
  workflowFailureErrorTypes?: string[];
  /** Default: a connection to localhost:7233. */
  connection?: Connection;
  /** Applied in order to these options, then the connection's plugins; they may also wrap run() (see WorkerPlugin). */
  plugins?: WorkerPlugin[];
  /** Default 'default'. */
  namespace?: string;
  taskQueue: string;
  /** The module exporting the workflow functions; bundled at create(). */
  workflowsPath?: string;
  /** A bundle made ahead of time with bundleWorkflowCode (faster start). */
  workflowBundle?: WorkflowBundleOption;
  /** Activity functions by name. */
  activities?: object;
  identity?: string;
  dataConverter?: DataConverter;
  logger?: Logger;
  /** Default 40 (ignored with `tuner`). */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Default 100 (ignored with `tuner`). */
  maxConcurrentActivityTaskExecutions?: number;
  /** How many workflow and activity tasks run at once: fixed, resource-based (CPU and memory), or custom. */
  tuner?: WorkerTuner;
  /** Workflow task long polls kept open at once, split between the task queue and the sticky queue. Default 10. */
  maxConcurrentWorkflowTaskPolls?: number;
  /** The share of workflow task polls on the task queue; the rest poll this worker's sticky queue. Default 0.2. */
  nonStickyToStickyPollRatio?: number;
  /** Activity task long polls kept open at once. Default 10. */
  maxConcurrentActivityTaskPolls?: number;
  /**
   * Activity slots a workflow task may take for the activities it schedules on this task queue, which the server
   * then hands back with its answer instead of queueing them (eager activity execution). 0 turns it off. Default 3.
   */
  maxEagerActivityReservationsPerWorkflowTask?: number;
  /** Runs kept in memory between tasks. Default 1000. */
  maxCachedWorkflows?: number;
  /** Interceptors: modules bundled into the workflow code, and factories wrapping each activity execution. */
  interceptors?: WorkerInterceptors;
  /** Heap size (bytes) above which cached runs are evicted. Default 1 GiB. */
  maxCachedWorkflowsMemory?: number;
  /** Default '10s'. */
  stickyQueueScheduleToStartTimeout?: Duration;
  /** How long running activities may finish after shutdown() before they are cancelled. Default 0. */
  shutdownGraceTime?: Duration;
  /** Upper bound of the heartbeat throttle (which is 80% of the heartbeat timeout). Default '60s'. */
  maxHeartbeatThrottleInterval?: Duration;
  /** Heartbeat throttle of activities without a heartbeat timeout. Default '30s'. */
  defaultHeartbeatThrottleInterval?: Duration;
  /**
   * The worker deployment version this worker runs (deployment name + build id). With `useWorkerVersioning` the
   * server routes tasks by version: pinned runs stay on their version's workers, auto-upgrade runs move to the
   * current version; `defaultVersioningBehavior` applies to workflows that declare none.
   */
  workerDeploymentOptions?: WorkerDeploymentOptions;
}

/**
 * A plugin, as the official worker takes them (experimental there too): rewrites a worker's, a replay's or a
 * bundle's options and may wrap the worker's run, so one package (OpenTelemetryPlugin, for one) brings its
 * interceptors, sinks and workflow modules in a single line.
 */
export interface WorkerPlugin {
  /** Shown in logs and worker heartbeats. */
  readonly name: string;
  /** Returns the worker options to use in place of `options` (Worker.create waits for a promise). */
  configureWorker?(options: WorkerOptions): WorkerOptions | Promise<WorkerOptions>;
  /** The same for Worker.runReplayHistory / runReplayHistories. */
  configureReplayWorker?(options: ReplayWorkerOptions): ReplayWorkerOptions;
  /** Wraps the worker's run: call `next(worker)` to run it (inside a context, after a setup …). */
  runWorker?(worker: Worker, next: (worker: Worker) => Promise<void>): Promise<void>;
  /** Applied when the worker bundles its workflows. */
  configureBundler?(options: BundleOptions): BundleOptions;
}

/** `options` after each plugin's step, in order. */
async function applyPlugins<O, P>(options: O, plugins: readonly P[], step: (plugin: P, options: O) => O | Promise<O> | undefined): Promise<O> {
  for (const plugin of plugins) options = (await step(plugin, options)) ?? options;
  return options;
}

export interface WorkerInterceptors {
  /** Modules that export `interceptors: WorkflowInterceptorsFactory` (see @durable/workflow). */
  workflowModules?: string[];
  activity?: ActivityInterceptorsFactory[];
  /** @deprecated upstream: factories of inbound activity interceptors only; use `activity`. */
  activityInbound?: ActivityInboundCallsInterceptorFactory[];
  /** Interceptors of the client this worker hands to activities (`Context.current().client`). */
  client?: ClientInterceptors;
}

/** No workflow interceptor module is added by default (logging is built into the workflow runtime). */
export const defaultWorkflowInterceptorModules: string[] = [];

/**
 * The interceptors with the activity logging interceptor first, logging to `logger`. Only needed for a logger other
 * than the Runtime's (the worker already logs there).
 * @deprecated upstream: set Runtime.install({ logger }) instead.
 */
export function appendDefaultInterceptors(interceptors: WorkerInterceptors, logger?: Logger): WorkerInterceptors {
  if (!logger || logger === Runtime.instance().logger) return interceptors;
  return {
    activityInbound: [(ctx) => new ActivityInboundLogInterceptor(ctx, logger), ...(interceptors.activityInbound ?? [])],
    activity: interceptors.activity,
    workflowModules: interceptors.workflowModules,
  };
}

/** Activity interceptor factories of both shapes, as one list. */
function activityInterceptors(interceptors: WorkerInterceptors | undefined): ActivityInterceptorsFactory[] {
  return [...(interceptors?.activityInbound ?? []).map((f): ActivityInterceptorsFactory => (ctx) => ({ inbound: f(ctx) })), ...(interceptors?.activity ?? [])];
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`Worker option ${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** How the slots of one kind are given out, as the heartbeat names it. */
function supplierKind(tuner: WorkerTuner | undefined, kind: 'workflow' | 'activity'): SlotSupplierKind {
  if (!tuner) return 'Fixed';
  if (!('workflowTaskSlotSupplier' in tuner)) return 'ResourceBased';
  const type = (kind === 'workflow' ? tuner.workflowTaskSlotSupplier : tuner.activityTaskSlotSupplier).type;
  return type === 'fixed-size' ? 'Fixed' : type === 'resource-based' ? 'ResourceBased' : 'Custom';
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`Worker option ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * How many of the workflow task polls go to the task queue and how many to the sticky queue (at least one each):
 * after a run's first task, its tasks come through the sticky queue, so that is where most polls wait.
 */
function workflowPolls(options: WorkerOptions): { normalPolls: number; stickyPolls: number } {
  const total = positiveInteger('maxConcurrentWorkflowTaskPolls', options.maxConcurrentWorkflowTaskPolls ?? 10);
  const ratio = options.nonStickyToStickyPollRatio ?? 0.2;
  if (!(ratio >= 0 && ratio <= 1)) throw new TypeError(`Worker option nonStickyToStickyPollRatio must be between 0 and 1, got ${ratio}`);
  const normalPolls = Math.max(1, Math.round(total * ratio));
  return { normalPolls, stickyPolls: Math.max(1, total - normalPolls) };
}

export type State = 'INITIALIZED' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

/** Connections whose calls are counted already: workers sharing one count each call once, as the official SDK does. */
const observed = new WeakSet<Connection>();

/** Counts the calls of the worker's connection (`temporal_request` …), as the official NativeConnection does. */
function observeRequests(connection: Connection, metrics: WorkerMetrics, enabled: boolean): void {
  if (!enabled || observed.has(connection)) return;
  observed.add(connection);
  connection.observeCalls((call) => metrics.requested(call));
}

export class Worker {
  private state: State = 'INITIALIZED';
  private runPromise: Promise<void> | undefined;

  private constructor(
    readonly options: WorkerOptions & { namespace: string; identity: string },
    private readonly workflows: WorkflowWorker | undefined,
    private readonly activities: ActivityWorker | undefined,
    private readonly ownConnection: Connection | undefined,
    private readonly connection: Connection,
    private readonly heartbeats: WorkerHeartbeats,
  ) {}

  /** Bundles the workflows (if given) and prepares the pollers; nothing is polled until run(). */
  static async create(given: WorkerOptions): Promise<Worker> {
    const plugins = [...(given?.plugins ?? []), ...((given?.connection?.plugins ?? []) as WorkerPlugin[])];
    const options = await applyPlugins<WorkerOptions, WorkerPlugin>({ ...given, plugins }, plugins, (p, o) => p.configureWorker?.(o));
    if (!options?.taskQueue) throw new TypeError('Worker.create needs a taskQueue');
    if (!options.workflowsPath && !options.workflowBundle && !options.activities) {
      throw new TypeError('Worker.create needs workflowsPath, workflowBundle or activities: there would be nothing to run');
    }
    const namespace = options.namespace ?? 'default';
    const identity = options.identity ?? `${process.pid}@${hostname()}`;
    const ownConnection = options.connection ? undefined : await Connection.connect();
    const connection = options.connection ?? ownConnection!;
    const deployment = compileDeployment(options.workerDeploymentOptions);
    const bundleCode = await loadBundle(options);
    const runtime = Runtime.instance();
    const logger = options.logger ?? runtime.logger;
    const dataConverter = loadDataConverter(options.dataConverter);
    const client = new Client({ connection, namespace, dataConverter: options.dataConverter, interceptors: options.interceptors?.client });
    const tuner = options.tuner;
    const registry = new ActivityRegistry((options.activities ?? {}) as Record<string, unknown>, logger, options.taskQueue);
    const metrics = new WorkerMetrics(runtime.coreMeter, namespace, options.taskQueue);
    const metricMeter = runtime.metricMeter.withTags({ namespace, taskQueue: options.taskQueue });
    observeRequests(connection, metrics, runtime.coreMeter.meter !== noopMetricMeter);
    const slotsFor = (kind: 'workflow' | 'activity', max: number) => {
      const report = (available: number | undefined, used: number) => metrics.slots(kind === 'workflow' ? 'WorkflowWorker' : 'ActivityWorker', available, used);
      if (tuner) return new MeteredSlots(tunedSlots(tuner, kind, { taskQueue: options.taskQueue, workerIdentity: identity, workerBuildId: options.workerDeploymentOptions?.version.buildId ?? '', isSticky: false }), undefined, report);
      const fixed = positiveInteger(kind === 'workflow' ? 'maxConcurrentWorkflowTaskExecutions' : 'maxConcurrentActivityTaskExecutions', max);
      return new MeteredSlots(new FixedSlots(fixed), fixed, report);
    };
    const activities = options.activities
      ? new ActivityWorker({
          connection,
          namespace,
          taskQueue: options.taskQueue,
          identity,
          activities: registry,
          dataConverter,
          logger,
          client,
          slots: slotsFor('activity', options.maxConcurrentActivityTaskExecutions ?? 100),
          activityPolls: positiveInteger('maxConcurrentActivityTaskPolls', options.maxConcurrentActivityTaskPolls ?? 10),
          shutdownGraceTimeMs: msToNumber(options.shutdownGraceTime ?? 0),
          maxHeartbeatThrottleIntervalMs: msToNumber(options.maxHeartbeatThrottleInterval ?? '60s'),
          defaultHeartbeatThrottleIntervalMs: msToNumber(options.defaultHeartbeatThrottleInterval ?? '30s'),
          interceptors: activityInterceptors(options.interceptors),
          metrics,
          metricMeter,
          deployment,
        })
      : undefined;
    const workflows =
      bundleCode === undefined
        ? undefined
        : new WorkflowWorker({
            connection,
            namespace,
            taskQueue: options.taskQueue,
            identity,
            bundleCode,
            dataConverter,
            logger,
            slots: slotsFor('workflow', options.maxConcurrentWorkflowTaskExecutions ?? 40),
            ...workflowPolls(options),
            maxCachedWorkflows: options.maxCachedWorkflows ?? 1000,
            maxCachedWorkflowsMemory: options.maxCachedWorkflowsMemory ?? 1024 ** 3,
            stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeout ?? '10s',
            activities: registry,
            client,
            sinks: new SinkCaller({ ...initLoggerSink(logger), ...initMetricSink(metricMeter), ...options.sinks }, logger),
            workflowFailureErrorTypes: options.workflowFailureErrorTypes ?? [],
            metrics,
            metricMeter,
            deployment,
            eagerActivities: activities,
            maxEagerActivities: nonNegativeInteger('maxEagerActivityReservationsPerWorkflowTask', options.maxEagerActivityReservationsPerWorkflowTask ?? 3),
          });
    metrics.workerStarted();
    const heartbeats = new WorkerHeartbeats({
      connection,
      namespace,
      intervalMs: runtime.workerHeartbeatIntervalMs,
      logger,
      live: metrics.live,
      cachedWorkflows: () => workflows?.cachedRuns ?? 0,
      subject: {
        identity,
        taskQueue: options.taskQueue,
        deploymentVersion: options.workerDeploymentOptions?.version,
        workflowSlots: workflows ? supplierKind(tuner, 'workflow') : undefined,
        activitySlots: activities ? supplierKind(tuner, 'activity') : undefined,
        plugins: plugins.map((p) => p.name),
      },
    });
    return new Worker({ ...options, namespace, identity }, workflows, activities, ownConnection, connection, heartbeats);
  }

  getState(): State {
    return this.state;
  }

  /** Polls until shutdown() (or a signal); resolves once in-flight tasks are answered. Plugins may wrap it. */
  run(): Promise<void> {
    let run = (worker: Worker) => worker.runInternal();
    for (const plugin of [...(this.options.plugins ?? [])].reverse()) {
      const next = run;
      if (plugin.runWorker) run = (worker) => plugin.runWorker!(worker, next);
    }
    return run(this);
  }

  private runInternal(): Promise<void> {
    if (this.state !== 'INITIALIZED') throw new Error(`Worker.run called in state ${this.state}: a worker runs once`);
    this.state = 'RUNNING';
    // One part failing stops the other, so the worker still ends with its last words to the server.
    const stopOnFailure = (part: Promise<void>) =>
      part.catch((err: unknown) => {
        this.shutdown();
        throw err;
      });
    const parts: Promise<void>[] = [];
    if (this.workflows) parts.push(stopOnFailure(this.workflows.run()));
    if (this.activities) parts.push(stopOnFailure(this.activities.run()));
    this.heartbeats.start();
    // A shutdown signal (SIGINT, SIGTERM …) stops the worker gracefully, as the official worker does.
    const onSignal = () => this.shutdown();
    const runtime = Runtime.instance();
    runtime.registerShutdownSignalCallback(onSignal);
    this.runPromise = Promise.allSettled(parts).then(async (results) => {
      runtime.deregisterShutdownSignalCallback(onSignal);
      await this.reportShutdown();
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        this.state = 'FAILED';
        throw failed.reason;
      }
      await this.ownConnection?.close();
      this.state = 'STOPPED';
    });
    return this.runPromise;
  }

  /**
   * ShutdownWorker, after the last task is answered (each answer names the sticky queue again) and before run()
   * resolves, since a program may close its connection then: the server sends the runs cached here to other workers
   * at once instead of after the sticky queue's schedule-to-start timeout, and its worker list gets this worker's
   * last heartbeat, SHUTDOWN. Sent by activity-only workers too, as core sends it for every worker.
   */
  private async reportShutdown(): Promise<void> {
    const workerHeartbeat = await this.heartbeats.stop();
    try {
      await this.connection.workflowService.shutdownWorker({
        namespace: this.options.namespace,
        stickyTaskQueue: this.workflows?.stickyQueue ?? '',
        identity: this.options.identity,
        reason: 'graceful shutdown',
        workerHeartbeat,
        workerInstanceKey: this.heartbeats.instanceKey,
        taskQueue: this.options.taskQueue,
        taskQueueTypes: [
          ...(this.workflows ? [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW] : []),
          ...(this.activities ? [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY] : []),
        ],
      });
    } catch (err) {
      const sticky = this.workflows
        ? `: the runs cached by this worker go to another worker only after the sticky queue's schedule-to-start timeout (${String(this.options.stickyQueueScheduleToStartTimeout ?? '10s')})`
        : '';
      (this.options.logger ?? Runtime.instance().logger).log('WARN', `ShutdownWorker failed${sticky}`, { error: (err as Error).message });
    }
  }

  /**
   * Runs until `fnOrPromise` settles, then shuts down; returns its result. When the worker fails too, the error is a
   * CombinedWorkerRunError holding both.
   */
  async runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R> {
    const running = this.run();
    let outcome: { ok: true; value: R } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await (typeof fnOrPromise === 'function' ? fnOrPromise() : fnOrPromise) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.shutdown();
    try {
      await running;
    } catch (workerError) {
      if (outcome.ok) throw workerError;
      throw new CombinedWorkerRunError('Worker run failed with inner error', { cause: { workerError, innerError: outcome.error } });
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Stops polling; in-flight workflow tasks are answered, running activities get the grace time. */
  shutdown(): void {
    if (this.state !== 'RUNNING') return;
    this.state = 'STOPPING';
    this.heartbeats.shuttingDown();
    this.workflows?.shutdown();
    this.activities?.shutdown();
  }

  /** Replays a saved history with the current workflow code; throws DeterminismViolationError on a mismatch. */
  static async runReplayHistory(given: ReplayWorkerOptions, history: unknown, workflowId?: string): Promise<void> {
    const options = await configureReplay(given);
    const sandbox = new WorkflowSandbox(await loadReplayBundle(options));
    await replayHistory(sandbox, options, history, workflowId);
  }

  /** Replays many histories with one bundle; yields one result per history instead of throwing. */
  static async *runReplayHistories(
    given: ReplayWorkerOptions,
    histories: Iterable<{ workflowId: string; history: unknown }> | AsyncIterable<{ workflowId: string; history: unknown }>,
  ): AsyncGenerator<ReplayResult> {
    const options = await configureReplay(given);
    const sandbox = new WorkflowSandbox(await loadReplayBundle(options));
    for await (const { workflowId, history } of histories) {
      let runId = '';
      try {
        runId = await replayHistory(sandbox, options, history, workflowId);
        yield { workflowId, runId };
      } catch (err) {
        yield { workflowId, runId, error: replayFailure(err) };
      }
    }
  }

  /** Number of runs in the sticky cache (for tests and metrics). */
  get cachedWorkflows(): number {
    return this.workflows?.cachedRuns ?? 0;
  }
}

function configureReplay(given: ReplayWorkerOptions): Promise<ReplayWorkerOptions> {
  return applyPlugins<ReplayWorkerOptions, ReplayPlugin>(given, given.plugins ?? [], (p, o) => p.configureReplayWorker?.(o));
}

async function loadBundle(options: WorkerOptions): Promise<string | undefined> {
  if (options.workflowBundle) {
    return 'code' in options.workflowBundle ? options.workflowBundle.code : readFile(options.workflowBundle.codePath, 'utf8');
  }
  if (options.workflowsPath) {
    return (await bundleWorkflowCode({ workflowsPath: options.workflowsPath, workflowInterceptorModules: options.interceptors?.workflowModules, plugins: options.plugins })).code;
  }
  return undefined;
}
