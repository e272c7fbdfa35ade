// Runs acting on other runs: child workflows (start, result to the parent, parent close policies) and signals and
// cancel requests to external workflows. Everything happens in the transaction of the command that caused it.
import { temporal, toLong } from '@durable/proto';
import { ServiceError, Code } from '../model/errors.js';
import { EventType } from '../model/events.js';
import { mergePriority } from '../model/priority.js';
import { WorkflowStatus } from '../model/rows.js';
import type { ChildState, CloseOutcome } from '../model/run-state.js';
import type { RunContext } from '../run/run-context.js';
import { notifyWorkflow, scheduleWorkflowTask } from '../run/workflow-tasks.js';
import { requestCancel, signal, SIGNALS_LIMIT_EXCEEDED, startWorkflow, terminate } from './lifecycle.js';

const Enums = temporal.api.enums.v1;
const ParentClose = Enums.ParentClosePolicy;
type StartChildAttrs = temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes;

/** After StartChildWorkflowExecutionInitiated: starts the child, then tells the parent it started or why not. */
export function startChild(
  parent: RunContext,
  initiatedEventId: number,
  a: StartChildAttrs,
  userMetadata: temporal.api.sdk.v1.IUserMetadata | null | undefined,
): void {
  const namespace = a.namespace || parent.namespace;
  const workflowId = a.workflowId!;
  const workflowType = a.workflowType!.name!;
  const child: ChildState = {
    namespace,
    workflowId,
    workflowType,
    runId: '',
    startedEventId: 0,
    parentClosePolicy: a.parentClosePolicy || ParentClose.PARENT_CLOSE_POLICY_TERMINATE,
  };
  let runId: string;
  try {
    ({ runId } = startWorkflow(
      parent.tx,
      {
        namespace,
        workflowId,
        workflowType: a.workflowType,
        taskQueue: { name: a.taskQueue?.name || parent.row.task_queue },
        input: a.input,
        workflowExecutionTimeout: a.workflowExecutionTimeout,
        workflowRunTimeout: a.workflowRunTimeout,
        workflowTaskTimeout: a.workflowTaskTimeout,
        identity: `parent:${parent.workflowId}`,
        // Deterministic, so a retried transaction cannot start the child twice.
        requestId: `${parent.runId}/${initiatedEventId}`,
        workflowIdReusePolicy: a.workflowIdReusePolicy,
        retryPolicy: a.retryPolicy,
        cronSchedule: a.cronSchedule,
        header: a.header,
        memo: a.memo,
        searchAttributes: a.searchAttributes,
        // A child dispatches with its own priority, and its parent's for what it leaves unset.
        priority: mergePriority(parent.state.priority, a.priority),
        // The summary and details the parent gave the child command become the child's own.
        userMetadata,
      },
      {
        defaultConflict: Enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
        parent: { namespace: parent.namespace, workflowId: parent.workflowId, runId: parent.runId, initiatedEventId },
        root: parent.state.root ?? { workflowId: parent.workflowId, runId: parent.row.first_run_id },
      },
    ));
  } catch (err) {
    if (!(err instanceof ServiceError) || err.code !== Code.ALREADY_EXISTS) throw err;
    if (!parent.isOpen) return;
    notifyWorkflow(parent, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, {
      namespace,
      workflowId,
      workflowType: { name: workflowType },
      cause: Enums.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
      initiatedEventId,
    });
    return;
  }
  child.runId = runId;
  if (!parent.isOpen) {
    // The parent closed in the same task that started the child: its close policy applies at once.
    applyParentClosePolicy(parent, child);
    return;
  }
  parent.state.children = { ...parent.state.children, [initiatedEventId]: child };
  // Runs after the task's commands (no task in flight), so the event is written now and its id is known.
  const written = parent.addOrBuffer(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, {
    namespace,
    initiatedEventId,
    workflowExecution: { workflowId, runId },
    workflowType: { name: workflowType },
    header: a.header,
  });
  if (written) {
    child.startedEventId = parent.state.nextEventId - 1;
    scheduleWorkflowTask(parent);
  }
}

/** For every run that closes: tells the parent (if the chain ended) and applies parent close policies. */
export function runClosed(ctx: RunContext, status: number, outcome: CloseOutcome): void {
  const parentRef = ctx.state.parent;
  if (outcome.final && parentRef) {
    const parent = ctx.tx.run(parentRef.runId);
    const entry = parent?.state.children?.[parentRef.initiatedEventId];
    if (parent?.isOpen && entry) {
      const common = {
        namespace: ctx.namespace,
        workflowExecution: { workflowId: ctx.workflowId, runId: ctx.runId },
        workflowType: { name: ctx.row.workflow_type },
        initiatedEventId: parentRef.initiatedEventId,
        startedEventId: entry.startedEventId,
      };
      const event = childCloseEvent(status, outcome, common);
      if (event) {
        const children = { ...parent.state.children };
        delete children[parentRef.initiatedEventId];
        parent.state.children = children;
        notifyWorkflow(parent, event.type, event.attributes);
      }
    }
  }
  for (const child of Object.values(ctx.state.children ?? {})) applyParentClosePolicy(ctx, child);
  ctx.state.children = {};
}

