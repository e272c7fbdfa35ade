/**
 * @durable/envconfig: Temporal's environment configuration — profiles in a TOML file and `TEMPORAL_*` variables —
 * turned into connection options, so the same code points at a dev server, staging or Temporal Cloud without
 * changes. Names, shapes and file format follow @temporalio/envconfig.
 *
 * @example
 * ```ts
 * import { loadClientConnectConfig } from '@durable/envconfig';
 * import { Client, Connection } from '@durable/client';
 * const config = loadClientConnectConfig(); // TEMPORAL_PROFILE or "default", from ~/.config/temporalio/temporal.toml
 * const connection = await Connection.connect(config.connectionOptions);
 * const client = new Client({ connection, namespace: config.namespace });
 * ```
 */
export {
  loadClientConfig,
  loadClientConfigProfile,
  loadClientConnectConfig,
  loadClientConfigFromToml,
  clientConfigToToml,
  toClientOptions,
  toTLSConfig,
} from './envconfig.js';
export { fromTomlConfig, fromTomlProfile, toTomlConfig, toTomlProfile, loadConfigData } from './convert.js';
export { defaultConfigFilePath, configFilePath } from './environment.js';
export { normalizeGrpcMetaKey, parseTomlConfig, stringifyTomlConfig } from './toml-file.js';
export type { TomlClientConfig, TomlClientConfigProfile, TomlClientConfigTLS, TomlClientConfigCodec } from './toml-file.js';
export type {
  ClientConfig,
  ClientConfigProfile,
  ClientConfigTLS,
  ClientConnectConfig,
  ConnectionOptions,
  TLSConfig,
  LoadClientConfigOptions,
  LoadClientProfileOptions,
  ClientConfigFromTomlOptions,
  ConfigDataSource,
} from './types.js';
