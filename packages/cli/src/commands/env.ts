// durable env get | set | delete | list: the environments of the temporal CLI's env file (temporal.yaml), presets of
// flag values that every command takes by --env NAME. The TOML profiles of `config` are the newer way to keep
// connections; these stay for the scripts and habits built on `temporal env`.
import type { CommandContext, CommandSpec, GroupSpec } from '../command.js';
import { editEnvironments, envFilePath, readEnvironments } from '../env-file.js';
import type { Flags } from '../flags.js';
import { UsageError } from '../usage-error.js';

const KEY_OPTION = { name: 'key', short: 'k', type: 'string' as const, meta: 'FLAG', description: 'Property: the name of a flag, without dashes (address, namespace, tls-cert-path …).' };

function file(ctx: CommandContext): string {
  const path = envFilePath(ctx.flags.string('env-file'), ctx.io.env);
  if (!path) throw new UsageError('no env file location: set --env-file or TEMPORAL_ENV_FILE (HOME is not set)');
  return path;
}

/**
 * The environment and property a command acts on: --env and --key, or the older positional ENV[.KEY], which the
 * temporal CLI still takes with a warning and refuses beside the flags.
 */
function target(ctx: CommandContext): { env: string; key?: string } {
  const flags: Flags = ctx.flags;
  const key = flags.string('key') || undefined;
  const [arg] = ctx.args;
  if (arg !== undefined) {
    ctx.io.err.write('warning: arguments to env commands are deprecated; use --env and --key (-k) instead\n');
    if (flags.string('env') !== 'default' || key !== undefined) throw new UsageError('give the environment as an argument or with --env and --key, not both (the flags are the current way)');
    const pieces = arg.split('.');
    if (!pieces[0]) throw new UsageError('no environment named: write ENV or ENV.KEY');
    if (pieces.length > 2) throw new UsageError('property names may not contain dots: write ENV.KEY');
    return { env: pieces[0], key: pieces[1] || undefined };
  }
  if (key?.includes('.')) throw new UsageError(`property names may not contain dots, got ${JSON.stringify(key)}`);
  return { env: flags.string('env') ?? 'default', key };
}

/** The environment get and delete act on, which must be in the file ("default" too: there is nothing to show). */
function existing(ctx: CommandContext): { env: string; key?: string; path: string; props: Record<string, string> } {
  const { env, key } = target(ctx);
  const path = file(ctx);
  const props = readEnvironments(path)[env];
  if (!props) throw new Error(`environment ${JSON.stringify(env)} not found in ${path}; "durable env list" shows the environments there`);
  return { env, key, path, props };
}

export const envGroups: GroupSpec[] = [
  {
    path: 'env',
    summary: 'Manage environments: presets of flag values chosen by --env (older than config profiles)',
    description:
      'An environment holds presets: flag names and values that every command takes when its command line leaves those flags out. Choose one with --env NAME, or TEMPORAL_ENV; without either, the "default" environment applies. A flag typed on the command line wins over a preset, and a preset over the TEMPORAL_* variables and the config profile. Environments live in ~/.config/temporalio/temporal.yaml (or --env-file, TEMPORAL_ENV_FILE), the file the temporal CLI reads; Node itself stops at an --env-file that does not exist, so name a new file with TEMPORAL_ENV_FILE. For new setups, "durable config" profiles do the same for connections.\n\nExample:\n  durable env set \\\n      --env prod \\\n      --key address \\\n      --value production.f45a2.tmprl.cloud:7233\n  durable workflow list --env prod',
  },
];

export const envCommands: CommandSpec[] = [
  {
    path: 'env get',
    summary: 'Show the properties of an environment, or one of them',
    description: 'Without --env (or TEMPORAL_ENV), shows the "default" environment.\n\nExample:\n  durable env get \\\n      --env YourEnvironment \\\n      --key YourPropertyKey',
    connects: false,
    options: [KEY_OPTION],
    args: [{ name: 'ENV[.KEY]', required: false }],
    async run(ctx) {
      const { key, props } = existing(ctx);
      // As the temporal CLI: rows even for one key, with an empty value when the key is not set.
      const rows = key !== undefined ? [{ property: key, value: props[key] ?? '' }] : Object.entries(props).sort(([a], [b]) => a.localeCompare(b)).map(([property, value]) => ({ property, value }));
      ctx.print.table(rows, [
        { title: 'Property', value: (r) => r.property },
        { title: 'Value', value: (r) => r.value },
      ]);
    },
  },
  {
    path: 'env set',
    summary: 'Set a property of an environment',
    description:
      'Creates the file and the environment when they do not exist. Keys are flag names: a command that has the flag takes the value when its command line leaves the flag out.\n\nExample:\n  durable env set \\\n      --env prod \\\n      --key address \\\n      --value production.f45a2.tmprl.cloud:7233',
    connects: false,
    ignoresMissingEnv: true,
    options: [KEY_OPTION, { name: 'value', short: 'v', type: 'string', description: 'The value (--value "" for an empty one).' }],
    args: [
      { name: 'ENV.KEY', required: false },
      { name: 'VALUE', required: false },
    ],
    async run(ctx) {
      const { env, key } = target(ctx);
      if (key === undefined) throw new UsageError('name the property with --key (-k)');
      const value = ctx.args.length === 2 ? ctx.args[1] : ctx.flags.string('value');
      if (value === undefined) throw new UsageError(ctx.args.length ? 'no value: write ENV.KEY VALUE, or use --env, --key and --value' : '--value is required (--value "" sets an empty one)');
      const path = file(ctx);
      editEnvironments(path, (doc) => doc.setIn(['env', env, key], value));
      ctx.print.line(`Set ${key} in environment ${env} of ${path}`);
    },
  },
  {
    path: 'env delete',
    summary: 'Delete an environment, or one property of it',
    description: 'Without --key, removes the whole environment.\n\nExample:\n  durable env delete \\\n      --env prod \\\n      --key tls-key-path',
    connects: false,
    options: [KEY_OPTION],
    args: [{ name: 'ENV[.KEY]', required: false }],
    async run(ctx) {
      const { env, key, path } = existing(ctx);
      editEnvironments(path, (doc) => doc.deleteIn(key === undefined ? ['env', env] : ['env', env, key]));
      ctx.print.line(key === undefined ? `Deleted environment ${env}` : `Deleted ${key} from environment ${env}`);
    },
  },
  {
    path: 'env list',
    summary: 'List the environments of the env file',
    description: 'Example:\n  durable env list',
    connects: false,
    ignoresMissingEnv: true,
    async run(ctx) {
      const names = Object.keys(readEnvironments(file(ctx))).sort();
      ctx.print.table(names.map((name) => ({ name })), [{ title: 'Name', value: (r) => r.name }]);
    },
  },
];
