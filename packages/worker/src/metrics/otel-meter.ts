// The Runtime's MetricMeter over the OpenTelemetry metrics SDK, pushed over OTLP (gRPC, or HTTP with `http: true`)
// to a collector every `metricsExportInterval`, as the official SDK's native core pushes them: the same names,
// units and buckets as on Prometheus, `service.name` on the resource, the global tags on every point. The SDK and
// exporters load only when a runtime pushes metrics.
import { createRequire } from 'node:module';
import type { Attributes, Counter, Gauge, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import type * as SdkMetrics from '@opentelemetry/sdk-metrics';
import type * as Resources from '@opentelemetry/resources';
import type * as OtlpHttp from '@opentelemetry/exporter-metrics-otlp-http';
import type * as OtlpGrpc from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  MetricMeterWithComposedTags,
  msToNumber,
  type Duration,
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

export interface OtelCollectorOptions {
  url: string;
  http?: boolean;
  headers?: Record<string, string>;
  metricsExportInterval?: Duration;
  useSecondsForDurations?: boolean;
  temporality?: 'cumulative' | 'delta';
  histogramBucketOverrides?: Record<string, number[]>;
}

export interface OtelMeterOptions {
  collector: OtelCollectorOptions;
  /** the service name on the resource, or none (`attachServiceName: false`) */
  serviceName: string | undefined;
  /** tags on every point (`globalTags`) */
  constantTags: Record<string, string>;
  /** the temporality of the metrics options, used when the collector's own is not given */
  temporality: 'cumulative' | 'delta' | undefined;
  /** the prefix of the SDK's own metric names, stripped to find their default buckets */
  metricPrefix: string;
  logger: Logger;
}

/** `grpc://` and `grpcs://` as the official options write them; the gRPC exporter takes http(s) URLs. */
function grpcUrl(url: string): string {
  return url.replace(/^grpc(s?):\/\//, 'http$1://');
}

/**
 * The exporter, with a warning when a push fails (the SDK itself only tells its diagnostic logger, silent unless set
 * up) and a line when pushes work again: a collector that is down is one warning, not one per interval.
 */
function reportingFailures(exporter: SdkMetrics.PushMetricExporter, url: string, logger: Logger): SdkMetrics.PushMetricExporter {
  let failing = false;
  const exportOnce = exporter.export.bind(exporter);
  exporter.export = (metrics, done) =>
    exportOnce(metrics, (result) => {
      if (result.code !== 0 && !failing) logger.warn('Metrics could not be pushed to the OpenTelemetry collector; retrying every interval', { url, error: result.error?.message });
      else if (result.code === 0 && failing) logger.info('Metrics are pushed to the OpenTelemetry collector again', { url });
      failing = result.code !== 0;
      done(result);
    });
  return exporter;
}

export class OtelMeter implements MetricMeter {
  private readonly provider: SdkMetrics.MeterProvider;
  private readonly meter: Meter;
  private readonly made = new MadeOnce();
  private readonly seconds: boolean;

  constructor(private readonly o: OtelMeterOptions) {
    const require = createRequire(import.meta.url);
    const sdk = require('@opentelemetry/sdk-metrics') as typeof SdkMetrics;
    const { resourceFromAttributes, emptyResource } = require('@opentelemetry/resources') as typeof Resources;
    const { collector } = o;
    const intervalMs = msToNumber(collector.metricsExportInterval ?? '1s');
    if (!(intervalMs > 0)) throw new RangeError(`metrics.otel.metricsExportInterval must be more than 0, got ${String(collector.metricsExportInterval)}`);
    let endpoint: URL;
    try {
      endpoint = new URL(collector.url);
    } catch {
      throw new TypeError(`metrics.otel.url must be a URL such as grpc://localhost:4317 or http://localhost:4318/v1/metrics, got ${JSON.stringify(collector.url)}`);
    }
    const delta = (collector.temporality ?? o.temporality ?? 'cumulative') === 'delta';
    const exporterOptions = { headers: collector.headers ?? {}, timeoutMillis: Math.min(10_000, intervalMs) };
    let exporter: SdkMetrics.PushMetricExporter;
    if (collector.http) {
      const http = require('@opentelemetry/exporter-metrics-otlp-http') as typeof OtlpHttp;
      const temporalityPreference = delta ? http.AggregationTemporalityPreference.DELTA : http.AggregationTemporalityPreference.CUMULATIVE;
      exporter = new http.OTLPMetricExporter({ ...exporterOptions, url: endpoint.href, temporalityPreference });
    } else {
      const grpc = require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof OtlpGrpc;
      const http = require('@opentelemetry/exporter-metrics-otlp-http') as typeof OtlpHttp;
      const temporalityPreference = delta ? http.AggregationTemporalityPreference.DELTA : http.AggregationTemporalityPreference.CUMULATIVE;
      exporter = new grpc.OTLPMetricExporter({ ...exporterOptions, url: grpcUrl(collector.url), temporalityPreference });
    }
    exporter = reportingFailures(exporter, collector.url, o.logger);
    this.seconds = collector.useSecondsForDurations ?? false;
    this.provider = new sdk.MeterProvider({
      resource: o.serviceName ? resourceFromAttributes({ 'service.name': o.serviceName }) : emptyResource(),
      readers: [new sdk.PeriodicExportingMetricReader({ exporter, exportIntervalMillis: intervalMs, exportTimeoutMillis: exporterOptions.timeoutMillis })],
    });
    this.meter = this.provider.getMeter('temporal-core-sdk');
  }

  /** Pushes what is not pushed yet, then stops. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }

  private attributes(tags: MetricTags | undefined): Attributes {
    return tags ? { ...this.o.constantTags, ...(tags as Attributes) } : this.o.constantTags;
  }

  createCounter(name: string, unit?: string, description?: string): MetricCounter {
    const counter = this.made.get<Counter>(name, 'counter', () => this.meter.createCounter(name, { unit: unit || undefined, description }));
    return {
      name,
      unit,
      description,
      kind: 'counter',
      valueType: 'int',
      add: (value, tags) => {
        if (value < 0) throw new RangeError(`A counter only goes up: cannot add ${value} to ${name}`);
        counter.add(value, this.attributes(tags));
      },
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createCounter(name, unit, description),
    };
  }

  createHistogram(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricHistogram {
    const histogram = this.made.get<Histogram>(name, 'histogram', () => {
      const base = name.startsWith(this.o.metricPrefix) ? name.slice(this.o.metricPrefix.length) : name;
      const overrides = this.o.collector.histogramBucketOverrides ?? {};
      const explicitBucketBoundaries = overrides[name] ?? overrides[base] ?? defaultBuckets(base, this.seconds);
      return this.meter.createHistogram(name, { unit: unit || undefined, description, advice: { explicitBucketBoundaries } });
    });
    return {
      name,
      unit,
      description,
      kind: 'histogram',
      valueType,
      record: (value, tags) => histogram.record(value, this.attributes(tags)),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createHistogram(name, valueType, unit, description),
    };
  }

  createGauge(name: string, valueType: NumericMetricValueType = 'int', unit?: string, description?: string): MetricGauge {
    const gauge = this.made.get<Gauge>(name, 'gauge', () => this.meter.createGauge(name, { unit: unit || undefined, description }));
    return {
      name,
      unit,
      description,
      kind: 'gauge',
      valueType,
      set: (value, tags) => gauge.record(value, this.attributes(tags)),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createGauge(name, valueType, unit, description),
    };
  }

  createUpDownCounter(name: string, unit?: string, description?: string): MetricUpDownCounter {
    const counter = this.made.get<UpDownCounter>(name, 'up-down-counter', () => this.meter.createUpDownCounter(name, { unit: unit || undefined, description }));
    return {
      name,
      unit,
      description,
      kind: 'up-down-counter',
      valueType: 'int',
      add: (value, tags) => counter.add(value, this.attributes(tags)),
      withTags: (tags) => MetricMeterWithComposedTags.compose(this, tags).createUpDownCounter!(name, unit, description),
    };
  }

  withTags(tags: MetricTags): MetricMeter {
    return MetricMeterWithComposedTags.compose(this, tags);
  }
}
