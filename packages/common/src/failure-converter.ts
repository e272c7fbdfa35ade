// Errors <-> temporal.api.failure.v1.Failure, field for field as the official TypeScript SDK writes them, so failures
// raised by one SDK are understood by the other.
import { msToNumber, msToProtoDuration, protoDurationToMs } from './duration.js';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  FAILURE_SOURCE,
  ServerFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
  decodeApplicationFailureCategory,
  decodeRetryState,
  decodeTimeoutType,
  encodeApplicationFailureCategory,
  encodeRetryState,
  encodeTimeoutType,
  ensureTemporalFailure,
  type ProtoFailure,
} from './failures.js';
import { arrayFromPayloads, fromPayloadsAtIndex, toPayloads, type PayloadConverter, type SerializationContext } from './payload-converter.js';

export interface FailureConverter {
  errorToFailure(err: unknown, payloadConverter: PayloadConverter, context?: SerializationContext): ProtoFailure;
  failureToError(failure: ProtoFailure, payloadConverter: PayloadConverter, context?: SerializationContext): Error;
}

// Frames from here down belong to the SDK that called user code (ours or the official one), not to the user.
const CUTOFF_FRAMES = [
  /\s+at (\S+\.)?(execute|runActivity) \(.*[\\/]worker[\\/](?:src|lib|dist)[\\/](activity|activity-worker|local-activities)\.[jt]s:\d+:\d+\)/,
  /\s+at( async)? (Activator\.)?(startWorkflow|queryWorkflow|signalWorkflow|update|validateUpdate)NextHandler \(.*\.[jt]s:\d+:\d+\)/,
  /\s+at (Script\.)?runInContext \((native|unknown|(?:node:vm|vm\.js):\d+:\d+)\)/,
  /\s+at durable:(activate|unblock)/,
];
// Frames of the interceptor chain in between: noise.
const DROPPED_FRAMES = [/\s+at (null\.)?next \(.*[\\/]common[\\/](?:src|lib|dist)[\\/]interceptors\.[jt]s:\d+:\d+\)/];

/** A stack trace without the SDK frames below the user's code. */
export function cutoffStackTrace(stack?: string): string {
  const kept: string[] = [];
  for (const line of (stack ?? '').split(/\r?\n/)) {
    if (CUTOFF_FRAMES.some((re) => re.test(line))) break;
    if (!DROPPED_FRAMES.some((re) => re.test(line))) kept.push(line);
  }
  return kept.join('\n');
}

export interface DefaultFailureConverterOptions {
  /**
   * Move `message` and `stack_trace` into `encoded_attributes` (a payload), so a payload codec (e.g. encryption)
   * also covers them. The wire then shows "Encoded failure".
   */
  encodeCommonAttributes: boolean;
}

// protobufjs encodes plain numbers into int64 fields; its generated types only name Long.
const protoDuration = (ms: number) => msToProtoDuration(ms) as unknown as NonNullable<ProtoApplicationInfo['nextRetryDelay']>;
type ProtoApplicationInfo = NonNullable<ProtoFailure['applicationFailureInfo']>;

const ENCODED_MESSAGE = 'Encoded failure';
// Guards against cyclic `cause` chains built by user code.
const MAX_CAUSE_DEPTH = 50;

export class DefaultFailureConverter implements FailureConverter {
  readonly options: DefaultFailureConverterOptions;
  constructor(options: Partial<DefaultFailureConverterOptions> = {}) {
    this.options = { encodeCommonAttributes: options.encodeCommonAttributes ?? false };
  }

  errorToFailure(err: unknown, payloadConverter: PayloadConverter): ProtoFailure {
    const failure = this.toFailure(err, payloadConverter, 0);
    return this.options.encodeCommonAttributes ? encodeAttributes(failure, payloadConverter) : failure;
  }

