// History events that are not the result of a command become activation jobs; the failures the workflow sees are
// wrapped the way Temporal's core wraps them (ActivityFailure / ChildWorkflowFailure around the event's failure).
import { Long, temporal } from '@durable/proto';
import { decodePriority, decodeUtf8, protoDurationToMs, timestampPartsToMs, type ProtoFailure } from '@durable/common';
import type { InitializeWorkflow, Job } from '@durable/workflow/sandbox';
import { randomnessSeed } from './seed.js';

type Event = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;
const RetryStateEnum = temporal.api.enums.v1.RetryState;

export const eventTimeMs = (e: Event): number => (e.eventTime ? timestampPartsToMs(e.eventTime as Parameters<typeof timestampPartsToMs>[0]) : 0);
export const eventId = (e: Event): number => Number(e.eventId ?? 0);
const optMs = (d: Parameters<typeof protoDurationToMs>[0]) => (d ? protoDurationToMs(d) || undefined : undefined);

/** Where a command's result events point back to: the sequence number the workflow is waiting on. */
/**
 * Command sequence numbers by the event ids history gave them. Each collection is made when first used: an empty one
 * costs ~180 bytes, and a cached run that waits on a signal or a timer uses none or one of the five.
 */
export class SeqRefs {
  private activityRefs: Map<number, { seq: number; activityType: string; activityId: string }> | undefined;
  private childRefs: Map<number, { seq: number; workflowId: string; workflowType: string }> | undefined;
  private signalRefs: Map<number, number> | undefined;
  private cancelRefs: Map<number, number> | undefined;
  private childCancelRefs: Set<number> | undefined;

  get activities(): Map<number, { seq: number; activityType: string; activityId: string }> {
    return (this.activityRefs ??= new Map());
  }
  get children(): Map<number, { seq: number; workflowId: string; workflowType: string }> {
    return (this.childRefs ??= new Map());
  }
  get signals(): Map<number, number> {
    return (this.signalRefs ??= new Map());
  }
  get cancels(): Map<number, number> {
    return (this.cancelRefs ??= new Map());
  }
  /** RequestCancelExternal commands issued for a child: their outcome is not reported to the workflow. */
  get childCancels(): Set<number> {
    return (this.childCancelRefs ??= new Set());
  }
}

export function newSeqRefs(): SeqRefs {
  return new SeqRefs();
}

function initializeJob(e: Event, namespace: string, taskQueueFallback: string): InitializeWorkflow {
  const a = e.workflowExecutionStartedEventAttributes!;
  const runId = a.originalExecutionRunId || '';
  const parent = a.parentWorkflowExecution?.workflowId
    ? { workflowId: a.parentWorkflowExecution.workflowId, runId: a.parentWorkflowExecution.runId ?? '', namespace: a.parentWorkflowNamespace ?? namespace }
    : undefined;
  const root = a.rootWorkflowExecution?.workflowId ? { workflowId: a.rootWorkflowExecution.workflowId, runId: a.rootWorkflowExecution.runId ?? '' } : undefined;
  const start = eventTimeMs(e);
  return {
    kind: 'initializeWorkflow',
    workflowType: a.workflowType?.name ?? '',
    workflowId: a.workflowId ?? '',
    runId,
    namespace,
    taskQueue: a.taskQueue?.name ?? taskQueueFallback,
    args: a.input?.payloads ?? [],
    headers: a.header?.fields ?? {},
    randomnessSeed: randomnessSeed(runId),
    attempt: a.attempt || 1,
    firstExecutionRunId: a.firstExecutionRunId ?? runId,
    originalExecutionRunId: runId,
    continuedFromExecutionRunId: a.continuedExecutionRunId || undefined,
    cronSchedule: a.cronSchedule || undefined,
    executionTimeoutMs: optMs(a.workflowExecutionTimeout),
    runTimeoutMs: optMs(a.workflowRunTimeout),
    taskTimeoutMs: optMs(a.workflowTaskTimeout) ?? 10_000,
    startTimeMs: start,
    runStartTimeMs: start,
    executionExpirationTimeMs: a.workflowExecutionExpirationTime
      ? timestampPartsToMs(a.workflowExecutionExpirationTime as Parameters<typeof timestampPartsToMs>[0]) || undefined
      : undefined,
    memo: a.memo?.fields ?? undefined,
    searchAttributes: a.searchAttributes?.indexedFields ?? undefined,
    parent,
    root,
    lastCompletionResult: a.lastCompletionResult?.payloads ?? undefined,
    continuedFailure: a.continuedFailure ?? undefined,
    retryPolicy: a.retryPolicy ?? undefined,
    priority: decodePriority(a.priority),
  };
}

