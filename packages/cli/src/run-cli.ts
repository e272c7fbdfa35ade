// Finds the command an argv names, checks its flags, runs it, and turns what happens into an exit code scripts can
// rely on: 0 done, 1 failed (the reason on stderr, one line), 2 the command line was wrong.
import type { CommandContext, CommandSpec, GroupSpec, Io } from './command.js';
import { CLIENT_OPTIONS, COMMON_OPTIONS, openClient, type ClientContext } from './connect.js';
import { describeError } from './cli-errors.js';
import { envFilePath, readEnvironments } from './env-file.js';
import { parseFlags, type Presets } from './flags.js';
import { commandHelp, groupHelp } from './help.js';
import { createPrinter, type OutputFormat, type TimeFormat } from './printer.js';
import type { OptionSpec } from './option-spec.js';
import { UsageError } from './usage-error.js';

export interface Registry {
  groups: GroupSpec[];
  commands: CommandSpec[];
}

type Node = { kind: 'group'; spec: GroupSpec } | { kind: 'command'; spec: CommandSpec };

function children(registry: Registry, path: string): { name: string; summary: string }[] {
  const prefix = path ? `${path} ` : '';
  const direct = (p: string) => p.startsWith(prefix) && !p.slice(prefix.length).includes(' ');
  return [...registry.groups.filter((g) => direct(g.path)), ...registry.commands.filter((c) => direct(c.path))]
    .map((n) => ({ name: n.path.slice(prefix.length), summary: n.summary }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function find(registry: Registry, path: string): Node | undefined {
  const command = registry.commands.find((c) => c.path === path);
  if (command) return { kind: 'command', spec: command };
  const group = registry.groups.find((g) => g.path === path);
  return group && { kind: 'group', spec: group };
}

/** The flags listed under a command's own, in its help. */
function globalSections(c: CommandSpec) {
  return [
    ...(c.connects === false ? [] : [{ title: 'Connection flags', options: CLIENT_OPTIONS }]),
    { title: 'Global flags', options: COMMON_OPTIONS },
  ];
}

/**
 * The presets of the environment --env names (TEMPORAL_ENV; "default" when neither), from the env file. A first
 * parse, with nothing required, finds --env and --env-file wherever they are on the line. A named environment the
 * file lacks is a mistake (a typo would otherwise connect to localhost), as in the temporal CLI; "default" may be
 * absent. The presets' own flags are left out: an environment cannot choose another.
 */
function envPresets(command: CommandSpec, argv: readonly string[], specs: OptionSpec[], env: Io['env']): Presets | undefined {
  const { flags } = parseFlags(argv, specs.map((s) => ({ ...s, required: false })), env);
  const name = flags.string('env') ?? 'default';
  const file = envFilePath(flags.string('env-file'), env);
  const environments = readEnvironments(file);
  const values = environments[name];
  if (!values) {
    if (name === 'default' || command.ignoresMissingEnv) return undefined;
    throw new UsageError(`environment ${JSON.stringify(name)} not found in ${file ?? 'the env file (no HOME: set --env-file)'}; create it with "durable env set --env ${name} -k KEY -v VALUE", or see "durable env list"`);
  }
  const presets = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'env' && k !== 'env-file'));
  return { values: presets, source: `environment ${JSON.stringify(name)} of ${file}` };
}

/** Runs `durable <argv>`; returns the exit code. */
export async function runCli(registry: Registry, argv: readonly string[], io: Io): Promise<number> {
  // The command is the longest run of leading words that names one; a group's subcommands may take positionals.
  let node: Node | undefined;
  let path = '';
  let i = 0;
  for (; i < argv.length && !argv[i].startsWith('-'); i++) {
    const next = path ? `${path} ${argv[i]}` : argv[i];
    const found = find(registry, next);
    if (!found) break;
    node = found;
    path = next;
    if (found.kind === 'command' && !registry.commands.some((c) => c.path.startsWith(`${next} `))) {
      i++;
      break;
    }
  }
  const rest = argv.slice(i);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (!node || node.kind === 'group') {
    const group = node?.spec;
    const word = rest.find((a) => !a.startsWith('-'));
    if (word && !wantsHelp) {
      const where = group ? `"durable ${group.path}"` : '"durable"';
      io.err.write(`durable: unknown command ${JSON.stringify(word)} for ${where}\nRun "durable ${group ? `${group.path} ` : ''}--help" for the commands.\n`);
      return 2;
    }
    if (!group) return 2;
    io.out.write(groupHelp(group, children(registry, group.path)));
    return wantsHelp || rest.length === 0 ? 0 : 2;
  }
  const command = node.spec;
  if (command.raw) return (await command.raw(rest, io)) ?? 0;
  if (wantsHelp) {
    io.out.write(commandHelp(command, globalSections(command)));
    return 0;
  }
  const usage = (message: string) => {
    io.err.write(`durable ${command.path}: ${message}\nRun "durable ${command.path} --help" for its flags.\n`);
    return 2;
  };
  let ctx: CommandContext;
  let opened: ClientContext | undefined;
  try {
    const specs = [...(command.options ?? []), ...(command.connects === false ? [] : CLIENT_OPTIONS), ...COMMON_OPTIONS];
    const { flags, positionals } = parseFlags(rest, specs, io.env, envPresets(command, rest, specs, io.env));
    const declared = command.args ?? [];
    if (positionals.length > declared.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[declared.length])}`);
    const missing = declared.slice(positionals.length).find((a) => a.required);
    if (missing) throw new UsageError(`missing the ${missing.name} argument`);
    command.validate?.(flags, positionals);
    const print = createPrinter(io.out, flags.string('output') as OutputFormat, flags.string('time-format') as TimeFormat);
    ctx = {
      flags,
      args: positionals,
      print,
      io,
      client: async () => (opened ??= await openClient(flags, io.env)),
    };
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
  const timeoutMs = ctx.flags.number('command-timeout');
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = command.run(ctx);
    const code = timeoutMs
      ? await Promise.race([run, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the command timed out after --command-timeout ${timeoutMs / 1000}s`)), timeoutMs)))])
      : await run;
    return code ?? 0;
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    io.err.write(`durable: ${describeError(err, command.path)}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
    await opened?.connection.close();
  }
}
