// Decoding what the server says about executions (describe, list, count) into the official client's shapes.
import type { temporal } from '@durable/proto';
import {
  decodePayloadMap,
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  mapFromPayloads,
  timestampPartsToMs,
  type LoadedDataConverter,
  type SearchAttributes,
  type SearchAttributeValue,
  type TypedSearchAttributes,
  type Priority,
  decodePriority,
} from '@durable/common';

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

export const WorkflowExecutionStatusName = {
  0: 'UNSPECIFIED',
  1: 'RUNNING',
  2: 'COMPLETED',
  3: 'FAILED',
  4: 'CANCELLED',
  5: 'TERMINATED',
  6: 'CONTINUED_AS_NEW',
  7: 'TIMED_OUT',
} as const;
export type WorkflowExecutionStatusName = (typeof WorkflowExecutionStatusName)[keyof typeof WorkflowExecutionStatusName] | 'UNKNOWN';

export interface WorkflowExecutionInfo {
  type: string;
  workflowId: string;
  runId: string;
  taskQueue: string;
  status: { code: number; name: WorkflowExecutionStatusName };
  historyLength: number;
  historySize: number;
  startTime: Date;
  executionTime?: Date;
  closeTime?: Date;
  memo?: Record<string, unknown>;
  /** @deprecated upstream: use typedSearchAttributes. */
  searchAttributes: SearchAttributes;
  typedSearchAttributes: TypedSearchAttributes;
  parentExecution?: { workflowId: string; runId: string };
  rootExecution?: { workflowId: string; runId: string };
  raw: temporal.api.workflow.v1.IWorkflowExecutionInfo;
  priority?: Priority;
}

export interface WorkflowExecutionDescription extends WorkflowExecutionInfo {
  raw: temporal.api.workflow.v1.IWorkflowExecutionInfo & { description: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse };
  /** The start's summary (user metadata), decoded on demand. */
  staticSummary: () => Promise<string | undefined>;
  /** The start's details (user metadata), decoded on demand. */
  staticDetails: () => Promise<string | undefined>;
}

export interface CountWorkflowExecution {
  count: number;
  groups: { count: number; groupValues: SearchAttributeValue[] }[];
}

export function toDate(t: Timestamp): Date | undefined {
  if (!t || (t.seconds == null && !t.nanos)) return undefined;
  return new Date(timestampPartsToMs(t as Parameters<typeof timestampPartsToMs>[0]));
}

const toNumber = (v: unknown): number => (v == null ? 0 : typeof v === 'object' && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v));

function execution(e: temporal.api.common.v1.IWorkflowExecution | null | undefined) {
  return e?.workflowId ? { workflowId: e.workflowId, runId: e.runId ?? '' } : undefined;
}

export async function decodeExecutionInfo(
  info: temporal.api.workflow.v1.IWorkflowExecutionInfo,
  dc: LoadedDataConverter,
): Promise<WorkflowExecutionInfo> {
  const code = info.status ?? 0;
  const memoFields = await decodePayloadMap(dc.payloadCodecs, info.memo?.fields);
  return {
    type: info.type?.name ?? '',
    workflowId: info.execution?.workflowId ?? '',
    runId: info.execution?.runId ?? '',
    taskQueue: info.taskQueue ?? '',
    status: { code, name: WorkflowExecutionStatusName[code as keyof typeof WorkflowExecutionStatusName] ?? 'UNKNOWN' },
    historyLength: toNumber(info.historyLength),
    historySize: toNumber(info.historySizeBytes),
    startTime: toDate(info.startTime) ?? new Date(0),
    executionTime: toDate(info.executionTime),
    closeTime: toDate(info.closeTime),
    memo: mapFromPayloads(dc.payloadConverter, memoFields),
    searchAttributes: decodeSearchAttributes(info.searchAttributes?.indexedFields),
    typedSearchAttributes: decodeTypedSearchAttributes(info.searchAttributes?.indexedFields),
    parentExecution: execution(info.parentExecution),
    rootExecution: execution(info.rootExecution),
    raw: info,
    priority: decodePriority(info.priority),
  };
}

export function decodeCount(res: temporal.api.workflowservice.v1.ICountWorkflowExecutionsResponse): CountWorkflowExecution {
  return {
    count: toNumber(res.count),
    groups: (res.groups ?? []).map((g) => ({
      count: toNumber(g.count),
      // The official client decodes each group value the way it decodes untyped search attributes: as lists.
      groupValues: Object.values(decodeSearchAttributes(Object.fromEntries((g.groupValues ?? []).map((p, i) => [String(i), p])))) as SearchAttributeValue[],
    })),
  };
}
