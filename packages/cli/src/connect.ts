// The server connection of a command: the profile (--profile, --config-file, TEMPORAL_* variables, through
// @durable/envconfig), the connection flags over it, a quick TCP check that says plainly why a server cannot be
// reached, then the gRPC connection.
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { hostname, userInfo } from 'node:os';
import { Client, Connection, type ConnectionOptions } from '@durable/client';
import { loadClientConfigProfile, toClientOptions, type ClientConfigProfile } from '@durable/envconfig';
import type { OptionSpec } from './option-spec.js';
import { formatDuration } from './durations.js';
import type { Flags } from './flags.js';
import { UsageError } from './usage-error.js';

export interface ClientContext {
  connection: Connection;
  client: Client;
  namespace: string;
  identity: string;
}

/** Flags every command takes (the temporal CLI's "common" set). */
export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', type: 'enum', values: ['text', 'json', 'jsonl', 'none'], default: 'text', description: 'Output format: text for people, json, jsonl (one JSON value a line), none.' },
  { name: 'time-format', type: 'enum', values: ['relative', 'iso', 'raw'], default: 'iso', description: 'How text output shows times.' },
  { name: 'env', type: 'string', env: 'TEMPORAL_ENV', default: 'default', meta: 'ENV', description: 'Environment of the env file whose presets fill the flags not given (see durable env).' },
  { name: 'env-file', type: 'string', env: 'TEMPORAL_ENV_FILE', meta: 'PATH', description: 'Env file (YAML) instead of ~/.config/temporalio/temporal.yaml. It must exist: Node reads this flag too and stops when the file is missing (TEMPORAL_ENV_FILE has no such check).' },
  { name: 'profile', type: 'string', env: 'TEMPORAL_PROFILE', description: 'Profile of the config file to use (default "default").' },
  { name: 'config-file', type: 'string', env: 'TEMPORAL_CONFIG_FILE', meta: 'PATH', description: 'Config file (TOML) instead of the default ~/.config/temporalio/temporal.toml.' },
  { name: 'disable-config-file', type: 'bool', description: 'Do not read the config file.' },
  { name: 'disable-config-env', type: 'bool', description: 'Do not read TEMPORAL_* variables for the connection.' },
  { name: 'no-json-shorthand-payloads', type: 'bool', description: 'Show payloads as {metadata, data} even when they hold JSON.' },
  { name: 'command-timeout', type: 'duration', description: 'Give up on the command after this long.' },
  { name: 'client-connect-timeout', type: 'duration', default: '10s', description: 'How long to wait for the server to answer when connecting.' },
  { name: 'log-level', type: 'enum', values: ['debug', 'info', 'warn', 'error', 'never'], default: 'never', description: 'Log level (accepted for compatibility; commands log nothing).' },
  { name: 'log-format', type: 'enum', values: ['text', 'json', 'pretty'], default: 'text', description: 'Log format (accepted for compatibility).' },
  { name: 'color', type: 'enum', values: ['always', 'never', 'auto'], default: 'auto', description: 'Output coloring (accepted for compatibility; output is never colored).' },
];

/** Flags of commands that talk to a server (the temporal CLI's "client" set). */
export const CLIENT_OPTIONS: OptionSpec[] = [
  { name: 'address', type: 'string', meta: 'HOST:PORT', description: 'The server\'s gRPC address (env TEMPORAL_ADDRESS, then the profile; default localhost:7233).' },
  { name: 'namespace', short: 'n', type: 'string', description: 'Namespace (env TEMPORAL_NAMESPACE, then the profile; default "default").' },
  { name: 'api-key', type: 'string', description: 'API key sent as a bearer token; turns TLS on (env TEMPORAL_API_KEY).' },
  { name: 'grpc-meta', type: 'string[]', meta: 'KEY=VALUE', description: 'gRPC metadata sent with every call. Repeatable.' },
  { name: 'tls', type: 'bool', description: 'Use TLS (on with an API key or any TLS flag; --tls=false turns it off) (env TEMPORAL_TLS).' },
  { name: 'tls-cert-path', type: 'string', meta: 'PATH', description: 'Client certificate for mTLS (env TEMPORAL_TLS_CLIENT_CERT_PATH).' },
  { name: 'tls-cert-data', type: 'string', meta: 'PEM', description: 'Client certificate, inline (env TEMPORAL_TLS_CLIENT_CERT_DATA).' },
  { name: 'tls-key-path', type: 'string', meta: 'PATH', description: 'Client private key for mTLS (env TEMPORAL_TLS_CLIENT_KEY_PATH).' },
  { name: 'tls-key-data', type: 'string', meta: 'PEM', description: 'Client private key, inline (env TEMPORAL_TLS_CLIENT_KEY_DATA).' },
  { name: 'tls-ca-path', type: 'string', meta: 'PATH', description: 'CA certificate the server\'s certificate is checked against (env TEMPORAL_TLS_SERVER_CA_CERT_PATH).' },
  { name: 'tls-ca-data', type: 'string', meta: 'PEM', description: 'CA certificate, inline (env TEMPORAL_TLS_SERVER_CA_CERT_DATA).' },
  { name: 'tls-server-name', type: 'string', description: 'Name to verify the server\'s certificate against (env TEMPORAL_TLS_SERVER_NAME).' },
  { name: 'tls-disable-host-verification', type: 'bool', description: 'Accepted for compatibility; host names are always verified.' },
  { name: 'client-authority', type: 'string', description: 'The :authority header of gRPC calls.' },
  { name: 'codec-endpoint', type: 'string', description: 'Accepted for compatibility; remote codecs are not supported, payloads are shown as stored.' },
  { name: 'codec-auth', type: 'string', description: 'Accepted for compatibility (see --codec-endpoint).' },
  { name: 'codec-header', type: 'string[]', description: 'Accepted for compatibility (see --codec-endpoint).' },
  { name: 'identity', type: 'string', description: 'Identity recorded with the requests (default durable-cli:USER@HOST).' },
];

