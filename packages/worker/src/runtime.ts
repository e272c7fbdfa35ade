// Runtime: the process-wide settings of workers — the logger (Runtime.install({ logger })), telemetry options, and
// the signals that shut workers down — in the official API's shape. There is no native core behind it: the
// metrics options start a Prometheus endpoint or a push to an OpenTelemetry collector with the SDK's metrics
// (metrics/telemetry.ts), and the console log
// format of the core's lines is the format of the worker's own lines when no logger is given.
import { IllegalStateError, msToNumber, type Duration, type Logger, type LogLevel, type MetricMeter } from '@durable/common';
import { DefaultLogger, jsonLogLine } from './logger.js';
import { startMetrics, type RuntimeMetrics } from './metrics/telemetry.js';
import type { CoreMeter } from './metrics/worker-metrics.js';

export interface CoreLogFilterOptions {
  core: LogLevel;
  other?: LogLevel;
}
export type LogExporterConfig = { filter?: string | CoreLogFilterOptions } & ({ console?: { format?: 'compact' | 'pretty' | 'json' } } | { forward?: { level?: LogLevel } });
export interface MetricsExporterConfig {
  temporality?: 'cumulative' | 'delta';
  metricPrefix?: string;
  globalTags?: Record<string, string>;
  attachServiceName?: boolean;
  prometheus?: { bindAddress: string; countersTotalSuffix?: boolean; unitSuffix?: boolean; useSecondsForDurations?: boolean; histogramBucketOverrides?: Record<string, number[]> };
  otel?: { url: string; http?: boolean; headers?: Record<string, string>; metricsExportInterval?: Duration; useSecondsForDurations?: boolean; temporality?: 'cumulative' | 'delta'; histogramBucketOverrides?: Record<string, number[]> };
  buffer?: unknown;
}
export interface TelemetryOptions {
  tracingFilter?: string;
  noTemporalPrefixForMetrics?: boolean;
  logging?: LogExporterConfig;
  metrics?: MetricsExporterConfig;
  tracing?: unknown;
}

export interface RuntimeOptions {
  /** Receives what workers, activities and workflows log. Default: DefaultLogger('INFO') on stderr. */
  logger?: Logger;
  /** Accepted as the official SDK takes them; Durable has no native core to configure. */
  telemetryOptions?: TelemetryOptions;
  /**
   * How often each worker reports itself to the server (RecordWorkerHeartbeat; ListWorkers shows it): between 1s
   * and 60s, or 0 for never. Default 60s.
   */
  workerHeartbeatInterval?: Duration;
  /** Signals that shut down every running worker. Default SIGINT, SIGTERM, SIGQUIT, SIGUSR2. */
  shutdownSignals?: NodeJS.Signals[];
}

/** The log filter string of the official native core (for code that builds one; Durable does not use it). */
export function makeTelemetryFilterString(options: CoreLogFilterOptions): string {
  const { core, other } = options;
  return `${other ?? 'ERROR'},temporalio_sdk_core=${core},temporalio_client=${core},temporalio_common=${core}`;
}

export class Runtime {
  readonly logger: Logger;
  readonly metricMeter: MetricMeter;
  /** Where the worker's own metrics (temporal_…) go. */
  readonly coreMeter: CoreMeter;
  private readonly metrics: RuntimeMetrics;
  readonly options: Required<Pick<RuntimeOptions, 'shutdownSignals'>> & RuntimeOptions;
  /** workerHeartbeatInterval in milliseconds; 0 when workers do not heartbeat. */
  readonly workerHeartbeatIntervalMs: number;
  private readonly shutdownCallbacks = new Set<() => void>();
  private state: 'RUNNING' | 'SHUTTING_DOWN' = 'RUNNING';

  private static current: Runtime | undefined;
  private static instantiator: 'install' | 'instance' | undefined;

  protected constructor(options: RuntimeOptions) {
    this.options = { ...options, shutdownSignals: options.shutdownSignals ?? ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] };
    this.workerHeartbeatIntervalMs = msToNumber(options.workerHeartbeatInterval ?? '60s');
    const hb = this.workerHeartbeatIntervalMs;
    // Core's bounds, refused as the official Runtime.install refuses them: options that work here work there.
    if (hb !== 0 && !(hb >= 1000 && hb <= 60_000)) throw new RangeError(`workerHeartbeatInterval (${hb}ms) must be between 1s and 60s, or 0 to disable`);
    const logging = options.telemetryOptions?.logging;
    const json = !!logging && 'console' in logging && logging.console?.format === 'json';
    this.logger = options.logger ?? (json ? new DefaultLogger('INFO', jsonLogLine) : new DefaultLogger('INFO'));
    this.metrics = startMetrics(options.telemetryOptions?.metrics, options.telemetryOptions?.noTemporalPrefixForMetrics ?? false, this.logger);
    this.metricMeter = this.metrics.meter;
    this.coreMeter = this.metrics.core;
  }

  /** Sets the process's runtime; call it before any worker is created. */
  static install(options: RuntimeOptions): Runtime {
    if (Runtime.current) {
      throw new IllegalStateError(
        Runtime.instantiator === 'install'
          ? 'Runtime singleton has already been installed'
          : 'Runtime singleton has already been instantiated. Did you start a Worker before calling `install`?',
      );
    }
    Runtime.instantiator = 'install';
    Runtime.current = new Runtime(options);
    return Runtime.current;
  }

  /** The process's runtime, made with the defaults if none was installed. */
  static instance(): Runtime {
    if (!Runtime.current) {
      Runtime.instantiator = 'instance';
      Runtime.current = new Runtime({});
    }
    return Runtime.current;
  }

  /**
   * Called (once) when a shutdown signal arrives; running workers register here. The signals are listened to only
   * while some callback is registered, so a process without running workers keeps Node's default handling.
   */
  registerShutdownSignalCallback(callback: () => void): void {
    if (this.state !== 'RUNNING') return queueMicrotask(callback);
    if (this.shutdownCallbacks.size === 0) for (const signal of this.options.shutdownSignals) process.on(signal, this.onShutdownSignal);
    this.shutdownCallbacks.add(callback);
  }

  deregisterShutdownSignalCallback(callback: () => void): void {
    if (this.shutdownCallbacks.delete(callback) && this.shutdownCallbacks.size === 0) this.stopListening();
  }

  private stopListening(): void {
    for (const signal of this.options.shutdownSignals) process.off(signal, this.onShutdownSignal);
  }

  /** Stops listening for shutdown signals; the next Runtime.instance() or install() makes a new runtime. */
  async shutdown(): Promise<void> {
    this.stopListening();
    this.shutdownCallbacks.clear();
    await this.metrics.close();
    if (Runtime.current === this) {
      Runtime.current = undefined;
      Runtime.instantiator = undefined;
    }
  }

  /** Nothing is buffered: the logger writes each line as it comes. */
  flushLogs(): void {}

  private readonly onShutdownSignal = (): void => {
    this.state = 'SHUTTING_DOWN';
    this.stopListening();
    for (const callback of this.shutdownCallbacks) queueMicrotask(callback);
    this.shutdownCallbacks.clear();
  };
}
