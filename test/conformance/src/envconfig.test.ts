// @durable/envconfig and the official @temporalio/envconfig 1.24 read the same files and environments to the same
// result; a client connected from a profile runs a workflow on our dev server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as official from '@temporalio/envconfig';
import * as ours from '@durable/envconfig';
import { Client, Connection } from '@durable/client';
import { DevServer } from '@durable/server';
import { Worker } from '@durable/worker';
import * as activities from './durable-activities.js';
import { uniqueId, workflowsPath } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'envconfig-conformance-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const caPath = write('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
const certPath = write('client.pem', '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
const keyPath = write('client.key', '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
const file = write(
  'temporal.toml',
  `[profile.default]
address = "localhost:7233"
namespace = "default"

[profile.cloud]
address = "my-ns.a1b2c.tmprl.cloud:7233"
namespace = "my-ns.a1b2c"
api_key = "key-1"
[profile.cloud.grpc_meta]
Custom-Header = "v1"
trace_id = "t"
old-header = "o"

[profile.mtls]
address = "prod.internal:7233"
namespace = "prod"
[profile.mtls.tls]
server_name = "frontend.prod.internal"
server_ca_cert_path = "${caPath}"
client_cert_path = "${certPath}"
client_key_path = "${keyPath}"

[profile.inline]
address = "inline:7233"
[profile.inline.tls]
server_ca_cert_data = "CA DATA"
client_cert_data = "CERT DATA"
client_key_data = "KEY DATA"

[profile.plain]
address = "plain:7233"
api_key = "key-2"
[profile.plain.tls]
disabled = true

[profile.codec]
address = "codec:7233"
[profile.codec.codec]
endpoint = "http://localhost:8888"
`,
);
const bad = write('bad.toml', '[profile.default\naddress = "x"\n');
const unknownKey = write('unknown.toml', '[profile.default]\nadress = "typo:7233"\n');
const missing = join(dir, 'missing.toml');

/** Both answers, as plain data (Buffers and Uint8Arrays compared by their bytes), or both errors. */
function same<T>(label: string, run: (m: typeof ours) => T): T {
  const outcome = (m: typeof ours) => {
    try {
      return { value: plain(run(m)) };
    } catch (err) {
      return { error: true, message: (err as Error).message };
    }
  };
  const theirs = outcome(official as unknown as typeof ours);
  const mine = outcome(ours);
  if ('error' in theirs || 'error' in mine) {
    assert.equal('error' in mine, 'error' in theirs, `${label}: ours ${JSON.stringify(mine)}, official ${JSON.stringify(theirs)}`);
    return undefined as T;
  }
  assert.deepEqual(mine.value, theirs.value, label);
  return run(ours);
}

function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]));
  return v;
}

const env = { TEMPORAL_CONFIG_FILE: file };

