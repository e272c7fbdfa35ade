// BENCH_WORKER_TRACING=1: the order workflows traced with @temporalio/interceptors-opentelemetry, as a user would set
// it up (client interceptor, worker interceptors, workflow spans through the exporter sink), spans batched to an
// exporter that drops them, so the figure is the cost of making and handing over the spans, not of shipping them.
// Both workers get the same setup in this process: one BatchSpanProcessor (spans queued and handed over in batches
// of 512, off the path of each call, as production setups do) behind the client interceptor, the activity
// interceptors and either worker's exporter sink; inside the sandbox, the interceptors' own workflow module makes its
// spans (a SimpleSpanProcessor to the sink, not configurable). The client's StartWorkflow spans are made here too, the
// same for both workers. BENCH_WORKER_METRICS=1 turns on our worker's metrics only (the official worker's native
// metrics are not set up), so "tracing + metrics" is a heavier load on ours than on the official one.
import { createRequire } from 'node:module';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { Context } from '@temporalio/activity';

export const tracing = Boolean(process.env.BENCH_WORKER_TRACING);

let exported = 0;
const dropping: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    exported += spans.length;
    done({ code: 0 });
  },
  async shutdown() {},
};
const processor = new BatchSpanProcessor(dropping);

/** Installs the tracer provider (once, at start) when tracing is on. */
export function installTracing(): void {
  if (!tracing) return;
  const provider = new BasicTracerProvider();
  provider.addSpanProcessor(processor);
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
}

/** Spans exported so far (after a flush), to check that tracing was really on. */
export async function exportedSpans(): Promise<number> {
  await processor.forceFlush();
  return exported;
}

/** The worker options that turn tracing on (either SDK's worker takes them), or none. */
export function tracingWorkerOptions(): object {
  if (!tracing) return {};
  return {
    interceptors: {
      workflowModules: [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
      activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(processor, new Resource({ 'service.name': 'durable-bench' })) },
  };
}

/** The client interceptors that start each trace, or none. */
export function tracingClientInterceptors<T>(): { workflow: T[] } | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor() as unknown as T] } : undefined;
}
