// A workflow's history for people: one line per event with what matters about it (inputs of signals and updates,
// timer durations, results and failures), and waiting for a run to close.
import { temporal } from '@durable/proto';
import { fromProtoTimestamp, formatProtoDuration } from '../durations.js';
import type { ClientContext } from '../connect.js';
import { enumWord } from '../proto-enums.js';
import { payloadValue, payloadValues } from '../payloads.js';
import { failureText } from './shared.js';

type Event = temporal.api.history.v1.IHistoryEvent;

const j = (v: unknown) => JSON.stringify(v);

/** The event's type as the temporal CLI prints it: WorkflowExecutionStarted. */
export const eventType = (e: Event) => enumWord('EventType', e.eventType);

function details(e: Event): string[] {
  const d: string[] = [];
  const started = e.workflowExecutionStartedEventAttributes;
  if (started) d.push(`type=${started.workflowType?.name}`, `taskQueue=${started.taskQueue?.name}`, `input=${j(payloadValues(started.input))}`);
  const scheduled = e.activityTaskScheduledEventAttributes;
  if (scheduled) d.push(`activity=${scheduled.activityType?.name}`, `id=${scheduled.activityId}`, `input=${j(payloadValues(scheduled.input))}`);
  const activityStarted = e.activityTaskStartedEventAttributes;
  if (activityStarted && (activityStarted.attempt ?? 1) > 1) d.push(`attempt=${activityStarted.attempt}`);
  if (e.activityTaskCompletedEventAttributes) d.push(`result=${j(payloadValues(e.activityTaskCompletedEventAttributes.result)[0])}`);
  const failure =
    e.activityTaskFailedEventAttributes?.failure ??
    e.workflowExecutionFailedEventAttributes?.failure ??
    e.workflowTaskFailedEventAttributes?.failure ??
    e.childWorkflowExecutionFailedEventAttributes?.failure ??
    e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure;
  if (failure) d.push(`failure=${j(failureText(failure))}`);
  const timer = e.timerStartedEventAttributes;
  if (timer) d.push(`timer=${timer.timerId}`, `duration=${formatProtoDuration(timer.startToFireTimeout) ?? '0s'}`);
  if (e.timerFiredEventAttributes) d.push(`timer=${e.timerFiredEventAttributes.timerId}`);
  const signal = e.workflowExecutionSignaledEventAttributes;
  if (signal) d.push(`signal=${signal.signalName}`, `input=${j(payloadValues(signal.input))}`);
  const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
  if (accepted) {
    const input = accepted.acceptedRequest?.input;
    d.push(`update=${input?.name}`, `id=${accepted.protocolInstanceId}`, `input=${j(payloadValues(input?.args))}`);
  }
  const admitted = e.workflowExecutionUpdateAdmittedEventAttributes;
  if (admitted) d.push(`update=${admitted.request?.input?.name}`, `input=${j(payloadValues(admitted.request?.input?.args))}`);
  const updated = e.workflowExecutionUpdateCompletedEventAttributes;
  if (updated?.outcome?.success) d.push(`id=${updated.meta?.updateId}`, `result=${j(payloadValues(updated.outcome.success)[0])}`);
  if (e.workflowExecutionCompletedEventAttributes) d.push(`result=${j(payloadValues(e.workflowExecutionCompletedEventAttributes.result)[0])}`);
  if (e.workflowExecutionTerminatedEventAttributes) d.push(`reason=${j(e.workflowExecutionTerminatedEventAttributes.reason)}`);
  if (e.workflowExecutionCancelRequestedEventAttributes?.cause) d.push(`reason=${j(e.workflowExecutionCancelRequestedEventAttributes.cause)}`);
  const can = e.workflowExecutionContinuedAsNewEventAttributes;
  if (can) d.push(`newRunId=${can.newExecutionRunId}`, `input=${j(payloadValues(can.input))}`);
  const child = e.startChildWorkflowExecutionInitiatedEventAttributes;
  if (child) d.push(`child=${child.workflowType?.name}`, `id=${child.workflowId}`, `input=${j(payloadValues(child.input))}`);
  const childStarted = e.childWorkflowExecutionStartedEventAttributes;
  if (childStarted) d.push(`id=${childStarted.workflowExecution?.workflowId}`, `runId=${childStarted.workflowExecution?.runId}`);
  if (e.childWorkflowExecutionCompletedEventAttributes) d.push(`result=${j(payloadValues(e.childWorkflowExecutionCompletedEventAttributes.result)[0])}`);
  const marker = e.markerRecordedEventAttributes;
  if (marker) d.push(`marker=${marker.markerName}`);
  const upsert = e.upsertWorkflowSearchAttributesEventAttributes;
  if (upsert) d.push(`searchAttributes=${j(Object.fromEntries(Object.entries(upsert.searchAttributes?.indexedFields ?? {}).map(([k, v]) => [k, payloadValue(v)])))}`);
  const externalSignal = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
  if (externalSignal) d.push(`signal=${externalSignal.signalName}`, `to=${externalSignal.workflowExecution?.workflowId}`, `input=${j(payloadValues(externalSignal.input))}`);
  return d;
}

