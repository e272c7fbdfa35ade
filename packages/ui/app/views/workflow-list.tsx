// The workflows of a namespace: status tabs with counts, the filter box, the list newest first, more on demand,
// refreshed live.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WorkflowExecutionInfo } from '../api/types';
import { countWorkflows, listWorkflows } from '../api/workflows';
import { ErrorMessage, Loading, TableHead, Time } from '../components/layout';
import { StatusBadge } from '../components/status';
import { useInterval } from '../hooks';
import { formatDuration, millis, STATUSES, statusName } from '../lib/format';
import { decodePayload, plainValue } from '../lib/payloads';
import { Link, setSearch, useLocation } from '../router';
import { href } from '../routes';
import { and, FilterBox, quote, QuickFilters } from './list-filters';

const PAGE = 50;
const LIVE_EVERY_MS = 3000;

interface ListState {
  rows: WorkflowExecutionInfo[];
  next?: string;
  counts?: Map<string, number>;
  total?: number;
  error?: Error;
  loading: boolean;
}

function statusCounts(groups: { groupValues?: unknown[]; count?: string }[] | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of groups ?? []) {
    const v = g.groupValues?.[0];
    m.set(statusName(String(plainValue(decodePayload(v)))), Number(g.count ?? 0));
  }
  return m;
}

function StatusTabs({ status, counts, total }: { status: string; counts?: Map<string, number>; total?: number }) {
  const tabs: [string, string, number | undefined][] = [['', 'All', total], ...STATUSES.map((s) => [s, s === 'ContinuedAsNew' ? 'Continued as new' : s === 'TimedOut' ? 'Timed out' : s, counts?.get(s) ?? (counts ? 0 : undefined)] as [string, string, number | undefined])];
  return (
    <nav class="status-tabs" aria-label="Filter by status">
      {tabs.map(([value, label, n]) => {
        const search = new URLSearchParams(location.search);
        if (value) search.set('status', value);
        else search.delete('status');
        const qs = search.toString();
        return (
          <Link key={value} href={location.pathname + (qs ? `?${qs}` : '')} aria-current={status === value ? 'page' : undefined} class="status-tab">
            {label} <span class="tab-count">{n === undefined ? '' : n.toLocaleString()}</span>
          </Link>
        );
      })}
    </nav>
  );
}

function WorkflowRow({ ns, w, now }: { ns: string; w: WorkflowExecutionInfo; now: number }) {
  const id = w.execution?.workflowId ?? '';
  const runId = w.execution?.runId ?? '';
  const start = millis(w.startTime);
  const end = millis(w.closeTime);
  return (
    <tr>
      <td>
        <StatusBadge status={w.status} />
      </td>
      <td class="mono">
        <Link href={href.workflow(ns, id, runId)}>{id}</Link>
      </td>
      <td class="mono small" title={runId}>
        {runId.slice(0, 8)}
      </td>
      <td>{w.type?.name}</td>
      <td>{w.taskQueue}</td>
      <td class="nowrap">
        <Time iso={w.startTime} />
      </td>
      <td class="nowrap">
        <Time iso={w.closeTime} />
      </td>
      <td class="nowrap">{start !== undefined ? formatDuration((end ?? now) - start) : ''}</td>
    </tr>
  );
}

export function WorkflowList({ ns }: { ns: string }) {
  const { search } = useLocation();
  const query = search.get('query') ?? '';
  const status = search.get('status') ?? '';
  const [live, setLive] = useState(true);
  const [state, setState] = useState<ListState>({ rows: [], loading: true });
  const [now, setNow] = useState(Date.now());
  const listQuery = and(query, status && `ExecutionStatus = ${quote(status)}`);

  // One load: the first `size` rows, then the status counts. The counts wait for the rows because counting reads
  // every matching run and would compete with the list for the server; the list is what a person waits for. Either
  // answer is dropped if the view changed since it was asked for.
  const load = (size: number, signal: { stale: boolean }) => {
    const countQuery = query ? `${and(query)} GROUP BY ExecutionStatus` : 'GROUP BY ExecutionStatus';
    listWorkflows(ns, listQuery, undefined, size).then(
      (list) => {
        if (signal.stale) return;
        setNow(Date.now());
        setState((s) => ({ ...s, rows: list.executions ?? [], next: list.nextPageToken || undefined, error: undefined, loading: false }));
        countWorkflows(ns, countQuery).then(
          (counts) => !signal.stale && setState((s) => ({ ...s, counts: statusCounts(counts.groups), total: Number(counts.count ?? 0) })),
          // A refused count leaves the tabs without numbers; the list itself was answered.
          () => undefined,
        );
      },
      (error: unknown) => !signal.stale && setState((s) => ({ ...s, rows: [], next: undefined, error: error as Error, loading: false })),
    );
  };

  // Answers for an earlier filter (or namespace) are dropped when they arrive late.
  const view = useRef({ stale: false });
  useEffect(() => {
    const mine = { stale: false };
    view.current = mine;
    setState({ rows: [], loading: true });
    load(PAGE, mine);
    return () => {
      mine.stale = true;
    };
  }, [ns, listQuery, query]);

  useInterval(() => !state.loading && !state.error && load(Math.max(PAGE, state.rows.length), view.current), LIVE_EVERY_MS, live);

  const more = () => {
    const signal = view.current;
    setState((s) => ({ ...s, loading: true }));
    listWorkflows(ns, listQuery, state.next, PAGE).then(
      (page) => !signal.stale && setState((s) => ({ ...s, rows: [...s.rows, ...(page.executions ?? [])], next: page.nextPageToken || undefined, loading: false })),
      (error: unknown) => !signal.stale && setState((s) => ({ ...s, error: error as Error, loading: false })),
    );
  };

  return (
    <div class="page">
      <div class="page-title">
        <h1>Workflows</h1>
        <label class="live-toggle">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> Live refresh
        </label>
      </div>
      <FilterBox query={query} onQuery={(q) => setSearch({ query: q })} />
      <QuickFilters query={query} onQuery={(q) => setSearch({ query: q })} />
      <StatusTabs status={status} counts={state.counts} total={state.total} />
      {state.error && <ErrorMessage error={state.error} title="The server refused the list" />}
      <div class="table-wrap">
        <table class="list" aria-label="Workflows" aria-busy={state.loading}>
          <TableHead columns={['Status', 'Workflow ID', 'Run ID', 'Type', 'Task queue', 'Start', 'End', 'Duration']} />
          <tbody>
            {state.rows.map((w) => (
              <WorkflowRow key={w.execution?.runId} ns={ns} w={w} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      {state.loading && !state.rows.length && <Loading what="workflows" />}
      {!state.loading && !state.error && !state.rows.length && <p class="muted empty">No workflows match.</p>}
      {state.next && (
        <button type="button" class="load-more" onClick={more} disabled={state.loading}>
          Load more
        </button>
      )}
    </div>
  );
}
