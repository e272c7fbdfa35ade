// The workflow's metric meter: values go to the worker's meter through the `__temporal_metrics` sink, never for
// calls made while history is replayed, tagged with the workflow type (and what getMetricTags interceptors add).
import {
  MetricMeterWithComposedTags,
  composeInterceptors,
  type MetricCounter,
  type MetricGauge,
  type MetricHistogram,
  type MetricMeter,
  type MetricTags,
  type NumericMetricValueType,
} from '@durable/common';
import { currentActivator } from '../runtime/state.js';
import type { Sink, Sinks } from './sinks.js';

export const METRICS_SINK = '__temporal_metrics';

export interface WorkflowMetricMeter extends Sink {
  addMetricCounterValue(metricName: string, unit: string | undefined, description: string | undefined, value: number, attrs: MetricTags): void;
  recordMetricHistogramValue(metricName: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined, value: number, attrs: MetricTags): void;
  setMetricGaugeValue(metricName: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined, value: number, attrs: MetricTags): void;
}
export interface MetricSinks extends Sinks {
  [METRICS_SINK]: WorkflowMetricMeter;
}

function emit(fn: keyof WorkflowMetricMeter & string, head: unknown[], value: number, tags: MetricTags): void {
  if (value < 0) throw new RangeError(`Metric values must be non-negative (got ${value})`);
  currentActivator().callSink(METRICS_SINK, fn, [...head, value, tags]);
}

const unsupported = (what: string) => () => {
  throw new TypeError(`withTags is not supported directly on a workflow ${what}: use metricMeter.withTags(tags) first`);
};

// The metrics themselves: each value becomes a sink call (tags are added by the composed meter below).
const sinkMeter: MetricMeter = {
  createCounter(name, unit, description): MetricCounter {
    currentActivator();
    return { name, unit, description, kind: 'counter', valueType: 'int', add: (v, tags = {}) => emit('addMetricCounterValue', [name, unit, description], v, tags), withTags: unsupported('counter') };
  },
  createHistogram(name, valueType = 'int', unit, description): MetricHistogram {
    currentActivator();
    return { name, unit, description, kind: 'histogram', valueType, record: (v, tags = {}) => emit('recordMetricHistogramValue', [name, valueType, unit, description], v, tags), withTags: unsupported('histogram') };
  },
  createGauge(name, valueType = 'int', unit, description): MetricGauge {
    currentActivator();
    return { name, unit, description, kind: 'gauge', valueType, set: (v, tags = {}) => emit('setMetricGaugeValue', [name, valueType, unit, description], v, tags), withTags: unsupported('gauge') };
  },
  withTags: unsupported('meter'),
};

export const metricMeter: MetricMeter = MetricMeterWithComposedTags.compose(
  sinkMeter,
  () => {
    const a = currentActivator();
    return composeInterceptors(a.interceptors.outbound, 'getMetricTags', (t: MetricTags) => t)({ workflowType: a.info.workflowType });
  },
  true,
);
