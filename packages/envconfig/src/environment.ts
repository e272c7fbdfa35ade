// Where the config file is, and the TEMPORAL_* variables that override a profile's values.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { normalizeGrpcMetaKey, type TomlClientConfigProfile, type TomlClientConfigTLS } from './toml-file.js';

export type Env = Record<string, string | undefined>;

export const DEFAULT_PROFILE = 'default';

/** The user's configuration folder as Go's os.UserConfigDir finds it; undefined when the environment does not say. */
function userConfigDir(env: Env, platform: NodeJS.Platform): string | undefined {
  if (platform === 'win32') return env.APPDATA || undefined;
  if (platform === 'darwin') return env.HOME ? join(env.HOME, 'Library', 'Application Support') : undefined;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg) return isAbsolute(xdg) ? xdg : undefined;
  return env.HOME ? join(env.HOME, '.config') : undefined;
}

/**
 * The default config file: `$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS,
 * `%APPDATA%` on Windows, then `temporalio/temporal.toml`.
 */
export function defaultConfigFilePath(env: Env = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const dir = userConfigDir(env, platform);
  return dir === undefined ? undefined : join(dir, 'temporalio', 'temporal.toml');
}

/** `TEMPORAL_CONFIG_FILE`, else the default location. */
export function configFilePath(env: Env = process.env): string | undefined {
  return env.TEMPORAL_CONFIG_FILE || defaultConfigFilePath(env);
}

/** The file's text, or undefined when it does not exist (a missing file is an empty config). */
export function readConfigFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

const bool = (v: string | undefined) => (v === undefined ? undefined : v === '1' || v === 'true');

function tlsFromEnv(env: Env): TomlClientConfigTLS | undefined {
  const enabled = bool(env.TEMPORAL_TLS);
  const tls: TomlClientConfigTLS = {
    disabled: enabled === undefined ? undefined : !enabled,
    client_cert_path: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    client_cert_data: env.TEMPORAL_TLS_CLIENT_CERT_DATA,
    client_key_path: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    client_key_data: env.TEMPORAL_TLS_CLIENT_KEY_DATA,
    server_ca_cert_path: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    server_ca_cert_data: env.TEMPORAL_TLS_SERVER_CA_CERT_DATA,
    server_name: env.TEMPORAL_TLS_SERVER_NAME,
    disable_host_verification: bool(env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION),
  };
  const set = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined)) as TomlClientConfigTLS;
  return Object.keys(set).length ? set : undefined;
}

/** gRPC metadata with its header names normalized (a later spelling of the same header wins). */
export function normalizeKeys(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [normalizeGrpcMetaKey(k), v]));
}

const GRPC_META_PREFIX = 'TEMPORAL_GRPC_META_';

/**
 * Returns the profile with the environment's values over the file's: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
 * `TEMPORAL_API_KEY`, `TEMPORAL_TLS*`, `TEMPORAL_CODEC_*` and `TEMPORAL_GRPC_META_<NAME>` (an empty value removes
 * that header).
 */
export function applyEnv(profile: TomlClientConfigProfile, env: Env): TomlClientConfigProfile {
  const out: TomlClientConfigProfile = { ...profile };
  out.address = env.TEMPORAL_ADDRESS ?? profile.address;
  out.namespace = env.TEMPORAL_NAMESPACE ?? profile.namespace;
  out.api_key = env.TEMPORAL_API_KEY ?? profile.api_key;
  const tls = tlsFromEnv(env);
  out.tls = profile.tls || tls ? { ...profile.tls, ...tls } : undefined;
  const codec = { endpoint: env.TEMPORAL_CODEC_ENDPOINT, auth: env.TEMPORAL_CODEC_AUTH };
  const codecSet = Object.fromEntries(Object.entries(codec).filter(([, v]) => v !== undefined));
  out.codec = profile.codec || Object.keys(codecSet).length ? { ...profile.codec, ...codecSet } : undefined;
  // The file's header names are normalized first, so an empty variable removes a header however the file spells it.
  if (profile.grpc_meta) out.grpc_meta = normalizeKeys(profile.grpc_meta);
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(GRPC_META_PREFIX)) continue;
    out.grpc_meta = { ...out.grpc_meta };
    const header = normalizeGrpcMetaKey(key.slice(GRPC_META_PREFIX.length));
    if (value) out.grpc_meta[header] = value;
    else delete out.grpc_meta[header];
  }
  return out;
}
