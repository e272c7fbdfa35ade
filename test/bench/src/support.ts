// Shared by the benchmarks: the dev server in a child process (via the CLI), as users run it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** BENCH_ONLY=a,b,c: the groups of measures to run (see sdk-bench.ts); undefined runs them all. */
export const benchOnly = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;

const durableBin = fileURLToPath(new URL('../../../packages/cli/bin/durable.js', import.meta.url));

/**
 * BENCH_BASELINE=<checkout>: a built checkout of an earlier commit whose dev server the server rows measure too,
 * alternating with this one in the same session (for before/after figures on one machine).
 */
export const baselineBin = process.env.BENCH_BASELINE ? `${process.env.BENCH_BASELINE}/packages/cli/bin/durable.js` : undefined;

/** The dev server in its own process, as users run it, so the worker and the server do not share one thread. */
export async function serverProcess(dbFile: string | undefined, bin = durableBin): Promise<{ address: string; httpAddress: string; stop(): Promise<void> }> {
  const args = [bin, 'server', 'start-dev', '--port', '0', '--headless', '--log-level', 'warn', ...(dbFile ? ['--db-filename', dbFile] : [])];
  // BENCH_SERVER_PROF=<dir>: each server process writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [address, httpAddress] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // A baseline checkout from before the HTTP API prints no HTTP address.
      const m = /ready on (\S+)(?: \(HTTP API http:\/\/(\S+)\/api\/v1)?/.exec(out);
      if (m) resolve([m[1]!, m[2] ?? '']);
    });
    child.on('exit', (code) => reject(new Error(`dev server exited with ${code}: ${out}`)));
  });
  return {
    address,
    httpAddress,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

