import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { runCreate } from '@durable/create';
import { DevServer } from '@durable/server';
import { parseStartDevArgs, START_DEV_USAGE, UsageError } from './args.js';
import { runStartDev } from './start-dev.js';
import { runWorkflowCommand } from './workflow-commands.js';

const USAGE = `Usage: durable <command>

Commands:
  init <directory>   start a new project: workflow, activities, worker, client, test (durable init --help)
  server start-dev   start the dev server (durable server start-dev --help)
  workflow <verb>    start, execute, list, count, describe, show, signal, query, update execute, cancel, terminate
                     (durable workflow --help)

  --version          print the version
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The `durable` program. Returns once the command has started; the server keeps the process alive. */
export async function main(argv: readonly string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`durable ${version()}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'init') {
    process.exitCode = runCreate(argv.slice(1), { out: process.stdout, err: process.stderr, env: process.env });
    return;
  }
  if (command === 'workflow') {
    try {
      process.exitCode = await runWorkflowCommand(argv.slice(1), { out: process.stdout, env: process.env });
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`durable: ${err.message}\nRun "durable workflow --help" for the verbs and flags.\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`durable: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    }
    return;
  }
  if (command !== 'server' || sub !== 'start-dev') {
    process.stderr.write(`durable: unknown command ${JSON.stringify([command, sub].filter(Boolean).join(' '))}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(START_DEV_USAGE);
    return;
  }
  let options;
  try {
    options = parseStartDevArgs(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`durable: ${err.message}\nRun "durable server start-dev --help" for the flags.\n`);
    process.exitCode = 2;
    return;
  }
  await runStartDev(options, {
    startServer: (o) => DevServer.start(o),
    portFree,
    out: process.stdout,
    err: process.stderr,
    onSignal: (handler) => {
      process.on('SIGINT', () => handler('SIGINT'));
      process.on('SIGTERM', () => handler('SIGTERM'));
    },
    exit: (code) => process.exit(code),
  });
}

function portFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, ip, () => probe.close(() => resolve(true)));
  });
}
