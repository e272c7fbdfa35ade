// Activity-side shapes shared by the workflow and worker packages: how a workflow waits for a cancelled activity,
// and why an activity was cancelled.

/** What a workflow does when it cancels an activity. */
export const ActivityCancellationType = {
  /** Ask for cancellation; the workflow's call fails at once. */
  TRY_CANCEL: 'TRY_CANCEL',
  /** Ask for cancellation; the call fails once the activity acknowledged it (heartbeat) or finished. Default. */
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  /** Do not ask; the call fails at once and the activity runs on. */
  ABANDON: 'ABANDON',
} as const;
export type ActivityCancellationType = (typeof ActivityCancellationType)[keyof typeof ActivityCancellationType];

export interface ActivityCancellationDetailsOptions {
  notFound?: boolean;
  cancelRequested?: boolean;
  paused?: boolean;
  timedOut?: boolean;
  workerShutdown?: boolean;
  reset?: boolean;
}

/** Why a running activity was cancelled (`cancellationDetails()` in the activity). */
export class ActivityCancellationDetails {
  /** The server no longer knows the activity (it timed out, completed elsewhere, or its workflow closed). */
  readonly notFound: boolean;
  /** Its workflow asked for cancellation. */
  readonly cancelRequested: boolean;
  readonly paused: boolean;
  readonly timedOut: boolean;
  /** The worker running it is shutting down. */
  readonly workerShutdown: boolean;
  readonly reset: boolean;

  constructor(options: ActivityCancellationDetailsOptions = {}) {
    this.notFound = options.notFound ?? false;
    this.cancelRequested = options.cancelRequested ?? false;
    this.paused = options.paused ?? false;
    this.timedOut = options.timedOut ?? false;
    this.workerShutdown = options.workerShutdown ?? false;
    this.reset = options.reset ?? false;
  }

  /** From the native core's protobuf form (`isCancelled`, `isNotFound` …), as the official SDK reads it. */
  static fromProto(proto: { isNotFound?: boolean | null; isCancelled?: boolean | null; isPaused?: boolean | null; isTimedOut?: boolean | null; isWorkerShutdown?: boolean | null; isReset?: boolean | null } | null | undefined): ActivityCancellationDetails {
    return new ActivityCancellationDetails({
      notFound: proto?.isNotFound ?? false,
      cancelRequested: proto?.isCancelled ?? false,
      paused: proto?.isPaused ?? false,
      timedOut: proto?.isTimedOut ?? false,
      workerShutdown: proto?.isWorkerShutdown ?? false,
      reset: proto?.isReset ?? false,
    });
  }
}
