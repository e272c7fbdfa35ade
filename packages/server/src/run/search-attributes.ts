// Upserts of a run's search attributes and memo (commands of a workflow task), kept in its row for visibility.
import { temporal } from '@durable/proto';
import { payloadType, searchValue, type SearchValue } from '../infra/visibility/visibility.js';
import type { SearchAttributeType } from '../infra/visibility/list-query.js';
import type { RunContext } from './run-context.js';

type SearchAttributes = temporal.api.common.v1.ISearchAttributes;
const SearchAttributesType = temporal.api.common.v1.SearchAttributes;
const MemoType = temporal.api.common.v1.Memo;

/** UpsertWorkflowSearchAttributes: merges into the run's stored attributes (an empty value removes one). */
export function applySearchAttributeUpsert(ctx: RunContext, sa: SearchAttributes | null | undefined): void {
  const fields = ctx.row.search_attributes ? SearchAttributesType.decode(ctx.row.search_attributes).indexedFields : {};
  const values = JSON.parse(ctx.row.sa_values) as Record<string, SearchValue>;
  const namespaces = ctx.host.namespaces;
  for (const [name, payload] of Object.entries(sa?.indexedFields ?? {})) {
    const type = namespaces.attributeType(ctx.namespace, name) ?? (payloadType(payload) as SearchAttributeType | undefined);
    let value: SearchValue | null = null;
    try {
      value = type ? searchValue(name, type, payload) : null;
    } catch {
      value = null;
    }
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      delete fields[name];
      delete values[name];
    } else {
      fields[name] = payload as temporal.api.common.v1.Payload;
      values[name] = value;
    }
  }
  ctx.row.search_attributes = Buffer.from(SearchAttributesType.encode({ indexedFields: fields }).finish());
  ctx.row.sa_values = JSON.stringify(values);
  ctx.visibilityChanged = true;
}

export function applyMemoUpsert(ctx: RunContext, memo: temporal.api.common.v1.IMemo | null | undefined): void {
  const fields = ctx.row.memo ? MemoType.decode(ctx.row.memo).fields : {};
  for (const [k, v] of Object.entries(memo?.fields ?? {})) {
    if (!v.data || v.data.length === 0) delete fields[k];
    else fields[k] = v as temporal.api.common.v1.Payload;
  }
  ctx.row.memo = Buffer.from(MemoType.encode({ fields }).finish());
  ctx.visibilityChanged = true;
}