  private toFailure(err: unknown, pc: PayloadConverter, depth: number): ProtoFailure {
    const error = ensureTemporalFailure(err);
    // A failure decoded from history and rethrown unchanged keeps its original wire form.
    if (error.failure) return error.failure;
    const base: ProtoFailure = {
      message: error.message,
      source: FAILURE_SOURCE,
      stackTrace: cutoffStackTrace(error.stack),
    };
    if (error.cause && depth < MAX_CAUSE_DEPTH) base.cause = this.toFailure(error.cause, pc, depth + 1);

    if (error instanceof ApplicationFailure) {
      base.applicationFailureInfo = {
        type: error.type ?? error.name,
        nonRetryable: error.nonRetryable ?? false,
        details: error.details?.length ? { payloads: toPayloads(pc, ...error.details) } : undefined,
        nextRetryDelay: error.nextRetryDelay != null ? protoDuration(msToNumber(error.nextRetryDelay)) : undefined,
        category: encodeApplicationFailureCategory(error.category),
      };
    } else if (error instanceof CancelledFailure) {
      base.canceledFailureInfo = { details: error.details.length ? { payloads: toPayloads(pc, ...error.details) } : undefined };
    } else if (error instanceof TimeoutFailure) {
      base.timeoutFailureInfo = {
        timeoutType: encodeTimeoutType(error.timeoutType),
        lastHeartbeatDetails:
          error.lastHeartbeatDetails !== undefined ? { payloads: toPayloads(pc, error.lastHeartbeatDetails) } : undefined,
      };
    } else if (error instanceof TerminatedFailure) {
      base.terminatedFailureInfo = {};
    } else if (error instanceof ServerFailure) {
      base.serverFailureInfo = { nonRetryable: error.nonRetryable };
    } else if (error instanceof ActivityFailure) {
      base.activityFailureInfo = {
        activityType: { name: error.activityType },
        activityId: error.activityId,
        identity: error.identity,
        retryState: encodeRetryState(error.retryState),
      };
    } else if (error instanceof ChildWorkflowFailure) {
      base.childWorkflowExecutionFailureInfo = {
        namespace: error.namespace,
        workflowExecution: error.execution,
        workflowType: { name: error.workflowType },
        retryState: encodeRetryState(error.retryState),
      };
    }
    return base;
  }

  failureToError(failure: ProtoFailure, payloadConverter: PayloadConverter): Error {
    return this.toError(decodeAttributes(failure, payloadConverter), payloadConverter, 0);
  }

  private toError(failure: ProtoFailure, pc: PayloadConverter, depth: number): TemporalFailure {
    const cause = failure.cause && depth < MAX_CAUSE_DEPTH ? this.toError(decodeAttributes(failure.cause, pc), pc, depth + 1) : undefined;
    const message = failure.message ?? '';
    let error: TemporalFailure;
    if (failure.applicationFailureInfo) {
      const info = failure.applicationFailureInfo;
      error = new ApplicationFailure(
        message,
        info.type,
        Boolean(info.nonRetryable),
        arrayFromPayloads(pc, info.details?.payloads),
        cause,
        info.nextRetryDelay ? protoDurationToMs(info.nextRetryDelay) : undefined,
        decodeApplicationFailureCategory(info.category),
      );
    } else if (failure.canceledFailureInfo) {
      error = new CancelledFailure(message, arrayFromPayloads(pc, failure.canceledFailureInfo.details?.payloads), cause);
    } else if (failure.timeoutFailureInfo) {
      const info = failure.timeoutFailureInfo;
      error = new TimeoutFailure(
        message,
        fromPayloadsAtIndex(pc, 0, info.lastHeartbeatDetails?.payloads),
        decodeTimeoutType(info.timeoutType),
      );
    } else if (failure.terminatedFailureInfo) {
      error = new TerminatedFailure(message || 'Workflow execution terminated', cause);
    } else if (failure.serverFailureInfo) {
      error = new ServerFailure(message, Boolean(failure.serverFailureInfo.nonRetryable), cause);
    } else if (failure.activityFailureInfo) {
      const info = failure.activityFailureInfo;
      error = new ActivityFailure(
        message,
        info.activityType?.name ?? '',
        info.activityId ?? undefined,
        decodeRetryState(info.retryState),
        info.identity ?? undefined,
        cause,
      );
    } else if (failure.childWorkflowExecutionFailureInfo) {
      const info = failure.childWorkflowExecutionFailureInfo;
      error = new ChildWorkflowFailure(
        info.namespace ?? undefined,
        info.workflowExecution ?? {},
        info.workflowType?.name ?? '',
        decodeRetryState(info.retryState),
        cause,
      );
    } else {
      error = new TemporalFailure(message, cause);
    }
    error.failure = failure;
    if (failure.stackTrace) error.stack = failure.stackTrace;
    return error;
  }
}

function encodeAttributes(failure: ProtoFailure, pc: PayloadConverter, depth = 0): ProtoFailure {
  return {
    ...failure,
    message: ENCODED_MESSAGE,
    stackTrace: '',
    encodedAttributes: pc.toPayload({ message: failure.message ?? '', stack_trace: failure.stackTrace ?? '' }),
    cause: failure.cause && depth < MAX_CAUSE_DEPTH ? encodeAttributes(failure.cause, pc, depth + 1) : failure.cause,
  };
}

function decodeAttributes(failure: ProtoFailure, pc: PayloadConverter): ProtoFailure {
  if (!failure.encodedAttributes) return failure;
  const attrs = pc.fromPayload<{ message?: unknown; stack_trace?: unknown }>(failure.encodedAttributes);
  return {
    ...failure,
    message: typeof attrs?.message === 'string' ? attrs.message : failure.message,
    stackTrace: typeof attrs?.stack_trace === 'string' ? attrs.stack_trace : failure.stackTrace,
  };
}

export const defaultFailureConverter: FailureConverter = new DefaultFailureConverter();
