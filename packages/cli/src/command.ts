// How a command is declared: its path, help texts and flags, and what it does. Flags are checked against the
// declaration before a command runs, so a bad flag is a usage error before anything connects.
import type { Flags } from './flags.js';
import type { Printer } from './printer.js';
import type { ClientContext } from './connect.js';

export type { OptionSpec, OptionType } from './option-spec.js';
import type { OptionSpec } from './option-spec.js';

export interface Io {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
  env: Record<string, string | undefined>;
}

export interface CommandContext {
  flags: Flags;
  /** positional arguments, checked against `args` */
  args: string[];
  print: Printer;
  io: Io;
  /** The server connection, opened on first use (after every flag has been checked). */
  client(): Promise<ClientContext>;
}

export interface CommandSpec {
  /** words after `durable`, as `workflow start` */
  path: string;
  summary: string;
  /** Longer help, with an example. */
  description: string;
  options?: OptionSpec[];
  /** positional arguments, as `operator namespace create NAME` */
  args?: { name: string; required: boolean }[];
  /** false for commands that never talk to a server (config, fix-history-json) */
  connects?: boolean;
  /** Runs even when --env names an environment the env file lacks (env set creates it, env list shows what there is). */
  ignoresMissingEnv?: boolean;
  /** Checks flags that depend on each other; runs before connecting. */
  validate?(flags: Flags, args: string[]): void;
  /** Returns the exit code (0 when it returns nothing). */
  run(ctx: CommandContext): Promise<number | void>;
  /** A command that reads its own argv (server start-dev, init): no flag parsing, no connection. */
  raw?: (argv: readonly string[], io: Io) => Promise<number | undefined>;
}

export interface GroupSpec {
  path: string;
  summary: string;
  description: string;
}
