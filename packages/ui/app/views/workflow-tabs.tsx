// The workflow page's tabs besides history: pending activities, call stack, queries, memo and search attributes,
// and the task queue's pollers.
import { useState } from 'preact/hooks';
import type { DescribeWorkflowResponse, PayloadJson, TaskQueuePoller } from '../api/types';
import { describeTaskQueue, queryWorkflow } from '../api/workflows';
import { ApiError } from '../api/http';
import { Field } from '../components/dialog';
import { FailureView } from '../components/failure-view';
import { Empty, ErrorMessage, KeyValues, Loading, Section, TableHead, Time } from '../components/layout';
import { PayloadsView, PayloadView } from '../components/payload-view';
import { useAsync } from '../hooks';
import { durationMillis, enumName, formatDuration } from '../lib/format';
import { decodePayloads, parseArgs, payloadText } from '../lib/payloads';
import { workflowMetadata } from './workflow-metadata';

interface RunProps {
  ns: string;
  workflowId: string;
  runId: string;
  describe: DescribeWorkflowResponse | undefined;
  running: boolean;
}

export function PendingTab({ describe }: { describe: DescribeWorkflowResponse | undefined }) {
  const activities = describe?.pendingActivities ?? [];
  if (!describe) return <Loading what="pending activities" />;
  if (!activities.length) return <Empty>No pending activities.</Empty>;
  return (
    <div class="stack-list">
      {activities.map((p) => (
        <Section key={p.activityId} title={`${p.activityType?.name ?? 'Activity'} · ${p.activityId ?? ''}`}>
          <KeyValues
            label="Pending activity"
            items={[
              ['State', enumName(p.state, 'PENDING_ACTIVITY_STATE_')],
              ['Attempt', `${p.attempt ?? 1}${p.maximumAttempts ? ` of ${p.maximumAttempts}` : ' (no limit)'}`],
              ['Scheduled', <Time iso={p.scheduledTime} />],
              ['Last started', p.lastStartedTime ? <Time iso={p.lastStartedTime} /> : undefined],
              ['Last attempt ended', p.lastAttemptCompleteTime ? <Time iso={p.lastAttemptCompleteTime} /> : undefined],
              ['Next retry', p.nextAttemptScheduleTime ? <Time iso={p.nextAttemptScheduleTime} /> : undefined],
              ['Retry interval', p.currentRetryInterval ? formatDuration(durationMillis(p.currentRetryInterval)) : undefined],
              ['Expires', p.expirationTime ? <Time iso={p.expirationTime} /> : undefined],
              ['Last heartbeat', p.lastHeartbeatTime ? <Time iso={p.lastHeartbeatTime} /> : undefined],
              ['Heartbeat details', p.heartbeatDetails !== undefined ? <PayloadsView value={p.heartbeatDetails} label="Heartbeat details" /> : undefined],
              ['Last worker', p.lastWorkerIdentity],
              ['Last failure', p.lastFailure ? <FailureView failure={p.lastFailure} /> : undefined],
            ]}
          />
        </Section>
      ))}
    </div>
  );
}

export function StackTab({ ns, workflowId, runId, running }: RunProps) {
  const stack = useAsync(async () => (running ? queryWorkflow(ns, workflowId, runId, '__stack_trace', []) : undefined), [ns, workflowId, runId, running]);
  if (!running) return <Empty>A closed workflow has no call stack.</Empty>;
  const first = stack.data ? decodePayloads(stack.data.queryResult)[0] : undefined;
  const text = first?.kind === 'json' && typeof first.value === 'string' ? first.value : first ? payloadText(first) : '';
  return (
    <Section title="Call stack" actions={<button type="button" onClick={stack.reload}>Refresh</button>}>
      {stack.loading && <Loading what="the call stack (asking a worker)" />}
      {stack.error && <ErrorMessage error={stack.error} title="The stack trace query failed" />}
      {stack.data && (text.trim() ? <pre class="code" aria-label="Call stack">{text}</pre> : <Empty>The worker reported an empty call stack.</Empty>)}
    </Section>
  );
}

