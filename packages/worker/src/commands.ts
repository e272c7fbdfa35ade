// Workflow commands -> Temporal API commands, and the check that a recorded command event is the one the code
// emitted at the same point (the determinism check).
import { Long, temporal, type google } from '@durable/proto';
import { encodeUtf8, msToProtoDuration } from '@durable/common';
import type { Command, LocalActivityMarker } from '@durable/workflow/sandbox';
import { LOCAL_ACTIVITY_MARKER, PATCH_MARKER, eventId, localActivityFromMarker, patchMarkerId, type SeqRefs } from './history-jobs.js';

type ApiCommand = temporal.api.command.v1.ICommand;
type Event = temporal.api.history.v1.IHistoryEvent;
const CT = temporal.api.enums.v1.CommandType;
const ET = temporal.api.enums.v1.EventType;

// protobufjs encodes numbers into int64 fields; the generated types only name Long.
const dur = (ms: number | undefined) => (ms === undefined ? undefined : (msToProtoDuration(ms) as unknown as google.protobuf.IDuration));
const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;

/** Commands that write an event; query answers and update responses travel another way. */
export function producesEvent(c: Command): boolean {
  if (c.kind === 'updateResponse') return !c.rejected;
  return c.kind !== 'respondToQuery';
}

/** The message id an update response travels under; its ProtocolMessage command names it. */
export function updateMessageId(c: Extract<Command, { kind: 'updateResponse' }>): string {
  return `${c.protocolInstanceId}/${c.accepted ? 'accept' : c.rejected ? 'reject' : 'complete'}`;
}

export function toApiCommand(c: Command, namespace: string, refs: SeqRefs, scheduledIdOf: (seq: number) => number): ApiCommand | undefined {
  switch (c.kind) {
    case 'scheduleActivity':
      return {
        commandType: CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: c.activityId,
          activityType: { name: c.activityType },
          taskQueue: { name: c.taskQueue, kind: NORMAL },
          header: { fields: c.headers },
          input: { payloads: c.args },
          scheduleToCloseTimeout: dur(c.scheduleToCloseTimeoutMs),
          scheduleToStartTimeout: dur(c.scheduleToStartTimeoutMs),
          startToCloseTimeout: dur(c.startToCloseTimeoutMs),
          heartbeatTimeout: dur(c.heartbeatTimeoutMs),
          retryPolicy: c.retryPolicy,
          priority: c.priority,
        },
        userMetadata: c.userMetadata,
      };
    case 'scheduleLocalActivity':
      throw new Error(`Local activity ${c.activityType} (seq ${c.seq}) must run before the task completes; it has no API command`);
    case 'localActivityMarker':
      return {
        commandType: CT.COMMAND_TYPE_RECORD_MARKER,
        recordMarkerCommandAttributes: {
          markerName: LOCAL_ACTIVITY_MARKER,
          details: {
            data: { payloads: [jsonPayload(localActivityMarkerData(c))] },
            ...(c.result ? { result: { payloads: [c.result] } } : {}),
          },
          failure: c.failure,
        },
      };
    case 'requestCancelActivity':
      return {
        commandType: CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
        requestCancelActivityTaskCommandAttributes: { scheduledEventId: Long.fromNumber(scheduledIdOf(c.seq)) },
      };
    case 'startTimer':
      return {
        commandType: CT.COMMAND_TYPE_START_TIMER,
        startTimerCommandAttributes: { timerId: String(c.seq), startToFireTimeout: dur(c.durationMs) },
        userMetadata: c.userMetadata,
      };
    case 'cancelTimer':
      return { commandType: CT.COMMAND_TYPE_CANCEL_TIMER, cancelTimerCommandAttributes: { timerId: String(c.seq) } };
    case 'completeWorkflow':
      return {
        commandType: CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: { result: c.result ? { payloads: [c.result] } : undefined },
      };
    case 'failWorkflow':
      return { commandType: CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, failWorkflowExecutionCommandAttributes: { failure: c.failure } };
    case 'cancelWorkflow':
      return { commandType: CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION, cancelWorkflowExecutionCommandAttributes: {} };
    case 'continueAsNew':
      return {
        commandType: CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
        continueAsNewWorkflowExecutionCommandAttributes: {
          workflowType: { name: c.workflowType },
          taskQueue: { name: c.taskQueue, kind: NORMAL },
          input: { payloads: c.args },
          header: { fields: c.headers },
          workflowRunTimeout: dur(c.runTimeoutMs),
          workflowTaskTimeout: dur(c.taskTimeoutMs),
          backoffStartInterval: dur(c.backoffStartIntervalMs),
          memo: c.memo ? { fields: c.memo } : undefined,
          searchAttributes: c.searchAttributes ? { indexedFields: c.searchAttributes } : undefined,
          retryPolicy: c.retryPolicy,
        },
      };
    case 'setPatchMarker':
      return {
        commandType: CT.COMMAND_TYPE_RECORD_MARKER,
        recordMarkerCommandAttributes: {
          markerName: PATCH_MARKER,
          details: {
            'patch-data': {
              payloads: [
                {
                  metadata: { encoding: encodeUtf8('json/plain') },
                  data: encodeUtf8(JSON.stringify({ id: c.patchId, deprecated: c.deprecated })),
                },
              ],
            },
          },
        },
      };
    case 'startChild':
      return {
        commandType: CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
        startChildWorkflowExecutionCommandAttributes: {
          namespace: c.namespace,
          workflowId: c.workflowId,
          workflowType: { name: c.workflowType },
          taskQueue: { name: c.taskQueue, kind: NORMAL },
          input: { payloads: c.args },
          header: { fields: c.headers },
          workflowExecutionTimeout: dur(c.executionTimeoutMs),
          workflowRunTimeout: dur(c.runTimeoutMs),
          workflowTaskTimeout: dur(c.taskTimeoutMs),
          parentClosePolicy: c.parentClosePolicy,
          workflowIdReusePolicy: c.workflowIdReusePolicy,
          retryPolicy: c.retryPolicy,
          cronSchedule: c.cronSchedule,
          memo: c.memo ? { fields: c.memo } : undefined,
          searchAttributes: c.searchAttributes ? { indexedFields: c.searchAttributes } : undefined,
          priority: c.priority,
        },
        userMetadata: c.userMetadata,
      };
    case 'cancelChild':
      return {
        commandType: CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
        requestCancelExternalWorkflowExecutionCommandAttributes: { namespace, workflowId: c.workflowId, childWorkflowOnly: true },
      };
    case 'signalExternal':
      return {
        commandType: CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
        signalExternalWorkflowExecutionCommandAttributes: {
          namespace,
          execution: { workflowId: c.workflowId, runId: c.runId },
          signalName: c.signalName,
          input: { payloads: c.args },
          header: { fields: c.headers },
          childWorkflowOnly: c.childWorkflowOnly,
        },
      };
    case 'cancelExternal':
      return {
        commandType: CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
        requestCancelExternalWorkflowExecutionCommandAttributes: {
          namespace,
          workflowId: c.workflowId,
          runId: c.runId,
          childWorkflowOnly: c.childWorkflowOnly,
        },
      };
    case 'upsertSearchAttributes':
      return {
        commandType: CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesCommandAttributes: { searchAttributes: { indexedFields: c.searchAttributes } },
      };
    case 'modifyProperties':
      return {
        commandType: CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
        modifyWorkflowPropertiesCommandAttributes: { upsertedMemo: { fields: c.memo } },
      };
    case 'updateResponse':
      return c.rejected
        ? undefined
        : { commandType: CT.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: updateMessageId(c) } };
    case 'respondToQuery':
      return undefined;
  }
}

