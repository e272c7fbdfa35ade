// The sandbox's deadlock detection: workflow code that does not yield fails the activation with DeadlockError,
// whether it loops in the workflow body or in a condition predicate checked after the microtasks have run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DeadlockError, WorkflowSandbox, type Job } from '@durable/workflow/sandbox';
import { bundleWorkflowCode } from './index.js';

const activation = (jobs: Job[]) => ({
  runId: 'run-1',
  timestampMs: 1_700_000_000_000,
  isReplaying: false,
  historyLength: 3,
  historySizeBytes: 0,
  continueAsNewSuggested: false,
  jobs,
});

const start = (workflowType: string): Job => ({
  kind: 'initializeWorkflow',
  workflowType,
  workflowId: 'wf-1',
  runId: 'run-1',
  namespace: 'default',
  taskQueue: 'q',
  args: [],
  headers: {},
  randomnessSeed: [1, 2, 3, 4, 5, 6, 7, 8],
  attempt: 1,
  firstExecutionRunId: 'run-1',
  originalExecutionRunId: 'run-1',
  taskTimeoutMs: 10_000,
  startTimeMs: 1_700_000_000_000,
  runStartTimeMs: 1_700_000_000_000,
});

test('code that never yields fails the activation with DeadlockError, in the body or in a condition', { timeout: 20_000 }, async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./fixtures/workflows-deadlock.js', import.meta.url)) });
  const sandbox = new WorkflowSandbox(code, { activationTimeoutMs: 100 });
  assert.throws(() => sandbox.createRun().activate(activation([start('spins')])), (err: Error) => {
    assert.ok(err instanceof DeadlockError);
    assert.match(err.message, /did not yield within 100 ms/);
    return true;
  });
  const run = sandbox.createRun();
  assert.equal(run.activate(activation([start('spinsInCondition')])).commands.length, 0);
  assert.throws(() => run.activate(activation([{ kind: 'signalWorkflow', signalName: 'go', args: [], headers: {} }])), DeadlockError);
});
