// `workflow describe` for people: the execution, its pending activities (attempt, last failure, next retry), its
// pending children, and whether any worker polls its task queue.
import { temporal } from '@durable/proto';
import type { ClientContext } from '../connect.js';
import { describeError } from '../cli-errors.js';
import { fromProtoTimestamp } from '../durations.js';
import { keyValues } from '../printer.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { payloadValue } from '../payloads.js';
import { failureText } from './shared.js';

type Description = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;

export interface Pollers {
  taskQueue: string;
  /** undefined when the server could not say */
  workflowPollers?: { identity: string; lastAccessTime?: Date }[];
  activityPollers?: { identity: string; lastAccessTime?: Date }[];
  /** why the pollers are unknown */
  unknown?: string;
}

/** Who polls a task queue, for workflow and for activity tasks; says why when the server cannot tell. */
export async function pollersOf(c: ClientContext, taskQueue: string): Promise<Pollers> {
  if (!taskQueue) return { taskQueue, unknown: 'the workflow names no task queue' };
  try {
    const kinds = ['Workflow', 'Activity'] as const;
    const [wf, act] = await Promise.all(
      kinds.map((kind) =>
        c.connection.workflowService.describeTaskQueue({
          namespace: c.namespace,
          taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: enumValue('TaskQueueType', 'TASK_QUEUE_TYPE', kind),
        }),
      ),
    );
    const list = (r: typeof wf) => (r.pollers ?? []).map((p) => ({ identity: p.identity ?? '', lastAccessTime: fromProtoTimestamp(p.lastAccessTime) }));
    return { taskQueue, workflowPollers: list(wf), activityPollers: list(act) };
  } catch (err) {
    return { taskQueue, unknown: describeError(err, 'task-queue describe') };
  }
}

function pollerLines(p: Pollers, time: (d: Date | undefined) => string): string[] {
  if (p.unknown) return [`Task Queue Pollers (${p.taskQueue}):`, `  unknown: ${p.unknown}`];
  const all = [...(p.workflowPollers ?? []).map((x) => ({ ...x, kind: 'workflow' })), ...(p.activityPollers ?? []).map((x) => ({ ...x, kind: 'activity' }))];
  if (!all.length) {
    return [
      `Task Queue Pollers (${p.taskQueue}):`,
      `  none: no worker polls task queue "${p.taskQueue}", so nothing will run until one does (start a worker on that task queue)`,
    ];
  }
  return [`Task Queue Pollers (${p.taskQueue}):`, ...all.map((x) => `  ${x.kind.padEnd(9)} ${x.identity}  last poll ${time(x.lastAccessTime)}`)];
}

export function describeText(d: Description, pollers: Pollers, time: (d: Date | undefined) => string): string {
  const i = d.workflowExecutionInfo ?? {};
  const memo = Object.fromEntries(Object.entries(i.memo?.fields ?? {}).map(([k, v]) => [k, payloadValue(v)]));
  const search = Object.fromEntries(Object.entries(i.searchAttributes?.indexedFields ?? {}).map(([k, v]) => [k, payloadValue(v)]));
  const info = {
    workflowId: i.execution?.workflowId,
    runId: i.execution?.runId,
    type: i.type?.name,
    namespace: undefined,
    taskQueue: i.taskQueue,
    status: enumWord('WorkflowExecutionStatus', i.status),
    startTime: fromProtoTimestamp(i.startTime),
    closeTime: fromProtoTimestamp(i.closeTime),
    executionTime: fromProtoTimestamp(i.executionTime),
    historyLength: String(i.historyLength ?? ''),
    parentWorkflowId: i.parentExecution?.workflowId,
    memo: Object.keys(memo).length ? memo : undefined,
    searchAttributes: Object.keys(search).length ? search : undefined,
  };
  const lines = ['Execution Info:', keyValues(info, time, '  ').trimEnd()];
  const activities = d.pendingActivities ?? [];
  lines.push(`Pending Activities: ${activities.length}`);
  for (const a of activities) {
    lines.push(
      keyValues(
        {
          activityId: a.activityId,
          activityType: a.activityType?.name,
          state: enumWord('PendingActivityState', a.state),
          attempt: a.attempt,
          maximumAttempts: a.maximumAttempts || undefined,
          lastFailure: a.lastFailure ? failureText(a.lastFailure) : undefined,
          lastWorkerIdentity: a.lastWorkerIdentity,
          lastStartedTime: fromProtoTimestamp(a.lastStartedTime),
          nextAttemptScheduleTime: fromProtoTimestamp(a.nextAttemptScheduleTime),
          lastHeartbeatTime: fromProtoTimestamp(a.lastHeartbeatTime),
          heartbeatDetails: a.heartbeatDetails?.payloads?.length ? a.heartbeatDetails.payloads.map((p) => payloadValue(p)) : undefined,
          paused: a.paused || undefined,
        },
        time,
        '  ',
      ).trimEnd(),
    );
  }
  const children = d.pendingChildren ?? [];
  if (children.length) {
    lines.push(`Pending Child Workflows: ${children.length}`);
    for (const c of children) lines.push(`  ${c.workflowId}  ${c.workflowTypeName}  run ${c.runId}`);
  }
  lines.push(...pollerLines(pollers, time));
  return lines.join('\n');
}
