// The Runtime's MetricMeter over prom-client: metrics named, labelled and bucketed as the official SDK's native core
// exports them to Prometheus (no `_total` or unit suffix by default, durations in milliseconds, `service_name` and
// the global tags on every series). Recording looks its series up by the label values, so it costs a Map lookup.
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { promClient } from './prom-client.js';
import type { MetricTags, NumericMetricValueType } from '@durable/common';
import type { Logger } from '../logger.js';
import { histogramBuckets } from './buckets.js';
import { RecordingMeter, type Recorder } from './recording-meter.js';

export interface PrometheusMeterOptions {
  registry: Registry;
  /** tags on every series (`globalTags`, and `service_name` unless turned off) */
  constantTags: Record<string, string>;
  countersTotalSuffix: boolean;
  unitSuffix: boolean;
  useSecondsForDurations: boolean;
  histogramBucketOverrides: Record<string, number[]>;
  /** the prefix of the SDK's own metric names, stripped to find their default buckets */
  metricPrefix: string;
  logger: Logger;
}

/** Prometheus' label names are [a-zA-Z_][a-zA-Z0-9_]*. */
const labelName = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^([0-9])/, '_$1');

/**
 * One metric's series. prom-client fixes a metric's label names when it is made, so they are those of the first
 * value recorded (with the constant tags); a later value with a tag outside them has it dropped, with one warning.
 */
class Series<S> {
  private metric: { labels(values: Record<string, string>): S } | undefined;
  private names: Set<string> | undefined;
  private readonly children = new Map<string, S>();
  private warned = false;

  constructor(
    private readonly name: string,
    private readonly o: PrometheusMeterOptions,
    private readonly make: (labelNames: string[]) => { labels(values: Record<string, string>): S },
  ) {}

  get(tags: MetricTags | undefined): S {
    // The series of these tags, by a key made of them as given: building, renaming and checking their labels
    // happens once per series, not per value.
    let key = '';
    if (tags) for (const k in tags) key += `${k}\u0000${tags[k]}\u0000`;
    let child = this.children.get(key);
    if (!child) this.children.set(key, (child = this.create(tags)));
    return child;
  }

  private create(tags: MetricTags | undefined): S {
    const labels: Record<string, string> = { ...this.o.constantTags };
    if (tags) for (const key of Object.keys(tags)) labels[labelName(key)] = String(tags[key]);
    if (!this.metric) {
      this.names = new Set(Object.keys(labels));
      this.metric = this.make([...this.names]);
    }
    for (const k of Object.keys(labels)) {
      if (this.names!.has(k)) continue;
      if (!this.warned) this.o.logger.warn('Metric tag dropped: a metric keeps the tag keys of its first value', { metric: this.name, tag: k });
      this.warned = true;
      delete labels[k];
    }
    return this.metric.labels(labels);
  }
}

export class PrometheusMeter extends RecordingMeter {
  constructor(private readonly o: PrometheusMeterOptions) {
    super();
  }

  protected counter(name: string, _unit: string | undefined, description: string | undefined): Recorder {
    const series = this.once(name, 'counter', () => {
      const full = this.o.countersTotalSuffix && !name.endsWith('_total') ? `${name}_total` : name;
      return new Series<Counter.Internal>(full, this.o, (labelNames) => new (promClient().Counter)({ name: full, help: description || name, labelNames, registers: [this.o.registry] }));
    });
    return (value, tags) => series.get(tags).inc(value);
  }

  protected histogram(name: string, _valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined): Recorder {
    const series = this.once(name, 'histogram', () => {
      const suffix = this.o.unitSuffix && unit ? `_${labelName(unit)}` : '';
      const full = `${name}${suffix}`;
      const buckets = histogramBuckets(name, this.o.metricPrefix, this.o.histogramBucketOverrides, this.o.useSecondsForDurations);
      return new Series<Histogram.Internal<string>>(full, this.o, (labelNames) => new (promClient().Histogram)({ name: full, help: description || name, labelNames, buckets, registers: [this.o.registry] }));
    });
    return (value, tags) => series.get(tags).observe(value);
  }

  protected gauge(name: string, _valueType: NumericMetricValueType, _unit: string | undefined, description: string | undefined): Recorder {
    const series = this.gaugeSeries(name, description);
    return (value, tags) => series.get(tags).set(value);
  }

  protected upDownCounter(name: string, _unit: string | undefined, description: string | undefined): Recorder {
    const series = this.gaugeSeries(name, description);
    return (value, tags) => series.get(tags).inc(value);
  }

  /** Prometheus has no up-down counter: it is a gauge moved by increments, one family with a gauge of its name. */
  private gaugeSeries(name: string, description: string | undefined): Series<Gauge.Internal<string>> {
    return this.once(name, 'gauge', () => new Series<Gauge.Internal<string>>(name, this.o, (labelNames) => new (promClient().Gauge)({ name, help: description || name, labelNames, registers: [this.o.registry] })));
  }
}
