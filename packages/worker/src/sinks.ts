// Sinks on the worker side: the functions workflow code reaches through proxySinks (and workflow `log`, `metricMeter`),
// called after each activation with the run's info. Calls made while history is replayed reach only the sink
// functions marked `callDuringReplay`.
import { LoggerWithComposedMetadata, SdkComponent, type Logger, type MetricMeter, type MetricTags, type NumericMetricValueType } from '@durable/common';
import type { LoggerSinks, LoggerSinksInternal, MetricSinks, Sink, SinkCall, SinkFunction, Sinks, WorkflowInfo } from '@durable/workflow';

export interface InjectedSinkFunction<F extends SinkFunction> {
  fn(info: WorkflowInfo, ...args: Parameters<F>): void | Promise<void>;
  /** Also called for calls made while history is replayed (e.g. after a cache eviction). Default false. */
  callDuringReplay?: boolean;
}
export type InjectedSink<T extends Sink> = { [P in keyof T]: InjectedSinkFunction<T[P]> };
export type InjectedSinks<T extends Sinks> = { [P in keyof T]: InjectedSink<T[P]> };

type AnySinkFunction = { fn(info: WorkflowInfo, ...args: unknown[]): void | Promise<void>; callDuringReplay?: boolean };
type AnySinks = Record<string, Record<string, AnySinkFunction>>;

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** The `__temporal_logger` sink: workflow log lines to `logger`, tagged `sdkComponent: workflow`. */
export function initLoggerSink(logger: Logger): InjectedSinks<LoggerSinksInternal> {
  const composed = LoggerWithComposedMetadata.compose(logger, { sdkComponent: SdkComponent.workflow });
  const sink = Object.fromEntries(
    LEVELS.map((level) => [level, { fn: (_info: WorkflowInfo, message: string, attrs?: Record<string, unknown>) => void composed[level](message, attrs) }]),
  );
  return { __temporal_logger: sink as unknown as InjectedSink<LoggerSinksInternal['__temporal_logger']> };
}

/** The `__temporal_metrics` sink: workflow metric values to `meter`, its metrics made once per name and kind. */
export function initMetricSink(meter: MetricMeter): InjectedSinks<MetricSinks> {
  const made = new Map<string, { add?(v: number, t?: MetricTags): void; record?(v: number, t?: MetricTags): void; set?(v: number, t?: MetricTags): void }>();
  const metric = <M extends object>(key: string, create: () => M): M => {
    let m = made.get(key);
    if (!m) made.set(key, (m = create()));
    return m as M;
  };
  return {
    __temporal_metrics: {
      addMetricCounterValue: {
        fn: (_i, name: string, unit: string | undefined, description: string | undefined, value: number, tags: MetricTags) =>
          metric(`${name}:counter`, () => meter.createCounter(name, unit, description)).add(value, tags),
      },
      recordMetricHistogramValue: {
        fn: (_i, name: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined, value: number, tags: MetricTags) =>
          metric(`${name}:histogram`, () => meter.createHistogram(name, valueType, unit, description)).record(value, tags),
      },
      setMetricGaugeValue: {
        fn: (_i, name: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined, value: number, tags: MetricTags) =>
          metric(`${name}:gauge`, () => meter.createGauge(name, valueType, unit, description)).set(value, tags),
      },
    },
  };
}

/**
 * The default sinks of the official API's former shape: the logger sink under its former name
 * (`defaultWorkerLogger`). Without a logger there is nothing to add: the worker installs its logger sink itself.
 */
export function defaultSinks(logger?: Logger): InjectedSinks<LoggerSinks> {
  if (!logger) return {} as InjectedSinks<LoggerSinks>;
  return { defaultWorkerLogger: initLoggerSink(logger).__temporal_logger } as InjectedSinks<LoggerSinks>;
}

/** Makes the sink calls of activations, as the official worker does; failures are logged, never thrown. */
export class SinkCaller {
  private readonly sinks: AnySinks;

  constructor(
    sinks: InjectedSinks<Sinks>,
    private readonly logger: Logger,
    /** A replay worker (runReplayHistory) makes no call that is not marked callDuringReplay. */
    private readonly replayOnly = false,
  ) {
    this.sinks = sinks as unknown as AnySinks;
  }

  /** `iface.fn` of the functions that take calls made during replay: the sandbox keeps only those calls then. */
  replaySinkNames(): string[] {
    const names: string[] = [];
    for (const [iface, fns] of Object.entries(this.sinks)) {
      for (const [fn, def] of Object.entries(fns ?? {})) if (def?.callDuringReplay) names.push(`${iface}.${fn}`);
    }
    return names;
  }

  /** Calls the sinks for `calls`; what they return is awaited by the caller before it answers the task. */
  call(calls: readonly SinkCall[]): Promise<void>[] {
    const pending: Promise<void>[] = [];
    for (const call of calls) {
      const iface = call.ifaceName === 'defaultWorkerLogger' ? '__temporal_logger' : call.ifaceName;
      const sink = this.sinks[iface]?.[call.fnName];
      if (!sink) {
        this.logger.error('Workflow referenced an unregistered external sink', { ifaceName: call.ifaceName, fnName: call.fnName, workflowId: call.workflowInfo.workflowId });
        continue;
      }
      if (!sink.callDuringReplay && (this.replayOnly || call.workflowInfo.unsafe.isReplayingHistoryEvents)) continue;
      const failed = (error: unknown): void =>
        void this.logger.error('External sink function threw an error', { ifaceName: call.ifaceName, fnName: call.fnName, error, workflowId: call.workflowInfo.workflowId });
      try {
        const result = sink.fn(call.workflowInfo, ...call.args);
        if (result instanceof Promise) pending.push(result.then(() => undefined, failed));
      } catch (err) {
        failed(err);
      }
    }
    return pending;
  }
}
