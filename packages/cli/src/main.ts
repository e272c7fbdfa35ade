import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { runCreate } from '@durable/create';
import { DevServer } from '@durable/server';
import { parseStartDevArgs, START_DEV_USAGE } from './args.js';
import type { Io } from './command.js';
import { createRegistry } from './registry.js';
import { runCli } from './run-cli.js';
import { runStartDev } from './start-dev.js';
import { UsageError } from './usage-error.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const registry = createRegistry({
  groups: [
    {
      path: 'server',
      summary: 'Run the Durable dev server',
      description: 'A Temporal-compatible server on SQLite, with Temporal\'s HTTP API and a web UI.\n\nExample:\n  durable server start-dev \\\n      --db-filename durable.db',
    },
  ],
  commands: [
    {
      path: 'init',
      summary: 'Start a new project: workflow, activities, worker, client and a test',
      description: 'Run "durable init --help" for its options.',
      run: async () => undefined,
      raw: async (argv, io) => runCreate(argv, { out: io.out, err: io.err, env: io.env }),
    },
    {
      path: 'server start-dev',
      summary: 'Start the dev server: gRPC, HTTP API and web UI on one SQLite database',
      description: START_DEV_USAGE,
      run: async () => undefined,
      raw: startDev,
    },
  ],
});

const USAGE = `Usage: durable <command> [flags]

Durable's command line: start a project, run the dev server, and manage workflows, schedules, activities, task
queues, namespaces and more on any Temporal-compatible server, with the temporal CLI's commands and flags.

Commands:
  init <directory>   start a new project: workflow, activities, worker, client, test
  server start-dev   start the dev server
  workflow           start, list, describe, show, signal, query, update, reset, trace, cancel … workflows
  schedule           create, update, list, describe, toggle, trigger, backfill, delete schedules
  activity           complete, fail, pause, unpause, reset, update-options one activity (of a workflow
                     with --workflow-id, else standalone); start, execute, result, describe, list, count,
                     cancel, terminate, delete standalone ones
  batch              list, describe, terminate batch jobs (started by workflow commands with --query)
  task-queue         describe (its workers), list-partition, config, build-ID versioning (deprecated)
  worker             list, count, describe workers; deployment: versions and their routing
  operator           namespace, search-attribute and cluster administration
  config             get, set, list, delete connection profiles in the config file
  env                get, set, list, delete environments: flag presets chosen by --env (temporal.yaml)
  --version          print the version

Connection: --address, --namespace, --api-key, --tls… flags, the TEMPORAL_* variables, or a profile of
~/.config/temporalio/temporal.toml (--profile, --config-file); presets of an environment (--env) fill flags
not given. Output: --output text|json|jsonl.
Run "durable <command> --help" for a command's flags. Exit codes: 0 done, 1 failed, 2 wrong command line.
`;

/** The `durable` program. Returns once the command has finished, or started (the server keeps running). */
export async function main(argv: readonly string[]): Promise<void> {
  const [command] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`durable ${version()}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const io: Io = { out: process.stdout, err: process.stderr, env: process.env };
  process.exitCode = await runCli(registry, argv, io);
}

async function startDev(argv: readonly string[], io: Io): Promise<number | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out.write(START_DEV_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseStartDevArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err.write(`durable: ${err.message}\nRun "durable server start-dev --help" for the flags.\n`);
    return 2;
  }
  await runStartDev(options, {
    startServer: (o) => DevServer.start(o),
    portFree,
    out: io.out,
    err: io.err,
    onSignal: (handler) => {
      process.on('SIGINT', () => handler('SIGINT'));
      process.on('SIGTERM', () => handler('SIGTERM'));
    },
    exit: (code) => process.exit(code),
  });
  return undefined;
}

function portFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, ip, () => probe.close(() => resolve(true)));
  });
}
