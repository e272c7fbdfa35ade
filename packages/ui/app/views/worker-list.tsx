// The workers of a namespace, from the heartbeats they send: what each runs, how busy it is, and when it last spoke;
// and its worker deployments (versioned workers): which build gets new workflows, which one is ramping.
import { listWorkerDeployments } from '../api/deployments';
import { listWorkers } from '../api/workers';
import type { WorkerPollerInfo, WorkerSlotsInfo } from '../api/types';
import { Empty, ErrorMessage, Loading, Section, TableHead, Time } from '../components/layout';
import { useAsync, useInterval } from '../hooks';
import { enumName } from '../lib/format';

/** "used of total" slots; a supplier without a fixed number of slots reports -1 available. */
function slots(info: WorkerSlotsInfo | undefined): string {
  if (!info) return '—';
  const used = info.currentUsedSlots ?? 0;
  const available = info.currentAvailableSlots ?? 0;
  return available < 0 ? `${used} used` : `${used} of ${used + available}`;
}

const pollers = (...infos: (WorkerPollerInfo | undefined)[]) => infos.reduce((n, p) => n + (p?.currentPollers ?? 0), 0);

export function WorkerList({ ns }: { ns: string }) {
  const list = useAsync(() => listWorkers(ns), [ns]);
  useInterval(list.reload, 5000, !list.error);
  const workers = (list.data?.workersInfo ?? []).map((w) => w.workerHeartbeat ?? {});
  return (
    <div class="page">
      <h1>Workers</h1>
      <p class="muted">Workers report themselves every minute (Runtime workerHeartbeatInterval); one gone quiet drops off after a while.</p>
      {list.loading && !list.data && <Loading what="workers" />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && !workers.length && <Empty>No worker has reported to this namespace recently.</Empty>}
      {workers.length > 0 && (
        <table class="list" aria-label="Workers">
          <TableHead columns={['Identity', 'Task queue', 'Status', 'SDK', 'Host', 'Workflow slots', 'Activity slots', 'Pollers', 'Cached runs', 'Last heartbeat', 'Plugins']} />
          <tbody>
            {workers.map((w) => (
              <tr key={w.workerInstanceKey}>
                <td class="mono">{w.workerIdentity}</td>
                <td>{w.taskQueue}</td>
                <td>{enumName(w.status, 'WORKER_STATUS_')}</td>
                <td>{[w.sdkName, w.sdkVersion].filter(Boolean).join(' ')}</td>
                <td>{[w.hostInfo?.hostName, w.hostInfo?.processId && `pid ${w.hostInfo.processId}`].filter(Boolean).join(', ')}</td>
                <td>{slots(w.workflowTaskSlotsInfo)}</td>
                <td>{slots(w.activityTaskSlotsInfo)}</td>
                <td>{pollers(w.workflowPollerInfo, w.workflowStickyPollerInfo, w.activityPollerInfo)}</td>
                <td>{w.currentStickyCacheSize ?? 0}</td>
                <td>
                  <Time iso={w.heartbeatTime} />
                </td>
                <td>{(w.plugins ?? []).map((p) => p.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Deployments ns={ns} />
    </div>
  );
}

function Deployments({ ns }: { ns: string }) {
  const list = useAsync(() => listWorkerDeployments(ns), [ns]);
  useInterval(list.reload, 5000, !list.error);
  const deployments = list.data?.workerDeployments ?? [];
  // Servers without worker deployments answer UNIMPLEMENTED: then there is nothing to show.
  if (list.error && 'unimplemented' in list.error && list.error.unimplemented) return null;
  return (
    <Section title="Worker deployments">
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && !deployments.length && <Empty>No worker deployment: workers that set workerDeploymentOptions appear here.</Empty>}
      {deployments.length > 0 && (
        <table class="list" aria-label="Worker deployments">
          <TableHead columns={['Deployment', 'Current build', 'Ramping build', 'Latest build', 'Current since', 'Created']} />
          <tbody>
            {deployments.map((d) => {
              const r = d.routingConfig;
              return (
                <tr key={d.name}>
                  <td class="mono">{d.name}</td>
                  <td class="mono">{r?.currentDeploymentVersion?.buildId ?? 'unversioned'}</td>
                  <td class="mono">{r?.rampingDeploymentVersion?.buildId ? `${r.rampingDeploymentVersion.buildId} (${r.rampingVersionPercentage ?? 0}%)` : '—'}</td>
                  <td class="mono">{d.latestVersionSummary?.deploymentVersion?.buildId}</td>
                  <td>
                    <Time iso={r?.currentVersionChangedTime} />
                  </td>
                  <td>
                    <Time iso={d.createTime} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
