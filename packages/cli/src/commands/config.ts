// durable config get | set | list | delete | delete-profile: the envconfig TOML file (profiles of connection
// settings), as the temporal CLI edits it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { clientConfigToToml, configFilePath, loadClientConfig, type ClientConfig, type ClientConfigProfile, type ClientConfigTLS } from '@durable/envconfig';
import type { CommandContext, CommandSpec, GroupSpec } from '../command.js';
import type { Flags } from '../flags.js';
import { UsageError } from '../usage-error.js';

const PROPS = ['address', 'namespace', 'api_key', 'tls', 'tls.disabled', 'tls.client_cert_path', 'tls.client_cert_data', 'tls.client_key_path', 'tls.client_key_data', 'tls.server_ca_cert_path', 'tls.server_ca_cert_data', 'tls.server_name'] as const;
type Prop = (typeof PROPS)[number];

function file(flags: Flags, env: Record<string, string | undefined>): string {
  const path = flags.string('config-file') ?? configFilePath(env);
  if (!path) throw new UsageError('no config file location: set --config-file or TEMPORAL_CONFIG_FILE (HOME is not set)');
  return path;
}

const profileName = (flags: Flags) => flags.string('profile') ?? 'default';

function load(ctx: CommandContext): { path: string; config: ClientConfig } {
  const path = file(ctx.flags, ctx.io.env);
  return { path, config: loadClientConfig({ configSource: { path } }) };
}

function save(path: string, config: ClientConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, clientConfigToToml(config), { mode: 0o600 });
}

const TLS_FIELDS: Record<string, [keyof ClientConfigTLS, 'path' | 'data' | 'value']> = {
  'tls.client_cert_path': ['clientCert', 'path'],
  'tls.client_cert_data': ['clientCert', 'data'],
  'tls.client_key_path': ['clientKey', 'path'],
  'tls.client_key_data': ['clientKey', 'data'],
  'tls.server_ca_cert_path': ['serverCACert', 'path'],
  'tls.server_ca_cert_data': ['serverCACert', 'data'],
  'tls.server_name': ['serverName', 'value'],
  'tls.disabled': ['disabled', 'value'],
};

