import { temporal, toLong } from '@durable/proto';
import { ActivityTimeoutError, RetryPolicyError } from '@durable/common';
import { durationMs, EventType, payloadsSize } from '../model/events.js';
import { MAX_BLOB_BYTES } from '../model/limits.js';
import { TimerKind, WorkflowStatus } from '../model/rows.js';
import { requestCancelActivity, scheduleActivity } from '../run/activities.js';
import type { ActivityState } from '../model/run-state.js';
import type { RunContext } from '../run/run-context.js';
import { applyMemoUpsert, applySearchAttributeUpsert } from '../run/search-attributes.js';
import { onTimerClosed, onTimerStarted } from '../run/state-events.js';
import { applyUpdateMessage } from '../run/updates.js';
import { FailedCause } from '../run/workflow-tasks.js';
import { continueAsNew, nextCronRun, nextRunAfterFailure } from './new-run.js';
import { cancelExternal, signalExternal, startChild } from './relations.js';

const CommandType = temporal.api.enums.v1.CommandType;
type Command = temporal.api.command.v1.ICommand;
type Message = temporal.api.protocol.v1.IMessage;

/** A command the server refuses: the workflow task fails with this cause and the worker is told why. */
export class BadCommand extends Error {
  override name = 'BadCommand';
  constructor(
    readonly reason: number,
    message: string,
  ) {
    super(message);
  }
}

const CLOSE_COMMANDS = new Set<number>([
  CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

export function isCloseCommand(c: Command): boolean {
  return CLOSE_COMMANDS.has(c.commandType ?? 0);
}

function checkBlob(size: number, cause: number, what: string): void {
  if (size > MAX_BLOB_BYTES) {
    throw new BadCommand(cause, `${what} is ${size} bytes, over the ${MAX_BLOB_BYTES}-byte payload limit.`);
  }
}

/**
 * Checks every command before anything is written, so a bad one fails the task without half-applying it.
 * Mirrors the attribute checks Temporal makes (ids present and unique, timeouts valid, close command last).
 */
export function validateCommands(ctx: RunContext, commands: Command[], messages: Message[] = []): void {
  const messageIds = new Set(messages.map((m) => m.id));
  const activityIds = new Set(Object.values(ctx.state.activities).map((a) => a.activityId));
  const timerIds = new Set(Object.keys(ctx.state.timers));
  commands.forEach((c, i) => {
    if (isCloseCommand(c) && i !== commands.length - 1) {
      throw new BadCommand(
        FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
        `invalid command sequence: ${CommandType[c.commandType ?? 0]} at position ${i + 1} of ${commands.length} must be the last command`,
      );
    }
    switch (c.commandType) {
      case CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
        const a = c.scheduleActivityTaskCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
        if (!a) throw new BadCommand(cause, 'ScheduleActivityTaskCommandAttributes is not set on command.');
        if (!a.activityId) throw new BadCommand(cause, 'ActivityId is not set on ScheduleActivityTaskCommand.');
        if (!a.activityType?.name) throw new BadCommand(cause, 'ActivityType is not set on ScheduleActivityTaskCommand.');
        if (activityIds.has(a.activityId)) {
          throw new BadCommand(cause, `Activity with id ${a.activityId} is already pending.`);
        }
        activityIds.add(a.activityId);
        checkBlob(payloadsSize(a.input), cause, `input of activity ${a.activityId}`);
        if (!a.scheduleToCloseTimeout && !a.startToCloseTimeout) {
          throw new BadCommand(cause, 'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.');
        }
        return;
      }
      case CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE: {
        const id = c.protocolMessageCommandAttributes?.messageId;
        if (!id || !messageIds.has(id)) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
            `ProtocolMessageCommand names message ${id ?? '(none)'}, which the task completion does not carry.`,
          );
        }
        return;
      }
      case CommandType.COMMAND_TYPE_START_TIMER: {
        const a = c.startTimerCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
        if (!a?.timerId) throw new BadCommand(cause, 'TimerId is not set on StartTimerCommand.');
        if (durationMs(a.startToFireTimeout) <= 0) {
          throw new BadCommand(cause, `StartToFireTimeout of timer ${a.timerId} must be greater than zero.`);
        }
        if (timerIds.has(a.timerId)) throw new BadCommand(cause, `Timer with id ${a.timerId} is already pending.`);
        timerIds.add(a.timerId);
        return;
      }
      case CommandType.COMMAND_TYPE_CANCEL_TIMER: {
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES;
        if (!c.cancelTimerCommandAttributes?.timerId) throw new BadCommand(cause, 'TimerId is not set on CancelTimerCommand.');
        return;
      }
      case CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
        if (!c.requestCancelActivityTaskCommandAttributes?.scheduledEventId) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
            'ScheduledEventId is not set on RequestCancelActivityTaskCommand.',
          );
        }
        return;
      case CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        checkBlob(
          payloadsSize(c.completeWorkflowExecutionCommandAttributes?.result),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
          'workflow result',
        );
        return;
      case CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        if (!c.failWorkflowExecutionCommandAttributes?.failure) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
            'Failure is not set on FailWorkflowExecutionCommand.',
          );
        }
        return;
      case CommandType.COMMAND_TYPE_RECORD_MARKER:
        if (!c.recordMarkerCommandAttributes?.markerName) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
            'MarkerName is not set on RecordMarkerCommand.',
          );
        }
        return;
      case CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
      case CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      case CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
      case CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        return;
      case CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
        const a = c.startChildWorkflowExecutionCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
        if (!a?.workflowId) throw new BadCommand(cause, 'Required field WorkflowId is not set on StartChildWorkflowExecutionCommand.');
        if (!a.workflowType?.name) throw new BadCommand(cause, 'Required field WorkflowType is not set on StartChildWorkflowExecutionCommand.');
        if (a.namespace && a.namespace !== ctx.namespace) {
          throw new BadCommand(cause, `Child workflows must run in the parent's namespace ${ctx.namespace}, not ${a.namespace}.`);
        }
        checkBlob(payloadsSize(a.input), cause, `input of child workflow ${a.workflowId}`);
        return;
      }
      case CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.signalExternalWorkflowExecutionCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
        if (!a?.execution?.workflowId) throw new BadCommand(cause, 'Execution with a WorkflowId is not set on SignalExternalWorkflowExecutionCommand.');
        if (!a.signalName) throw new BadCommand(cause, 'SignalName is not set on SignalExternalWorkflowExecutionCommand.');
        checkBlob(payloadsSize(a.input), cause, `input of signal ${a.signalName}`);
        return;
      }
      case CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.requestCancelExternalWorkflowExecutionCommandAttributes;
        if (!a?.workflowId) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
            'WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.',
          );
        }
        return;
      }
      default:
        throw new BadCommand(
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
          `${CommandType[c.commandType ?? 0] ?? `command type ${c.commandType}`} is not supported by this server yet`,
        );
    }
  });
}

