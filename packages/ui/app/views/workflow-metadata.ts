// What a workflow declares (its queries, signals and updates), from the `__temporal_workflow_metadata` query
// that SDK workers answer.
import { queryWorkflow } from '../api/workflows';
import { decodePayloads } from '../lib/payloads';

export interface Definition {
  name: string;
  description?: string;
}

export interface WorkflowDefinitions {
  queries: Definition[];
  signals: Definition[];
  updates: Definition[];
}

interface MetadataValue {
  definition?: { queryDefinitions?: Definition[]; signalDefinitions?: Definition[]; updateDefinitions?: Definition[] };
}

// Built-in queries are the UI's own business (call stack, this list); a person picks among the workflow's.
const visible = (list: Definition[] | undefined) => (list ?? []).filter((d) => d.name && !d.name.startsWith('__'));

export async function workflowMetadata(ns: string, workflowId: string, runId: string): Promise<WorkflowDefinitions> {
  const r = await queryWorkflow(ns, workflowId, runId, '__temporal_workflow_metadata', []);
  const first = decodePayloads(r.queryResult)[0];
  const value = (first?.kind === 'json' ? first.value : undefined) as MetadataValue | undefined;
  return {
    queries: visible(value?.definition?.queryDefinitions),
    signals: visible(value?.definition?.signalDefinitions),
    updates: visible(value?.definition?.updateDefinitions),
  };
}
