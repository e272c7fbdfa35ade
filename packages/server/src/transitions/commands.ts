import { temporal, toLong } from '@durable/proto';
import { ActivityTimeoutError, RetryPolicyError } from '@durable/common';
import { withRegisteredTypes } from '../infra/visibility/visibility.js';
import { durationMs, EventType, payloadsSize } from '../model/events.js';
import { validatePriority } from '../model/priority.js';
import { blobTooLarge, pendingLimitMessage } from '../run/limits.js';
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

/**
 * A command the server refuses: the workflow task fails with this cause and the worker is told why. A payload past
 * the blob size limit also terminates the run, as Temporal does (retrying the task cannot make it smaller).
 */
export class BadCommand extends Error {
  override name = 'BadCommand';
  constructor(
    readonly reason: number,
    message: string,
    readonly terminates = false,
  ) {
    super(message);
  }

  /** Temporal's text: the cause's name, then what was wrong (e.g. `BadScheduleActivityAttributes: …`). */
  get statusMessage(): string {
    return this.message ? `${causeName(this.reason)}: ${this.message}` : causeName(this.reason);
  }
}

/** A workflow task failure cause as Temporal names it in messages: WORKFLOW_TASK_FAILED_CAUSE_BAD_X -> BadX. */
export function causeName(cause: number): string {
  const name = (FailedCause[cause] ?? 'UNSPECIFIED').replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '');
  return name.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
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

/** Temporal's message for each command's payload past the blob limit (workflow_task_completed_handler.go). */
function checkBlob(ctx: RunContext, size: number, cause: number, message: string): void {
  if (blobTooLarge(ctx.host.config, size)) throw new BadCommand(cause, message, true);
}

function payloadMapSize(fields: Record<string, temporal.api.common.v1.IPayload> | null | undefined): number {
  return payloadsSize({ payloads: Object.values(fields ?? {}) });
}

function checkPending(what: string, pending: number, limit: number, cause: number): void {
  const message = pendingLimitMessage(what, pending, limit);
  if (message) throw new BadCommand(cause, message);
}