function activityFailure(message: string, ref: { activityType: string; activityId: string }, e: Event, cause: ProtoFailure, retryState: number | null | undefined, scheduledEventId: number, startedEventId: number, identity?: string | null): ProtoFailure {
  return {
    message,
    source: 'TypeScriptSDK',
    activityFailureInfo: {
      scheduledEventId: Long.fromNumber(scheduledEventId),
      startedEventId: Long.fromNumber(startedEventId),
      identity: identity ?? undefined,
      activityType: { name: ref.activityType },
      activityId: ref.activityId,
      retryState: retryState ?? RetryStateEnum.RETRY_STATE_UNSPECIFIED,
    },
    cause,
  };
}

/** Raised when history refers to a command this run never issued (corrupt or foreign history). */
export class HistoryMismatchError extends Error {}

/** The job for a non-command event, undefined for events the workflow does not see. */
export function jobFor(e: Event, refs: SeqRefs, ctx: { namespace: string; taskQueue: string; workflowId: string }): Job | undefined {
  const activityRef = (scheduledEventId: number) => {
    const ref = refs.activities.get(scheduledEventId);
    if (!ref) throw new HistoryMismatchError(`Event ${eventId(e)} resolves activity scheduled at event ${scheduledEventId}, which this run did not schedule`);
    return ref;
  };
  const childRef = (initiatedEventId: number) => {
    const ref = refs.children.get(initiatedEventId);
    if (!ref) throw new HistoryMismatchError(`Event ${eventId(e)} resolves child initiated at event ${initiatedEventId}, which this run did not start`);
    return ref;
  };
  switch (e.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return initializeJob(e, ctx.namespace, ctx.taskQueue);
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
      const a = e.activityTaskCompletedEventAttributes!;
      return { kind: 'resolveActivity', seq: activityRef(Number(a.scheduledEventId)).seq, result: { completed: a.result?.payloads?.[0] ?? undefined } };
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
      const a = e.activityTaskFailedEventAttributes!;
      const ref = activityRef(Number(a.scheduledEventId));
      const failure = activityFailure('Activity task failed', ref, e, a.failure ?? { message: 'unknown failure' }, a.retryState, Number(a.scheduledEventId), Number(a.startedEventId), a.identity);
      return { kind: 'resolveActivity', seq: ref.seq, result: { failed: failure } };
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
      const a = e.activityTaskTimedOutEventAttributes!;
      const ref = activityRef(Number(a.scheduledEventId));
      const failure = activityFailure('Activity task timed out', ref, e, a.failure ?? { message: 'timed out' }, a.retryState, Number(a.scheduledEventId), Number(a.startedEventId));
      return { kind: 'resolveActivity', seq: ref.seq, result: { failed: failure } };
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED: {
      const a = e.activityTaskCanceledEventAttributes!;
      const ref = activityRef(Number(a.scheduledEventId));
      const cause: ProtoFailure = { message: 'Activity cancelled', source: 'TypeScriptSDK', canceledFailureInfo: { details: a.details ?? undefined } };
      const failure = activityFailure('Activity cancelled', ref, e, cause, RetryStateEnum.RETRY_STATE_CANCEL_REQUESTED, Number(a.scheduledEventId), Number(a.startedEventId), a.identity);
      return { kind: 'resolveActivity', seq: ref.seq, result: { cancelled: failure } };
    }
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return { kind: 'fireTimer', seq: Number(e.timerFiredEventAttributes!.timerId) };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
      const a = e.workflowExecutionSignaledEventAttributes!;
      return { kind: 'signalWorkflow', signalName: a.signalName ?? '', args: a.input?.payloads ?? [], headers: a.header?.fields ?? {} };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      return { kind: 'cancelWorkflow', reason: e.workflowExecutionCancelRequestedEventAttributes?.cause ?? undefined };
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
      const a = e.childWorkflowExecutionStartedEventAttributes!;
      return { kind: 'resolveChildStart', seq: childRef(Number(a.initiatedEventId)).seq, runId: a.workflowExecution?.runId ?? '' };
    }
    case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED: {
      const a = e.startChildWorkflowExecutionFailedEventAttributes!;
      const ref = childRef(Number(a.initiatedEventId));
      return {
        kind: 'resolveChildStartFailed',
        seq: ref.seq,
        workflowId: a.workflowId ?? ref.workflowId,
        workflowType: a.workflowType?.name ?? ref.workflowType,
        alreadyStarted: true,
      };
    }
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      return childResolution(e, childRef, ctx.namespace);
    case EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED: {
      const seq = refs.signals.get(Number(e.externalWorkflowExecutionSignaledEventAttributes!.initiatedEventId));
      return seq === undefined ? undefined : { kind: 'resolveSignalExternal', seq };
    }
    case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED: {
      const a = e.signalExternalWorkflowExecutionFailedEventAttributes!;
      const seq = refs.signals.get(Number(a.initiatedEventId));
      return seq === undefined
        ? undefined
        : { kind: 'resolveSignalExternal', seq, failure: notFoundFailure(`Unable to signal external workflow ${a.workflowExecution?.workflowId ?? ''}: not found`, 'SignalExternalWorkflowExecutionFailed') };
    }
    case EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED: {
      const initiated = Number(e.externalWorkflowExecutionCancelRequestedEventAttributes!.initiatedEventId);
      const seq = refs.cancels.get(initiated);
      return seq === undefined ? undefined : { kind: 'resolveRequestCancelExternal', seq };
    }
    case EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED: {
      const a = e.requestCancelExternalWorkflowExecutionFailedEventAttributes!;
      const seq = refs.cancels.get(Number(a.initiatedEventId));
      return seq === undefined
        ? undefined
        : { kind: 'resolveRequestCancelExternal', seq, failure: notFoundFailure(`Unable to cancel external workflow ${a.workflowExecution?.workflowId ?? ''}: not found`, 'RequestCancelExternalWorkflowExecutionFailed') };
    }
    default:
      return undefined;
  }
}

