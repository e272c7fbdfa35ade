// prom-client, loaded when a runtime first serves Prometheus metrics: with @opentelemetry/api, which it loads, it
// costs ~30 ms of every process start (more on a busy machine), and most workers never serve metrics.
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

let loaded: typeof PromClient | undefined;

export function promClient(): typeof PromClient {
  return (loaded ??= createRequire(import.meta.url)('prom-client') as typeof PromClient);
}
