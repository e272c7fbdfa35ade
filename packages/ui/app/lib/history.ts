// Reading history events: each carries its attributes under one `<kind>EventAttributes` field.
import type { EventAttributes, HistoryEvent } from '../api/types';
import { eventTypeName } from './format';

export function attributesKey(e: HistoryEvent): string | undefined {
  return Object.keys(e).find((k) => k.endsWith('EventAttributes'));
}

export function attributes(e: HistoryEvent): EventAttributes {
  const key = attributesKey(e);
  return ((key && e[key]) ?? {}) as EventAttributes;
}

export function eventName(e: HistoryEvent): string {
  return eventTypeName(e.eventType);
}

export function eventId(e: HistoryEvent): number {
  return Number(e.eventId);
}

const CLOSE_EVENTS = new Set([
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionTimedOut',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionTerminated',
  'WorkflowExecutionContinuedAsNew',
]);

export function isCloseEvent(e: HistoryEvent): boolean {
  return CLOSE_EVENTS.has(eventName(e));
}

/** The event a later event belongs to: an activity's scheduled event, a timer's started, a child's initiated, an update's accepted. */
export function parentEventId(e: HistoryEvent): number | undefined {
  const a = attributes(e);
  const name = eventName(e);
  if (name.startsWith('ActivityTask') && a.scheduledEventId) return Number(a.scheduledEventId);
  if (name.startsWith('WorkflowTask') && a.scheduledEventId) return Number(a.scheduledEventId);
  if ((name === 'TimerFired' || name === 'TimerCanceled') && a.startedEventId) return Number(a.startedEventId);
  if (name.startsWith('ChildWorkflowExecution') || name === 'StartChildWorkflowExecutionFailed') {
    return a.initiatedEventId ? Number(a.initiatedEventId) : undefined;
  }
  if (name.startsWith('ExternalWorkflowExecution') || name === 'SignalExternalWorkflowExecutionFailed' || name === 'RequestCancelExternalWorkflowExecutionFailed') {
    return a.initiatedEventId ? Number(a.initiatedEventId) : undefined;
  }
  if (name === 'WorkflowExecutionUpdateCompleted' && a.acceptedEventId) return Number(a.acceptedEventId);
  return undefined;
}

/** A short description of what an event says, for one line of a list. */
export function eventSummary(e: HistoryEvent): string {
  const a = attributes(e);
  switch (eventName(e)) {
    case 'WorkflowExecutionStarted':
      return `${a.workflowType?.name ?? ''} on ${a.taskQueue?.name ?? ''}`;
    case 'ActivityTaskScheduled':
      return `${a.activityType?.name ?? ''} (id ${a.activityId ?? ''})`;
    case 'ActivityTaskStarted':
      return `attempt ${a.attempt ?? 1}${a.identity ? ` by ${a.identity}` : ''}`;
    case 'ActivityTaskFailed':
    case 'WorkflowExecutionFailed':
    case 'WorkflowTaskFailed':
    case 'ChildWorkflowExecutionFailed':
      return a.failure?.message ?? '';
    case 'TimerStarted':
      return `${a.timerId ?? ''} for ${a.startToFireTimeout ?? ''}`;
    case 'TimerFired':
    case 'TimerCanceled':
      return a.timerId ?? '';
    case 'WorkflowExecutionSignaled':
    case 'SignalExternalWorkflowExecutionInitiated':
      return a.signalName ?? '';
    case 'StartChildWorkflowExecutionInitiated':
      return `${a.workflowType?.name ?? ''} (${a.workflowId ?? ''})`;
    case 'ChildWorkflowExecutionStarted':
    case 'ChildWorkflowExecutionCompleted':
      return a.workflowExecution?.workflowId ?? '';
    case 'WorkflowExecutionTerminated':
    case 'WorkflowExecutionCancelRequested':
      return a.reason ?? a.cause ?? '';
    case 'WorkflowExecutionUpdateAccepted':
      return a.acceptedRequest?.input?.name ?? '';
    case 'WorkflowExecutionUpdateAdmitted':
      return a.request?.input?.name ?? '';
    case 'WorkflowExecutionContinuedAsNew':
      return `new run ${a.newExecutionRunId ?? ''}`;
    case 'MarkerRecorded':
      return a.markerName ?? '';
    case 'WorkflowTaskStarted':
    case 'WorkflowTaskCompleted':
      return a.identity ?? '';
    default:
      return '';
  }
}