/** One line per event: id, time, type and what matters about it. */
export function describeEvent(e: Event, time: (d: Date | undefined) => string = (d) => d?.toISOString() ?? ''): string {
  const d = details(e);
  return `${String(e.eventId).padStart(5)}  ${time(fromProtoTimestamp(e.eventTime))}  ${eventType(e)}${d.length ? `  ${d.join(' ')}` : ''}`;
}

export const CLOSE_EVENTS = new Set<number>([
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/** Calls `onEvent` for each event of a run as it is written (from the first), until the run closes; returns the close event. */
export async function followHistory(c: ClientContext, workflowId: string, runId: string | undefined, onEvent: (e: Event) => void): Promise<Event> {
  let token: Uint8Array | undefined;
  for (;;) {
    const page = await c.connection.workflowService.getWorkflowExecutionHistory({
      namespace: c.namespace,
      execution: { workflowId, runId },
      waitNewEvent: true,
      nextPageToken: token,
    });
    for (const e of page.history?.events ?? []) {
      onEvent(e);
      if (CLOSE_EVENTS.has(e.eventType ?? 0)) return e;
    }
    token = page.nextPageToken?.length ? page.nextPageToken : token;
  }
}

/** The whole history of a run (every page). */
export async function fetchHistory(c: ClientContext, workflowId: string, runId: string | undefined, reverse = false): Promise<Event[]> {
  const events: Event[] = [];
  let token: Uint8Array | undefined;
  do {
    const execution = { workflowId, runId };
    const page = reverse
      ? await c.connection.workflowService.getWorkflowExecutionHistoryReverse({ namespace: c.namespace, execution, nextPageToken: token })
      : await c.connection.workflowService.getWorkflowExecutionHistory({ namespace: c.namespace, execution, nextPageToken: token });
    events.push(...(page.history?.events ?? []));
    token = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (token);
  return events;
}

/** The outcome a close event records, for people and for JSON. */
export function closeOutcome(e: Event): { status: string; result?: unknown; failure?: string; newRunId?: string } {
  const status = eventType(e).replace(/^WorkflowExecution/, '');
  const a = e.workflowExecutionCompletedEventAttributes;
  if (a) return { status: 'Completed', result: payloadValues(a.result)[0] };
  if (e.workflowExecutionFailedEventAttributes) return { status, failure: failureText(e.workflowExecutionFailedEventAttributes.failure) };
  if (e.workflowExecutionTerminatedEventAttributes) return { status, failure: `terminated: ${e.workflowExecutionTerminatedEventAttributes.reason || '(no reason)'}` };
  if (e.workflowExecutionContinuedAsNewEventAttributes) return { status: 'ContinuedAsNew', newRunId: e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? undefined };
  if (e.workflowExecutionTimedOutEventAttributes) return { status: 'TimedOut', failure: 'the workflow timed out' };
  return { status: status === 'Canceled' ? 'Canceled' : status, failure: status === 'Canceled' ? 'the workflow was canceled' : undefined };
}
