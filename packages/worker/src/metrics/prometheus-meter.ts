// The Runtime's MetricMeter over prom-client: metrics named, labelled and bucketed as the official SDK's native core
// exports them to Prometheus (no `_total` or unit suffix by default, durations in milliseconds, `service_name` and
// the global tags on every series). Recording looks its series up by the label values, so it costs a Map lookup.
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { promClient } from './prom-client.js';
import {
  MetricMeterWithComposedTags,
  type MetricCounter,
  type MetricGauge,
  type MetricHistogram,
  type MetricMeter,
  type MetricTags,
  type MetricUpDownCounter,
  type NumericMetricValueType,
} from '@durable/common';
import type { Logger } from '../logger.js';
import { defaultBuckets } from './buckets.js';
import { MadeOnce } from './made-once.js';

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

export class PrometheusMeter implements MetricMeter {
  private readonly made = new MadeOnce();

  constructor(private readonly o: PrometheusMeterOptions) {}

  createCounter(name: string, unit?: string, description?: string): MetricCounter {
    const series = this.made.get(name, 'counter', () => {
      const full = this.o.countersTotalSuffix && !name.endsWith('_total') ? `${name}_total` : name;
      return new Series<Counter.Internal>(full, this.o, (labelNames) => new (promClient().Counter)({ name: full, help: description || name, labelNames, registers: [this.o.registry] }));
    });
    const metric: MetricCounter = {
      name,
      unit,
      description,
      kind: 'counter',
      valueType: 'int',
      add: (value, tags) => {
        if (value < 0) throw new RangeError(`A counter only goes up: cannot add ${value} to ${name}`);
        series.get(tags).inc(value);
      },
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createCounter(name, unit, description),
    };
    return metric;
  }

  createHistogram(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricHistogram {
    const series = this.made.get(name, 'histogram', () => {
      const suffix = this.o.unitSuffix && unit ? `_${labelName(unit)}` : '';
      const full = `${name}${suffix}`;
      const base = name.startsWith(this.o.metricPrefix) ? name.slice(this.o.metricPrefix.length) : name;
      const buckets = this.o.histogramBucketOverrides[name] ?? this.o.histogramBucketOverrides[base] ?? defaultBuckets(base, this.o.useSecondsForDurations);
      return new Series<Histogram.Internal<string>>(full, this.o, (labelNames) => new (promClient().Histogram)({ name: full, help: description || name, labelNames, buckets, registers: [this.o.registry] }));
    });
    return {
      name,
      unit,
      description,
      kind: 'histogram',
      valueType,
      record: (value, tags) => series.get(tags).observe(value),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createHistogram(name, valueType, unit, description),
    };
  }

  createGauge(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricGauge {
    const series = this.gaugeSeries(name, description);
    return {
      name,
      unit,
      description,
      kind: 'gauge',
      valueType,
      set: (value, tags) => series.get(tags).set(value),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createGauge(name, valueType, unit, description),
    };
  }

  createUpDownCounter(name: string, unit?: string, description?: string): MetricUpDownCounter {
    const series = this.gaugeSeries(name, description);
    return {
      name,
      unit,
      description,
      kind: 'up-down-counter',
      valueType: 'int',
      add: (value, tags) => series.get(tags).inc(value),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createUpDownCounter!(name, unit, description),
    };
  }

  withTags(tags: MetricTags): MetricMeter {
    return MetricMeterWithComposedTags.compose(this, tags);
  }

  private gaugeSeries(name: string, description: string | undefined): Series<Gauge.Internal<string>> {
    return this.made.get(name, 'gauge', () => new Series<Gauge.Internal<string>>(name, this.o, (labelNames) => new (promClient().Gauge)({ name, help: description || name, labelNames, registers: [this.o.registry] })));
  }
}
