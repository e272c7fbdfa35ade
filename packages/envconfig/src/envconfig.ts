// Loading profiles: the file (given, TEMPORAL_CONFIG_FILE or the default location), then the environment over it.
import { fromTomlConfig, fromTomlProfile, loadConfigData, toTomlConfig } from './convert.js';
import { applyEnv, configFilePath, DEFAULT_PROFILE, readConfigFile, type Env } from './environment.js';
import { parseTomlConfig, stringifyTomlConfig, type TomlClientConfig, type TomlClientConfigProfile } from './toml-file.js';
import type {
  ClientConfig,
  ClientConfigFromTomlOptions,
  ClientConfigProfile,
  ClientConfigTLS,
  ClientConnectConfig,
  ConfigDataSource,
  LoadClientConfigOptions,
  LoadClientProfileOptions,
  TLSConfig,
} from './types.js';

function tomlConfig(source: ConfigDataSource | undefined, strict: boolean, env: Env): TomlClientConfig {
  if (source && 'data' in source) {
    const text = typeof source.data === 'string' ? source.data : new TextDecoder().decode(source.data);
    return parseTomlConfig(text, strict);
  }
  const path = source?.path ?? configFilePath(env);
  const text = path === undefined ? undefined : readConfigFile(path);
  return text === undefined ? { profile: {} } : parseTomlConfig(text, strict, path);
}

/** Every profile of the config file; a missing file has none. */
export function loadClientConfig(options: LoadClientConfigOptions = {}): ClientConfig {
  return fromTomlConfig(tomlConfig(options.configSource, options.configFileStrict ?? false, options.overrideEnvVars ?? process.env));
}

/** Every profile of a config file's contents. */
export function loadClientConfigFromToml(tomlData: Uint8Array, options: ClientConfigFromTomlOptions): ClientConfig {
  return fromTomlConfig(parseTomlConfig(new TextDecoder().decode(tomlData), options.strict));
}

/** The file's contents for a config. */
export function clientConfigToToml(config: ClientConfig): Uint8Array {
  return new TextEncoder().encode(stringifyTomlConfig(toTomlConfig(config)));
}

/**
 * One profile: `options.profile`, else `TEMPORAL_PROFILE`, else "default", from the config file, with the
 * `TEMPORAL_*` variables over it. A profile asked for by name must exist; "default" may be absent.
 */
export function loadClientConfigProfile(options: LoadClientProfileOptions = {}): ClientConfigProfile {
  if (options.disableFile && options.disableEnv) throw new Error('Cannot disable both file and environment loading');
  const env: Env = options.overrideEnvVars ?? process.env;
  let profile: TomlClientConfigProfile = {};
  if (!options.disableFile) {
    const config = tomlConfig(options.configSource, options.configFileStrict ?? false, env);
    const name = options.profile ?? env.TEMPORAL_PROFILE;
    const found = config.profile[name ?? DEFAULT_PROFILE];
    if (found === undefined && name) throw new Error(`Profile '${name}' not found in config data`);
    profile = found ?? {};
  }
  return fromTomlProfile(options.disableEnv ? profile : applyEnv(profile, env));
}

/** A profile loaded as `loadClientConfigProfile` does, as connection options and a namespace. */
export function loadClientConnectConfig(options: LoadClientProfileOptions = {}): ClientConnectConfig {
  return toClientOptions(loadClientConfigProfile(options));
}

/** TLS settings as connection options: false when disabled, the files read now. */
export function toTLSConfig(tls?: ClientConfigTLS): TLSConfig | boolean | undefined {
  if (tls === undefined) return undefined;
  if (tls.disabled === true) return false;
  const crt = loadConfigData(tls.clientCert);
  const key = loadConfigData(tls.clientKey);
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: loadConfigData(tls.serverCACert),
    clientCertPair: crt && key ? { crt, key } : undefined,
  };
}

/** A profile as connection options; an API key turns TLS on unless the profile says otherwise. */
export function toClientOptions(profile: ClientConfigProfile): ClientConnectConfig {
  const tls = toTLSConfig(profile.tls) ?? (profile.apiKey !== undefined ? true : undefined);
  return {
    namespace: profile.namespace,
    connectionOptions: { address: profile.address, apiKey: profile.apiKey, tls, metadata: profile.grpcMeta },
  };
}
