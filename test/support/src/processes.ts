// Child processes for tests that run the stack outside the test runner: one run to its end, or one in the
// background whose output a test waits on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 now, for a server process the test starts (and may restart on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Run {
  status: number | null;
  output: string;
}

/** Runs a command to its end; throws with its output when it fails. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Run {
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error || r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} in ${options.cwd} failed (${r.error?.message ?? `exit ${r.status}`}):\n${output.slice(-4000)}`);
  }
  return { status: r.status, output };
}

/** A long-running process whose output can be waited on. */
export class Background {
  private output = '';
  private readonly waiters = new Set<() => void>();
  readonly child: ChildProcess;

  /** `onLine` hears each whole line of standard output as it comes. */
  constructor(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const w of this.waiters) w();
    };
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      take(chunk);
      if (!options.onLine) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) options.onLine(line);
    });
    this.child.stderr!.on('data', take);
    this.child.on('exit', () => {
      for (const w of this.waiters) w();
    });
  }

  get text(): string {
    return this.output;
  }

  /** Resolves with the first match of `pattern` in the output; rejects when the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.output.match(pattern);
        if (m) return done(() => resolve(m));
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          return done(() => reject(new Error(`exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${pattern}:\n${this.output}`)));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Kills the process with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
  async kill9(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  }
}
