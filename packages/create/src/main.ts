import { CreateUsageError, parseCreateArgs, USAGE } from './args.js';
import { CreateError, createProject, nextSteps } from './create.js';

export interface CreateIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/**
 * `durable init` and `npx @durable/create`: returns the exit code (0 done, 1 failed, 2 bad usage).
 * `program` names the command in messages.
 */
export function runCreate(argv: readonly string[], io: CreateIo, program = 'durable init'): number {
  let args;
  try {
    args = parseCreateArgs(argv, io.env);
  } catch (err) {
    if (!(err instanceof CreateUsageError)) throw err;
    io.err.write(`${program}: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    io.out.write(USAGE);
    return 0;
  }
  try {
    const project = createProject({ ...args, log: (line) => io.out.write(`${line}\n`) });
    io.out.write(nextSteps(project, args));
    return 0;
  } catch (err) {
    if (!(err instanceof CreateError)) throw err;
    io.err.write(`${program}: ${err.message}\n`);
    return 1;
  }
}
