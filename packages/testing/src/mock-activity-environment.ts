// MockActivityEnvironment, as @temporalio/testing shapes it: runs an activity function with a Context outside any
// worker, records its heartbeats (the 'heartbeat' event) and lets a test cancel it.
import { EventEmitter } from 'node:events';
import { CancelledFailure } from '@durable/common';
import { Context, asyncLocalStorage, type ActivityLogger, type Info } from '@durable/activity';

export const defaultActivityInfo: Info = {
  taskToken: new Uint8Array(),
  base64TaskToken: '',
  activityId: 'test',
  activityType: 'unknown',
  activityNamespace: 'default',
  namespace: 'default',
  attempt: 1,
  isLocal: false,
  workflowExecution: { workflowId: 'test', runId: 'dead-beef' },
  workflowNamespace: 'default',
  workflowType: 'test',
  scheduledTimestampMs: 1,
  scheduleToCloseTimeoutMs: 1000,
  startToCloseTimeoutMs: 1000,
  currentAttemptScheduledTimestampMs: 1,
  heartbeatTimeoutMs: undefined,
  heartbeatDetails: undefined,
  taskQueue: 'test',
  inWorkflow: true,
};

const quiet: ActivityLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export class MockActivityEnvironment extends EventEmitter {
  readonly context: Context;
  /** Cancels the activity: `context.cancelled` rejects and `cancellationSignal` aborts with a CancelledFailure. */
  readonly cancel: (reason?: string) => void;

  constructor(info?: Partial<Info>, opts?: { logger?: ActivityLogger }) {
    super();
    const abort = new AbortController();
    const cancelled = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
    this.cancel = (reason = 'CANCELLED') => abort.abort(new CancelledFailure(reason));
    this.context = new Context({ ...defaultActivityInfo, ...info }, cancelled, abort.signal, (details) => this.emit('heartbeat', details), opts?.logger ?? quiet);
  }

  /** Runs `fn` as the activity of this environment. */
  run<P extends unknown[], R>(fn: (...args: P) => R | Promise<R>, ...args: P): Promise<R> {
    return asyncLocalStorage.run(this.context, async () => fn(...args));
  }
}
