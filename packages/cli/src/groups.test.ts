// The command groups besides workflow, run as a user runs them against a test server: text and JSON output, help,
// usage errors before connecting, and a plain answer for RPCs the server does not serve.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durable, startTestServer, type TestServer } from './fixtures/harness.js';

/** A command's outcome: done, or the server says it does not serve the RPC yet. */
function doneOrUnsupported(r: { code: number; stdout: string; stderr: string }, command: string): boolean {
  if (r.code === 0) return true;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^durable: the server does not support "${command}" \\(UNIMPLEMENTED`));
  return false;
}

describe('durable <group> <command>', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t?.stop());

  test('--help on every group and command; unknown commands and flags are usage errors (exit 2)', async () => {
    for (const path of ['workflow', 'schedule', 'activity', 'batch', 'task-queue', 'task-queue config', 'task-queue versioning', 'worker', 'worker deployment', 'operator', 'operator namespace', 'config', 'server']) {
      const r = await durable([...path.split(' '), '--help']);
      assert.equal(r.code, 0, path);
      assert.match(r.stdout, new RegExp(`Usage:\\n  durable ${path} <command>`), path);
    }
    assert.match((await durable(['server', 'start-dev', '--help'])).stdout, /^Usage: durable server start-dev/);
    assert.match((await durable(['schedule', 'create', '--help'])).stdout, /--schedule-id STRING\s+Schedule ID\. \(required\)/);
    const unknown = await durable(['schedule', 'frobnicate']);
    assert.deepEqual([unknown.code, unknown.stderr.split('\n')[0]], [2, 'durable: unknown command "frobnicate" for "durable schedule"']);
    const flag = await durable(['workflow', 'list', '--bogus']);
    assert.deepEqual([flag.code, flag.stderr.split('\n')[0]], [2, 'durable workflow list: unknown flag --bogus']);
    const missing = await durable(['workflow', 'describe', '--address', '127.0.0.1:1']);
    assert.deepEqual([missing.code, missing.stderr.split('\n')[0]], [2, 'durable workflow describe: --workflow-id is required']);
    const refused = await durable(['workflow', 'list', '--address', '127.0.0.1:1']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^durable: connection refused at 127\.0\.0\.1:1;/);
  });

  test('operator: namespaces, search attributes, cluster', async () => {
    assert.match((await t.cli('operator', 'namespace', 'create', 'orders', '--retention', '24h')).stdout, /Namespace orders successfully registered/);
    const ns = await t.json<{ namespaceInfo: { name: string }; config: { workflowExecutionRetentionTtl: string } }>('operator', 'namespace', 'describe', 'orders');
    assert.deepEqual([ns.namespaceInfo.name, ns.config.workflowExecutionRetentionTtl], ['orders', '86400s']);
    assert.match((await t.cli('operator', 'namespace', 'list')).stdout, /^orders\s+Registered/m);
    const updated = await t.cli('operator', 'namespace', 'update', 'orders', '--description', 'Orders');
    if (doneOrUnsupported(updated, 'operator namespace update')) assert.match(updated.stdout, /successfully updated/);
    assert.match((await t.cli('operator', 'search-attribute', 'create', '--name', 'CustomerId', '--type', 'keyword')).stdout, /Search attributes have been added/);
    assert.match((await t.cli('operator', 'search-attribute', 'list')).stdout, /^CustomerId\s+Keyword\s+custom/m);
    assert.equal((await t.cli('operator', 'cluster', 'health')).stdout, 'SERVING\n');
    const system = await t.json<{ capabilities?: object }>('operator', 'cluster', 'system');
    assert.equal(typeof system, 'object');
    const bad = await t.cli('operator', 'search-attribute', 'create', '--name', 'A', '--name', 'B', '--type', 'Int');
    assert.deepEqual([bad.code, bad.stderr.split('\n')[0]], [2, 'durable operator search-attribute create: give one --type per --name (2 names, 1 types)']);
  });

  test('schedule: create, describe, list, toggle, trigger, backfill, delete', async () => {
    const created = await t.cli('schedule', 'create', '-s', 'cli-sched', '--interval', '1h', '--type', 'greet', '-t', 'cli', '-w', 'sched-wf', '--input', '"s"');
    assert.equal(created.stdout.trim(), 'Schedule cli-sched created', created.stderr);
    const d = await t.json<{ schedule: { spec: { interval: { interval: string }[] }; action: { startWorkflow: { workflowType: { name: string } } } } }>('schedule', 'describe', '-s', 'cli-sched');
    assert.equal(d.schedule.spec.interval[0].interval, '3600s');
    assert.equal(d.schedule.action.startWorkflow.workflowType.name, 'greet');
    assert.match((await t.cli('schedule', 'list')).stdout, /^cli-sched\s+greet\s+no$/m);
    assert.equal((await t.cli('schedule', 'toggle', '-s', 'cli-sched', '--pause', '--reason', 'maintenance')).stdout.trim(), 'Schedule paused');
    assert.equal((await t.json<{ schedule: { state: { paused: boolean; notes: string } } }>('schedule', 'describe', '-s', 'cli-sched')).schedule.state.paused, true);
    assert.equal((await t.cli('schedule', 'trigger', '-s', 'cli-sched')).stdout.trim(), 'Schedule triggered');
    assert.equal((await t.cli('schedule', 'backfill', '-s', 'cli-sched', '--start-time', '2025-01-01T00:00:00Z', '--end-time', '2025-01-01T02:00:00Z')).stdout.trim(), 'Backfill requested');
    const both = await t.cli('schedule', 'toggle', '-s', 'cli-sched', '--pause', '--unpause');
    assert.equal(both.code, 2);
    assert.equal((await t.cli('schedule', 'delete', '-s', 'cli-sched')).stdout.trim(), 'Schedule cli-sched deleted');
  });

  test('batch, task-queue and activity commands answer with the server\'s own reasons', async () => {
    assert.match((await t.cli('batch', 'list')).stdout, /^JobId\s+State\n/);
    const noJob = await t.cli('batch', 'describe', '--job-id', 'nope');
    assert.deepEqual([noJob.code, noJob.stderr], [1, 'durable: Batch operation nope not found in namespace default.\n']);
    const tq = await t.cli('task-queue', 'describe', '--task-queue', 'cli');
    assert.match(tq.stdout, /^TaskQueueType\s+Partition\s+Identity/);
    const pause = await t.cli('activity', 'pause', '-a', '1', '-w', 'nope');
    assert.equal(pause.code, 1);
    assert.match(pause.stderr, /^durable: .*not found/i);
    const complete = await t.cli('activity', 'complete', '-a', '1', '-w', 'no-such-workflow', '--result', '1');
    assert.equal(complete.code, 1);
    assert.match(complete.stderr, /^durable: .*(not found|UNIMPLEMENTED)/i);
    const badResult = await t.cli('activity', 'complete', '-a', '1', '-w', 'x', '--result', 'not json');
    assert.deepEqual([badResult.code, badResult.stderr.split('\n')[0]], [2, `durable activity complete: --result must be JSON, got "not json" (quote strings: '"text"')`]);
  });

  test('config set, get, list, delete over a TOML file; --profile connects through it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'durable-config-')), 'temporal.toml');
    const config = (...args: string[]) => durable(['config', ...args, '--config-file', file]);
    assert.equal((await config('set', '--profile', 'dev', '--prop', 'address', '--value', t.server.address)).code, 0);
    assert.equal((await config('set', '--profile', 'dev', '--prop', 'grpc_meta.x-team', '--value', 'payments')).code, 0);
    assert.equal((await config('set', '--profile', 'other', '--prop', 'tls.server_name', '--value', 'sn')).code, 0);
    assert.match(readFileSync(file, 'utf8'), /\[profile\.dev\]\naddress = "127\.0\.0\.1:\d+"/);
    assert.equal((await config('get', '--profile', 'dev', '--prop', 'address')).stdout.trim(), t.server.address);
    assert.deepEqual(JSON.parse((await config('get', '--profile', 'dev', '-o', 'json')).stdout), [
      { property: 'address', value: t.server.address },
      { property: 'grpc_meta.x-team', value: 'payments' },
    ]);
    assert.deepEqual(JSON.parse((await config('list', '-o', 'json')).stdout), [{ name: 'dev' }, { name: 'other' }]);
    const viaProfile = await durable(['workflow', 'list', '--profile', 'dev', '--config-file', file, '-o', 'json']);
    assert.equal(viaProfile.code, 0, viaProfile.stderr);
    const viaEnv = await durable(['operator', 'cluster', 'health'], { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'dev' });
    assert.equal(viaEnv.stdout, 'SERVING\n', viaEnv.stderr);
    const missingProfile = await durable(['workflow', 'list', '--profile', 'nope', '--config-file', file]);
    assert.equal(missingProfile.code, 2);
    assert.match(missingProfile.stderr, /cannot load the connection profile: Profile 'nope' not found/);
    assert.equal((await config('delete', '--profile', 'dev', '--prop', 'grpc_meta.x-team')).code, 0);
    assert.equal((await config('delete-profile', '--profile', 'other')).code, 0);
    assert.deepEqual(JSON.parse((await config('list', '-o', 'json')).stdout), [{ name: 'dev' }]);
    const noProfile = await config('delete-profile');
    assert.equal(noProfile.code, 2);
  });
});
