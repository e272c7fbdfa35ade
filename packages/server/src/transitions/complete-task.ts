import { randomUUID } from 'node:crypto';
import { temporal, toLong } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { duration, durationMs, EventType } from '../model/events.js';
import type { WorkflowTaskToken } from '../model/task-token.js';
import type { RunContext } from '../run/run-context.js';
import { onWorkflowTaskCompleted } from '../run/state-events.js';
import { startActivityTask } from '../run/activities.js';
import { applyWorkflowRules } from '../run/workflow-rules.js';
import type { ActivityState } from '../model/run-state.js';
import { recordTaskVersion, workerVersion } from '../run/versioning.js';
import {
  currentWorkflowTask,
  failWorkflowTask,
  FailedCause,
  scheduleWorkflowTask,
  workflowTaskAnswered,
  workflowTaskEnded,
} from '../run/workflow-tasks.js';
import { applyCommands, BadCommand, isCloseCommand, validateCommands } from './commands.js';

type CompleteRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;

export interface TaskCompletion {
  /** a command the server refused: the task was failed with its cause (committed before the worker hears why) */
  refused?: BadCommand;
  /** activities started for the completing worker at its request (eager dispatch), for the response */
  activityTasks: temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse[];
}

/**
 * RespondWorkflowTaskCompleted: WorkflowTaskCompleted, one event per command, the buffered events, then a new task
 * when the workflow has something new to see. A refused command fails the task instead (returned, not thrown, so
 * the failure is committed before the worker gets its error).
 */
export function completeWorkflowTask(ctx: RunContext, token: WorkflowTaskToken, req: CompleteRequest): TaskCompletion {
  const wft = currentWorkflowTask(ctx, token);
  const s = ctx.state;
  const commands = req.commands ?? [];
  const identity = req.identity ?? '';

  try {
    validateCommands(ctx, commands, req.messages ?? []);
  } catch (err) {
    if (!(err instanceof BadCommand)) throw err;
    failWorkflowTask(ctx, {
      cause: err.reason,
      identity,
      failure: { message: err.statusMessage, serverFailureInfo: {} },
      terminateReason: err.terminates ? err.statusMessage : undefined,
    });
    return { refused: err, activityTasks: [] };
  }
  const closing = commands.some(isCloseCommand);
  if (closing && s.buffered.length > 0) {
    // The workflow decided to finish without seeing what arrived meanwhile: it must run again. The worker is told
    // with Temporal's exact text, which its SDK recognizes and leaves unreported.
    const unhandled = new BadCommand(FailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, '');
    failWorkflowTask(ctx, { cause: unhandled.reason, identity, failure: { message: unhandled.statusMessage, serverFailureInfo: {} } });
    return { refused: unhandled, activityTasks: [] };
  }

  if (wft.transient) {
    // The retried task succeeded: its Scheduled and Started events become real.
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      taskQueue: { name: wft.queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: duration(s.workflowTaskTimeoutMs),
      attempt: wft.attempt,
    }, wft.scheduledTime);
    ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      scheduledEventId: wft.scheduledEventId,
      identity: wft.identity,
      requestId: wft.requestId,
      historySizeBytes: ctx.row.history_size,
      suggestContinueAsNew: (wft.suggestContinueAsNew?.length ?? 0) > 0,
      suggestContinueAsNewReasons: wft.suggestContinueAsNew ?? [],
    }, wft.startedTime);
  }
  const version = workerVersion(req.deploymentOptions);
  const completedAttributes = {
    scheduledEventId: toLong(wft.scheduledEventId),
    startedEventId: toLong(wft.startedEventId),
    identity,
    binaryChecksum: req.binaryChecksum,
    workerVersion: req.workerVersionStamp,
    sdkMetadata: req.sdkMetadata,
    meteringMetadata: req.meteringMetadata,
    deployment: req.deployment,
    versioningBehavior: req.versioningBehavior,
    deploymentVersion: version,
    workerDeploymentName: version?.deploymentName,
  };
  const completed = ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, completedAttributes);
  workflowTaskAnswered(ctx, wft);
  s.wft = null;
  s.wftAttempt = 1;
  onWorkflowTaskCompleted(s, completedAttributes);
  if (version) recordTaskVersion(ctx, req.versioningBehavior ?? 0, version);
  const stickyQueue = req.stickyAttributes?.workerTaskQueue?.name;
  s.sticky = stickyQueue
    ? { queue: stickyQueue, scheduleToStartMs: durationMs(req.stickyAttributes?.scheduleToStartTimeout) }
    : null;

  let needTask: boolean;
  let eager: ActivityState[];
  try {
    ({ needTask, eager } = applyCommands(ctx, commands, Number(completed.eventId), identity, req.messages ?? []));
  } catch (err) {
    if (err instanceof BadCommand) throw invalidArgument(err.statusMessage);
    throw err;
  }
  if (ctx.flushBuffered() > 0) needTask = true;
  for (const fn of ctx.deferred.splice(0)) fn();
  if (req.forceCreateNewWorkflowTask) needTask = true;
  // Updates that arrived while this task ran are delivered with the next one.
  if (ctx.host.updates.hasAdmitted(ctx.runId)) needTask = true;
  const { runId } = ctx;
  const queryResults = req.queryResults ?? {};
  ctx.afterCommit(() => ctx.host.queries.answer(runId, queryResults));
  if (ctx.isOpen && needTask) scheduleWorkflowTask(ctx);
  workflowTaskEnded(ctx);
  // Started last: a command later in the task may have closed or paused the run, or cancelled or paused the activity;
  // a workflow rule may pause it as it is about to start.
  const activityTasks = eager
    .filter((a) => ctx.isOpen && !ctx.isPaused && !a.paused && s.activities[a.scheduledEventId] === a && !applyWorkflowRules(ctx, a))
    .map((a) => startActivityTask(ctx, a, identity, randomUUID()));
  return { activityTasks };
}
