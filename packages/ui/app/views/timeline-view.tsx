// The timeline: one row per activity, timer, child, signal and update on the run's time axis. Each attempt, retry
// backoff and wait is its own segment; work still going is an open bar reaching to now.
import type { HistoryEvent, PendingActivity } from '../api/types';
import { Section } from '../components/layout';
import { formatDuration } from '../lib/format';
import { buildTimeline, type Segment, type TimelineRow } from '../lib/timeline';
import { Link } from '../router';
import { href } from '../routes';

const TICKS = 5;

function segmentText(s: Segment, now: number): string {
  const length = formatDuration((s.end ?? now) - s.start);
  return `${s.label}, ${s.end === undefined ? `${length} so far` : length}${s.estimated ? ' (placed from the retry policy)' : ''}`;
}

function rowSummary(row: TimelineRow, now: number): string {
  if (row.kind === 'signal') return 'received';
  const first = row.segments[0];
  const last = row.segments[row.segments.length - 1];
  if (!first || !last) return row.state;
  if (row.state === 'running') return `running for ${formatDuration(now - first.start)}${row.attempt && row.attempt > 1 ? `, attempt ${row.attempt}` : ''}`;
  const state = `${row.state === 'timedout' ? 'timed out' : row.state} in ${formatDuration((last.end ?? now) - first.start)}`;
  return row.attempt && row.attempt > 1 ? `${state}, ${row.attempt} attempts` : state;
}

export function TimelineView({ ns, events, pending, now }: { ns: string; events: HistoryEvent[]; pending: PendingActivity[]; now: number }) {
  const timeline = buildTimeline(events, pending, now);
  const span = timeline.end - timeline.start;
  const at = (t: number) => `${(((t - timeline.start) / span) * 100).toFixed(3)}%`;
  const width = (s: Segment) => `${((((s.end ?? now) - s.start) / span) * 100).toFixed(3)}%`;
  return (
    <Section title="Timeline">
      <div class="timeline" role="list" aria-label="Timeline">
        <div class="tl-axis" aria-hidden="true">
          <div class="tl-label" />
          <div class="tl-track">
            {Array.from({ length: TICKS + 1 }, (_, i) => (
              <span key={i} class="tl-tick" style={{ left: `${(i / TICKS) * 100}%` }}>
                {i === 0 ? '0' : `+${formatDuration((span * i) / TICKS)}`}
              </span>
            ))}
          </div>
        </div>
        {timeline.rows.map((row) => (
          <div key={row.key} class={`tl-row tl-${row.kind} tl-state-${row.state}`} role="listitem" aria-label={`${row.title}: ${rowSummary(row, now)}`}>
            <div class="tl-label">
              {row.link?.workflowId && row.link.runId ? <Link href={href.workflow(ns, row.link.workflowId, row.link.runId)}>{row.title}</Link> : <span>{row.title}</span>}
              <span class="tl-summary">{rowSummary(row, now)}</span>
            </div>
            <div class="tl-track">
              {row.segments.map((s, i) => (
                <span
                  key={i}
                  class={`tl-seg seg-${s.kind}${s.end === undefined ? ' open' : ''}${s.estimated ? ' estimated' : ''}`}
                  style={{ left: at(s.start), width: width(s) }}
                  title={segmentText(s, now)}
                  aria-label={segmentText(s, now)}
                  role="img"
                />
              ))}
              {row.points.map((p, i) => (
                <span key={`p${i}`} class="tl-point" style={{ left: at(p) }} title={`${row.title} at +${formatDuration(p - timeline.start)}`} role="img" aria-label={`${row.title} at +${formatDuration(p - timeline.start)}`} />
              ))}
            </div>
          </div>
        ))}
      </div>
      <p class="tl-legend muted small">
        <span class="legend seg-attempt" /> attempt <span class="legend seg-failed" /> failed attempt <span class="legend seg-backoff" /> retry backoff <span class="legend seg-wait" /> waiting
        <span class="legend seg-run open" /> still running
      </p>
    </Section>
  );
}
