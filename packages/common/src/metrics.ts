// The MetricMeter shape (counters, histograms, gauges), a meter that records nothing, and one that adds tags to
// every value before handing it to another. Durable records no metrics yet; these let code written against the
// official API run unchanged.
import { appendAttributes, resolveAttributes, type AttributesOrFunc } from './compose-attributes.js';

export type MetricTags = Record<string, string | number | boolean>;
export type NumericMetricValueType = 'int' | 'float';
export type MetricKind = 'counter' | 'histogram' | 'gauge' | 'up-down-counter';

export interface Metric {
  name: string;
  unit?: string;
  description?: string;
  kind: MetricKind;
  valueType: NumericMetricValueType;
}
export interface MetricCounter extends Metric {
  add(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricCounter;
  kind: 'counter';
  valueType: 'int';
}
export interface MetricHistogram extends Metric {
  record(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricHistogram;
  kind: 'histogram';
}
export interface MetricGauge extends Metric {
  set(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricGauge;
  kind: 'gauge';
}
export interface MetricUpDownCounter extends Metric {
  add(value: number, extraTags?: MetricTags): void;
  withTags(tags: MetricTags): MetricUpDownCounter;
  kind: 'up-down-counter';
  valueType: 'int';
}
export interface MetricMeter {
  createCounter(name: string, unit?: string, description?: string): MetricCounter;
  createHistogram(name: string, valueType?: NumericMetricValueType, unit?: string, description?: string): MetricHistogram;
  createGauge(name: string, valueType?: NumericMetricValueType, unit?: string, description?: string): MetricGauge;
  createUpDownCounter?(name: string, unit?: string, description?: string): MetricUpDownCounter;
  withTags(tags: MetricTags): MetricMeter;
}

type AnyMetric = MetricCounter | MetricHistogram | MetricGauge | MetricUpDownCounter;

function noop<M extends AnyMetric>(shape: Omit<M, 'withTags'>): M {
  const metric = { ...shape, withTags: () => metric } as unknown as M;
  return metric;
}

/** Records nothing; every metric it makes accepts values and drops them. */
export const noopMetricMeter: MetricMeter = {
  createCounter: (name, unit, description) => noop<MetricCounter>({ name, unit, description, kind: 'counter', valueType: 'int', add() {} }),
  createHistogram: (name, valueType = 'int', unit, description) => noop<MetricHistogram>({ name, unit, description, kind: 'histogram', valueType, record() {} }),
  createGauge: (name, valueType = 'int', unit, description) => noop<MetricGauge>({ name, unit, description, kind: 'gauge', valueType, set() {} }),
  createUpDownCounter: (name, unit, description) => noop<MetricUpDownCounter>({ name, unit, description, kind: 'up-down-counter', valueType: 'int', add() {} }),
  withTags: () => noopMetricMeter,
};

export type MetricTagsOrFunc = AttributesOrFunc<MetricTags>;

/** Wraps a metric so each value carries the chain's tags (resolved per value), then the call's own. */
function tagged<M extends AnyMetric>(parent: M, chain: MetricTagsOrFunc[]): M {
  const method = parent.kind === 'histogram' ? 'record' : parent.kind === 'gauge' ? 'set' : 'add';
  const record = (parent as unknown as Record<string, (value: number, tags?: MetricTags) => void>)[method]!;
  const metric = {
    get name() { return parent.name; },
    get unit() { return parent.unit; },
    get description() { return parent.description; },
    get valueType() { return parent.valueType; },
    kind: parent.kind,
    [method]: (value: number, extraTags?: MetricTags) => record.call(parent, value, resolveAttributes(chain, extraTags)),
    withTags: (tags: MetricTags) => {
      const next = appendAttributes(chain, tags);
      return next ? tagged(parent, next) : metric;
    },
  } as unknown as M;
  return metric;
}

/** A meter whose metrics add the chain's tags (objects, or functions called per value) to every value. */
export class MetricMeterWithComposedTags implements MetricMeter {
  /** `meter` with `tagsOrFunc` added (the same meter when that adds nothing, unless `force`). */
  static compose(meter: MetricMeter, tagsOrFunc: MetricTagsOrFunc, force = false): MetricMeter {
    const composed = meter instanceof MetricMeterWithComposedTags;
    const chain = appendAttributes(composed ? meter.contributors : undefined, tagsOrFunc);
    if (!chain && !force) return meter;
    return new MetricMeterWithComposedTags(composed ? meter.parentMeter : meter, chain ?? []);
  }

  private constructor(
    private readonly parentMeter: MetricMeter,
    private readonly contributors: MetricTagsOrFunc[],
  ) {}

  createCounter(name: string, unit?: string, description?: string): MetricCounter {
    return tagged(this.parentMeter.createCounter(name, unit, description), this.contributors);
  }
  createHistogram(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricHistogram {
    return tagged(this.parentMeter.createHistogram(name, valueType, unit, description), this.contributors);
  }
  createGauge(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricGauge {
    return tagged(this.parentMeter.createGauge(name, valueType, unit, description), this.contributors);
  }
  createUpDownCounter(name: string, unit?: string, description?: string): MetricUpDownCounter {
    if (!this.parentMeter.createUpDownCounter) throw new TypeError('createUpDownCounter is not supported by the underlying meter');
    return tagged(this.parentMeter.createUpDownCounter(name, unit, description), this.contributors);
  }
  withTags(tags: MetricTags): MetricMeter {
    return MetricMeterWithComposedTags.compose(this, tags);
  }
}
