// The runtime's metrics from its telemetry options: a Prometheus endpoint at `prometheus.bindAddress` serving the
// SDK's metrics and every metric made through the runtime's meter, or the same pushed to an OpenTelemetry collector
// (`otel`), or nothing. Prometheus wins when both are given, as in the official SDK.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { noopMetricMeter, type MetricMeter } from '@durable/common';
import type { Logger } from '../logger.js';
import { OtelMeter, type OtelCollectorOptions } from './otel-meter.js';
import { PrometheusMeter } from './prometheus-meter.js';
import { promClient } from './prom-client.js';
import type { CoreMeter } from './worker-metrics.js';

export interface PrometheusOptions {
  bindAddress: string;
  countersTotalSuffix?: boolean;
  unitSuffix?: boolean;
  useSecondsForDurations?: boolean;
  histogramBucketOverrides?: Record<string, number[]>;
}

export interface MetricsOptions {
  metricPrefix?: string;
  globalTags?: Record<string, string>;
  attachServiceName?: boolean;
  prometheus?: PrometheusOptions;
  otel?: OtelCollectorOptions;
  /** the temporality of `otel` when it names none (the official options' older place for it) */
  temporality?: 'cumulative' | 'delta';
}

export interface RuntimeMetrics {
  /** the runtime's meter, for metrics users make (unprefixed) */
  meter: MetricMeter;
  /** the SDK's own metrics */
  core: CoreMeter;
  /** stops serving */
  close(): Promise<void>;
}

/** As the official core names the service on every series. */
const SERVICE_NAME = 'temporal-core-sdk';

export function startMetrics(options: MetricsOptions | undefined, noTemporalPrefix: boolean, logger: Logger): RuntimeMetrics {
  const prefix = options?.metricPrefix ?? (noTemporalPrefix ? '' : 'temporal_');
  const prometheus = options?.prometheus;
  const serviceName = options?.attachServiceName === false ? undefined : SERVICE_NAME;
  if (!prometheus && options?.otel) {
    const meter = new OtelMeter({ collector: options.otel, serviceName, constantTags: { ...options.globalTags }, temporality: options.temporality, metricPrefix: prefix, logger });
    return { meter, core: { meter, prefix, seconds: options.otel.useSecondsForDurations ?? false }, close: () => meter.shutdown() };
  }
  if (!prometheus) return { meter: noopMetricMeter, core: { meter: noopMetricMeter, prefix, seconds: false }, close: async () => undefined };
  const registry = new (promClient().Registry)();
  const meter = new PrometheusMeter({
    registry,
    constantTags: { ...(serviceName ? { service_name: serviceName } : {}), ...options.globalTags },
    countersTotalSuffix: prometheus.countersTotalSuffix ?? false,
    unitSuffix: prometheus.unitSuffix ?? false,
    useSecondsForDurations: prometheus.useSecondsForDurations ?? false,
    histogramBucketOverrides: prometheus.histogramBucketOverrides ?? {},
    metricPrefix: prefix,
    logger,
  });
  const server = serve(registry, prometheus.bindAddress, logger);
  return {
    meter,
    core: { meter, prefix, seconds: prometheus.useSecondsForDurations ?? false },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** GET /metrics on host:port (an IPv6 host in brackets); a port that cannot be listened on is logged, not thrown. */
function serve(registry: Registry, bindAddress: string, logger: Logger): Server {
  const m = /^\[?([^\]]*)\]?:(\d+)$/.exec(bindAddress);
  if (!m) throw new TypeError(`prometheus.bindAddress must be host:port, got ${JSON.stringify(bindAddress)}`);
  const server = createServer((req, res) => {
    req.resume();
    if ((req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  server.on('error', (err) => logger.error('The Prometheus metrics endpoint cannot listen', { bindAddress, error: err.message }));
  server.listen(Number(m[2]), m[1]);
  // Serving metrics never keeps the process alive by itself.
  server.unref();
  return server;
}
