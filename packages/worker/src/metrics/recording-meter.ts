// What the runtime's two meters (Prometheus, OpenTelemetry) share of the MetricMeter shape: each backend makes,
// once per name, the thing that records a metric's values, and hands back a function recording one value; the
// metric objects (name, kind, withTags, a counter refusing to go down) are built here around those functions.
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

/** Records one value of a metric, with the tags given for it. */
export type Recorder = (value: number, tags: MetricTags | undefined) => void;

export abstract class RecordingMeter implements MetricMeter {
  private readonly made = new Map<string, { kind: string; metric: unknown }>();

  protected abstract counter(name: string, unit: string | undefined, description: string | undefined): Recorder;
  protected abstract histogram(name: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined): Recorder;
  protected abstract gauge(name: string, valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined): Recorder;
  protected abstract upDownCounter(name: string, unit: string | undefined, description: string | undefined): Recorder;

  /**
   * The backend's metric made for `name` before, or the one `make` makes now: one per name, of one kind (a counter
   * cannot also be a gauge).
   */
  protected once<M>(name: string, kind: string, make: () => M): M {
    const seen = this.made.get(name);
    if (seen) {
      if (seen.kind !== kind) throw new TypeError(`Metric ${name} is a ${seen.kind} already; it cannot also be a ${kind}`);
      return seen.metric as M;
    }
    const metric = make();
    this.made.set(name, { kind, metric });
    return metric;
  }

  createCounter(name: string, unit?: string, description?: string): MetricCounter {
    const add = this.counter(name, unit, description);
    return {
      name,
      unit,
      description,
      kind: 'counter',
      valueType: 'int',
      add: (value, tags) => {
        if (value < 0) throw new RangeError(`A counter only goes up: cannot add ${value} to ${name}`);
        add(value, tags);
      },
      withTags: (tags) => this.withTags(tags).createCounter(name, unit, description),
    };
  }

  createHistogram(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricHistogram {
    return {
      name,
      unit,
      description,
      kind: 'histogram',
      valueType,
      record: this.histogram(name, valueType, unit, description),
      withTags: (tags) => this.withTags(tags).createHistogram(name, valueType, unit, description),
    };
  }

  createGauge(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricGauge {
    return {
      name,
      unit,
      description,
      kind: 'gauge',
      valueType,
      set: this.gauge(name, valueType, unit, description),
      withTags: (tags) => this.withTags(tags).createGauge(name, valueType, unit, description),
    };
  }

  createUpDownCounter(name: string, unit?: string, description?: string): MetricUpDownCounter {
    return {
      name,
      unit,
      description,
      kind: 'up-down-counter',
      valueType: 'int',
      add: this.upDownCounter(name, unit, description),
      withTags: (tags) => this.withTags(tags).createUpDownCounter!(name, unit, description),
    };
  }

  withTags(tags: MetricTags): MetricMeter {
    return MetricMeterWithComposedTags.compose(this, tags);
  }
}
