// The list RPCs that came before list queries (ListOpen/ListClosedWorkflowExecutions), answered through the list
// filter, and ListArchivedWorkflowExecutions, which answers as a server without visibility archival does.
import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import { timestampMs } from '../model/events.js';
import { listExecutions } from '../infra/visibility/visibility.js';
import type { Engine } from '../runtime/engine.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type Filters = {
  startTimeFilter?: temporal.api.filter.v1.IStartTimeFilter | null;
  executionFilter?: temporal.api.filter.v1.IWorkflowExecutionFilter | null;
  typeFilter?: temporal.api.filter.v1.IWorkflowTypeFilter | null;
};

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const iso = (t: Parameters<typeof timestampMs>[0]) => quote(new Date(timestampMs(t)).toISOString());
const Status = temporal.api.enums.v1.WorkflowExecutionStatus;

/** The list query a legacy request's filters amount to. */
function queryOf(req: Filters, clauses: string[]): string {
  const q = [...clauses];
  const t = req.startTimeFilter;
  if (t?.earliestTime) q.push(`StartTime >= ${iso(t.earliestTime)}`);
  if (t?.latestTime) q.push(`StartTime <= ${iso(t.latestTime)}`);
  if (req.executionFilter?.workflowId) q.push(`WorkflowId = ${quote(req.executionFilter.workflowId)}`);
  if (req.executionFilter?.runId) q.push(`RunId = ${quote(req.executionFilter.runId)}`);
  if (req.typeFilter?.name) q.push(`WorkflowType = ${quote(req.typeFilter.name)}`);
  return q.join(' AND ');
}

export function legacyVisibilityHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    ListOpenWorkflowExecutions(req: Req<'ListOpenWorkflowExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const query = queryOf(req, ["ExecutionStatus IN ('Running', 'Paused')"]);
      return listExecutions(engine.store, namespaces, ns, query, req.maximumPageSize, req.nextPageToken);
    },

    ListClosedWorkflowExecutions(req: Req<'ListClosedWorkflowExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const status = req.statusFilter?.status;
      if (status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING || status === Status.WORKFLOW_EXECUTION_STATUS_PAUSED) {
        throw invalidArgument('StatusFilter of a closed-workflow list cannot ask for open workflows.');
      }
      const query = queryOf(req, [status ? `ExecutionStatus = ${status}` : "ExecutionStatus NOT IN ('Running', 'Paused')"]);
      return listExecutions(engine.store, namespaces, ns, query, req.maximumPageSize, req.nextPageToken);
    },

    ListArchivedWorkflowExecutions(req: Req<'ListArchivedWorkflowExecutionsRequest'>) {
      namespaces.get(req.namespace);
      throw invalidArgument('Cluster is not configured for visibility archival.');
    },
  };
}
