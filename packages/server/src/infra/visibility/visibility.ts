import { temporal, toLong } from '@durable/proto';
import { Entity, OPEN_CLOSE_TIME, type VisibilityRow } from '../../model/rows.js';
import { invalidArgument } from '../../model/errors.js';
import { duration, timestamp } from '../../model/events.js';
import { compileListQuery, ListQueryError, type SearchAttributeType, type VisibilityValues } from './list-query.js';
import type { Namespaces } from '../namespaces.js';

type Payload = temporal.api.common.v1.IPayload;
type SearchAttributes = temporal.api.common.v1.ISearchAttributes;
const SearchAttributesType = temporal.api.common.v1.SearchAttributes;
const MemoType = temporal.api.common.v1.Memo;

export type SearchValue = string | number | boolean | string[];

function payloadJson(p: Payload): unknown {
  const data = p.data && p.data.length > 0 ? Buffer.from(p.data).toString('utf8') : '';
  if (data === '') return null;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

export function payloadType(p: Payload): string | undefined {
  const t = p.metadata?.type;
  return t ? Buffer.from(t).toString('utf8') : undefined;
}

/** A search attribute payload as the value the list filter compares; throws a message on a type mismatch. */
export function searchValue(name: string, type: SearchAttributeType, p: Payload): SearchValue | null {
  let v = payloadJson(p);
  if (v === null) return null;
  // Older SDKs send every search attribute as a JSON list, even a single Keyword or Int.
  if (Array.isArray(v) && type !== 'KeywordList') {
    if (v.length === 0) return null;
    if (v.length === 1) v = v[0];
  }
  const bad = () => new Error(`search attribute ${name} of type ${type} has an invalid value: ${JSON.stringify(v)}`);
  switch (type) {
    case 'Keyword':
    case 'Text':
      if (typeof v !== 'string') throw bad();
      return v;
    case 'Int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad();
      return v;
    case 'Double':
      if (typeof v !== 'number') throw bad();
      return v;
    case 'Bool':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'Datetime': {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) throw bad();
      return ms;
    }
    case 'KeywordList':
      if (typeof v === 'string') return [v];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad();
      return v as string[];
  }
  throw bad();
}

/**
 * The search attributes with each registered one's type in its payload metadata, as Temporal hands them out (in
 * events, describe, list and schedules): SDKs read typed search attributes by it, a Datetime included. A type the
 * sender set is kept. Applied when they are stored, so every reader sees it.
 */
export function withRegisteredTypes(namespaces: Namespaces, namespace: string, sa: SearchAttributes | null | undefined): SearchAttributes | null | undefined {
  if (!sa?.indexedFields) return sa;
  const indexedFields: Record<string, Payload> = {};
  for (const [name, p] of Object.entries(sa.indexedFields)) {
    const type = namespaces.attributeType(namespace, name);
    indexedFields[name] = type && !p.metadata?.type ? { ...p, metadata: { ...p.metadata, type: Buffer.from(type) } } : p;
  }
  return { indexedFields };
}