describe('@durable/envconfig reads as @temporalio/envconfig 1.24 does', () => {
  test('every profile of a file, by path and by contents', () => {
    const all = same('loadClientConfig', (m) => m.loadClientConfig({ configSource: { path: file } }));
    assert.deepEqual(Object.keys(all.profiles), ['default', 'cloud', 'mtls', 'inline', 'plain', 'codec']);
    same('loadClientConfig from TEMPORAL_CONFIG_FILE', (m) => m.loadClientConfig({ overrideEnvVars: env }));
    same('loadClientConfigFromToml', (m) => m.loadClientConfigFromToml(new TextEncoder().encode(`[profile.a]\naddress = "a:1"\n`), { strict: true }));
  });

  for (const profile of [undefined, 'default', 'cloud', 'mtls', 'inline', 'plain', 'codec']) {
    test(`profile ${profile ?? '(unnamed)'}: the profile and its connection options`, () => {
      same('loadClientConfigProfile', (m) => m.loadClientConfigProfile({ profile, overrideEnvVars: env }));
      same('loadClientConnectConfig', (m) => m.loadClientConnectConfig({ profile, overrideEnvVars: env }));
      same('loadClientConnectConfig, file as data', (m) => m.loadClientConnectConfig({ profile, configSource: { path: file }, overrideEnvVars: {} }));
    });
  }

  test('connection options: API key turns TLS on, tls.disabled keeps it off, TLS files read, inline data kept', () => {
    const cloud = same('cloud', (m) => m.loadClientConnectConfig({ profile: 'cloud', overrideEnvVars: env }));
    assert.equal(cloud.connectionOptions.tls, true);
    assert.equal(same('plain', (m) => m.loadClientConnectConfig({ profile: 'plain', overrideEnvVars: env })).connectionOptions.tls, false);
    const mtls = same('mtls', (m) => m.loadClientConnectConfig({ profile: 'mtls', overrideEnvVars: env })).connectionOptions.tls;
    assert.ok(typeof mtls === 'object' && Buffer.from(mtls.clientCertPair!.key).toString().includes('KEY'));
  });

  test('environment overrides: address, namespace, API key, TLS variables, gRPC metadata, TEMPORAL_PROFILE', () => {
    const overrides = {
      ...env,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: 'env:7233',
      TEMPORAL_NAMESPACE: 'env-ns',
      TEMPORAL_API_KEY: 'env-key',
      TEMPORAL_GRPC_META_OLD_HEADER: '',
      TEMPORAL_GRPC_META_REGION: 'eu',
    };
    const c = same('overrides', (m) => m.loadClientConnectConfig({ overrideEnvVars: overrides }));
    assert.deepEqual(c.connectionOptions.metadata, { 'custom-header': 'v1', 'trace-id': 't', region: 'eu' });
    same('TLS from variables', (m) =>
      m.loadClientConnectConfig({
        profile: 'default',
        overrideEnvVars: {
          ...env,
          TEMPORAL_TLS: 'true',
          TEMPORAL_TLS_SERVER_NAME: 'sn',
          TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'CA',
          TEMPORAL_TLS_CLIENT_CERT_PATH: certPath,
          TEMPORAL_TLS_CLIENT_KEY_PATH: keyPath,
        },
      }),
    );
    same('TEMPORAL_TLS=false over a key', (m) => m.loadClientConnectConfig({ profile: 'cloud', overrideEnvVars: { ...env, TEMPORAL_TLS: 'false' } }));
    same('TEMPORAL_TLS=1', (m) => m.loadClientConnectConfig({ profile: 'default', overrideEnvVars: { ...env, TEMPORAL_TLS: '1' } }));
    same('disableEnv', (m) => m.loadClientConfigProfile({ profile: 'cloud', disableEnv: true, overrideEnvVars: overrides }));
    same('disableFile', (m) => m.loadClientConfigProfile({ disableFile: true, overrideEnvVars: overrides }));
    same('both disabled', (m) => m.loadClientConfigProfile({ disableFile: true, disableEnv: true }));
  });

  test('a missing file, a missing profile, a bad file, unknown keys in strict mode', () => {
    assert.deepEqual(same('missing file', (m) => m.loadClientConfig({ configSource: { path: missing } })), { profiles: {} });
    same('missing file, default profile', (m) => m.loadClientConnectConfig({ overrideEnvVars: { TEMPORAL_CONFIG_FILE: missing } }));
    same('missing profile', (m) => m.loadClientConfigProfile({ profile: 'nope', overrideEnvVars: env }));
    same('bad file', (m) => m.loadClientConfig({ configSource: { path: bad } }));
    same('unknown key, lenient', (m) => m.loadClientConfig({ configSource: { path: unknownKey } }));
    same('unknown key, strict', (m) => m.loadClientConfig({ configSource: { path: unknownKey }, configFileStrict: true }));
    same('path and data both set', (m) => m.loadClientConfig({ configSource: { data: '[profile.a.tls]\nclient_key_path = "a"\nclient_key_data = "b"\n' } }));
  });

  test('writing a config: the TOML each writes reads back the same in the other', () => {
    const config = ours.loadClientConfig({ configSource: { path: file } });
    const mine = ours.clientConfigToToml(config);
    const theirs = official.clientConfigToToml(config);
    assert.deepEqual(plain(official.loadClientConfigFromToml(mine, { strict: true })), plain(ours.loadClientConfigFromToml(theirs, { strict: true })));
  });

  test('the known differences, both in gRPC header names, as the Go SDK and the CLI have them', () => {
    // Every underscore becomes a dash (the official package turns only the first).
    const data = { data: '[profile.default.grpc_meta]\nmy_custom_header = "x"\n' };
    assert.deepEqual(ours.loadClientConfigProfile({ configSource: data, overrideEnvVars: {} }).grpcMeta, { 'my-custom-header': 'x' });
    assert.deepEqual(official.loadClientConfigProfile({ configSource: data, overrideEnvVars: {} }).grpcMeta, { 'my-custom_header': 'x' });
    // An empty TEMPORAL_GRPC_META_ variable removes the header however the file spells it (the official package
    // removes it only when the file already spells it lower case with dashes).
    const remove = { profile: 'cloud', overrideEnvVars: { ...env, TEMPORAL_GRPC_META_CUSTOM_HEADER: '' } };
    assert.deepEqual(ours.loadClientConfigProfile(remove).grpcMeta, { 'trace-id': 't', 'old-header': 'o' });
    assert.equal(official.loadClientConfigProfile(remove).grpcMeta?.['custom-header'], 'v1');
  });
});

test('a client and a worker connected from a profile run a workflow on the dev server', async () => {
  const server = await DevServer.start({ port: 0 });
  try {
    const profiles = write('dev.toml', `[profile.dev]\naddress = "${server.address}"\nnamespace = "default"\n[profile.dev.grpc_meta]\nx-team = "payments"\n`);
    const config = ours.loadClientConnectConfig({ profile: 'dev', configSource: { path: profiles } });
    const connection = await Connection.connect(config.connectionOptions);
    const worker = await Worker.create({ connection, namespace: config.namespace, taskQueue: 'envconfig', workflowsPath, activities });
    const running = worker.run();
    try {
      const client = new Client({ connection, namespace: config.namespace });
      const result = await client.workflow.execute('threeActivities', { taskQueue: 'envconfig', workflowId: uniqueId('envconfig'), args: ['ada'] });
      assert.equal(result, 'HELLO ADA!');
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  } finally {
    await server.stop();
  }
});
