// The processes of a chaos test: a dev server on a file database that can be killed with -9 and restarted on the
// same file and port, worker processes, and a client whose requests go on across restarts (each retried with the
// same request id, so the server applies it once).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rawServiceClient, type RawMessage } from '@durable/proto';
import { Background } from '@durable/test-support/processes';

const durable = fileURLToPath(new URL('../../../packages/cli/bin/durable.js', import.meta.url));
const workerScript = fileURLToPath(new URL('./worker.js', import.meta.url));
const UNAVAILABLE = 14;
const ALREADY_EXISTS = 6;


/** Counts events (acknowledged requests, activity attempts) and wakes whoever waits for a count. */
export class Progress {
  count = 0;
  private readonly waiters: { at: number; wake: () => void }[] = [];

  tick(): void {
    this.count++;
    for (const w of this.waiters.filter((w) => w.at <= this.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.wake();
    }
  }

  /** Resolves once `more` events have happened from now. */
  next(more: number): Promise<void> {
    return new Promise((wake) => this.waiters.push({ at: this.count + more, wake }));
  }
}

type Raw = ReturnType<typeof rawServiceClient>;

/** `durable server start-dev` in its own process, on `db`, always on the same port. */
export class KillableServer {
  readonly address: string;
  restarts = 0;
  private process: Background | undefined;
  private client: Raw | undefined;
  /** resolves with the client of the running server; replaced by a pending one while it is down */
  private up: Promise<Raw>;
  private markUp: (client: Raw) => void = () => {};

  constructor(
    port: number,
    private readonly db: string,
    private readonly progress: Progress,
  ) {
    this.address = `127.0.0.1:${port}`;
    this.up = this.pendingUp();
  }

  private pendingUp(): Promise<Raw> {
    return new Promise((resolve) => (this.markUp = resolve));
  }

  async start(): Promise<void> {
    const port = this.address.split(':')[1]!;
    this.process = new Background(process.execPath, [durable, 'server', 'start-dev', '--port', port, '--db-filename', this.db, '--headless', '--log-level', 'error'], { cwd: process.cwd() });
    await this.process.waitFor(/ready on/);
    this.client = rawServiceClient(this.address);
    this.markUp(this.client);
  }

  /** kill -9, then a new server on the same file; resolves when it is ready. */
  async killAndRestart(): Promise<void> {
    this.up = this.pendingUp();
    const dying = this.client!;
    this.client = undefined;
    await this.process!.kill9();
    dying.close();
    this.restarts++;
    await this.start();
  }

  async stop(): Promise<void> {
    this.client?.close();
    await this.process?.stop();
  }

  /**
   * Calls until the server acknowledges: a call that fails because the server went away is made again, with the same
   * request, once a new one is up. Counts each acknowledgement as progress.
   */
  async call(method: string, request: object): Promise<RawMessage> {
    for (;;) {
      const client = await this.up;
      try {
        const answer = await client.call(method, request);
        this.progress.tick();
        return answer;
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === ALREADY_EXISTS && method === 'StartWorkflowExecution') {
          // Started by an earlier try whose answer was lost with the server.
          this.progress.tick();
          return {};
        }
        if (code !== UNAVAILABLE && client === this.client) throw err;
      }
    }
  }
}

/** A worker process; `onRan` hears each activity attempt it makes. */
export function startWorker(address: string, taskQueue: string, record: string, onRan: () => void): Promise<Background> {
  const worker = new Background(process.execPath, [workerScript, address, taskQueue], {
    cwd: process.cwd(),
    env: { ...process.env, CHAOS_RECORD: record },
    onLine: (line) => line.startsWith('ran ') && onRan(),
  });
  return worker.waitFor(/polling/).then(() => worker);
}

/** The attempts the activities recorded: `name:id:attempt` -> how many times that line was written. */
export function readRecord(record: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(record, 'utf8').split('\n')) if (line) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

export const json = (value: unknown) => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