/** Decodes and checks search attributes against the namespace's registered ones (INVALID_ARGUMENT otherwise). */
export function decodeSearchAttributes(
  namespaces: Namespaces,
  namespace: string,
  sa: SearchAttributes | null | undefined,
): Record<string, SearchValue> {
  const out: Record<string, SearchValue> = {};
  for (const [name, payload] of Object.entries(sa?.indexedFields ?? {})) {
    const type = namespaces.attributeType(namespace, name) ?? (payloadType(payload) as SearchAttributeType | undefined);
    if (!namespaces.attributeType(namespace, name)) {
      throw invalidArgument(`search attribute ${name} is not defined in namespace ${namespace}`);
    }
    try {
      const v = searchValue(name, type!, payload);
      if (v !== null) out[name] = v;
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
  }
  return out;
}

export function visibilityValues(row: VisibilityRow): VisibilityValues {
  return {
    ...(JSON.parse(row.sa_values) as Record<string, SearchValue>),
    WorkflowId: row.workflow_id,
    RunId: row.run_id,
    WorkflowType: row.workflow_type,
    TaskQueue: row.task_queue,
    ExecutionStatus: row.status,
    StartTime: row.start_time,
    ExecutionTime: row.execution_time,
    CloseTime: row.close_time ?? undefined,
    HistoryLength: row.history_length,
    HistorySizeBytes: row.history_size,
    ExecutionDuration: row.close_time !== null ? (row.close_time - row.execution_time) * 1e6 : undefined,
  };
}

export function executionInfo(row: VisibilityRow): temporal.api.workflow.v1.IWorkflowExecutionInfo {
  return {
    execution: { workflowId: row.workflow_id, runId: row.run_id },
    type: { name: row.workflow_type },
    startTime: timestamp(row.start_time),
    closeTime: row.close_time !== null ? timestamp(row.close_time) : null,
    status: row.status,
    historyLength: toLong(row.history_length),
    historySizeBytes: toLong(row.history_size),
    executionTime: timestamp(row.execution_time),
    memo: row.memo ? MemoType.decode(row.memo) : null,
    searchAttributes: row.search_attributes ? SearchAttributesType.decode(row.search_attributes) : null,
    taskQueue: row.task_queue,
    firstRunId: row.first_run_id,
    rootExecution: { workflowId: row.workflow_id, runId: row.run_id },
    executionDuration: row.close_time !== null ? duration(row.close_time - row.execution_time) : null,
  };
}

/** Search attribute payloads as the list filter sees them; unregistered or malformed ones are left out. */
export function searchValuesOf(namespaces: Namespaces, namespace: string, sa: SearchAttributes | null | undefined): Record<string, SearchValue> {
  const out: Record<string, SearchValue> = {};
  for (const [name, payload] of Object.entries(sa?.indexedFields ?? {})) {
    const type = namespaces.attributeType(namespace, name) ?? (payloadType(payload) as SearchAttributeType | undefined);
    if (!type) continue;
    try {
      const v = searchValue(name, type, payload);
      if (v !== null) out[name] = v;
    } catch {
      // a value that does not parse matches nothing
    }
  }
  return out;
}

/** Standalone activities are listed by these besides the workflow fields they share (status, times, task queue). */
const ACTIVITY_FIELDS: ReadonlyArray<[string, SearchAttributeType]> = [
  ['ActivityId', 'Keyword'],
  ['ActivityType', 'Keyword'],
];

export function compile(namespaces: Namespaces, namespace: string, query: string, allowGroupBy: boolean, entity: Entity = Entity.workflow) {
  const custom = namespaces.customAttributes(namespace);
  const fields = entity === Entity.activity ? new Map([...custom, ...ACTIVITY_FIELDS]) : custom;
  try {
    return compileListQuery(query, fields, { allowGroupBy });
  } catch (err) {
    if (err instanceof ListQueryError) throw invalidArgument((err as Error).message);
    throw err;
  }
}

/** What the list filter sees of a row: a workflow's fields, and a standalone activity's id and type too. */
export function rowValues(row: VisibilityRow): VisibilityValues {
  const values = visibilityValues(row);
  return row.entity === Entity.activity ? { ...values, ActivityId: row.workflow_id, ActivityType: row.workflow_type } : values;
}

interface Cursor {
  close: number;
  start: number;
  runId: string;
}

type VisibilityStore = { visibilityIterate(ns: string, c: Cursor | undefined, entity?: Entity): Iterable<VisibilityRow> };

/** A page of the rows of a kind that match a query, newest first, each mapped by `info`. */
export function listRows<T>(
  store: VisibilityStore,
  namespaces: Namespaces,
  namespace: string,
  entity: Entity,
  query: string,
  pageSize: number,
  pageToken: Uint8Array | null | undefined,
  info: (row: VisibilityRow) => T,
): { items: T[]; nextPageToken: Uint8Array | null } {
  const compiled = compile(namespaces, namespace, query, false, entity);
  let cursor: Cursor | undefined;
  if (pageToken && pageToken.length > 0) {
    try {
      cursor = JSON.parse(Buffer.from(pageToken).toString('utf8')) as Cursor;
    } catch {
      throw invalidArgument('invalid next page token');
    }
    if (typeof cursor?.close !== 'number' || typeof cursor.start !== 'number' || typeof cursor.runId !== 'string') {
      throw invalidArgument('invalid next page token');
    }
  }
  const size = pageSize > 0 ? Math.min(pageSize, 1000) : 1000;
  const items: T[] = [];
  let last: VisibilityRow | undefined;
  let more = false;
  for (const row of store.visibilityIterate(namespace, cursor, entity)) {
    if (!compiled.matches(rowValues(row))) continue;
    if (items.length === size) {
      more = true;
      break;
    }
    items.push(info(row));
    last = row;
  }
  const nextPageToken =
    more && last
      ? Buffer.from(JSON.stringify({ close: last.close_time ?? OPEN_CLOSE_TIME, start: last.start_time, runId: last.run_id }))
      : null;
  return { items, nextPageToken };
}

export function listExecutions(
  store: VisibilityStore,
  namespaces: Namespaces,
  namespace: string,
  query: string,
  pageSize: number,
  pageToken: Uint8Array | null | undefined,
): { executions: temporal.api.workflow.v1.IWorkflowExecutionInfo[]; nextPageToken: Uint8Array | null } {
  const { items, nextPageToken } = listRows(store, namespaces, namespace, Entity.workflow, query, pageSize, pageToken, executionInfo);
  return { executions: items, nextPageToken };
}

/** Counts the rows of a kind that match a query, grouped by status with GROUP BY ExecutionStatus. */
export function countRows(
  store: VisibilityStore,
  namespaces: Namespaces,
  namespace: string,
  query: string,
  entity: Entity = Entity.workflow,
): temporal.api.workflowservice.v1.ICountWorkflowExecutionsResponse {
  const compiled = compile(namespaces, namespace, query, true, entity);
  let count = 0;
  const groups = new Map<number, number>();
  for (const row of store.visibilityIterate(namespace, undefined, entity)) {
    if (!compiled.matches(rowValues(row))) continue;
    count++;
    if (compiled.groupBy) groups.set(row.status, (groups.get(row.status) ?? 0) + 1);
  }
  if (!compiled.groupBy) return { count: toLong(count) };
  const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
  return {
    count: toLong(count),
    groups: [...groups.entries()].map(([status, n]) => ({
      groupValues: [
        {
          metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
          data: Buffer.from(JSON.stringify(statusName(Status[status]))),
        },
      ],
      count: toLong(n),
    })),
  };
}

function statusName(enumName: string | undefined): string {
  const words = (enumName ?? '').replace('WORKFLOW_EXECUTION_STATUS_', '').toLowerCase().split('_');
  return words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
}