/** Activities one workflow task completion may hand straight to its worker (Temporal's default limit). */
const MAX_EAGER_ACTIVITIES = 10;

export interface AppliedCommands {
  /** the workflow needs another task right away */
  needTask: boolean;
  /** activities whose worker asked to run them at once (eager dispatch): not queued, to start with the answer */
  eager: ActivityState[];
}

/** Applies validated commands in order. */
export function applyCommands(
  ctx: RunContext,
  commands: Command[],
  completedEventId: number,
  identity: string,
  messages: Message[] = [],
): AppliedCommands {
  let needTask = false;
  const eager: ActivityState[] = [];
  const unsequenced = new Map(messages.map((m) => [m.id ?? '', m]));
  for (const c of commands) {
    switch (c.commandType) {
      case CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE: {
        const id = c.protocolMessageCommandAttributes!.messageId!;
        const m = unsequenced.get(id);
        unsequenced.delete(id);
        if (m) applyUpdateMessage(ctx, m, identity);
        break;
      }
      case CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
        try {
          const a = c.scheduleActivityTaskCommandAttributes!;
          // Eager only on the workflow's own task queue, whose worker is the one asking.
          const isEager =
            a.requestEagerExecution === true &&
            (a.taskQueue?.name || ctx.row.task_queue) === ctx.row.task_queue &&
            eager.length < MAX_EAGER_ACTIVITIES;
          const activity = scheduleActivity(ctx, a, completedEventId, isEager);
          if (isEager) eager.push(activity);
        } catch (err) {
          if (err instanceof ActivityTimeoutError || err instanceof RetryPolicyError) {
            throw new BadCommand(FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, (err as Error).message);
          }
          throw err;
        }
        break;
      case CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
        const id = Number(c.requestCancelActivityTaskCommandAttributes!.scheduledEventId);
        const a = ctx.state.activities[id];
        if (!a) {
          throw new BadCommand(
            FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
            `RequestCancelActivityTask: no pending activity was scheduled by event ${id}.`,
          );
        }
        if (requestCancelActivity(ctx, a, completedEventId)) needTask = true;
        break;
      }
      case CommandType.COMMAND_TYPE_START_TIMER: {
        const attrs = c.startTimerCommandAttributes!;
        const started = {
          timerId: attrs.timerId,
          startToFireTimeout: attrs.startToFireTimeout,
          workflowTaskCompletedEventId: toLong(completedEventId),
        };
        const ev = ctx.addEvent(EventType.EVENT_TYPE_TIMER_STARTED, started);
        const timer = onTimerStarted(ctx.state, Number(ev.eventId), started, ctx.now);
        ctx.addTimer(timer.fireAt, TimerKind.userTimer, timer.startedEventId, 0);
        break;
      }
      case CommandType.COMMAND_TYPE_CANCEL_TIMER: {
        const timerId = c.cancelTimerCommandAttributes!.timerId!;
        const t = ctx.state.timers[timerId];
        let startedEventId = t?.startedEventId;
        if (t) {
          onTimerClosed(ctx.state, timerId);
        } else {
          startedEventId = ctx.state.firedTimers?.[timerId];
          if (startedEventId === undefined || !ctx.removeBufferedTimerFired(timerId)) {
            throw new BadCommand(
              FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
              `CancelTimer: no pending timer with id ${timerId}.`,
            );
          }
        }
        ctx.addEvent(EventType.EVENT_TYPE_TIMER_CANCELED, {
          timerId,
          startedEventId,
          workflowTaskCompletedEventId: completedEventId,
          identity,
        });
        break;
      }
      case CommandType.COMMAND_TYPE_RECORD_MARKER: {
        const a = c.recordMarkerCommandAttributes!;
        ctx.addEvent(EventType.EVENT_TYPE_MARKER_RECORDED, {
          markerName: a.markerName,
          details: a.details,
          header: a.header,
          failure: a.failure,
          workflowTaskCompletedEventId: completedEventId,
        });
        break;
      }
      case CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const a = c.upsertWorkflowSearchAttributesCommandAttributes;
        ctx.addEvent(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
          searchAttributes: a?.searchAttributes,
          workflowTaskCompletedEventId: completedEventId,
        });
        applySearchAttributeUpsert(ctx, a?.searchAttributes);
        break;
      }
      case CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
        const a = c.modifyWorkflowPropertiesCommandAttributes;
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, {
          upsertedMemo: a?.upsertedMemo,
          workflowTaskCompletedEventId: completedEventId,
        });
        applyMemoUpsert(ctx, a?.upsertedMemo);
        break;
      }
      case CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION: {
        const result = c.completeWorkflowExecutionCommandAttributes?.result;
        // A cron workflow's next run starts from here, with this result as its lastCompletionResult.
        const next = nextCronRun(ctx, result);
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
          result,
          workflowTaskCompletedEventId: completedEventId,
          newExecutionRunId: next?.runId,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, { result, final: !next });
        break;
      }
      case CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: {
        const failure = c.failWorkflowExecutionCommandAttributes?.failure ?? { message: 'workflow failed' };
        const { next, retryState } = nextRunAfterFailure(ctx, failure, false);
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
          failure,
          retryState,
          workflowTaskCompletedEventId: completedEventId,
          newExecutionRunId: next?.runId,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED, { failure, retryState, final: !next });
        break;
      }
      case CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
          details: c.cancelWorkflowExecutionCommandAttributes?.details,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, { details: c.cancelWorkflowExecutionCommandAttributes?.details, final: true });
        break;
      case CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: {
        const a = c.continueAsNewWorkflowExecutionCommandAttributes!;
        const next = continueAsNew(ctx, a);
        ctx.addEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
          newExecutionRunId: next.runId,
          workflowType: { name: next.row.workflow_type },
          taskQueue: { name: next.row.task_queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          header: a.header,
          input: a.input,
          workflowRunTimeout: a.workflowRunTimeout,
          workflowTaskTimeout: a.workflowTaskTimeout,
          workflowTaskCompletedEventId: completedEventId,
          backoffStartInterval: a.backoffStartInterval,
          initiator: temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
          memo: a.memo,
          searchAttributes: a.searchAttributes,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, { final: false });
        break;
      }
      case CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
        const a = c.startChildWorkflowExecutionCommandAttributes!;
        const ev = ctx.addEvent(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
          ...a,
          namespace: a.namespace || ctx.namespace,
          taskQueue: { name: a.taskQueue?.name || ctx.row.task_queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          parentClosePolicy: a.parentClosePolicy || temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.deferred.push(() => startChild(ctx, Number(ev.eventId), a));
        break;
      }
      case CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.signalExternalWorkflowExecutionCommandAttributes!;
        const ev = ctx.addEvent(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
          namespace: a.namespace || ctx.namespace,
          workflowExecution: a.execution,
          signalName: a.signalName,
          input: a.input,
          control: a.control,
          childWorkflowOnly: a.childWorkflowOnly,
          header: a.header,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.deferred.push(() => signalExternal(ctx, Number(ev.eventId), a));
        break;
      }
      case CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.requestCancelExternalWorkflowExecutionCommandAttributes!;
        const ev = ctx.addEvent(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
          namespace: a.namespace || ctx.namespace,
          workflowExecution: { workflowId: a.workflowId, runId: a.runId },
          control: a.control,
          childWorkflowOnly: a.childWorkflowOnly,
          reason: a.reason,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.deferred.push(() => cancelExternal(ctx, Number(ev.eventId), a));
        break;
      }
    }
  }
  // Messages no command sequenced (rejections, or accepts and responses from SDKs that send no command) go last.
  for (const m of unsequenced.values()) if (ctx.isOpen) applyUpdateMessage(ctx, m, identity);
  return { needTask, eager };
}