const expectedEventType: Partial<Record<Command['kind'], number>> = {
  scheduleActivity: ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  scheduleLocalActivity: ET.EVENT_TYPE_MARKER_RECORDED,
  localActivityMarker: ET.EVENT_TYPE_MARKER_RECORDED,
  requestCancelActivity: ET.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
  startTimer: ET.EVENT_TYPE_TIMER_STARTED,
  cancelTimer: ET.EVENT_TYPE_TIMER_CANCELED,
  completeWorkflow: ET.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  failWorkflow: ET.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  cancelWorkflow: ET.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  continueAsNew: ET.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  setPatchMarker: ET.EVENT_TYPE_MARKER_RECORDED,
  startChild: ET.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  cancelChild: ET.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  signalExternal: ET.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  cancelExternal: ET.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  upsertSearchAttributes: ET.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  modifyProperties: ET.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
};

export const COMMAND_EVENT_TYPES = new Set([
  ...Object.values(expectedEventType),
  ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
]);

export function eventTypeName(type: number | null | undefined): string {
  return (ET[type ?? 0] ?? String(type)).replace(/^EVENT_TYPE_/, '');
}

/** Where workflow code made the command (its first source frame), as ` at fn (file:line:col)`; '' when unknown. */
export function commandOrigin(c: Command): string {
  const frame = (c as { origin?: { stack?: { file_path?: string; line?: number; column?: number; function_name?: string }[] } }).origin?.stack?.[0];
  if (!frame?.file_path) return '';
  const where = `${frame.file_path}:${frame.line}:${frame.column}`;
  return frame.function_name ? ` at ${frame.function_name} (${where})` : ` at ${where}`;
}

