// The temporal CLI's env file (~/.config/temporalio/temporal.yaml): named environments of presets, each a flag name
// and a value, that fill the flags a command line leaves out (`--env prod`, or TEMPORAL_ENV). Older than the TOML
// profiles of `config`, still read by every temporal command, so scripts written for it keep working with `durable`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Document, isMap, isScalar, parse, parseDocument } from 'yaml';
import { UsageError } from './usage-error.js';

/** Environment name -> flag name -> value, as the file holds them under its top-level `env` key. */
export type Environments = Record<string, Record<string, string>>;

/**
 * Where the env file is: --env-file, TEMPORAL_ENV_FILE, else ~/.config/temporalio/temporal.yaml on every system (the
 * temporal CLI does not use the OS's config folder for this file, unlike temporal.toml). Undefined without a home.
 */
export function envFilePath(flag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (flag) return flag;
  if (env.TEMPORAL_ENV_FILE) return env.TEMPORAL_ENV_FILE;
  const home = env.HOME || env.USERPROFILE;
  return home ? join(home, '.config', 'temporalio', 'temporal.yaml') : undefined;
}

/** The environments of the file; none when it does not exist. */
export function readEnvironments(path: string | undefined): Environments {
  if (!path || !existsSync(path)) return {};
  let data: unknown;
  try {
    // The failsafe schema reads every value as the string written, as the temporal CLI (a map of strings) reads them:
    // `port: 07233` stays "07233", `tls: yes` stays "yes".
    data = parse(readFileSync(path, 'utf8'), { schema: 'failsafe' });
  } catch (err) {
    throw new UsageError(`cannot read the env file ${path}: ${(err as Error).message.split('\n')[0]}; fix or remove it, or point --env-file elsewhere`);
  }
  const envs = (data as { env?: unknown } | null)?.env;
  if (data === null || data === undefined || envs === undefined || envs === null) return {};
  const shape = `env file ${path} must hold "env:" with environments of "key: value" lines`;
  if (typeof envs !== 'object' || Array.isArray(envs)) throw new UsageError(shape);
  const out: Environments = {};
  for (const [name, props] of Object.entries(envs as Record<string, unknown>)) {
    if (props === null || props === '') {
      out[name] = {};
      continue;
    }
    if (typeof props !== 'object' || Array.isArray(props) || Object.values(props).some((v) => typeof v !== 'string')) {
      throw new UsageError(`${shape}; environment ${JSON.stringify(name)} is not`);
    }
    out[name] = { ...(props as Record<string, string>) };
  }
  return out;
}

/**
 * Changes the file in place through the YAML document, so comments and anything beside `env` survive; creates the
 * file (and its folder, private to the user, as the temporal CLI does) when there is none.
 */
export function editEnvironments(path: string, edit: (doc: Document) => void): void {
  const doc = existsSync(path) ? parseDocument(readFileSync(path, 'utf8')) : new Document({});
  if (doc.errors.length) throw new Error(`cannot edit the env file ${path}: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({});
  if (!isMap(doc.contents)) throw new Error(`cannot edit the env file ${path}: it holds no "env:" mapping; fix or remove it`);
  edit(doc);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, doc.toString(), { mode: 0o600 });
}
