// One workflow run: header with its actions, summary, input and outcome, then tabs (history with the timeline,
// pending activities, call stack, queries, memo and search attributes, workers). Updates live while it runs.
import { useState } from 'preact/hooks';
import { Breadcrumbs, ErrorMessage, Loading, Notice } from '../components/layout';
import { StatusBadge } from '../components/status';
import { useNow } from '../hooks';
import { statusName } from '../lib/format';
import { Link } from '../router';
import { href, type WorkflowTab } from '../routes';
import { EventHistory } from './event-history';
import { TimelineView } from './timeline-view';
import { useWorkflow } from './use-workflow';
import { WorkflowActions } from './workflow-actions';
import { WorkflowIO, WorkflowSummary } from './workflow-summary';
import { MetadataTab, PendingTab, QueriesTab, StackTab, WorkersTab } from './workflow-tabs';

interface Props {
  ns: string;
  workflowId: string;
  runId: string;
  tab: WorkflowTab;
}

export function WorkflowPage({ ns, workflowId, runId, tab }: Props) {
  const data = useWorkflow(ns, workflowId, runId);
  const [notice, setNotice] = useState<string>();
  const status = data.describe?.workflowExecutionInfo?.status;
  const running = statusName(status) === 'Running' && !data.complete;
  const now = useNow(running);
  const pending = data.describe?.pendingActivities ?? [];
  const tabs: [WorkflowTab, string][] = [
    ['history', 'History'],
    ['pending', `Pending activities${pending.length ? ` (${pending.length})` : ''}`],
    ['stack', 'Call stack'],
    ['queries', 'Queries'],
    ['metadata', 'Memo & search attributes'],
    ['workers', 'Workers'],
  ];
  const run = { ns, workflowId, runId, describe: data.describe, running };
  return (
    <div class="page">
      <Breadcrumbs parent="Workflows" href={href.workflows(ns)} current={workflowId} />
      <div class="page-title">
        <h1 class="mono">{workflowId}</h1>
        {status && <StatusBadge status={status} />}
        {running && (
          <span class="live-dot" title="This page updates as the workflow runs">
            live
          </span>
        )}
        <WorkflowActions
          ns={ns}
          workflowId={workflowId}
          runId={runId}
          running={running}
          events={data.events}
          onDone={(m) => {
            setNotice(m);
            data.refresh();
          }}
        />
      </div>
      <Notice message={notice} onDismiss={() => setNotice(undefined)} />
      {data.error && <ErrorMessage error={data.error} title="Could not load this workflow" />}
      {!data.loaded && !data.error && <Loading what="the workflow" />}
      {data.loaded && (
        <>
          <WorkflowSummary ns={ns} workflowId={workflowId} runId={runId} describe={data.describe} events={data.events} now={now} />
          <WorkflowIO ns={ns} workflowId={workflowId} events={data.events} />
          <nav class="tabs" aria-label="Workflow views">
            {tabs.map(([t, label]) => (
              <Link key={t} href={href.workflow(ns, workflowId, runId, t)} aria-current={tab === t ? 'page' : undefined}>
                {label}
              </Link>
            ))}
          </nav>
          {tab === 'history' && (
            <>
              <TimelineView ns={ns} events={data.events} pending={pending} now={now} />
              <EventHistory ns={ns} workflowId={workflowId} runId={runId} events={data.events} />
            </>
          )}
          {tab === 'pending' && <PendingTab describe={data.describe} />}
          {tab === 'stack' && <StackTab {...run} />}
          {tab === 'queries' && <QueriesTab {...run} />}
          {tab === 'metadata' && <MetadataTab describe={data.describe} />}
          {tab === 'workers' && <WorkersTab ns={ns} describe={data.describe} />}
        </>
      )}
    </div>
  );
}