/** The properties a profile sets, as the file names them. */
function properties(p: ClientConfigProfile): Record<string, unknown> {
  const out: Record<string, unknown> = { address: p.address, namespace: p.namespace, api_key: p.apiKey };
  if (p.tls) {
    out.tls = true;
    for (const [prop, [field, kind]] of Object.entries(TLS_FIELDS)) {
      const v = p.tls[field];
      if (kind === 'value') out[prop] = v;
      else if (v && typeof v === 'object' && kind in v) {
        const x = (v as Record<string, unknown>)[kind];
        out[prop] = x instanceof Uint8Array ? new TextDecoder().decode(x) : x;
      }
    }
  }
  for (const [k, v] of Object.entries(p.grpcMeta ?? {})) out[`grpc_meta.${k}`] = v;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

function checkProp(prop: string): void {
  if (!(PROPS as readonly string[]).includes(prop) && !/^grpc_meta\.[^.]+$/.test(prop)) {
    throw new UsageError(`unknown property ${JSON.stringify(prop)}; properties: ${PROPS.join(', ')}, grpc_meta.KEY`);
  }
}

function setProp(p: ClientConfigProfile, prop: Prop | string, value: string | undefined): void {
  if (prop.startsWith('grpc_meta.')) {
    const key = prop.slice('grpc_meta.'.length);
    const meta = { ...p.grpcMeta };
    if (value === undefined) {
      if (!(key in meta)) throw new Error(`gRPC meta key ${JSON.stringify(key)} not found`);
      delete meta[key];
    } else meta[key] = value;
    p.grpcMeta = Object.keys(meta).length ? meta : undefined;
    return;
  }
  if (prop === 'address' || prop === 'namespace') p[prop] = value;
  else if (prop === 'api_key') p.apiKey = value;
  else if (prop === 'tls') {
    if (value !== undefined && !/^(true|false)$/.test(value)) throw new UsageError('tls is true or false');
    p.tls = value === 'true' ? (p.tls ?? {}) : undefined;
  } else {
    const [field, kind] = TLS_FIELDS[prop];
    const tls: ClientConfigTLS = { ...p.tls };
    if (value === undefined) delete tls[field];
    else if (field === 'disabled') {
      if (!/^(true|false)$/.test(value)) throw new UsageError(`${prop} is true or false`);
      tls.disabled = value === 'true';
    } else if (field === 'serverName') tls.serverName = value;
    else tls[field] = kind === 'path' ? { path: value } : { data: value };
    p.tls = tls;
  }
}

const PROP_OPTION = { name: 'prop', short: 'p', type: 'string' as const, description: `Property: ${PROPS.join(', ')}, or grpc_meta.KEY.` };

export const configGroups: GroupSpec[] = [
  {
    path: 'config',
    summary: 'Manage connection profiles in the config file',
    description: `Profiles in a TOML file hold how to connect (address, namespace, API key, TLS, gRPC metadata); every command takes --profile NAME (or TEMPORAL_PROFILE). The file is ~/.config/temporalio/temporal.toml (macOS: ~/Library/Application Support/temporalio/temporal.toml, Windows: %AppData%\\temporalio\\temporal.toml), or --config-file / TEMPORAL_CONFIG_FILE.\n\nExample:\n  durable config set \\\n      --profile YourProfile \\\n      --prop address \\\n      --value us-west-2.aws.api.temporal.io:7233`,
  },
];

export const configCommands: CommandSpec[] = [
  {
    path: 'config get',
    summary: 'Show a profile\'s properties, or one of them',
    description: 'Example:\n  durable config get \\\n      --profile YourProfile \\\n      --prop address',
    connects: false,
    options: [PROP_OPTION],
    validate: (flags) => void (flags.string('prop') && checkProp(flags.string('prop')!)),
    async run(ctx) {
      const name = profileName(ctx.flags);
      const profile = load(ctx).config.profiles[name];
      if (!profile) throw new Error(`profile ${JSON.stringify(name)} not found`);
      const props = properties(profile);
      const prop = ctx.flags.string('prop');
      if (prop) {
        if (!(prop in props) && prop !== 'tls') throw new Error(`property ${JSON.stringify(prop)} is not set in profile ${JSON.stringify(name)}`);
        const value = props[prop] ?? false;
        ctx.print.object({ property: prop, value }, String(value));
        return;
      }
      const rows = Object.entries(props).map(([property, value]) => ({ property, value }));
      ctx.print.table(rows, [
        { title: 'Property', value: (r) => r.property },
        { title: 'Value', value: (r) => r.value },
      ]);
    },
  },
  {
    path: 'config set',
    summary: 'Set a property of a profile in the config file',
    description: 'Creates the file and the profile when they do not exist.\n\nExample:\n  durable config set \\\n      --profile YourProfile \\\n      --prop address \\\n      --value localhost:7233',
    connects: false,
    options: [{ ...PROP_OPTION, required: true }, { name: 'value', short: 'v', type: 'string', required: true, description: 'The value.' }],
    validate: (flags) => checkProp(flags.required('prop')),
    async run(ctx) {
      const { path, config } = load(ctx);
      const name = profileName(ctx.flags);
      const profile = { ...config.profiles[name] };
      setProp(profile, ctx.flags.required('prop'), ctx.flags.string('value') ?? '');
      save(path, { profiles: { ...config.profiles, [name]: profile } });
      ctx.print.line(`Set ${ctx.flags.string('prop')} in profile ${name} of ${path}`);
    },
  },
  {
    path: 'config delete',
    summary: 'Remove a property from a profile in the config file',
    description: 'Example:\n  durable config delete \\\n      --profile YourProfile \\\n      --prop tls.client_cert_path',
    connects: false,
    options: [{ ...PROP_OPTION, required: true }],
    validate: (flags) => checkProp(flags.required('prop')),
    async run(ctx) {
      const { path, config } = load(ctx);
      const name = profileName(ctx.flags);
      if (!config.profiles[name]) throw new Error(`profile ${JSON.stringify(name)} not found`);
      const profile = { ...config.profiles[name] };
      setProp(profile, ctx.flags.required('prop'), undefined);
      save(path, { profiles: { ...config.profiles, [name]: profile } });
      ctx.print.line(`Deleted ${ctx.flags.string('prop')} from profile ${name}`);
    },
  },
  {
    path: 'config delete-profile',
    summary: 'Remove a whole profile from the config file',
    description: 'The profile must be named with --profile, so "default" is never removed by accident.\n\nExample:\n  durable config delete-profile \\\n      --profile YourProfile',
    connects: false,
    validate(flags) {
      if (!flags.has('profile')) throw new UsageError('name the profile to delete with --profile');
    },
    async run(ctx) {
      const { path, config } = load(ctx);
      const name = profileName(ctx.flags);
      if (!config.profiles[name]) throw new Error(`profile ${JSON.stringify(name)} not found`);
      const profiles = { ...config.profiles };
      delete profiles[name];
      save(path, { profiles });
      ctx.print.line(`Deleted profile ${name}`);
    },
  },
  {
    path: 'config list',
    summary: 'List the profiles of the config file',
    description: 'Example:\n  durable config list',
    connects: false,
    async run(ctx) {
      const names = Object.keys(load(ctx).config.profiles).sort();
      ctx.print.table(names.map((name) => ({ name })), [{ title: 'Name', value: (r) => r.name }]);
    },
  },
];
