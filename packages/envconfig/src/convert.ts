// Between the file's snake_case tables and the API's camelCase objects.
import { readFileSync } from 'node:fs';
import { normalizeKeys } from './environment.js';
import type { TomlClientConfig, TomlClientConfigProfile, TomlClientConfigTLS } from './toml-file.js';
import type { ClientConfig, ClientConfigProfile, ClientConfigTLS, ConfigDataSource } from './types.js';

/** Drops undefined fields, so a converted object has only what was set. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** The bytes of a source: a file read now, or the data given. */
export function loadConfigData(source?: ConfigDataSource): Uint8Array | undefined {
  if (!source) return undefined;
  if ('path' in source) return Uint8Array.from(readFileSync(source.path));
  return typeof source.data === 'string' ? new TextEncoder().encode(source.data) : source.data;
}

function dataSource(path: string | undefined, data: string | undefined, field: string): ConfigDataSource | undefined {
  if (path !== undefined && data !== undefined) throw new Error(`Cannot specify both ${field}_path and ${field}_data`);
  if (data !== undefined) return { data: new TextEncoder().encode(data) };
  return path !== undefined ? { path } : undefined;
}

function pathAndData(source?: ConfigDataSource): { path?: string; data?: string } {
  if (!source) return {};
  if ('path' in source) return { path: source.path };
  return { data: typeof source.data === 'string' ? source.data : new TextDecoder().decode(source.data) };
}

export function fromTomlTLS(tls?: TomlClientConfigTLS): ClientConfigTLS | undefined {
  if (tls === undefined) return undefined;
  return defined({
    disabled: tls.disabled,
    serverName: tls.server_name,
    clientCert: dataSource(tls.client_cert_path, tls.client_cert_data, 'client_cert'),
    clientKey: dataSource(tls.client_key_path, tls.client_key_data, 'client_key'),
    serverCACert: dataSource(tls.server_ca_cert_path, tls.server_ca_cert_data, 'server_ca_cert'),
  });
}

export function toTomlTLS(tls?: ClientConfigTLS): TomlClientConfigTLS | undefined {
  if (tls === undefined) return undefined;
  const cert = pathAndData(tls.clientCert);
  const key = pathAndData(tls.clientKey);
  const ca = pathAndData(tls.serverCACert);
  return defined({
    disabled: tls.disabled,
    server_name: tls.serverName,
    client_cert_path: cert.path,
    client_cert_data: cert.data,
    client_key_path: key.path,
    client_key_data: key.data,
    server_ca_cert_path: ca.path,
    server_ca_cert_data: ca.data,
  });
}

/** A profile as the file has it -> as the API has it (gRPC header names normalized). */
export function fromTomlProfile(profile: TomlClientConfigProfile): ClientConfigProfile {
  return defined({
    address: profile.address,
    namespace: profile.namespace,
    apiKey: profile.api_key,
    tls: fromTomlTLS(profile.tls),
    grpcMeta: profile.grpc_meta && normalizeKeys(profile.grpc_meta),
  });
}

/** A profile as the API has it -> as the file has it. */
export function toTomlProfile(profile: ClientConfigProfile): TomlClientConfigProfile {
  return defined({
    address: profile.address,
    namespace: profile.namespace,
    api_key: profile.apiKey,
    tls: toTomlTLS(profile.tls),
    grpc_meta: profile.grpcMeta && normalizeKeys(profile.grpcMeta),
  });
}

export function fromTomlConfig(config: TomlClientConfig): ClientConfig {
  return { profiles: Object.fromEntries(Object.entries(config.profile).map(([name, p]) => [name, fromTomlProfile(p)])) };
}

export function toTomlConfig(config: ClientConfig): TomlClientConfig {
  return { profile: Object.fromEntries(Object.entries(config.profiles).map(([name, p]) => [name, toTomlProfile(p)])) };
}
