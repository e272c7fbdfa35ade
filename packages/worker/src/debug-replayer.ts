// startDebugReplayer: replays one history under a debugger, for the Temporal VS Code extension. The extension serves
// the history at $TEMPORAL_DEBUGGER_PLUGIN_URL/history and is told, before each workflow task is replayed, which
// task that is (POST /current-wft-started), so it can show the matching event and stop at breakpoints. The telling
// blocks this thread until the extension answered (a worker thread makes the call), as the official replayer does.
import type { Worker as Thread } from 'node:worker_threads';
import { temporal } from '@durable/proto';
import type { ReplayWorkerOptions } from './replay.js';
import { Worker } from './worker.js';

const CLIENT_HEADERS = { 'Temporal-Client-Name': 'durable-typescript', 'Temporal-Client-Version': '0.1.0' };

// Runs in the worker thread: makes one POST per message, then wakes the replaying thread (1 done, 2 failed).
const NOTIFIER = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', async ({ eventId, flag }) => {
  try {
    const res = await fetch(workerData.url, { method: 'POST', headers: workerData.headers, body: JSON.stringify({ eventId }), signal: AbortSignal.timeout(5000) });
    Atomics.store(flag, 0, res.ok ? 1 : 2);
  } catch {
    Atomics.store(flag, 0, 2);
  }
  Atomics.notify(flag, 0);
});
`;

function blockingNotifier(WorkerThread: typeof Thread, baseUrl: string): { notify(eventId: number): void; close(): Promise<number> } {
  const thread = new WorkerThread(NOTIFIER, {
    eval: true,
    workerData: { url: `${baseUrl}/current-wft-started`, headers: { ...CLIENT_HEADERS, 'Content-Type': 'application/json' } },
  });
  return {
    notify(eventId) {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      thread.postMessage({ eventId, flag });
      Atomics.wait(flag, 0, 0);
      if (flag[0] === 2) throw new Error(`The debugger at ${baseUrl} did not take workflow task ${eventId}`);
    },
    close: () => thread.terminate(),
  };
}

async function run(options: ReplayWorkerOptions): Promise<void> {
  const baseUrl = process.env.TEMPORAL_DEBUGGER_PLUGIN_URL;
  if (!baseUrl) throw new Error('Missing TEMPORAL_DEBUGGER_PLUGIN_URL environment variable: start the replayer from the Temporal debugger');
  const res = await fetch(`${baseUrl}/history`, { headers: CLIENT_HEADERS });
  if (!res.ok) throw new Error(`The debugger at ${baseUrl} answered ${res.status} for the history`);
  const history = temporal.api.history.v1.History.decode(new Uint8Array(await res.arrayBuffer()));
  // Loaded here, not with the package: only the debug replayer starts a thread, and every worker would pay for it.
  const { Worker: WorkerThread } = await import('node:worker_threads');
  const notifier = blockingNotifier(WorkerThread, baseUrl);
  try {
    await Worker.runReplayHistory({ ...options, onWorkflowTaskStarted: (eventId) => notifier.notify(eventId) }, history);
  } finally {
    await notifier.close();
  }
}

/** Replays the history the debugger serves, then exits the process (0 on success, 1 on failure). */
export function startDebugReplayer(options: ReplayWorkerOptions): void {
  run(options).then(
    () => {
      console.log('Replay completed successfully');
      process.exit(0);
    },
    (err: unknown) => {
      console.error('Replay failed', err);
      process.exit(1);
    },
  );
}
