/**
 * @durable/worker: runs workflows (in a deterministic node:vm sandbox) and activities from a task queue, with the
 * names and shapes of @temporalio/worker.
 *
 * @example
 * ```ts
 * import { NativeConnection, Worker } from '@durable/worker';
 * import * as activities from './activities';
 * const connection = await NativeConnection.connect({ address: 'localhost:7233' });
 * const worker = await Worker.create({ connection, taskQueue: 'orders', workflowsPath: require.resolve('./workflows'), activities });
 * await worker.run();
 * ```
 */
export { Worker, appendDefaultInterceptors, defaultWorkflowInterceptorModules } from './worker.js';
export type { WorkerOptions, WorkerInterceptors, WorkerPlugin, State, WorkflowBundleOption } from './worker.js';
export type { WorkerDeploymentOptions } from './deployment.js';
export { startDebugReplayer } from './debug-replayer.js';
export { ActivityInboundLogInterceptor, WorkflowLogInterceptor, WorkflowInboundLogInterceptor } from './log-interceptors.js';
export { ResourceBasedController } from './tuner.js';
export type {
  WorkerTuner,
  TunerHolder,
  ResourceBasedTuner,
  ResourceBasedTunerWithController,
  ResourceBasedTunerOptions,
  ResourceBasedSlotOptions,
  SlotSupplier,
  FixedSizeSlotSupplier,
  CustomSlotSupplier,
  ResourceBasedSlotsForType,
  SlotInfo,
  WorkflowSlotInfo,
  ActivitySlotInfo,
  LocalActivitySlotInfo,
  NexusSlotInfo,
  SlotPermit,
  SlotReserveContext,
  SlotMarkUsedContext,
  SlotReleaseContext,
} from './tuner.js';
export { workflowLogAttributes } from '@durable/workflow';
export { defaultPayloadConverter } from '@durable/common';
export type {
  ActivityInterceptorsFactory,
  ActivityInterceptors,
  ActivityInboundCallsInterceptor,
  ActivityInboundCallsInterceptorFactory,
  ActivityOutboundCallsInterceptor,
  ActivityExecuteInput,
  GetLogAttributesInput,
  GetMetricTagsInput,
} from './activity-interceptors.js';
export { bundleWorkflowCode, WorkflowBundleError } from './bundler.js';
export type { BundleOptions, BundlerPlugin, WorkflowBundle } from './bundler.js';
export { historyFromJSON } from './replay.js';
export type { ReplayWorkerOptions, ReplayPlugin, ReplayResult } from './replay.js';
export {
  DeterminismViolationError,
  WorkflowTaskFailedError,
  ShutdownError,
  TransportError,
  UnexpectedError,
  GracefulShutdownPeriodExpiredError,
  UnhandledRejectionError,
  CombinedWorkerRunError,
  PromiseCompletionTimeoutError,
  ReplayError,
  errors,
} from './errors.js';
export { IllegalStateError } from '@durable/common';
export type { CombinedWorkerRunErrorCause } from './errors.js';
export { DefaultLogger, LogTimestamp, activityLogAttributes } from './logger.js';
export type { Logger, LogLevel, LogMetadata, LogEntry } from './logger.js';
export { Runtime, makeTelemetryFilterString } from './runtime.js';
export type { RuntimeOptions, TelemetryOptions, LogExporterConfig, MetricsExporterConfig, CoreLogFilterOptions } from './runtime.js';
export { defaultSinks, initLoggerSink, initMetricSink } from './sinks.js';
export type { InjectedSink, InjectedSinks, InjectedSinkFunction } from './sinks.js';

export { NativeConnection } from './native-connection.js';
export type { NativeConnectionPlugin, NativeConnectionOptions } from './native-connection.js';
/** Runs an activity function with a Context through interceptors (what MockActivityEnvironment uses). */
export { runActivity } from './activity-interceptors.js';
