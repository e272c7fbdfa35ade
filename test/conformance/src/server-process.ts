// The dev server as a child process on a file database (for kill -9 tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const durableBin = fileURLToPath(new URL('../../../packages/cli/bin/durable.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `durable server start-dev` on `port` with a file database, and any further flags (e.g. --dynamic-config-value). */
export function startServer(port: number, db: string, ...flags: string[]): Promise<ChildProcess> {
  const args = [durableBin, 'server', 'start-dev', '--port', String(port), '--db-filename', db, '--log-level', 'warn', '--headless', ...flags];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready: ${out}`)));
  });
}