function notFoundFailure(message: string, type: string): ProtoFailure {
  return { message, source: 'TypeScriptSDK', applicationFailureInfo: { type, nonRetryable: true } };
}

function childResolution(e: Event, childRef: (id: number) => { seq: number; workflowId: string; workflowType: string }, namespace: string): Job {
  const attrs =
    e.childWorkflowExecutionCompletedEventAttributes ??
    e.childWorkflowExecutionFailedEventAttributes ??
    e.childWorkflowExecutionCanceledEventAttributes ??
    e.childWorkflowExecutionTimedOutEventAttributes ??
    e.childWorkflowExecutionTerminatedEventAttributes!;
  const ref = childRef(Number(attrs.initiatedEventId));
  if (e.childWorkflowExecutionCompletedEventAttributes) {
    return { kind: 'resolveChild', seq: ref.seq, result: { completed: e.childWorkflowExecutionCompletedEventAttributes.result?.payloads?.[0] ?? undefined } };
  }
  let cause: ProtoFailure;
  let retryState: number | null | undefined = RetryStateEnum.RETRY_STATE_NON_RETRYABLE_FAILURE;
  if (e.childWorkflowExecutionFailedEventAttributes) {
    cause = e.childWorkflowExecutionFailedEventAttributes.failure ?? { message: 'Child failed' };
    retryState = e.childWorkflowExecutionFailedEventAttributes.retryState;
  } else if (e.childWorkflowExecutionCanceledEventAttributes) {
    cause = { message: 'Child Workflow execution cancelled', source: 'TypeScriptSDK', canceledFailureInfo: { details: e.childWorkflowExecutionCanceledEventAttributes.details ?? undefined } };
  } else if (e.childWorkflowExecutionTimedOutEventAttributes) {
    cause = { message: 'Child Workflow execution timed out', source: 'TypeScriptSDK', timeoutFailureInfo: { timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } };
    retryState = e.childWorkflowExecutionTimedOutEventAttributes.retryState;
  } else {
    cause = { message: 'Child Workflow execution terminated', source: 'TypeScriptSDK', terminatedFailureInfo: {} };
  }
  const failure: ProtoFailure = {
    message: 'Child Workflow execution failed',
    source: 'TypeScriptSDK',
    childWorkflowExecutionFailureInfo: {
      namespace,
      workflowExecution: attrs.workflowExecution ?? { workflowId: ref.workflowId },
      workflowType: { name: ref.workflowType },
      initiatedEventId: attrs.initiatedEventId,
      startedEventId: attrs.startedEventId,
      retryState: retryState ?? RetryStateEnum.RETRY_STATE_UNSPECIFIED,
    },
    cause,
  };
  return { kind: 'resolveChild', seq: ref.seq, result: e.childWorkflowExecutionCanceledEventAttributes ? { cancelled: failure } : { failed: failure } };
}

