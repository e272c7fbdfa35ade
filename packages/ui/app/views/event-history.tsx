// The event history three ways: compact (grouped by what events are about), every event with its attributes, and
// raw JSON; and the download that `historyFromJSON` / `runReplayHistory` read back.
import { useState } from 'preact/hooks';
import type { Failure, HistoryEvent } from '../api/types';
import { historyPage } from '../api/workflows';
import { FailureView } from '../components/failure-view';
import { Section, Time } from '../components/layout';
import { PayloadsView } from '../components/payload-view';
import { compactGroups, groupEvents, type EventGroup } from '../lib/groups';
import { attributes, attributesKey, eventName, eventSummary } from '../lib/history';
import { setSearch, useLocation } from '../router';

const PAYLOADS = new Set(['input', 'result', 'details', 'heartbeatDetails', 'lastCompletionResult', 'lastHeartbeatDetails', 'args', 'success', 'continuedFailureDetails']);
const FAILURES = new Set(['failure', 'lastFailure', 'continuedFailure']);
const SHOWN = 400;

function AttributeValue({ name, value }: { name: string; value: unknown }) {
  if (PAYLOADS.has(name)) return <PayloadsView value={value} label={name} />;
  if (FAILURES.has(name) && value && typeof value === 'object') return <FailureView failure={value as Failure} />;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // Nested messages that hold payloads (an update's request, an outcome) are opened one level.
    if (Object.keys(obj).some((k) => PAYLOADS.has(k) || FAILURES.has(k))) return <Attributes attrs={obj} />;
    return <pre class="code small">{JSON.stringify(value, null, 2)}</pre>;
  }
  return <span class="mono">{String(value)}</span>;
}

function Attributes({ attrs }: { attrs: Record<string, unknown> }) {
  return (
    <dl class="kv attributes">
      {Object.entries(attrs).map(([k, v]) => (
        <div class="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>
            <AttributeValue name={k} value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function EventRow({ e }: { e: HistoryEvent }) {
  const key = attributesKey(e);
  return (
    <li class="event">
      <details>
        <summary>
          <span class="event-id">{e.eventId}</span>
          <span class="event-time">
            <Time iso={e.eventTime} />
          </span>
          <span class="event-type">{eventName(e)}</span>
          <span class="event-summary">{eventSummary(e)}</span>
        </summary>
        <div class="event-body">
          {key ? <Attributes attrs={attributes(e) as Record<string, unknown>} /> : <span class="muted">no attributes</span>}
        </div>
      </details>
    </li>
  );
}

/** Where a group stands: its last event, the attempt that got there, and what the last event says. */
function groupSummary(g: EventGroup): string {
  if (g.events.length === 1) return eventSummary(g.events[0]);
  const last = g.events[g.events.length - 1];
  const started = g.events.find((e) => eventName(e) === 'ActivityTaskStarted');
  const attempt = started && (attributes(started).attempt ?? 1) > 1 ? `attempt ${attributes(started).attempt}` : '';
  return [g.status, attempt, eventSummary(last)].filter(Boolean).join(' · ');
}

function GroupRow({ g }: { g: EventGroup }) {
  const first = g.events[0];
  const failed = /Failed|TimedOut|Terminated|Canceled/.test(g.status);
  return (
    <li class={`group group-${g.kind}${failed ? ' group-failed' : ''}`}>
      <details>
        <summary>
          <span class="event-id">{g.id}</span>
          <span class="event-time">
            <Time iso={first.eventTime} />
          </span>
          <span class="event-type">{g.title}</span>
          <span class="event-summary">{groupSummary(g)}</span>
        </summary>
        <ol class="events nested">
          {g.events.map((e) => (
            <EventRow key={e.eventId} e={e} />
          ))}
        </ol>
      </details>
    </li>
  );
}

async function download(ns: string, workflowId: string, runId: string): Promise<void> {
  const events: HistoryEvent[] = [];
  let token: string | undefined;
  do {
    const page = await historyPage(ns, workflowId, runId, { nextPageToken: token, full: true });
    events.push(...(page.history?.events ?? []));
    token = page.nextPageToken || undefined;
  } while (token);
  const blob = new Blob([JSON.stringify({ events }, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${workflowId}_${runId}_history.json`.replace(/[^\w.-]+/g, '_');
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function EventHistory({ ns, workflowId, runId, events }: { ns: string; workflowId: string; runId: string; events: HistoryEvent[] }) {
  const { search } = useLocation();
  const mode = search.get('view') ?? 'compact';
  const [shown, setShown] = useState(SHOWN);
  const [downloadError, setDownloadError] = useState<string>();
  const groups = mode === 'compact' ? compactGroups(groupEvents(events)) : [];
  const modes: [string, string][] = [
    ['compact', 'Compact'],
    ['all', 'All events'],
    ['json', 'JSON'],
  ];
  const list = mode === 'all' ? events : groups;
  return (
    <Section
      title="Event history"
      actions={
        <>
          <div class="segmented" role="group" aria-label="History view">
            {modes.map(([value, label]) => (
              <button key={value} type="button" aria-pressed={mode === value} onClick={() => setSearch({ view: value === 'compact' ? undefined : value }, { replace: true })}>
                {label}
              </button>
            ))}
          </div>
          <button type="button" onClick={() => download(ns, workflowId, runId).catch((err: unknown) => setDownloadError(String(err)))}>
            Download JSON
          </button>
        </>
      }
    >
      {downloadError && (
        <div class="error" role="alert">
          {downloadError}
        </div>
      )}
      {mode === 'json' ? (
        <pre class="code history-json" aria-label="History as JSON">
          {JSON.stringify({ events }, null, 2)}
        </pre>
      ) : (
        <ol class="events" aria-label={mode === 'all' ? 'All events' : 'Compact history'}>
          {mode === 'all' ? events.slice(0, shown).map((e) => <EventRow key={e.eventId} e={e} />) : groups.slice(0, shown).map((g) => <GroupRow key={g.id} g={g} />)}
        </ol>
      )}
      {mode !== 'json' && list.length > shown && (
        <button type="button" class="load-more" onClick={() => setShown(shown + SHOWN)}>
          Show more ({(list.length - shown).toLocaleString()} left)
        </button>
      )}
    </Section>
  );
}