export function describeCommand(c: Command): string {
  switch (c.kind) {
    case 'scheduleActivity':
      return `ScheduleActivityTask(${c.activityType}, id ${c.activityId})`;
    case 'startTimer':
    case 'cancelTimer':
      return `${c.kind === 'startTimer' ? 'StartTimer' : 'CancelTimer'}(id ${c.seq})`;
    case 'startChild':
      return `StartChildWorkflowExecution(${c.workflowType}, id ${c.workflowId})`;
    case 'setPatchMarker':
      return `RecordMarker(patch ${c.patchId})`;
    case 'scheduleLocalActivity':
    case 'localActivityMarker':
      return `LocalActivity(${c.activityType}, seq ${c.seq})`;
    case 'signalExternal':
      return `SignalExternalWorkflowExecution(${c.signalName} to ${c.workflowId})`;
    case 'updateResponse':
      return `${c.accepted ? 'AcceptUpdate' : 'CompleteUpdate'}(${c.protocolInstanceId})`;
    default:
      return c.kind;
  }
}

/**
 * Whether `e` records `c`. Returns a reason when not. Updates `refs` so result events find the waiting workflow code.
 */
export function matchCommand(c: Command, e: Event, refs: SeqRefs, scheduledIdOf: (seq: number) => number | undefined): string | undefined {
  if (c.kind === 'updateResponse') {
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    const completed = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c.accepted) return accepted?.protocolInstanceId === c.protocolInstanceId ? undefined : 'a different update was accepted';
    return completed?.meta?.updateId === c.protocolInstanceId ? undefined : 'a different update was completed';
  }
  if (expectedEventType[c.kind] !== e.eventType) return 'event type differs';
  const id = eventId(e);
  switch (c.kind) {
    case 'scheduleActivity': {
      const a = e.activityTaskScheduledEventAttributes!;
      if (a.activityType?.name !== c.activityType) return `activity type ${a.activityType?.name} was recorded`;
      if (a.activityId !== c.activityId) return `activity id ${a.activityId} was recorded`;
      refs.activities.set(id, { seq: c.seq, activityType: c.activityType, activityId: c.activityId });
      return undefined;
    }
    case 'requestCancelActivity':
      return Number(e.activityTaskCancelRequestedEventAttributes!.scheduledEventId) === scheduledIdOf(c.seq) ? undefined : 'cancels another activity';
    case 'startTimer':
      return e.timerStartedEventAttributes!.timerId === String(c.seq) ? undefined : `timer id ${e.timerStartedEventAttributes!.timerId} was recorded`;
    case 'cancelTimer':
      return e.timerCanceledEventAttributes!.timerId === String(c.seq) ? undefined : `timer id ${e.timerCanceledEventAttributes!.timerId} was recorded`;
    case 'setPatchMarker':
      return patchMarkerId(e)?.id === c.patchId ? undefined : `marker ${e.markerRecordedEventAttributes?.markerName} was recorded`;
    case 'scheduleLocalActivity':
    case 'localActivityMarker': {
      const m = localActivityFromMarker(e);
      if (!m) return `marker ${e.markerRecordedEventAttributes?.markerName} was recorded`;
      if (m.seq !== c.seq || m.activityType !== c.activityType) return `local activity ${m.activityType} (seq ${m.seq}) was recorded`;
      return undefined;
    }
    case 'startChild': {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
      if (a.workflowType?.name !== c.workflowType) return `child type ${a.workflowType?.name} was recorded`;
      if (a.workflowId !== c.workflowId) return `child id ${a.workflowId} was recorded`;
      refs.children.set(id, { seq: c.seq, workflowId: c.workflowId, workflowType: c.workflowType });
      return undefined;
    }
    case 'signalExternal': {
      const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
      if (a.signalName !== c.signalName || a.workflowExecution?.workflowId !== c.workflowId) return 'a different signal or target was recorded';
      refs.signals.set(id, c.seq);
      return undefined;
    }
    case 'cancelExternal':
    case 'cancelChild': {
      const a = e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes!;
      if (a.workflowExecution?.workflowId !== c.workflowId) return `cancel of ${a.workflowExecution?.workflowId} was recorded`;
      if (c.kind === 'cancelExternal') refs.cancels.set(id, c.seq);
      else refs.childCancels.add(id);
      return undefined;
    }
    default:
      return undefined;
  }
}

function jsonPayload(value: unknown): temporal.api.common.v1.IPayload {
  return { metadata: { encoding: encodeUtf8('json/plain') }, data: encodeUtf8(JSON.stringify(value)) };
}

const timeJson = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

/** The marker's `data`, field for field as Temporal's core writes it. */
function localActivityMarkerData(c: LocalActivityMarker) {
  return {
    seq: c.seq,
    attempt: c.attempt,
    activity_id: c.activityId,
    activity_type: c.activityType,
    complete_time: timeJson(c.completeTimeMs),
    backoff: null,
    original_schedule_time: timeJson(c.originalScheduleTimeMs),
  };
}
