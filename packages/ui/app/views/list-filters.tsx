// The list's filter box (the list-filter language as typed) and quick filters that write clauses into it.
import { useEffect, useState } from 'preact/hooks';
import { Field } from '../components/dialog';
import { STATUSES } from '../lib/format';

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `a AND b`, keeping each side's meaning when it contains OR. */
export function and(...clauses: string[]): string {
  const parts = clauses.map((c) => c.trim()).filter(Boolean);
  if (parts.length < 2) return parts[0] ?? '';
  return parts.map((p) => (/\bOR\b/i.test(p) ? `(${p})` : p)).join(' AND ');
}

const RANGES: [label: string, ms: number][] = [
  ['last 15 minutes', 15 * 60_000],
  ['last hour', 3600_000],
  ['last 24 hours', 86400_000],
  ['last 7 days', 7 * 86400_000],
];

export function FilterBox({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const submit = (e: Event) => {
    e.preventDefault();
    onQuery(text.trim());
  };
  return (
    <form class="filter-box" role="search" onSubmit={submit}>
      <label class="sr-only" for="list-query">
        List filter
      </label>
      <input
        id="list-query"
        type="search"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        placeholder={`WorkflowType = 'order' AND ExecutionStatus = 'Running'`}
        spellcheck={false}
        autocomplete="off"
      />
      <button type="submit" class="primary">
        Filter
      </button>
      {query && (
        <button type="button" onClick={() => onQuery('')}>
          Clear
        </button>
      )}
    </form>
  );
}

export function QuickFilters({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const [type, setType] = useState('');
  const [id, setId] = useState('');
  const [status, setStatus] = useState('');
  const [range, setRange] = useState('');
  const apply = (e: Event) => {
    e.preventDefault();
    const since = RANGES.find(([label]) => label === range);
    onQuery(
      and(
        query,
        type && `WorkflowType = ${quote(type)}`,
        id && `WorkflowId = ${quote(id)}`,
        status && `ExecutionStatus = ${quote(status)}`,
        since ? `StartTime > ${quote(new Date(Date.now() - since[1]).toISOString())}` : '',
      ),
    );
    setType('');
    setId('');
    setStatus('');
    setRange('');
  };
  return (
    <details class="quick-filters">
      <summary>Quick filters</summary>
      <form onSubmit={apply} class="quick-filter-form">
        <Field label="Workflow type">
          <input value={type} onInput={(e) => setType(e.currentTarget.value)} />
        </Field>
        <Field label="Workflow id">
          <input value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </Field>
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Started">
          <select value={range} onChange={(e) => setRange(e.currentTarget.value)}>
            <option value="">any time</option>
            {RANGES.map(([label]) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Add to filter</button>
      </form>
    </details>
  );
}