export function defaultIdentity(): string {
  let user = 'unknown-user';
  try {
    user = userInfo().username;
  } catch {
    // no user database entry (some containers): keep the placeholder
  }
  return `durable-cli:${user}@${hostname()}`;
}

/** KEY=VALUE pairs; the value is kept as typed. */
export function keyValuePairs(pairs: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} expects KEY=VALUE, got ${JSON.stringify(p)}`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** The profile with the connection flags over it, as the temporal CLI merges them. */
export function resolveProfile(flags: Flags, env: Record<string, string | undefined>): ClientConfigProfile {
  const disableFile = flags.bool('disable-config-file');
  const disableEnv = flags.bool('disable-config-env');
  let profile: ClientConfigProfile = {};
  if (!disableFile || !disableEnv) {
    const configFile = flags.string('config-file');
    try {
      profile = loadClientConfigProfile({
        profile: flags.string('profile'),
        configSource: configFile ? { path: configFile } : undefined,
        disableFile,
        disableEnv,
        overrideEnvVars: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      });
    } catch (err) {
      throw new UsageError(`cannot load the connection profile: ${(err as Error).message}`);
    }
  }
  const p: ClientConfigProfile = { ...profile, tls: profile.tls && { ...profile.tls } };
  p.address = flags.string('address') ?? p.address ?? 'localhost:7233';
  p.namespace = flags.string('namespace') ?? p.namespace ?? 'default';
  p.address = p.address.replaceAll('${namespace}', p.namespace);
  const apiKey = flags.string('api-key');
  if (apiKey) p.apiKey = apiKey;
  const meta = keyValuePairs(flags.list('grpc-meta'), '--grpc-meta');
  if (Object.keys(meta).length) p.grpcMeta = { ...p.grpcMeta, ...meta };
  const tlsFlags = ['tls-cert-path', 'tls-cert-data', 'tls-key-path', 'tls-key-data', 'tls-ca-path', 'tls-ca-data', 'tls-server-name'];
  if (flags.bool('tls') || tlsFlags.some((f) => flags.string(f))) {
    const source = (path: string, data: string) => (flags.string(path) ? { path: flags.string(path)! } : flags.string(data) ? { data: flags.string(data)! } : undefined);
    p.tls = {
      ...p.tls,
      disabled: false,
      ...defined({
        clientCert: source('tls-cert-path', 'tls-cert-data'),
        clientKey: source('tls-key-path', 'tls-key-data'),
        serverCACert: source('tls-ca-path', 'tls-ca-data'),
        serverName: flags.string('tls-server-name'),
      }),
    };
  }
  if (flags.has('tls') && !flags.bool('tls')) p.tls = { disabled: true };
  return p;
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export class ConnectError extends Error {
  override name = 'ConnectError';
}

/** Answers within a second for a refused port or an unknown host, instead of gRPC's retries until a deadline. */
export async function probe(address: string, timeoutMs: number): Promise<void> {
  if (address.startsWith('unix:')) return;
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(i + 1));
  try {
    await lookup(host);
  } catch {
    throw new ConnectError(`cannot resolve host ${JSON.stringify(host)} (from --address ${address}); check the address or your DNS`);
  }
  await new Promise<void>((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectError(`no answer from ${address} in ${formatDuration(timeoutMs)}; is a server running there? (--client-connect-timeout waits longer)`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new ConnectError(
          err.code === 'ECONNREFUSED'
            ? `connection refused at ${address}; is the server running? (durable server start-dev starts one)`
            : `cannot connect to ${address}: ${err.message}`,
        ),
      );
    });
  });
}

/** Connects as the flags and profile say. */
export async function openClient(flags: Flags, env: Record<string, string | undefined>): Promise<ClientContext> {
  const profile = resolveProfile(flags, env);
  const { connectionOptions, namespace } = toClientOptions(profile);
  const timeoutMs = flags.number('client-connect-timeout') ?? 10_000;
  const address = connectionOptions.address ?? 'localhost:7233';
  if (!/^\S+:\d+$/.test(address) && !address.startsWith('unix:')) {
    throw new UsageError(`--address must be HOST:PORT, got ${JSON.stringify(address)}`);
  }
  await probe(address, timeoutMs);
  const authority = flags.string('client-authority');
  const options: ConnectionOptions = {
    ...connectionOptions,
    connectTimeout: timeoutMs,
    retry: { maxAttempts: 3 },
    ...(authority ? { channelArgs: { 'grpc.default_authority': authority } } : {}),
  };
  let connection: Connection;
  try {
    connection = await Connection.connect(options);
  } catch (err) {
    throw new ConnectError(`${(err as Error).message}${connectionOptions.tls ? ' (TLS is on: is the server serving TLS?)' : ''}`);
  }
  const identity = flags.string('identity') ?? defaultIdentity();
  const ns = namespace ?? 'default';
  return { connection, client: new Client({ connection, namespace: ns, identity }), namespace: ns, identity };
}
