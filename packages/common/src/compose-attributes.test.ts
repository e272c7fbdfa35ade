import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoggerWithComposedMetadata, type Logger, type LogLevel } from './logger.js';
import { MetricMeterWithComposedTags, noopMetricMeter, type MetricMeter, type MetricTags } from './metrics.js';

test('a composed logger adds its metadata, functions resolved per line, null values dropped', () => {
  const lines: [string, string, Record<string | symbol, unknown> | undefined][] = [];
  const at = (level: LogLevel) => (message: string, meta?: Record<string | symbol, unknown>) => void lines.push([level, message, meta]);
  const base: Logger = { log: (l, m, meta) => lines.push([l, m, meta]), trace: at('TRACE'), debug: at('DEBUG'), info: at('INFO'), warn: at('WARN'), error: at('ERROR') };
  let n = 0;
  const logger = LoggerWithComposedMetadata.compose(LoggerWithComposedMetadata.compose(base, { a: 1, gone: 'x' }), () => ({ n: ++n }));
  assert.equal(LoggerWithComposedMetadata.compose(base, {}), base);
  logger.info('one', { gone: null });
  logger.warn('two');
  assert.deepEqual(lines, [
    ['INFO', 'one', { a: 1, n: 1 }],
    ['WARN', 'two', { a: 1, gone: 'x', n: 2 }],
  ]);
});

test('a composed meter tags every value; the no-op meter accepts everything', () => {
  const seen: [string, number, MetricTags | undefined][] = [];
  const recording: MetricMeter = {
    ...noopMetricMeter,
    createCounter: (name) => ({ ...noopMetricMeter.createCounter(name), add: (v, tags) => void seen.push([name, v, tags]) }),
  };
  const counter = MetricMeterWithComposedTags.compose(recording, { service: 'orders' }).withTags({ region: 'eu' }).createCounter('calls');
  counter.add(2, { ok: true });
  counter.withTags({ attempt: 3 }).add(1);
  assert.deepEqual(seen, [
    ['calls', 2, { service: 'orders', region: 'eu', ok: true }],
    ['calls', 1, { service: 'orders', region: 'eu', attempt: 3 }],
  ]);
  noopMetricMeter.createHistogram('h').record(1);
  assert.equal(noopMetricMeter.createGauge('g').withTags({ a: 1 }).kind, 'gauge');
});
