// durable env get | set | delete | list against env files in a temp folder, and --env presets filling the flags of
// other commands against a test server: what wins over what, and the mistakes a user makes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { durable, startTestServer, type TestServer } from './fixtures/harness.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'durable-env-'));
/**
 * An empty env file in a temp folder. Node itself reads a `--env-file` argument, even one meant for the script, and
 * exits ("node: FILE: not found") when the file does not exist; so tests name files that exist, as users must.
 */
function envFile(): string {
  const path = join(tempDir(), 'envs.yaml');
  writeFileSync(path, '');
  return path;
}

describe('durable env', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t?.stop());

  test('set, get, list and delete in the default file under HOME, in text and JSON', async () => {
    const home = tempDir();
    const env = (...args: string[]) => durable(['env', ...args], { HOME: home });
    assert.equal((await env('list')).stdout, 'Name\n');
    const set = await env('set', '--env', 'prod', '-k', 'address', '-v', 'prod.example:7233');
    const path = join(home, '.config', 'temporalio', 'temporal.yaml');
    assert.deepEqual([set.code, set.stdout], [0, `Set address in environment prod of ${path}\n`]);
    assert.equal((await env('set', '--env', 'prod', '--key', 'namespace', '--value', 'payments')).code, 0);
    assert.equal((await env('set', '--env', 'dev', '-k', 'tls', '-v', 'false')).code, 0);
    // The file the temporal CLI reads: env -> environment -> flag -> value, private to the user.
    assert.deepEqual(parse(readFileSync(path, 'utf8')), { env: { prod: { address: 'prod.example:7233', namespace: 'payments' }, dev: { tls: 'false' } } });
    assert.equal(statSync(path).mode & 0o777, 0o600);

    assert.equal((await env('get', '--env', 'prod')).stdout, 'Property   Value\naddress    prod.example:7233\nnamespace  payments\n');
    assert.deepEqual(JSON.parse((await env('get', '--env', 'prod', '-o', 'json')).stdout), [
      { property: 'address', value: 'prod.example:7233' },
      { property: 'namespace', value: 'payments' },
    ]);
    assert.deepEqual(JSON.parse((await env('get', '--env', 'prod', '-k', 'namespace', '-o', 'json')).stdout), [{ property: 'namespace', value: 'payments' }]);
    // As the temporal CLI: a key that is not set is a row with an empty value.
    assert.deepEqual(JSON.parse((await env('get', '--env', 'prod', '-k', 'api-key', '-o', 'json')).stdout), [{ property: 'api-key', value: '' }]);
    assert.equal((await env('list')).stdout, 'Name\ndev\nprod\n');
    assert.deepEqual(JSON.parse((await env('list', '-o', 'json')).stdout), [{ name: 'dev' }, { name: 'prod' }]);
    // TEMPORAL_ENV picks the environment when --env is not given.
    assert.deepEqual(JSON.parse((await durable(['env', 'get', '-o', 'json'], { HOME: home, TEMPORAL_ENV: 'dev' })).stdout), [{ property: 'tls', value: 'false' }]);

    assert.equal((await env('delete', '--env', 'prod', '-k', 'namespace')).stdout, 'Deleted namespace from environment prod\n');
    assert.deepEqual(JSON.parse((await env('get', '--env', 'prod', '-o', 'json')).stdout), [{ property: 'address', value: 'prod.example:7233' }]);
    assert.equal((await env('delete', '--env', 'dev')).stdout, 'Deleted environment dev\n');
    assert.deepEqual(JSON.parse((await env('list', '-o', 'json')).stdout), [{ name: 'prod' }]);
  });

  test('the older ENV.KEY arguments still work, with a warning; mixed with flags they are refused', async () => {
    const file = envFile();
    const env = (...args: string[]) => durable(['env', ...args, '--env-file', file]);
    const set = await env('set', 'stage.address', 'stage.example:7233');
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stderr, 'warning: arguments to env commands are deprecated; use --env and --key (-k) instead\n');
    assert.deepEqual(JSON.parse((await env('get', 'stage', '-o', 'json')).stdout), [{ property: 'address', value: 'stage.example:7233' }]);
    assert.deepEqual(JSON.parse((await env('get', 'stage.address', '-o', 'json')).stdout), [{ property: 'address', value: 'stage.example:7233' }]);
    const usage = async (args: string[], message: string) => {
      const r = await env(...args);
      assert.deepEqual([r.code, r.stderr.split('\n').find((l) => !l.startsWith('warning:'))], [2, message], args.join(' '));
    };
    await usage(['get', 'stage', '-k', 'address'], 'durable env get: give the environment as an argument or with --env and --key, not both (the flags are the current way)');
    await usage(['get', '--env', 'stage', '-k', 'a.b'], 'durable env get: property names may not contain dots, got "a.b"');
    await usage(['get', 'stage.a.b'], 'durable env get: property names may not contain dots: write ENV.KEY');
    await usage(['set', '--env', 'stage', '-k', '', '-v', 'x'], 'durable env set: name the property with --key (-k)');
    await usage(['set', 'stage'], 'durable env set: name the property with --key (-k)');
    await usage(['set', 'stage.address'], 'durable env set: no value: write ENV.KEY VALUE, or use --env, --key and --value');
    await usage(['set', '--env', 'stage', '-k', 'address'], 'durable env set: --value is required (--value "" sets an empty one)');
    assert.equal((await env('delete', 'stage')).code, 0);
    assert.deepEqual(JSON.parse((await env('list', '-o', 'json')).stdout), []);
  });

  test('an environment that is not in the file: a usage error for every command but env set and env list', async () => {
    const file = envFile();
    const missing = await durable(['workflow', 'list', '--env', 'prdo', '--env-file', file, '--address', t.server.address]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split('\n')[0], `durable workflow list: environment "prdo" not found in ${file}; create it with "durable env set --env prdo -k KEY -v VALUE", or see "durable env list"`);
    assert.equal((await durable(['env', 'get', '--env', 'prdo', '--env-file', file])).code, 2);
    // "default" may be absent: commands run as without presets, and env get says there is nothing.
    assert.equal((await durable(['operator', 'cluster', 'health', '--env-file', file, '--address', t.server.address])).stdout, 'SERVING\n');
    const none = await durable(['env', 'get', '--env-file', file]);
    assert.deepEqual([none.code, none.stderr], [1, `durable: environment "default" not found in ${file}; "durable env list" shows the environments there\n`]);
    assert.equal((await durable(['env', 'list', '--env', 'prdo', '--env-file', file])).code, 0);
    assert.equal((await durable(['env', 'set', '--env', 'prdo', '-k', 'namespace', '-v', 'x', '--env-file', file])).code, 0);
    // A file that does not exist has no environments; env set creates it (named by TEMPORAL_ENV_FILE: see envFile).
    const absent = join(tempDir(), 'sub', 'absent.yaml');
    assert.equal((await durable(['operator', 'cluster', 'health', '--address', t.server.address], { TEMPORAL_ENV_FILE: absent })).stdout, 'SERVING\n');
    assert.equal((await durable(['env', 'set', '-k', 'namespace', '-v', 'x'], { TEMPORAL_ENV_FILE: absent })).code, 0);
    assert.deepEqual(parse(readFileSync(absent, 'utf8')), { env: { default: { namespace: 'x' } } });
  });

  test('presets fill the flags a command line leaves out: --env, TEMPORAL_ENV, TEMPORAL_ENV_FILE', async () => {
    const file = envFile();
    const set = (env: string, key: string, value: string) => durable(['env', 'set', '--env', env, '-k', key, '-v', value, '--env-file', file]);
    await set('local', 'address', t.server.address);
    await set('local', 'output', 'json');
    // A flag the command requires, from the preset (the temporal CLI's presets count as given).
    await t.json('workflow', 'start', '--type', 'greet', '-t', 'cli', '-w', 'env-wf', '-i', '"env"');
    await set('local', 'workflow-id', 'env-wf');
    const described = await durable(['workflow', 'describe', '--env', 'local', '--env-file', file]);
    assert.equal(described.code, 0, described.stderr);
    const d = JSON.parse(described.stdout) as { workflowExecutionInfo: { execution: { workflowId: string } } };
    assert.equal(d.workflowExecutionInfo.execution.workflowId, 'env-wf');
    // By variables instead of flags.
    const viaVars = await durable(['operator', 'cluster', 'health'], { TEMPORAL_ENV: 'local', TEMPORAL_ENV_FILE: file });
    assert.deepEqual(JSON.parse(viaVars.stdout), { status: 'SERVING' });
    // The command line wins over a preset.
    assert.equal((await durable(['operator', 'cluster', 'health', '--env', 'local', '--env-file', file, '-o', 'text'])).stdout, 'SERVING\n');
    // A preset a command has no flag for is left alone; a preset value the flag cannot take is a usage error.
    await set('local', 'limit', 'ten');
    assert.equal((await durable(['operator', 'cluster', 'health', '--env', 'local', '--env-file', file])).code, 0);
    const bad = await durable(['workflow', 'list', '--env', 'local', '--env-file', file]);
    assert.deepEqual([bad.code, bad.stderr.split('\n')[0]], [2, `durable workflow list: --limit (from environment "local" of ${file}) expects a whole number, got "ten"`]);
  });

  test('a preset wins over TEMPORAL_ADDRESS and the config profile; the command line over all', async () => {
    const dir = tempDir();
    const file = envFile();
    const toml = join(dir, 'temporal.toml');
    writeFileSync(toml, '[profile.default]\naddress = "127.0.0.1:1"\nnamespace = "from-profile"\n');
    await durable(['env', 'set', '--env', 'prod', '-k', 'address', '-v', t.server.address, '--env-file', file]);
    const vars = { TEMPORAL_ADDRESS: '127.0.0.1:2', TEMPORAL_CONFIG_FILE: toml };
    // Without the preset, TEMPORAL_ADDRESS wins over the profile: nothing listens there.
    const unset = await durable(['operator', 'cluster', 'health', '--env-file', file], vars);
    assert.match(unset.stderr, /^durable: connection refused at 127\.0\.0\.1:2;/);
    const preset = await durable(['operator', 'cluster', 'health', '--env', 'prod', '--env-file', file], vars);
    assert.equal(preset.stdout, 'SERVING\n', preset.stderr);
    // The namespace is still the profile's, which no preset or flag replaced.
    const ns = await durable(['workflow', 'list', '--env', 'prod', '--env-file', file], vars);
    assert.match(ns.stderr, /from-profile/);
    const flag = await durable(['operator', 'cluster', 'health', '--env', 'prod', '--env-file', file, '--address', '127.0.0.1:3'], vars);
    assert.match(flag.stderr, /^durable: connection refused at 127\.0\.0\.1:3;/);
  });

  test('a damaged env file is named with what to do; comments and other keys survive an edit', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'env: [unclosed\n');
    const r = await durable(['workflow', 'list', '--env-file', bad, '--address', t.server.address]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^durable workflow list: cannot read the env file ${bad}: .+; fix or remove it, or point --env-file elsewhere\\n`));
    const shape = join(dir, 'shape.yaml');
    writeFileSync(shape, 'env:\n  prod: [a, b]\n');
    assert.match((await durable(['env', 'list', '--env-file', shape])).stderr, /must hold "env:" with environments of "key: value" lines; environment "prod" is not/);

    mkdirSync(join(dir, 'kept'));
    const kept = join(dir, 'kept', 'temporal.yaml');
    writeFileSync(kept, '# my environments\nenv:\n  prod:\n    address: a:1 # the cluster\nother: 1\n');
    assert.equal((await durable(['env', 'set', '--env', 'prod', '-k', 'port', '-v', '07233', '--env-file', kept])).code, 0);
    const text = readFileSync(kept, 'utf8');
    assert.match(text, /^# my environments\n/);
    assert.match(text, /address: a:1 # the cluster\n/);
    assert.match(text, /other: 1\n/);
    // A value that YAML would read as a number is written so that it reads back as the string given.
    assert.deepEqual(JSON.parse((await durable(['env', 'get', '--env', 'prod', '-k', 'port', '--env-file', kept, '-o', 'json'])).stdout), [{ property: 'port', value: '07233' }]);
  });
});
