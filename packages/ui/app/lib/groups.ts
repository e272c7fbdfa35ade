// The compact history: events gathered into what they are about (an activity from scheduled to its result, a
// timer, a child workflow, a workflow task, an update), in the order each began.
import type { HistoryEvent } from '../api/types';
import { attributes, eventId, eventName, parentEventId } from './history';

export interface EventGroup {
  id: number;
  title: string;
  /** the last event's type: where the thing stands now */
  status: string;
  kind: 'activity' | 'timer' | 'child' | 'workflow-task' | 'signal' | 'update' | 'workflow' | 'other';
  events: HistoryEvent[];
}

function describe(first: HistoryEvent): Pick<EventGroup, 'title' | 'kind'> {
  const a = attributes(first);
  switch (eventName(first)) {
    case 'ActivityTaskScheduled':
      return { kind: 'activity', title: `Activity ${a.activityType?.name ?? ''}` };
    case 'TimerStarted':
      return { kind: 'timer', title: `Timer ${a.timerId ?? ''} (${a.startToFireTimeout ?? ''})` };
    case 'StartChildWorkflowExecutionInitiated':
      return { kind: 'child', title: `Child workflow ${a.workflowType?.name ?? ''}` };
    case 'WorkflowTaskScheduled':
      return { kind: 'workflow-task', title: 'Workflow task' };
    case 'WorkflowExecutionSignaled':
      return { kind: 'signal', title: `Signal ${a.signalName ?? ''}` };
    case 'WorkflowExecutionUpdateAccepted':
      return { kind: 'update', title: `Update ${a.acceptedRequest?.input?.name ?? ''}` };
    case 'WorkflowExecutionUpdateAdmitted':
      return { kind: 'update', title: `Update ${a.request?.input?.name ?? ''}` };
    default: {
      const name = eventName(first);
      return { kind: name.startsWith('WorkflowExecution') ? 'workflow' : 'other', title: name.replace(/([a-z])([A-Z])/g, '$1 $2') };
    }
  }
}

export function groupEvents(events: HistoryEvent[]): EventGroup[] {
  const groups: EventGroup[] = [];
  const byFirst = new Map<number, EventGroup>();
  for (const e of events) {
    const parent = parentEventId(e);
    const group = parent !== undefined ? byFirst.get(parent) : undefined;
    if (group) {
      group.events.push(e);
      group.status = eventName(e);
      continue;
    }
    const g: EventGroup = { id: eventId(e), ...describe(e), status: eventName(e), events: [e] };
    groups.push(g);
    byFirst.set(g.id, g);
  }
  return groups;
}

/** The compact view leaves out workflow tasks that went as expected; failed or timed-out ones stay. */
export function compactGroups(groups: EventGroup[]): EventGroup[] {
  return groups.filter((g) => g.kind !== 'workflow-task' || /Failed|TimedOut/.test(g.status));
}
