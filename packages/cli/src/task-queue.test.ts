// durable task-queue config get | set and the build-ID versioning commands, against a test server: the config is
// set and read back; the deprecated versioning APIs answer as Temporal answers them by default, and the commands
// pass that answer on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './fixtures/harness.js';

describe('durable task-queue', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer('cli-tq')));
  after(() => t?.stop());

  test('config set, then get: rate limits and fairness weights', async () => {
    assert.equal((await t.cli('task-queue', 'config', 'get', '-t', 'payments', '--task-queue-type', 'activity')).stdout, 'No configuration found for task queue\n');
    const set = await t.cli('task-queue', 'config', 'set', '-t', 'payments', '--task-queue-type', 'activity', '--queue-rps-limit', '10', '--queue-rps-limit-reason', 'protect the API', '--fairness-key-weight', 'gold=2.5', '--fairness-key-weight', 'bronze=0.5');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^Successfully updated task queue configuration\n/);
    const got = await t.json<{ queueRateLimit: { rateLimit: { requestsPerSecond: number }; metadata: { reason: string } }; fairnessWeightOverrides: Record<string, number> }>('task-queue', 'config', 'get', '-t', 'payments', '--task-queue-type', 'activity');
    assert.deepEqual([got.queueRateLimit.rateLimit.requestsPerSecond, got.queueRateLimit.metadata.reason, got.fairnessWeightOverrides], [10, 'protect the API', { gold: 2.5, bronze: 0.5 }]);
    assert.match((await t.cli('task-queue', 'config', 'get', '-t', 'payments', '--task-queue-type', 'activity')).stdout, /QueueRateLimit\n {2}RateLimit\n {4}RequestsPerSecond\s+10\n/);
    const cleared = await t.cli('task-queue', 'config', 'set', '-t', 'payments', '--task-queue-type', 'activity', '--fairness-key-weight-clear-all', '--queue-rps-limit', 'default');
    assert.match(cleared.stdout, /^Unsetting 2 fairness weight override\(s\)\nSuccessfully updated task queue configuration\n/, cleared.stderr);
    const after = await t.json<{ queueRateLimit?: { rateLimit?: unknown }; fairnessWeightOverrides?: object }>('task-queue', 'config', 'get', '-t', 'payments', '--task-queue-type', 'activity');
    assert.deepEqual([after.queueRateLimit?.rateLimit, after.fairnessWeightOverrides ?? {}], [undefined, {}]);
    const stop = await t.cli('task-queue', 'config', 'set', '-t', 'payments', '--task-queue-type', 'activity', '--fairness-key-rps-limit-default', '0');
    assert.match(stop.stderr, /^WARNING: setting the fairness key rate limit default to 0 stops all dispatch/);
  });

  test('config set checks its flags before connecting', async () => {
    const usage = async (args: string[], message: string) => {
      const r = await t.cli('task-queue', 'config', 'set', '-t', 'q', ...args);
      assert.deepEqual([r.code, r.stderr.split('\n')[0]], [2, `durable task-queue config set: ${message}`]);
    };
    await usage(['--task-queue-type', 'workflow', '--queue-rps-limit', '5'], 'setting a rate limit on workflow task queues is not allowed');
    await usage(['--task-queue-type', 'activity'], 'give at least one change: --queue-rps-limit, --fairness-key-rps-limit-default, --fairness-key-weight or --fairness-key-weight-clear-all');
    await usage(['--task-queue-type', 'activity', '--queue-rps-limit=-1'], "--queue-rps-limit must be >= 0 or 'default'");
    await usage(['--task-queue-type', 'activity', '--fairness-key-weight', 'a=0'], `--fairness-key-weight: the weight of "a" must be a positive number or 'default', got "0"`);
  });

  test('build-ID versioning: the server refuses it as Temporal does by default, and the commands say so', async () => {
    const refused = /^durable: Worker versioning v0\.[12] \((Version Set|Rules)-based, deprecated\) is disabled on this namespace\.\n$/;
    for (const args of [
      ['versioning', 'get-rules', '-t', 'q'],
      ['versioning', 'insert-assignment-rule', '-t', 'q', '--build-id', 'b1', '-y'],
      ['versioning', 'commit-build-id', '-t', 'q', '--build-id', 'b1', '-y'],
      ['versioning', 'add-redirect-rule', '-t', 'q', '--source-build-id', 'b1', '--target-build-id', 'b2', '-y'],
      ['get-build-ids', '-t', 'q'],
      ['get-build-id-reachability', '--build-id', 'b1'],
      ['update-build-ids', 'add-new-default', '-t', 'q', '--build-id', 'b1'],
      ['update-build-ids', 'add-new-compatible', '-t', 'q', '--build-id', 'b2', '--existing-compatible-build-id', 'b1'],
    ]) {
      const r = await t.cli('task-queue', ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, refused, args.join(' '));
    }
    const pct = await t.cli('task-queue', 'versioning', 'insert-assignment-rule', '-t', 'q', '--build-id', 'b1', '--percentage', '101');
    assert.deepEqual([pct.code, pct.stderr.split('\n')[0]], [2, 'durable task-queue versioning insert-assignment-rule: --percentage must be between 0 and 100, got 101']);
    assert.match((await t.cli('task-queue', 'versioning', '--help')).stdout, /Deprecated: worker deployments replace build-ID versioning/);
  });
});
