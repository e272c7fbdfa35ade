// The schedules of a namespace: what each runs, when, and whether it is paused.
import { listSchedules } from '../api/schedules';
import { Empty, ErrorMessage, Loading, TableHead, Time } from '../components/layout';
import { useAsync, useInterval } from '../hooks';
import { describeSpec } from '../lib/schedule-spec';
import { Link } from '../router';
import { href } from '../routes';

export function ScheduleList({ ns }: { ns: string }) {
  const list = useAsync(() => listSchedules(ns), [ns]);
  useInterval(list.reload, 5000, !list.error);
  const schedules = list.data?.schedules ?? [];
  return (
    <div class="page">
      <h1>Schedules</h1>
      {list.loading && !list.data && <Loading what="schedules" />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && !schedules.length && <Empty>No schedules in this namespace.</Empty>}
      {schedules.length > 0 && (
        <table class="list" aria-label="Schedules">
          <TableHead columns={['Schedule ID', 'State', 'Workflow type', 'Spec', 'Next run']} />
          <tbody>
            {schedules.map((s) => (
              <tr key={s.scheduleId}>
                <td class="mono">
                  <Link href={href.schedule(ns, s.scheduleId ?? '')}>{s.scheduleId}</Link>
                </td>
                <td>{s.info?.paused ? <span class="status status-paused">Paused</span> : <span class="status status-running">Active</span>}</td>
                <td>{s.info?.workflowType?.name}</td>
                <td>{describeSpec(s.info?.spec).join('; ')}</td>
                <td>
                  <Time iso={s.info?.futureActionTimes?.[0]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
