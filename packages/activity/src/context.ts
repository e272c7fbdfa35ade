// The activity Context, found through AsyncLocalStorage from anywhere in the activity's async call tree.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledFailure, msToNumber, type Duration } from '@durable/common';

export interface Info {
  readonly taskToken: Uint8Array;
  readonly base64TaskToken: string;
  readonly activityId: string;
  readonly activityType: string;
  readonly activityNamespace: string;
  readonly namespace: string;
  readonly attempt: number;
  readonly isLocal: boolean;
  readonly workflowExecution?: { readonly workflowId: string; readonly runId: string };
  readonly workflowNamespace?: string;
  readonly workflowType?: string;
  readonly scheduledTimestampMs: number;
  readonly scheduleToCloseTimeoutMs: number;
  readonly startToCloseTimeoutMs: number;
  readonly currentAttemptScheduledTimestampMs: number;
  readonly heartbeatTimeoutMs?: number;
  /** What the previous attempt last passed to heartbeat(): where to resume. */
  readonly heartbeatDetails: unknown;
  readonly taskQueue: string;
  readonly inWorkflow: boolean;
}

export interface ActivityLogger {
  log(level: string, message: string, meta?: Record<string, unknown>): void;
  trace(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** The context of the running activity; workers create it, activities read it. */
export const asyncLocalStorage = new AsyncLocalStorage<Context>();

export class Context {
  readonly heartbeat: (details?: unknown) => void;
  readonly sleep: (ms: Duration) => Promise<void>;

  /** The context of the activity this code runs in. */
  static current(): Context {
    const ctx = asyncLocalStorage.getStore();
    if (!ctx) throw new Error('Activity context not found: Context.current() is only available inside an activity run by a worker');
    return ctx;
  }

  constructor(
    readonly info: Info,
    /** Rejects with a CancelledFailure when the activity is cancelled (by its workflow, a timeout, or shutdown). */
    readonly cancelled: Promise<never>,
    readonly cancellationSignal: AbortSignal,
    heartbeatFn: (details?: unknown) => void,
    readonly log: ActivityLogger,
  ) {
    // Nobody is obliged to await cancellation.
    cancelled.catch(() => undefined);
    this.heartbeat = (details?: unknown) => heartbeatFn(details);
    this.sleep = (ms: Duration) => {
      const delay = msToNumber(ms);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delay);
        cancelled.catch((err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new CancelledFailure(String(err)));
        });
      });
    };
  }
}

export const activityInfo = (): Info => Context.current().info;
export const heartbeat = (details?: unknown): void => Context.current().heartbeat(details);
export const sleep = (ms: Duration): Promise<void> => Context.current().sleep(ms);
export const cancelled = (): Promise<never> => Context.current().cancelled;
export const cancellationSignal = (): AbortSignal => Context.current().cancellationSignal;

/** Logs with the current activity's info attached. */
export const log: ActivityLogger = {
  log: (level, message, meta) => Context.current().log.log(level, message, meta),
  trace: (message, meta) => Context.current().log.trace(message, meta),
  debug: (message, meta) => Context.current().log.debug(message, meta),
  info: (message, meta) => Context.current().log.info(message, meta),
  warn: (message, meta) => Context.current().log.warn(message, meta),
  error: (message, meta) => Context.current().log.error(message, meta),
};
