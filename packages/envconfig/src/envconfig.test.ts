import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  clientConfigToToml,
  defaultConfigFilePath,
  loadClientConfig,
  loadClientConfigFromToml,
  loadClientConfigProfile,
  loadClientConnectConfig,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'envconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'temporal.toml');
writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
writeFileSync(
  file,
  `[profile.default]
address = "localhost:7233"
namespace = "default"

[profile.cloud]
address = "ns.acct.tmprl.cloud:7233"
namespace = "ns.acct"
api_key = "secret"
[profile.cloud.grpc_meta]
X_Custom_Header = "a"

[profile.mtls]
address = "prod:7233"
[profile.mtls.tls]
server_name = "prod.internal"
server_ca_cert_path = "${join(dir, 'ca.pem')}"
client_cert_data = "CERT"
client_key_data = "KEY"
`,
);
const env = { TEMPORAL_CONFIG_FILE: file };

test('profiles by name, TEMPORAL_PROFILE, and "default" when none is named', () => {
  assert.equal(loadClientConfigProfile({ overrideEnvVars: env }).address, 'localhost:7233');
  assert.equal(loadClientConfigProfile({ overrideEnvVars: { ...env, TEMPORAL_PROFILE: 'cloud' } }).namespace, 'ns.acct');
  assert.deepEqual(loadClientConfigProfile({ profile: 'cloud', overrideEnvVars: env }), {
    address: 'ns.acct.tmprl.cloud:7233',
    namespace: 'ns.acct',
    apiKey: 'secret',
    grpcMeta: { 'x-custom-header': 'a' },
  });
  assert.throws(() => loadClientConfigProfile({ profile: 'nope', overrideEnvVars: env }), /Profile 'nope' not found/);
  assert.deepEqual(Object.keys(loadClientConfig({ overrideEnvVars: env }).profiles), ['default', 'cloud', 'mtls']);
});

test('an API key turns TLS on; TLS files are read and inline data kept', () => {
  const cloud = loadClientConnectConfig({ profile: 'cloud', overrideEnvVars: env });
  assert.equal(cloud.namespace, 'ns.acct');
  assert.deepEqual(cloud.connectionOptions, { address: 'ns.acct.tmprl.cloud:7233', apiKey: 'secret', tls: true, metadata: { 'x-custom-header': 'a' } });
  const mtls = loadClientConnectConfig({ profile: 'mtls', overrideEnvVars: env }).connectionOptions.tls;
  assert.ok(typeof mtls === 'object');
  assert.equal(mtls.serverNameOverride, 'prod.internal');
  assert.equal(Buffer.from(mtls.serverRootCACertificate!).toString(), 'CA PEM');
  assert.equal(Buffer.from(mtls.clientCertPair!.crt).toString(), 'CERT');
  assert.equal(Buffer.from(mtls.clientCertPair!.key).toString(), 'KEY');
});

test('TEMPORAL_* variables override the file; TEMPORAL_TLS=false turns TLS off; an empty meta variable removes a header', () => {
  const c = loadClientConnectConfig({
    profile: 'cloud',
    overrideEnvVars: { ...env, TEMPORAL_ADDRESS: 'other:1', TEMPORAL_TLS: 'false', TEMPORAL_GRPC_META_X_CUSTOM_HEADER: '', TEMPORAL_GRPC_META_TRACE_ID: 't' },
  });
  assert.deepEqual(c.connectionOptions, { address: 'other:1', apiKey: 'secret', tls: false, metadata: { 'trace-id': 't' } });
  assert.equal(loadClientConfigProfile({ profile: 'cloud', overrideEnvVars: { ...env, TEMPORAL_ADDRESS: 'x:1' }, disableEnv: true }).address, 'ns.acct.tmprl.cloud:7233');
  assert.deepEqual(loadClientConfigProfile({ disableFile: true, overrideEnvVars: { TEMPORAL_NAMESPACE: 'n' } }), { namespace: 'n' });
  assert.throws(() => loadClientConfigProfile({ disableFile: true, disableEnv: true }), /Cannot disable both/);
});

test('a missing file is an empty config; a bad one and unknown keys in strict mode are errors that say where', () => {
  assert.deepEqual(loadClientConfig({ configSource: { path: join(dir, 'missing.toml') } }), { profiles: {} });
  assert.deepEqual(loadClientConfigProfile({ overrideEnvVars: { TEMPORAL_CONFIG_FILE: join(dir, 'missing.toml') } }), {});
  writeFileSync(join(dir, 'bad.toml'), '[profile.default\naddress = 1');
  assert.throws(() => loadClientConfig({ configSource: { path: join(dir, 'bad.toml') } }), /bad\.toml is not valid TOML/);
  assert.throws(
    () => loadClientConfig({ configSource: { data: '[profile.a]\nadress = "x"' }, configFileStrict: true }),
    /key\(s\) unrecognized in profile\.a: adress/,
  );
  assert.throws(() => loadClientConfig({ configSource: { data: '[profile.a.tls]\nclient_cert_path = "a"\nclient_cert_data = "b"' } }), /both client_cert_path and client_cert_data/);
});

test('the default file per OS', () => {
  assert.equal(defaultConfigFilePath({ HOME: '/home/u' }, 'linux'), '/home/u/.config/temporalio/temporal.toml');
  assert.equal(defaultConfigFilePath({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' }, 'linux'), '/xdg/temporalio/temporal.toml');
  assert.equal(defaultConfigFilePath({ HOME: '/Users/u' }, 'darwin'), '/Users/u/Library/Application Support/temporalio/temporal.toml');
  assert.match(defaultConfigFilePath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32') ?? '', /Roaming.temporalio.temporal\.toml$/);
  assert.equal(defaultConfigFilePath({}, 'linux'), undefined);
});

test('a config written to TOML reads back the same', () => {
  const config = loadClientConfig({ overrideEnvVars: env });
  const again = loadClientConfigFromToml(clientConfigToToml(config), { strict: true });
  assert.deepEqual(again.profiles.cloud, config.profiles.cloud);
  assert.deepEqual(again.profiles.default, config.profiles.default);
});