/** Patch ids recorded by markers among `events` (core's "core_patch" markers). */
export function patchMarkerId(e: Event): { id: string; deprecated: boolean } | undefined {
  const m = e.markerRecordedEventAttributes;
  if (e.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED || m?.markerName !== PATCH_MARKER) return undefined;
  const payload = m.details?.['patch-data']?.payloads?.[0];
  if (!payload) return undefined;
  const data = JSON.parse(decodeUtf8(payload.data)) as { id?: string; deprecated?: boolean };
  return data.id ? { id: data.id, deprecated: Boolean(data.deprecated) } : undefined;
}

export const PATCH_MARKER = 'core_patch';

export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** A local activity recorded in history: what it was and how it ended. */
export function localActivityFromMarker(e: Event):
  | { seq: number; attempt: number; activityId: string; activityType: string; result?: temporal.api.common.v1.IPayload; failure?: ProtoFailure }
  | undefined {
  const m = e.markerRecordedEventAttributes;
  if (e.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED || m?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const payload = m.details?.data?.payloads?.[0];
  if (!payload) return undefined;
  const data = JSON.parse(decodeUtf8(payload.data)) as { seq?: number; attempt?: number; activity_id?: string; activity_type?: string };
  return {
    seq: data.seq ?? 0,
    attempt: data.attempt ?? 1,
    activityId: data.activity_id ?? '',
    activityType: data.activity_type ?? '',
    result: m.details?.result?.payloads?.[0] ?? undefined,
    failure: m.failure ?? undefined,
  };
}

/** How a local activity's outcome reaches the workflow: like a regular activity's, wrapped in ActivityFailure. */
export function localActivityJob(m: { seq: number; activityId: string; activityType: string; result?: temporal.api.common.v1.IPayload; failure?: ProtoFailure }): Job {
  if (!m.failure) return { kind: 'resolveActivity', seq: m.seq, result: { completed: m.result } };
  const wrapped: ProtoFailure = {
    message: 'Local Activity task failed',
    source: 'TypeScriptSDK',
    activityFailureInfo: {
      activityType: { name: m.activityType },
      activityId: m.activityId,
      retryState: RetryStateEnum.RETRY_STATE_NON_RETRYABLE_FAILURE,
    },
    cause: m.failure,
  };
  return { kind: 'resolveActivity', seq: m.seq, result: { failed: wrapped } };
}
