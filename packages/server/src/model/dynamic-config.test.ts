import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamicConfig } from './dynamic-config.js';

test("Temporal's defaults apply unless --dynamic-config-value gives another value", () => {
  const defaults = new DynamicConfig();
  assert.equal(defaults.int('limit.historyCount.error'), 51_200);
  assert.equal(defaults.int('limit.historySize.error'), 50 * 1024 * 1024);
  assert.equal(defaults.int('limit.historyCount.suggestContinueAsNew'), 4096);
  assert.equal(defaults.int('limit.blobSize.error'), 2 * 1024 * 1024);
  const set = new DynamicConfig({ 'limit.historyCount.error': '100', 'system.enableEagerWorkflowStart': 'false' });
  assert.equal(set.int('limit.historyCount.error'), 100);
  assert.equal(set.bool('system.enableEagerWorkflowStart'), false);
});

test('a value of the wrong type is refused naming the key; unknown keys are reported, known no-ops are not', () => {
  assert.throws(() => new DynamicConfig({ 'limit.historyCount.error': 'lots' }), /limit\.historyCount\.error takes a non-negative integer, got "lots"/);
  assert.throws(() => new DynamicConfig({ 'limit.blobSize.error': '1.5' }), /non-negative integer/);
  assert.throws(() => new DynamicConfig({ 'frontend.enableExecuteMultiOperation': '1' }), /takes true or false/);
  const c = new DynamicConfig({ 'no.such.key': '1', 'frontend.enableUpdateWorkflowExecution': 'true' });
  assert.deepEqual(c.unknownKeys, ['no.such.key']);
});
