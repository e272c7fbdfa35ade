// The config file as written on disk: TOML with snake_case keys under [profile.NAME], as Temporal's CLI and SDKs
// read and write it.
import { parse, stringify, TomlError } from 'smol-toml';

export interface TomlClientConfigTLS {
  disabled?: boolean;
  client_cert_path?: string;
  client_cert_data?: string;
  client_key_path?: string;
  client_key_data?: string;
  server_ca_cert_path?: string;
  server_ca_cert_data?: string;
  server_name?: string;
  disable_host_verification?: boolean;
}

export interface TomlClientConfigCodec {
  endpoint?: string;
  auth?: string;
}

export interface TomlClientConfigProfile {
  address?: string;
  namespace?: string;
  api_key?: string;
  tls?: TomlClientConfigTLS;
  codec?: TomlClientConfigCodec;
  grpc_meta?: Record<string, string>;
}

export interface TomlClientConfig {
  profile: Record<string, TomlClientConfigProfile>;
}

const PROFILE_KEYS = new Set(['address', 'namespace', 'api_key', 'tls', 'codec', 'grpc_meta']);
// disable_host_verification is part of the format (the CLI and the Go SDK write it), so strict mode accepts it.
const TLS_KEYS = new Set([
  'disabled',
  'client_cert_path',
  'client_cert_data',
  'client_key_path',
  'client_key_data',
  'server_ca_cert_path',
  'server_ca_cert_data',
  'server_name',
  'disable_host_verification',
]);
const CODEC_KEYS = new Set(['endpoint', 'auth']);

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** gRPC header names are lower case with dashes; `X_Custom_Header` and `x-custom-header` are one header. */
export function normalizeGrpcMetaKey(key: string): string {
  return key.toLowerCase().replaceAll('_', '-');
}

/** Parses a config file; `source` names it in errors (a path, or "config data"). */
export function parseTomlConfig(text: string, strict: boolean, source = 'config data'): TomlClientConfig {
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(text);
  } catch (err) {
    const why = err instanceof TomlError ? err.message.split('\n')[0] : String(err);
    throw new Error(`${source} is not valid TOML: ${why}`, { cause: err });
  }
  if (strict) checkKeys(parsed);
  const profiles = parsed.profile ?? {};
  if (!isTable(profiles)) throw new Error(`${source}: "profile" must be a table of profiles ([profile.NAME])`);
  return { profile: profiles as Record<string, TomlClientConfigProfile> };
}

function unknownKeys(table: Record<string, unknown>, allowed: Set<string>, where: string): void {
  const unknown = Object.keys(table).filter((k) => !allowed.has(k));
  if (unknown.length) throw new Error(`Validation error: key(s) unrecognized${where ? ` in ${where}` : ''}: ${unknown.join(', ')}`);
}

function checkKeys(parsed: Record<string, unknown>): void {
  unknownKeys(parsed, new Set(['profile']), '');
  const profiles = parsed.profile;
  if (profiles === undefined) return;
  if (!isTable(profiles)) throw new Error('Validation error: profile must be a table');
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isTable(profile)) throw new Error(`Validation error: profile.${name} must be a table`);
    unknownKeys(profile, PROFILE_KEYS, `profile.${name}`);
    for (const [key, allowed] of [['tls', TLS_KEYS], ['codec', CODEC_KEYS]] as const) {
      const sub = profile[key];
      if (sub === undefined) continue;
      if (!isTable(sub)) throw new Error(`Validation error: profile.${name}.${key} must be a table`);
      unknownKeys(sub, allowed, `profile.${name}.${key}`);
    }
  }
}

/** The file's text for a config: profiles as [profile.NAME] tables, empty parts left out. */
export function stringifyTomlConfig(config: TomlClientConfig): string {
  return stringify(config);
}