function checkPriority(p: temporal.api.common.v1.IPriority | null | undefined, cause: number): void {
  try {
    validatePriority(p);
  } catch (err) {
    throw new BadCommand(cause, (err as Error).message);
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
  const config = ctx.host.config;
  let children = Object.keys(ctx.state.children ?? {}).length;
  // Signals and cancel requests to other workflows are resolved with the task; they are pending only within it.
  let signals = 0;
  let cancels = 0;
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
        checkBlob(ctx, payloadsSize(a.input), cause, 'ScheduleActivityTaskCommandAttributes.Input exceeds size limit.');
        checkPending('pending activities', activityIds.size, config.int('limit.numPendingActivities.error'), FailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED);
        checkPriority(a.priority, cause);
        activityIds.add(a.activityId);
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
          ctx,
          payloadsSize(c.completeWorkflowExecutionCommandAttributes?.result),
          // Temporal reports an oversized result with this cause.
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          'CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.',
        );
        return;
      case CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: {
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES;
        const failure = c.failWorkflowExecutionCommandAttributes?.failure;
        if (!failure) throw new BadCommand(cause, 'Failure is not set on FailWorkflowExecutionCommand.');
        checkBlob(ctx, temporal.api.failure.v1.Failure.encode(failure).finish().length, cause, 'FailWorkflowExecutionCommandAttributes.Failure exceeds size limit.');
        return;
      }
      case CommandType.COMMAND_TYPE_RECORD_MARKER: {
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES;
        const a = c.recordMarkerCommandAttributes;
        if (!a?.markerName) throw new BadCommand(cause, 'MarkerName is not set on RecordMarkerCommand.');
        const size = Object.values(a.details ?? {}).reduce((n, p) => n + payloadsSize(p), 0);
        checkBlob(ctx, size, cause, 'RecordMarkerCommandAttributes.Details exceeds size limit.');
        return;
      }
      case CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        checkBlob(
          ctx,
          payloadMapSize(c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
          'UpsertWorkflowSearchAttributesCommandAttributes exceeds size limit.',
        );
        return;
      case CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
        checkBlob(
          ctx,
          payloadMapSize(c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo?.fields),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
          'ModifyWorkflowPropertiesCommandAttributes exceeds size limit.',
        );
        return;
      case CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        checkBlob(
          ctx,
          payloadsSize(c.continueAsNewWorkflowExecutionCommandAttributes?.input),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
          'ContinueAsNewWorkflowExecutionCommandAttributes. Input exceeds size limit.',
        );
        return;
      case CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        return;
      case CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
        const a = c.startChildWorkflowExecutionCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
        if (!a?.workflowId) throw new BadCommand(cause, 'Required field WorkflowId is not set on StartChildWorkflowExecutionCommand.');
        if (!a.workflowType?.name) throw new BadCommand(cause, 'Required field WorkflowType is not set on StartChildWorkflowExecutionCommand.');
        if (a.namespace && a.namespace !== ctx.namespace) {
          throw new BadCommand(cause, `Child workflows must run in the parent's namespace ${ctx.namespace}, not ${a.namespace}.`);
        }
        checkBlob(ctx, payloadsSize(a.input), cause, 'StartChildWorkflowExecutionCommandAttributes. Input exceeds size limit.');
        checkPending(
          'pending child workflow executions',
          children,
          config.int('limit.numPendingChildExecutions.error'),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED,
        );
        checkPriority(a.priority, cause);
        children++;
        return;
      }
      case CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.signalExternalWorkflowExecutionCommandAttributes;
        const cause = FailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
        if (!a?.execution?.workflowId) throw new BadCommand(cause, 'Execution with a WorkflowId is not set on SignalExternalWorkflowExecutionCommand.');
        if (!a.signalName) throw new BadCommand(cause, 'SignalName is not set on SignalExternalWorkflowExecutionCommand.');
        checkPending(
          'pending signals to external workflows',
          signals,
          config.int('limit.numPendingSignals.error'),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_SIGNALS_LIMIT_EXCEEDED,
        );
        checkBlob(ctx, payloadsSize(a.input), cause, 'SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.');
        signals++;
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
        checkPending(
          'pending requests to cancel external workflows',
          cancels,
          config.int('limit.numPendingCancelRequests.error'),
          FailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED,
        );
        cancels++;
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
    // The summary a command carries (a timer's, an activity's, a child's) is stored on the event it produces.
    const emit = (type: EventType, attributes: object) => ctx.addEvent(type, attributes, ctx.now, c.userMetadata);
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
          const activity = scheduleActivity(ctx, a, completedEventId, c.userMetadata, isEager);
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
        const ev = emit(EventType.EVENT_TYPE_TIMER_STARTED, started);
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
        emit(EventType.EVENT_TYPE_TIMER_CANCELED, {
          timerId,
          startedEventId,
          workflowTaskCompletedEventId: completedEventId,
          identity,
        });
        break;
      }
      case CommandType.COMMAND_TYPE_RECORD_MARKER: {
        const a = c.recordMarkerCommandAttributes!;
        emit(EventType.EVENT_TYPE_MARKER_RECORDED, {
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
        const searchAttributes = withRegisteredTypes(ctx.host.namespaces, ctx.namespace, a?.searchAttributes);
        emit(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
          searchAttributes,
          workflowTaskCompletedEventId: completedEventId,
        });
        applySearchAttributeUpsert(ctx, searchAttributes);
        break;
      }
      case CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
        const a = c.modifyWorkflowPropertiesCommandAttributes;
        emit(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, {
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
        emit(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
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
        emit(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
          failure,
          retryState,
          workflowTaskCompletedEventId: completedEventId,
          newExecutionRunId: next?.runId,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED, { failure, retryState, final: !next });
        break;
      }
      case CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        emit(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
          details: c.cancelWorkflowExecutionCommandAttributes?.details,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, { details: c.cancelWorkflowExecutionCommandAttributes?.details, final: true });
        break;
      case CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: {
        const a = c.continueAsNewWorkflowExecutionCommandAttributes!;
        const next = continueAsNew(ctx, a);
        emit(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
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
          searchAttributes: withRegisteredTypes(ctx.host.namespaces, ctx.namespace, a.searchAttributes),
        });
        ctx.close(WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, { final: false });
        break;
      }
      case CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
        const a = c.startChildWorkflowExecutionCommandAttributes!;
        const ev = emit(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
          ...a,
          namespace: a.namespace || ctx.namespace,
          searchAttributes: withRegisteredTypes(ctx.host.namespaces, a.namespace || ctx.namespace, a.searchAttributes),
          taskQueue: { name: a.taskQueue?.name || ctx.row.task_queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          parentClosePolicy: a.parentClosePolicy || temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
          workflowTaskCompletedEventId: completedEventId,
        });
        ctx.deferred.push(() => startChild(ctx, Number(ev.eventId), a, c.userMetadata));
        break;
      }
      case CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const a = c.signalExternalWorkflowExecutionCommandAttributes!;
        const ev = emit(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
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
        const ev = emit(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
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
