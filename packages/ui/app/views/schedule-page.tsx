// One schedule: its spec in words, upcoming runs, recent actions linking to their workflows, and pause, unpause,
// trigger and delete, each confirmed.
import { useState } from 'preact/hooks';
import { deleteSchedule, describeSchedule, patchSchedule, type SchedulePatch } from '../api/schedules';
import { ActionDialog, Field } from '../components/dialog';
import { Breadcrumbs, Empty, ErrorMessage, KeyValues, Loading, Notice, Section, TableHead, Time } from '../components/layout';
import { PayloadsView, PayloadView } from '../components/payload-view';
import { useAsync, useInterval } from '../hooks';
import { durationMillis, enumName, formatDuration } from '../lib/format';
import { describeSpec } from '../lib/schedule-spec';
import { Link, navigate } from '../router';
import { href } from '../routes';

type Action = 'pause' | 'unpause' | 'trigger' | 'delete';

export function SchedulePage({ ns, scheduleId }: { ns: string; scheduleId: string }) {
  const data = useAsync(() => describeSchedule(ns, scheduleId), [ns, scheduleId]);
  useInterval(data.reload, 5000, !data.error);
  const [open, setOpen] = useState<Action>();
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string>();
  const s = data.data?.schedule;
  const info = data.data?.info;
  const paused = s?.state?.paused ?? false;
  const start = s?.action?.startWorkflow;
  // Servers that do not report each run's status get no empty column.
  const withStatus = info?.recentActions?.some((a) => a.startWorkflowStatus) ?? false;
  const act = async (action: Action): Promise<string> => {
    if (action === 'delete') {
      await deleteSchedule(ns, scheduleId);
      navigate(href.schedules(ns));
      return 'Schedule deleted.';
    }
    const patch: SchedulePatch = action === 'pause' ? { pause: note || 'paused from the UI' } : action === 'unpause' ? { unpause: note || 'unpaused from the UI' } : { triggerImmediately: {} };
    await patchSchedule(ns, scheduleId, patch);
    data.reload();
    return action === 'pause' ? 'Schedule paused.' : action === 'unpause' ? 'Schedule unpaused.' : 'Schedule triggered: a run starts now.';
  };
  const titles: Record<Action, [string, string]> = {
    pause: ['Pause this schedule?', 'Pause'],
    unpause: ['Unpause this schedule?', 'Unpause'],
    trigger: ['Trigger a run now?', 'Trigger'],
    delete: ['Delete this schedule?', 'Delete'],
  };
  return (
    <div class="page">
      <Breadcrumbs parent="Schedules" href={href.schedules(ns)} current={scheduleId} />
      <div class="page-title">
        <h1 class="mono">{scheduleId}</h1>
        {s && (paused ? <span class="status status-paused">Paused</span> : <span class="status status-running">Active</span>)}
        {s && (
          <div class="actions" role="group" aria-label="Schedule actions">
            <button type="button" onClick={() => setOpen(paused ? 'unpause' : 'pause')}>
              {paused ? 'Unpause…' : 'Pause…'}
            </button>
            <button type="button" onClick={() => setOpen('trigger')}>
              Trigger…
            </button>
            <button type="button" class="danger-outline" onClick={() => setOpen('delete')}>
              Delete…
            </button>
          </div>
        )}
      </div>
      <Notice message={notice} onDismiss={() => setNotice(undefined)} />
      {data.loading && !data.data && <Loading what="the schedule" />}
      {data.error && <ErrorMessage error={data.error} title="Could not load this schedule" />}
      {s && (
        <>
          <div class="two-columns">
            <Section title="Spec">
              <ul class="plain-list spec" aria-label="Spec in words">
                {describeSpec(s.spec).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <KeyValues
                label="Schedule"
                items={[
                  ['Workflow type', start?.workflowType?.name],
                  ['Workflow ID', start?.workflowId ? <span class="mono">{start.workflowId}</span> : undefined],
                  ['Task queue', start?.taskQueue?.name],
                  ['Input', start?.input !== undefined ? <PayloadsView value={start.input} label="Scheduled input" /> : undefined],
                  ['Overlap policy', enumName(s.policies?.overlapPolicy, 'SCHEDULE_OVERLAP_POLICY_')],
                  ['Catchup window', formatDuration(durationMillis(s.policies?.catchupWindow))],
                  ['Notes', s.state?.notes],
                  ['Remaining actions', s.state?.limitedActions ? s.state.remainingActions ?? '0' : undefined],
                  ['Actions taken', info?.actionCount ?? '0'],
                  ['Created', <Time iso={info?.createTime} />],
                  ['Updated', info?.updateTime ? <Time iso={info.updateTime} /> : undefined],
                ]}
              />
            </Section>
            <Section title="Upcoming runs">
              {info?.futureActionTimes?.length ? (
                <ol class="plain-list" aria-label="Upcoming runs">
                  {info.futureActionTimes.map((t) => (
                    <li key={t}>
                      <Time iso={t} />
                    </li>
                  ))}
                </ol>
              ) : (
                <Empty>{paused ? 'Paused: nothing upcoming.' : 'No upcoming runs.'}</Empty>
              )}
            </Section>
          </div>
          <Section title="Recent runs">
            {info?.recentActions?.length ? (
              <table class="list" aria-label="Recent runs">
                <TableHead columns={['Scheduled for', 'Started', 'Workflow', ...(withStatus ? ['Status'] : [])]} />
                <tbody>
                  {[...info.recentActions].reverse().map((a) => {
                    const w = a.startWorkflowResult;
                    return (
                      <tr key={`${a.scheduleTime}-${w?.runId}`}>
                        <td>
                          <Time iso={a.scheduleTime} />
                        </td>
                        <td>
                          <Time iso={a.actualTime} />
                        </td>
                        <td class="mono">{w?.workflowId && w.runId ? <Link href={href.workflow(ns, w.workflowId, w.runId)}>{w.workflowId}</Link> : w?.workflowId}</td>
                        {withStatus && <td>{enumName(a.startWorkflowStatus, 'WORKFLOW_EXECUTION_STATUS_')}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : (
              <Empty>No runs yet.</Empty>
            )}
          </Section>
          {data.data?.memo?.fields && Object.keys(data.data.memo.fields).length > 0 && (
            <Section title="Memo">
              <KeyValues label="Memo" items={Object.entries(data.data.memo.fields).map(([k, v]) => [k, <PayloadView value={v} label={k} />])} />
            </Section>
          )}
        </>
      )}
      {open && (
        <ActionDialog
          title={titles[open][0]}
          confirmLabel={titles[open][1]}
          danger={open === 'delete'}
          onClose={() => setOpen(undefined)}
          onDone={(m) => {
            setOpen(undefined);
            setNote('');
            if (m) setNotice(m);
          }}
          onConfirm={() => act(open)}
        >
          {open === 'delete' && <p>The schedule stops and is removed; workflows it started keep running.</p>}
          {open === 'trigger' && <p>One run of the scheduled workflow starts now, whatever the spec says.</p>}
          {(open === 'pause' || open === 'unpause') && (
            <Field label="Note">
              <input value={note} onInput={(e) => setNote(e.currentTarget.value)} autofocus />
            </Field>
          )}
        </ActionDialog>
      )}
    </div>
  );
}
