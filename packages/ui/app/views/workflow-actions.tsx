// What a person can do to a run: signal, update, cancel, terminate, reset. Each opens a dialog that asks to
// confirm, shows the server's refusal, and on success says what happened (the live history shows the new state).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HistoryEvent } from '../api/types';
import { cancelWorkflow, resetWorkflow, signalWorkflow, terminateWorkflow, updateWorkflow } from '../api/workflows';
import { ActionDialog, Field } from '../components/dialog';
import { formatTime } from '../lib/format';
import { attributes, eventName } from '../lib/history';
import { decodePayloads, parseArgs, payloadText } from '../lib/payloads';
import { navigate } from '../router';
import { href } from '../routes';
import { workflowMetadata, type Definition } from './workflow-metadata';

type Action = 'signal' | 'update' | 'cancel' | 'terminate' | 'reset';

interface Props {
  ns: string;
  workflowId: string;
  runId: string;
  running: boolean;
  events: HistoryEvent[];
  onDone(message: string): void;
}

function args(source: string): unknown[] {
  try {
    return parseArgs(source);
  } catch (err) {
    throw new Error(`Arguments are not JSON: ${(err as Error).message}`);
  }
}

function NameAndArgs({ kind, names, name, setName, argText, setArgText }: { kind: string; names: Definition[]; name: string; setName(v: string): void; argText: string; setArgText(v: string): void }) {
  return (
    <>
      <Field label={`${kind} name`}>
        <input list={`${kind}-names`} value={name} onInput={(e) => setName(e.currentTarget.value)} required autofocus />
        <datalist id={`${kind}-names`}>
          {names.map((d) => (
            <option key={d.name} value={d.name} />
          ))}
        </datalist>
      </Field>
      <Field label="Arguments (JSON; an array for several)">
        <textarea value={argText} onInput={(e) => setArgText(e.currentTarget.value)} rows={4} class="mono" placeholder='["approved", 42]' />
      </Field>
    </>
  );
}

interface ReasonDialogProps {
  title: string;
  confirmLabel: string;
  what: ComponentChildren;
  required?: boolean;
  workflowId: string;
  reason: string;
  setReason(v: string): void;
  onClose(): void;
  done(message: string | void): void;
  act(): Promise<string>;
}

/** Cancel and terminate: a sentence on what happens, and the reason recorded in history. */
function ReasonDialog({ title, confirmLabel, what, required, workflowId, reason, setReason, onClose, done, act }: ReasonDialogProps) {
  return (
    <ActionDialog title={title} confirmLabel={confirmLabel} danger onClose={onClose} onDone={done} onConfirm={act}>
      <p>
        The workflow <span class="mono">{workflowId}</span> {what}
      </p>
      <Field label="Reason">
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} required={required} autofocus />
      </Field>
    </ActionDialog>
  );
}

