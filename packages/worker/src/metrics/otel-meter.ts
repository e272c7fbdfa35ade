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
import { msToNumber, type Duration, type MetricTags, type NumericMetricValueType } from '@durable/common';
import type { Logger } from '../logger.js';
import { histogramBuckets } from './buckets.js';
import { RecordingMeter, type Recorder } from './recording-meter.js';

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

export class OtelMeter extends RecordingMeter {
  private readonly provider: SdkMetrics.MeterProvider;
  private readonly meter: Meter;
  private readonly seconds: boolean;

  constructor(private readonly o: OtelMeterOptions) {
    super();
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
    // The HTTP exporter's package names the temporalities for both exporters.
    const http = require('@opentelemetry/exporter-metrics-otlp-http') as typeof OtlpHttp;
    const temporalityPreference = delta ? http.AggregationTemporalityPreference.DELTA : http.AggregationTemporalityPreference.CUMULATIVE;
    const otlp: SdkMetrics.PushMetricExporter = collector.http
      ? new http.OTLPMetricExporter({ ...exporterOptions, url: endpoint.href, temporalityPreference })
      : new (require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof OtlpGrpc).OTLPMetricExporter({ ...exporterOptions, url: grpcUrl(collector.url), temporalityPreference });
    const exporter = reportingFailures(otlp, collector.url, o.logger);
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

  protected counter(name: string, unit: string | undefined, description: string | undefined): Recorder {
    const counter = this.once<Counter>(name, 'counter', () => this.meter.createCounter(name, { unit: unit || undefined, description }));
    return (value, tags) => counter.add(value, this.attributes(tags));
  }

  protected histogram(name: string, _valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined): Recorder {
    const histogram = this.once<Histogram>(name, 'histogram', () => {
      const explicitBucketBoundaries = histogramBuckets(name, this.o.metricPrefix, this.o.collector.histogramBucketOverrides ?? {}, this.seconds);
      return this.meter.createHistogram(name, { unit: unit || undefined, description, advice: { explicitBucketBoundaries } });
    });
    return (value, tags) => histogram.record(value, this.attributes(tags));
  }

  protected gauge(name: string, _valueType: NumericMetricValueType, unit: string | undefined, description: string | undefined): Recorder {
    const gauge = this.once<Gauge>(name, 'gauge', () => this.meter.createGauge(name, { unit: unit || undefined, description }));
    return (value, tags) => gauge.record(value, this.attributes(tags));
  }

  protected upDownCounter(name: string, unit: string | undefined, description: string | undefined): Recorder {
    const counter = this.once<UpDownCounter>(name, 'up-down-counter', () => this.meter.createUpDownCounter(name, { unit: unit || undefined, description }));
    return (value, tags) => counter.add(value, this.attributes(tags));
  }
}
