// Workflow routes of the HTTP API, one function per call the UI makes.
import { apiGet, apiPath, apiPost, IDENTITY, requestId, type RequestOptions } from './http';
import type {
  CountWorkflowsResponse,
  DescribeTaskQueueResponse,
  DescribeWorkflowResponse,
  HistoryResponse,
  ListWorkflowsResponse,
  QueryResponse,
  UpdateResponse,
} from './types';

const wf = (ns: string, workflowId: string, ...rest: string[]) => apiPath('namespaces', ns, 'workflows', workflowId, ...rest);

export function listWorkflows(ns: string, query: string, nextPageToken?: string, pageSize = 50): Promise<ListWorkflowsResponse> {
  return apiGet(apiPath('namespaces', ns, 'workflows'), { query, pageSize, nextPageToken });
}

export function countWorkflows(ns: string, query: string): Promise<CountWorkflowsResponse> {
  return apiGet(apiPath('namespaces', ns, 'workflow-count'), { query });
}

export function describeWorkflow(ns: string, workflowId: string, runId: string): Promise<DescribeWorkflowResponse> {
  return apiGet(wf(ns, workflowId), { 'execution.runId': runId });
}

export interface HistoryPageOptions extends RequestOptions {
  nextPageToken?: string;
  waitNewEvent?: boolean;
  /** the history exactly as stored (payloads as {metadata, data}), for download and replay */
  full?: boolean;
}

export function historyPage(ns: string, workflowId: string, runId: string, options: HistoryPageOptions = {}): Promise<HistoryResponse> {
  return apiGet(
    wf(ns, workflowId, 'history'),
    {
      'execution.runId': runId,
      nextPageToken: options.nextPageToken,
      waitNewEvent: options.waitNewEvent ? 'true' : undefined,
      noPayloadShorthand: options.full || undefined,
    },
    options,
  );
}

export function queryWorkflow(ns: string, workflowId: string, runId: string, queryType: string, args: unknown[]): Promise<QueryResponse> {
  return apiPost(wf(ns, workflowId, 'query', queryType), {
    execution: { workflowId, runId },
    query: { queryType, ...(args.length ? { queryArgs: args } : {}) },
  });
}

export function signalWorkflow(ns: string, workflowId: string, runId: string, signalName: string, args: unknown[]): Promise<object> {
  return apiPost(wf(ns, workflowId, 'signal', signalName), {
    workflowExecution: { workflowId, runId },
    signalName,
    ...(args.length ? { input: args } : {}),
    identity: IDENTITY,
    requestId: requestId(),
  });
}

export function updateWorkflow(ns: string, workflowId: string, runId: string, name: string, args: unknown[]): Promise<UpdateResponse> {
  return apiPost(wf(ns, workflowId, 'update', name), {
    workflowExecution: { workflowId, runId },
    request: { meta: { updateId: requestId(), identity: IDENTITY }, input: { name, ...(args.length ? { args } : {}) } },
    waitPolicy: { lifecycleStage: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' },
  });
}

export function cancelWorkflow(ns: string, workflowId: string, runId: string, reason: string): Promise<object> {
  return apiPost(wf(ns, workflowId, 'cancel'), {
    workflowExecution: { workflowId, runId },
    reason,
    identity: IDENTITY,
    requestId: requestId(),
  });
}

export function terminateWorkflow(ns: string, workflowId: string, runId: string, reason: string): Promise<object> {
  return apiPost(wf(ns, workflowId, 'terminate'), { workflowExecution: { workflowId, runId }, reason, identity: IDENTITY });
}

export function resetWorkflow(ns: string, workflowId: string, runId: string, eventId: string, reason: string): Promise<{ runId?: string }> {
  return apiPost(wf(ns, workflowId, 'reset'), {
    workflowExecution: { workflowId, runId },
    reason,
    workflowTaskFinishEventId: eventId,
    requestId: requestId(),
    identity: IDENTITY,
  });
}

export interface StartRequest {
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  args: unknown[];
}

export function startWorkflow(ns: string, request: StartRequest): Promise<{ runId?: string }> {
  return apiPost(wf(ns, request.workflowId), {
    workflowId: request.workflowId,
    workflowType: { name: request.workflowType },
    taskQueue: { name: request.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    ...(request.args.length ? { input: request.args } : {}),
    identity: IDENTITY,
    requestId: requestId(),
  });
}

export function describeTaskQueue(ns: string, taskQueue: string, type: 'WORKFLOW' | 'ACTIVITY'): Promise<DescribeTaskQueueResponse> {
  return apiGet(apiPath('namespaces', ns, 'task-queues', taskQueue), { taskQueueType: `TASK_QUEUE_TYPE_${type}` });
}
