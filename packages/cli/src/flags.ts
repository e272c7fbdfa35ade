// Parses a command's argv against its declared flags with node:util's parseArgs (strict: unknown flags and missing
// values are errors), then checks and converts each value: numbers, durations, times, enum values, required flags.
import { parseArgs } from 'node:util';
import type { OptionSpec } from './option-spec.js';
import { parseDuration, parseTimestamp } from './durations.js';
import { UsageError } from './usage-error.js';

type Value = string | boolean | number | string[] | Date;

/** The checked values of a command's flags; accessors by the flag's long name. */
export class Flags {
  constructor(
    private readonly values: Map<string, Value>,
    /** flags typed on the command line (not from a default or the environment) */
    private readonly given: Set<string>,
  ) {}

  /** Whether the flag was typed on the command line. */
  has(name: string): boolean {
    return this.given.has(name);
  }
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  /** The value, or a usage error naming the flag (for flags required only in some combinations). */
  required(name: string, why = ''): string {
    const v = this.string(name);
    if (!v) throw new UsageError(`--${name} is required${why ? ` ${why}` : ''}`);
    return v;
  }
  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  number(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
  time(name: string): Date | undefined {
    const v = this.values.get(name);
    return v instanceof Date ? v : undefined;
  }
}

function convert(spec: OptionSpec, raw: string, flag: string): Value {
  switch (spec.type) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`${flag} expects a whole number, got ${JSON.stringify(raw)}`);
      return Number(raw);
    }
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'duration':
      return parseDuration(raw, flag);
    case 'timestamp':
      return parseTimestamp(raw, flag);
    case 'enum':
    case 'enum[]': {
      const match = spec.values!.find((v) => v.toLowerCase() === raw.toLowerCase());
      if (!match) throw new UsageError(`${flag} expects one of ${spec.values!.join(', ')}, got ${JSON.stringify(raw)}`);
      return match;
    }
    default:
      return raw;
  }
}

const isList = (spec: OptionSpec) => spec.type === 'string[]' || spec.type === 'enum[]';

/** Values for flags the command line leaves out, by flag name, and where they come from (for errors). */
export interface Presets {
  values: Record<string, string>;
  source: string;
}

/**
 * Parses argv for a command; throws UsageError saying what is wrong. A flag's value comes from the command line, else
 * the presets (the env file's environment: they count as given, as the temporal CLI marks them changed), else its
 * environment variable, else its default.
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  env: Record<string, string | undefined>,
  presets?: Presets,
): { flags: Flags; positionals: string[] } {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    for (const a of s.aliases ?? []) byName.set(a, s);
  }
  // parseArgs has no `--flag=false`; the temporal CLI takes it (`--tls=false`), so booleans given that way are
  // taken out first.
  const explicitBools = new Map<string, boolean>();
  const rest: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    const spec = m ? byName.get(m[1]) : undefined;
    if (m && spec?.type === 'bool') {
      if (!/^(true|false)$/i.test(m[2])) throw new UsageError(`--${m[1]} is true or false, got ${JSON.stringify(m[2])}`);
      explicitBools.set(spec.name, m[2].toLowerCase() === 'true');
      continue;
    }
    rest.push(arg);
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, s] of byName) {
    options[name] = { type: s.type === 'bool' ? 'boolean' : 'string', ...(s.short && name === s.name ? { short: s.short } : {}), ...(isList(s) ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(explainParseError(err as Error & { code?: string }));
  }
  const values = new Map<string, Value>();
  const given = new Set<string>();
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = byName.get(name)!;
    given.add(spec.name);
    const flag = `--${name}`;
    if (raw === undefined) continue;
    if (typeof raw === 'boolean') values.set(spec.name, raw);
    else if (Array.isArray(raw)) {
      const list = raw.filter((x): x is string => typeof x === 'string').map((r) => String(convert(spec, r, flag)));
      values.set(spec.name, [...((values.get(spec.name) as string[] | undefined) ?? []), ...list]);
    } else values.set(spec.name, convert(spec, raw, flag));
  }
  for (const [name, v] of explicitBools) {
    values.set(name, v);
    given.add(name);
  }
  for (const s of specs) {
    if (values.has(s.name)) continue;
    const preset = presets && Object.hasOwn(presets.values, s.name) ? presets.values[s.name] : undefined;
    if (preset !== undefined) {
      const label = `--${s.name} (from ${presets!.source})`;
      if (s.type === 'bool') {
        if (!/^(1|t|true|0|f|false)$/i.test(preset)) throw new UsageError(`${label} is true or false, got ${JSON.stringify(preset)}`);
        values.set(s.name, /^(1|t|true)$/i.test(preset));
      } else values.set(s.name, isList(s) ? [String(convert(s, preset, label))] : convert(s, preset, label));
      given.add(s.name);
      continue;
    }
    const fromEnv = s.env ? env[s.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      values.set(s.name, s.type === 'bool' ? /^(1|true)$/i.test(fromEnv) : isList(s) ? [fromEnv] : convert(s, fromEnv, `${s.env} (for --${s.name})`));
    } else if (s.default !== undefined) {
      values.set(s.name, s.type === 'bool' ? s.default === 'true' : isList(s) ? [s.default] : convert(s, s.default, `--${s.name}`));
    } else if (s.required) {
      throw new UsageError(`--${s.name} is required`);
    }
  }
  return { flags: new Flags(values, given), positionals: parsed.positionals };
}

function explainParseError(err: Error & { code?: string }): string {
  const option = /'(-[^' ]+)(?:, (--[^' ]+))?/.exec(err.message);
  const flag = option?.[2] ?? option?.[1] ?? 'a flag';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(err.message) ? `${flag} needs a value` : `${flag} takes no value (write ${flag}=false to turn it off)`;
    default:
      return err.message;
  }
}
