// What a run is: ids, type, queue, times, history size, relatives, user metadata; then its input and outcome.
import type { DescribeWorkflowResponse, HistoryEvent } from '../api/types';
import { FailureView } from '../components/failure-view';
import { KeyValues, Section, Time, type KeyValue } from '../components/layout';
import { PayloadsView } from '../components/payload-view';
import { StatusBadge } from '../components/status';
import { count, formatBytes, formatDuration, millis } from '../lib/format';
import { attributes, eventName, isCloseEvent } from '../lib/history';
import { decodePayload, plainValue } from '../lib/payloads';
import { Link } from '../router';
import { href } from '../routes';

interface Props {
  ns: string;
  workflowId: string;
  runId: string;
  describe: DescribeWorkflowResponse | undefined;
  events: HistoryEvent[];
  now: number;
}

function RunLink({ ns, workflowId, runId }: { ns: string; workflowId?: string; runId?: string }) {
  if (!workflowId || !runId) return <span class="mono">{workflowId}</span>;
  return (
    <Link href={href.workflow(ns, workflowId, runId)} class="mono">
      {workflowId} <span class="muted small">/ {runId.slice(0, 8)}</span>
    </Link>
  );
}

function children(ns: string, events: HistoryEvent[], describe: DescribeWorkflowResponse | undefined) {
  const seen = new Map<string, { workflowId: string; runId?: string; type?: string; ns: string }>();
  for (const e of events) {
    if (eventName(e) !== 'ChildWorkflowExecutionStarted') continue;
    const a = attributes(e);
    const id = a.workflowExecution?.workflowId ?? '';
    seen.set(`${id}/${a.workflowExecution?.runId}`, { workflowId: id, runId: a.workflowExecution?.runId, type: a.workflowType?.name, ns: a.namespace || ns });
  }
  for (const c of describe?.pendingChildren ?? []) {
    if (!c.workflowId) continue;
    if (![...seen.values()].some((s) => s.workflowId === c.workflowId && s.runId === c.runId)) {
      seen.set(`${c.workflowId}/${c.runId}`, { workflowId: c.workflowId, runId: c.runId, type: c.workflowTypeName, ns });
    }
  }
  return [...seen.values()];
}

export function WorkflowSummary({ ns, workflowId, runId, describe, events, now }: Props) {
  const info = describe?.workflowExecutionInfo;
  const started = events[0] && eventName(events[0]) === 'WorkflowExecutionStarted' ? attributes(events[0]) : undefined;
  const start = millis(info?.startTime);
  const end = millis(info?.closeTime);
  const kids = children(ns, events, describe);
  const parent = info?.parentExecution ?? started?.parentWorkflowExecution;
  const parentNs = started?.parentWorkflowNamespace || ns;
  const close = events.find(isCloseEvent);
  const summary = describe?.executionConfig?.userMetadata?.summary;
  const details = describe?.executionConfig?.userMetadata?.details;
  const items: KeyValue[] = [
    ['Status', <StatusBadge status={info?.status} />],
    ['Workflow ID', <span class="mono">{workflowId}</span>],
    ['Run ID', <span class="mono">{runId}</span>],
    ['Type', info?.type?.name],
    ['Task queue', info?.taskQueue ?? describe?.executionConfig?.taskQueue?.name],
    ['Start', <Time iso={info?.startTime} />],
    ['Close', info?.closeTime ? <Time iso={info.closeTime} /> : undefined],
    ['Duration', start !== undefined ? `${formatDuration((end ?? now) - start)}${end === undefined ? ' so far' : ''}` : undefined],
    ['History', info?.historyLength ? `${count(Number(info.historyLength), 'event')}, ${formatBytes(Number(info.historySizeBytes ?? 0))}` : undefined],
    ['Parent', parent?.workflowId ? <RunLink ns={parentNs} workflowId={parent.workflowId} runId={parent.runId} /> : undefined],
    [
      'Children',
      kids.length ? (
        <ul class="plain-list">
          {kids.map((k) => (
            <li key={`${k.workflowId}/${k.runId}`}>
              <RunLink ns={k.ns} workflowId={k.workflowId} runId={k.runId} /> {k.type && <span class="muted">{k.type}</span>}
            </li>
          ))}
        </ul>
      ) : undefined,
    ],
    ['Continued from', started?.continuedExecutionRunId ? <RunLink ns={ns} workflowId={workflowId} runId={started.continuedExecutionRunId} /> : undefined],
    [
      'Continued as',
      close && eventName(close) === 'WorkflowExecutionContinuedAsNew' ? <RunLink ns={ns} workflowId={workflowId} runId={attributes(close).newExecutionRunId} /> : undefined,
    ],
    ['Summary', summary !== undefined ? String(plainValue(decodePayload(summary))) : undefined],
    ['Details', details !== undefined ? String(plainValue(decodePayload(details))) : undefined],
  ];
  return (
    <Section title="Summary">
      <KeyValues items={items} label="Workflow summary" wide />
    </Section>
  );
}

/** The run's input and, once closed, its result, failure, or how it ended. */
export function WorkflowIO({ ns, workflowId, events }: { ns: string; workflowId: string; events: HistoryEvent[] }) {
  const started = events[0] && eventName(events[0]) === 'WorkflowExecutionStarted' ? attributes(events[0]) : undefined;
  const close = events.find(isCloseEvent);
  const a = close ? attributes(close) : undefined;
  let outcome;
  switch (close && eventName(close)) {
    case 'WorkflowExecutionCompleted':
      outcome = <PayloadsView value={a?.result} label="Result" empty="no result (void)" />;
      break;
    case 'WorkflowExecutionFailed':
      outcome = a?.failure ? <FailureView failure={a.failure} /> : null;
      break;
    case 'WorkflowExecutionTimedOut':
      outcome = <p>The workflow timed out.</p>;
      break;
    case 'WorkflowExecutionCanceled':
      outcome = (
        <>
          <p>The workflow was canceled.</p>
          <PayloadsView value={a?.details} label="Cancellation details" empty="" />
        </>
      );
      break;
    case 'WorkflowExecutionTerminated':
      outcome = (
        <>
          <p>
            Terminated{a?.identity ? ` by ${a.identity}` : ''}: <span class="reason">{a?.reason || 'no reason given'}</span>
          </p>
          <PayloadsView value={a?.details} label="Termination details" empty="" />
        </>
      );
      break;
    case 'WorkflowExecutionContinuedAsNew':
      outcome = (
        <p>
          Continued as new in run{' '}
          <Link href={href.workflow(ns, workflowId, a?.newExecutionRunId ?? '')} class="mono">
            {a?.newExecutionRunId}
          </Link>
          .
        </p>
      );
      break;
    default:
      outcome = <p class="muted">Still running.</p>;
  }
  const failed = close && eventName(close) === 'WorkflowExecutionFailed';
  return (
    <div class="io">
      <Section title="Input">
        <PayloadsView value={started?.input} label="Input" empty="no input" />
      </Section>
      <Section title={failed ? 'Failure' : 'Result'} id="outcome">
        {outcome}
      </Section>
    </div>
  );
}