function ActionForm({ action, ns, workflowId, runId, events, onDone, onClose }: Props & { action: Action; onClose(): void }) {
  const [name, setName] = useState('');
  const [argText, setArgText] = useState('');
  const [reason, setReason] = useState('');
  const [names, setNames] = useState<{ signals: Definition[]; updates: Definition[] }>({ signals: [], updates: [] });
  const tasks = events.filter((e) => eventName(e) === 'WorkflowTaskCompleted');
  const [resetTo, setResetTo] = useState(tasks[tasks.length - 1]?.eventId ?? '');
  useEffect(() => {
    if (action !== 'signal' && action !== 'update') return;
    let current = true;
    // Suggestions only: a worker that does not answer leaves the names to type.
    workflowMetadata(ns, workflowId, runId).then(
      (m) => current && setNames(m),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [action, ns, workflowId, runId]);
  const done = (message: string | void) => {
    onClose();
    if (message) onDone(message);
  };
  switch (action) {
    case 'signal':
      return (
        <ActionDialog
          title="Send a signal"
          confirmLabel="Send signal"
          onClose={onClose}
          onDone={done}
          onConfirm={async () => {
            await signalWorkflow(ns, workflowId, runId, name, args(argText));
            return `Signal ${name} sent.`;
          }}
        >
          <NameAndArgs kind="Signal" names={names.signals} name={name} setName={setName} argText={argText} setArgText={setArgText} />
        </ActionDialog>
      );
    case 'update':
      return (
        <ActionDialog
          title="Send an update"
          confirmLabel="Send update"
          onClose={onClose}
          onDone={done}
          onConfirm={async () => {
            const r = await updateWorkflow(ns, workflowId, runId, name, args(argText));
            if (r.outcome?.failure) throw new Error(`The update failed: ${r.outcome.failure.message ?? ''}`);
            const result = decodePayloads(r.outcome?.success).map(payloadText).join(', ');
            return `Update ${name} completed${result ? `: ${result}` : ''}.`;
          }}
        >
          <NameAndArgs kind="Update" names={names.updates} name={name} setName={setName} argText={argText} setArgText={setArgText} />
        </ActionDialog>
      );
    case 'cancel':
      return (
        <ReasonDialog
          title="Cancel this workflow?"
          confirmLabel="Request cancellation"
          what={<>receives a cancellation request and may clean up before it ends.</>}
          {...{ workflowId, reason, setReason, onClose, done }}
          act={async () => {
            await cancelWorkflow(ns, workflowId, runId, reason);
            return 'Cancellation requested; the workflow decides how to stop.';
          }}
        />
      );
    case 'terminate':
      return (
        <ReasonDialog
          title="Terminate this workflow?"
          confirmLabel="Terminate"
          what={<>stops at once; no code of it runs again.</>}
          required
          {...{ workflowId, reason, setReason, onClose, done }}
          act={async () => {
            await terminateWorkflow(ns, workflowId, runId, reason);
            return 'Workflow terminated.';
          }}
        />
      );
    case 'reset':
      return (
        <ActionDialog
          title="Reset this workflow?"
          confirmLabel="Reset"
          danger
          onClose={onClose}
          onDone={done}
          onConfirm={async () => {
            const r = await resetWorkflow(ns, workflowId, runId, resetTo, reason);
            if (r.runId) navigate(href.workflow(ns, workflowId, r.runId));
            return `Reset to event ${resetTo}; the new run is ${r.runId ?? ''}.`;
          }}
        >
          <p>A new run starts from the chosen workflow task; this run ends as terminated. Signals after that point are applied again.</p>
          <Field label="Reset to workflow task">
            <select value={resetTo} onChange={(e) => setResetTo(e.currentTarget.value)} required>
              {tasks.map((e) => (
                <option key={e.eventId} value={e.eventId}>
                  Event {e.eventId} · WorkflowTaskCompleted · {formatTime(e.eventTime)}
                  {attributes(e).identity ? ` · ${attributes(e).identity}` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Reason">
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} required />
          </Field>
        </ActionDialog>
      );
  }
}

export function WorkflowActions(props: Props) {
  const [open, setOpen] = useState<Action>();
  const canReset = props.events.some((e) => eventName(e) === 'WorkflowTaskCompleted');
  const buttons: [Action, string, boolean][] = [
    ['signal', 'Signal', props.running],
    ['update', 'Update', props.running],
    ['cancel', 'Cancel', props.running],
    ['terminate', 'Terminate', props.running],
    ['reset', 'Reset', canReset],
  ];
  return (
    <div class="actions" role="group" aria-label="Workflow actions">
      {buttons
        .filter(([, , enabled]) => enabled)
        .map(([action, label]) => (
          <button key={action} type="button" class={action === 'terminate' || action === 'cancel' ? 'danger-outline' : ''} onClick={() => setOpen(action)}>
            {label}…
          </button>
        ))}
      {open && <ActionForm {...props} action={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