function childCloseEvent(status: number, o: CloseOutcome, common: object): { type: EventType; attributes: object } | undefined {
  const S = WorkflowStatus;
  switch (status) {
    case S.WORKFLOW_EXECUTION_STATUS_COMPLETED:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, attributes: { ...common, result: o.result } };
    case S.WORKFLOW_EXECUTION_STATUS_FAILED:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, attributes: { ...common, failure: o.failure, retryState: o.retryState } };
    case S.WORKFLOW_EXECUTION_STATUS_CANCELED:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED, attributes: { ...common, details: o.details } };
    case S.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT, attributes: { ...common, retryState: o.retryState } };
    case S.WORKFLOW_EXECUTION_STATUS_TERMINATED:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED, attributes: common };
    default:
      return undefined;
  }
}

function applyParentClosePolicy(parent: RunContext, child: ChildState): void {
  if (child.parentClosePolicy === ParentClose.PARENT_CLOSE_POLICY_ABANDON) return;
  // The child may have continued as new: act on the current run of its chain if it still belongs to this parent.
  const current = parent.tx.resolveOptional(child.namespace, child.workflowId);
  if (!current?.isOpen || current.state.parent?.runId !== parent.runId) return;
  if (child.parentClosePolicy === ParentClose.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
    requestCancel(current, 'by parent close policy', `parent:${parent.workflowId}`);
  } else {
    terminate(current, 'by parent close policy', null, `parent:${parent.workflowId}`);
  }
}

/** After SignalExternalWorkflowExecutionInitiated: signals the target, then tells the source how it went. */
export function signalExternal(
  source: RunContext,
  initiatedEventId: number,
  a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes,
): void {
  const namespace = a.namespace || source.namespace;
  const execution = a.execution ?? {};
  const target = findTarget(source, namespace, execution, a.childWorkflowOnly ?? false);
  if (!target) {
    if (!source.isOpen) return;
    notifyWorkflow(source, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      cause: Enums.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
      initiatedEventId,
      namespace,
      workflowExecution: execution,
      control: a.control,
    });
    return;
  }
  try {
    signal(target, {
      signalName: a.signalName,
      input: a.input,
      header: a.header,
      identity: `workflow:${source.workflowId}`,
      requestId: `${source.runId}/${initiatedEventId}`,
      externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId },
    });
  } catch (err) {
    if (!(err instanceof ServiceError) || err.message !== SIGNALS_LIMIT_EXCEEDED) throw err;
    if (!source.isOpen) return;
    notifyWorkflow(source, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      cause: Enums.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED,
      initiatedEventId,
      namespace,
      workflowExecution: { workflowId: target.workflowId, runId: target.runId },
      control: a.control,
    });
    return;
  }
  if (!source.isOpen) return;
  notifyWorkflow(source, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, {
    initiatedEventId,
    namespace,
    workflowExecution: { workflowId: target.workflowId, runId: target.runId },
    control: a.control,
  });
}

/** After RequestCancelExternalWorkflowExecutionInitiated: asks the target to cancel, then tells the source. */
export function cancelExternal(
  source: RunContext,
  initiatedEventId: number,
  a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes,
): void {
  const namespace = a.namespace || source.namespace;
  const execution = { workflowId: a.workflowId ?? '', runId: a.runId ?? '' };
  const target = findTarget(source, namespace, execution, a.childWorkflowOnly ?? false);
  if (!target) {
    if (!source.isOpen) return;
    notifyWorkflow(source, EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      cause: Enums.CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
      initiatedEventId,
      namespace,
      workflowExecution: execution,
      control: a.control,
    });
    return;
  }
  requestCancel(target, a.reason || `requested by workflow ${source.workflowId}`, `workflow:${source.workflowId}`, {
    externalInitiatedEventId: initiatedEventId,
    externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId },
  });
  if (!source.isOpen) return;
  notifyWorkflow(source, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
    initiatedEventId,
    namespace,
    workflowExecution: { workflowId: target.workflowId, runId: target.runId },
  });
}

function findTarget(
  source: RunContext,
  namespace: string,
  execution: temporal.api.common.v1.IWorkflowExecution,
  childOnly: boolean,
): RunContext | undefined {
  if (!execution.workflowId) return undefined;
  const target = source.tx.resolveOptional(namespace, execution.workflowId, execution.runId);
  if (!target?.isOpen) return undefined;
  if (childOnly && target.state.parent?.runId !== source.runId) return undefined;
  return target;
}

/** DescribeWorkflowExecution's pendingChildren. */
export function pendingChildren(ctx: RunContext): temporal.api.workflow.v1.IPendingChildExecutionInfo[] {
  return Object.entries(ctx.state.children ?? {}).map(([initiatedId, c]) => ({
    workflowId: c.workflowId,
    runId: c.runId,
    workflowTypeName: c.workflowType,
    initiatedId: toLong(Number(initiatedId)),
    parentClosePolicy: c.parentClosePolicy,
  }));
}

/** parentExecution and rootExecution for describe. */
export function relatives(ctx: RunContext): Pick<temporal.api.workflow.v1.IWorkflowExecutionInfo, 'parentNamespaceId' | 'parentExecution' | 'rootExecution'> {
  const p = ctx.state.parent;
  return {
    parentExecution: p ? { workflowId: p.workflowId, runId: p.runId } : undefined,
    rootExecution: ctx.state.root ?? { workflowId: ctx.workflowId, runId: ctx.row.first_run_id },
  };
}
