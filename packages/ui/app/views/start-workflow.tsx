// Starting a workflow by type name on a task queue, with JSON arguments; confirmed in a dialog, then opened.
import { useState } from 'preact/hooks';
import { startWorkflow } from '../api/workflows';
import { ActionDialog, Field } from '../components/dialog';
import { parseArgs } from '../lib/payloads';
import { navigate } from '../router';
import { href } from '../routes';

export function StartWorkflow({ ns }: { ns: string }) {
  const [workflowId, setWorkflowId] = useState(() => `workflow-${crypto.randomUUID().slice(0, 8)}`);
  const [type, setType] = useState('');
  const [taskQueue, setTaskQueue] = useState('');
  const [argText, setArgText] = useState('');
  const [confirming, setConfirming] = useState<unknown[]>();
  const [error, setError] = useState<string>();
  const review = (e: Event) => {
    e.preventDefault();
    try {
      setConfirming(parseArgs(argText));
      setError(undefined);
    } catch (err) {
      setError(`Arguments are not JSON: ${(err as Error).message}`);
    }
  };
  return (
    <div class="page narrow">
      <h1>Start a workflow</h1>
      <form class="card form" onSubmit={review}>
        <Field label="Workflow ID">
          <input value={workflowId} onInput={(e) => setWorkflowId(e.currentTarget.value)} required class="mono" />
        </Field>
        <Field label="Workflow type">
          <input value={type} onInput={(e) => setType(e.currentTarget.value)} required placeholder="orderWorkflow" />
        </Field>
        <Field label="Task queue">
          <input value={taskQueue} onInput={(e) => setTaskQueue(e.currentTarget.value)} required placeholder="orders" />
        </Field>
        <Field label="Arguments (JSON; an array for several)">
          <textarea value={argText} onInput={(e) => setArgText(e.currentTarget.value)} rows={6} class="mono" placeholder='[{"id": "A-1"}]' />
        </Field>
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
        <div class="form-buttons">
          <button type="submit" class="primary">
            Start…
          </button>
        </div>
      </form>
      {confirming && (
        <ActionDialog
          title="Start this workflow?"
          confirmLabel="Start workflow"
          onClose={() => setConfirming(undefined)}
          onDone={() => undefined}
          onConfirm={async () => {
            const r = await startWorkflow(ns, { workflowId, workflowType: type, taskQueue, args: confirming });
            navigate(href.workflow(ns, workflowId, r.runId ?? ''));
          }}
        >
          <p>
            <span class="mono">{type}</span> as <span class="mono">{workflowId}</span> on task queue <span class="mono">{taskQueue}</span> in namespace{' '}
            <span class="mono">{ns}</span>, with {confirming.length} argument{confirming.length === 1 ? '' : 's'}.
          </p>
        </ActionDialog>
      )}
    </div>
  );
}
