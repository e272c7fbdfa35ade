// The shapes of @temporalio/envconfig 1.24, so code written for it compiles against this package unchanged.

/** Where a piece of configuration comes from: a file to read, or its contents. */
export type ConfigDataSource = { path: string } | { data: string | Uint8Array };

/** TLS settings of a profile. */
export interface ClientConfigTLS {
  /** true turns TLS off even when an API key would turn it on */
  disabled?: boolean;
  /** the name to verify the server's certificate against */
  serverName?: string;
  clientCert?: ConfigDataSource;
  clientKey?: ConfigDataSource;
  serverCACert?: ConfigDataSource;
}

/** One profile: how to reach a Temporal-compatible server. */
export interface ClientConfigProfile {
  address?: string;
  namespace?: string;
  apiKey?: string;
  tls?: ClientConfigTLS;
  /** gRPC metadata sent with every call; keys are lower case with dashes */
  grpcMeta?: Record<string, string>;
}

/** A whole config file: profiles by name. */
export interface ClientConfig {
  profiles: Record<string, ClientConfigProfile>;
}

/** TLS options as `Connection.connect` (@durable/client) and `NativeConnection.connect` (@durable/worker) take them. */
export interface TLSConfig {
  serverNameOverride?: string;
  serverRootCACertificate?: Uint8Array;
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
}

/** The connection options a profile turns into; pass them to `Connection.connect` or `NativeConnection.connect`. */
export interface ConnectionOptions {
  address?: string;
  apiKey?: string;
  /** false: plain text; true: TLS with the system's roots; an object: a CA, a client certificate, a server name */
  tls?: TLSConfig | boolean;
  metadata?: Record<string, string>;
}

/** What `loadClientConnectConfig` returns: connection options and the namespace to use with them. */
export interface ClientConnectConfig {
  connectionOptions: ConnectionOptions;
  namespace?: string;
}

export interface LoadClientProfileOptions {
  /** The profile to load; default `TEMPORAL_PROFILE`, else "default". */
  profile?: string;
  /** The config file (a path or its contents) instead of `TEMPORAL_CONFIG_FILE` or the default location. */
  configSource?: ConfigDataSource;
  /** Ignore config files (only used without `configSource`). */
  disableFile?: boolean;
  /** Ignore the `TEMPORAL_*` environment variables. */
  disableEnv?: boolean;
  /** Fail on keys the format does not know. */
  configFileStrict?: boolean;
  /** The environment to read instead of `process.env`. */
  overrideEnvVars?: Record<string, string>;
}

export interface LoadClientConfigOptions {
  /** The config file (a path or its contents) instead of `TEMPORAL_CONFIG_FILE` or the default location. */
  configSource?: ConfigDataSource;
  /** Fail on keys the format does not know. */
  configFileStrict?: boolean;
  /** The environment to read `TEMPORAL_CONFIG_FILE` (and the home directory) from instead of `process.env`. */
  overrideEnvVars?: Record<string, string>;
}

export interface ClientConfigFromTomlOptions {
  /** Fail on keys the format does not know. */
  strict: boolean;
}