export function QueriesTab({ ns, workflowId, runId }: RunProps) {
  const meta = useAsync(() => workflowMetadata(ns, workflowId, runId), [ns, workflowId, runId]);
  const [name, setName] = useState('');
  const [args, setArgs] = useState('');
  const [result, setResult] = useState<{ value?: unknown; error?: string }>();
  const [busy, setBusy] = useState(false);
  const names = meta.data?.queries ?? [];
  const chosen = name || names[0]?.name || '';
  const run = (e: Event) => {
    e.preventDefault();
    let parsed: unknown[];
    try {
      parsed = parseArgs(args);
    } catch (err) {
      setResult({ error: `Arguments are not JSON: ${(err as Error).message}` });
      return;
    }
    setBusy(true);
    queryWorkflow(ns, workflowId, runId, chosen, parsed).then(
      (r) => {
        setBusy(false);
        setResult(r.queryRejected ? { error: `Query rejected: workflow is ${enumName(r.queryRejected.status, 'WORKFLOW_EXECUTION_STATUS_')}` } : { value: r.queryResult });
      },
      (err: unknown) => {
        setBusy(false);
        setResult({ error: (err as Error).message });
      },
    );
  };
  return (
    <Section title="Queries">
      {meta.loading && <Loading what="the workflow's queries (asking a worker)" />}
      {meta.error && <ErrorMessage error={meta.error} title="Could not list the workflow's queries" />}
      {meta.data && !names.length && <p class="muted">The workflow declares no queries; any name can still be tried.</p>}
      <form class="inline-form" onSubmit={run}>
        <Field label="Query">
          <input list="query-names" value={chosen} onInput={(e) => setName(e.currentTarget.value)} required />
          <datalist id="query-names">
            {names.map((q) => (
              <option key={q.name} value={q.name}>
                {q.description}
              </option>
            ))}
          </datalist>
        </Field>
        <Field label="Arguments (JSON; an array for several)">
          <input value={args} onInput={(e) => setArgs(e.currentTarget.value)} class="mono" placeholder="[]" />
        </Field>
        <button type="submit" class="primary" disabled={busy || !chosen}>
          {busy ? 'Running…' : 'Run query'}
        </button>
      </form>
      {result?.error && (
        <div class="error" role="alert">
          {result.error}
        </div>
      )}
      {result && !result.error && (
        <div class="query-result" aria-label="Query result">
          <PayloadsView value={result.value} label="Query result" empty="null" />
        </div>
      )}
    </Section>
  );
}

function FieldsTable({ fields, empty, label }: { fields: Record<string, PayloadJson> | undefined; empty: string; label: string }) {
  const entries = Object.entries(fields ?? {});
  if (!entries.length) return <Empty>{empty}</Empty>;
  return <KeyValues label={label} items={entries.map(([k, v]) => [k, <PayloadView value={v} label={k} />])} />;
}

export function MetadataTab({ describe }: { describe: DescribeWorkflowResponse | undefined }) {
  const info = describe?.workflowExecutionInfo;
  if (!describe) return <Loading what="memo and search attributes" />;
  return (
    <div class="two-columns">
      <Section title="Memo">
        <FieldsTable fields={info?.memo?.fields} empty="No memo." label="Memo" />
      </Section>
      <Section title="Search attributes">
        <FieldsTable fields={info?.searchAttributes?.indexedFields} empty="No custom search attributes." label="Search attributes" />
      </Section>
    </div>
  );
}

function Pollers({ ns, taskQueue, type }: { ns: string; taskQueue: string; type: 'WORKFLOW' | 'ACTIVITY' }) {
  const pollers = useAsync(() => describeTaskQueue(ns, taskQueue, type), [ns, taskQueue, type]);
  const title = type === 'WORKFLOW' ? 'Workflow pollers' : 'Activity pollers';
  if (pollers.error instanceof ApiError && pollers.error.unimplemented) {
    return (
      <Section title={title}>
        <p class="muted not-available">Task queue pollers are not available from this server.</p>
      </Section>
    );
  }
  const list: TaskQueuePoller[] = pollers.data?.pollers ?? [];
  return (
    <Section title={title}>
      {pollers.loading && <Loading what="pollers" />}
      {pollers.error && <ErrorMessage error={pollers.error} />}
      {pollers.data && !list.length && <Empty>No worker has polled this task queue recently.</Empty>}
      {list.length > 0 && (
        <table class="list" aria-label={title}>
          <TableHead columns={['Identity', 'Last poll', 'Rate per second']} />
          <tbody>
            {list.map((p) => (
              <tr key={p.identity}>
                <td class="mono">{p.identity}</td>
                <td>
                  <Time iso={p.lastAccessTime} />
                </td>
                <td>{p.ratePerSecond ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function WorkersTab({ ns, describe }: { ns: string; describe: DescribeWorkflowResponse | undefined }) {
  const taskQueue = describe?.workflowExecutionInfo?.taskQueue ?? describe?.executionConfig?.taskQueue?.name;
  if (!taskQueue) return <Loading what="the task queue" />;
  return (
    <div class="two-columns">
      <Pollers ns={ns} taskQueue={taskQueue} type="WORKFLOW" />
      <Pollers ns={ns} taskQueue={taskQueue} type="ACTIVITY" />
    </div>
  );
}
