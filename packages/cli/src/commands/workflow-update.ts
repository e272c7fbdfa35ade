// workflow update start | execute | result | describe: updates are requests a workflow validates (and may reject,
// with the validator's reason) and answers.
import { randomUUID } from 'node:crypto';
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import { inputPayloads, keyJsonPayloads, payloadOptions, payloadValues } from '../payloads.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { failureText } from './shared.js';

type Outcome = temporal.api.update.v1.IOutcome | null | undefined;

const STARTING: OptionSpec[] = [
  { name: 'name', type: 'string', required: true, aliases: ['type'], description: 'Update handler name.' },
  { name: 'workflow-id', short: 'w', type: 'string', required: true, meta: 'ID', description: 'Workflow ID.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID (default: the running one).' },
  { name: 'update-id', type: 'string', description: 'Update ID (default: a new UUID); an update with an ID the workflow has seen is not run twice.' },
  { name: 'first-execution-run-id', type: 'string', description: 'Send the update to the latest run of the chain this run started.' },
  { name: 'headers', type: 'string[]', meta: 'KEY=JSON', description: 'Header sent with the update. Repeatable.' },
];

const TARGETING: OptionSpec[] = [
  { name: 'workflow-id', short: 'w', type: 'string', required: true, meta: 'ID', description: 'Workflow ID.' },
  { name: 'update-id', type: 'string', required: true, description: 'Update ID.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID (default: the running one).' },
];

const stage = (word: string) => enumValue('UpdateWorkflowExecutionLifecycleStage', 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE', word);

/** Prints an outcome; a failure (a validator's rejection or the handler's error) is exit 1 with its reason. */
function printOutcome(ctx: CommandContext, ids: { workflowId: string; updateId: string }, outcome: Outcome, stageName?: string): number {
  if (outcome?.failure) {
    const failure = failureText(outcome.failure);
    ctx.print.object({ ...ids, stage: stageName, failure }, `Update failed: ${failure}`);
    return 1;
  }
  if (!outcome) {
    ctx.print.object({ ...ids, stage: stageName }, `Update ${ids.updateId}: ${stageName ?? 'not completed'}`);
    return 0;
  }
  const values = payloadValues(outcome.success, ctx.flags.bool('no-json-shorthand-payloads'));
  const result = values.length <= 1 ? values[0] : values;
  ctx.print.object({ ...ids, stage: stageName, result }, `Update result:\n  ${JSON.stringify(result)}`);
  return 0;
}

async function send(ctx: CommandContext, waitFor: 'Accepted' | 'Completed'): Promise<number> {
  const args = { payloads: inputPayloads(ctx.flags) };
  const headers = keyJsonPayloads(ctx.flags, 'headers');
  const c = await ctx.client();
  const workflowId = ctx.flags.required('workflow-id');
  const updateId = ctx.flags.string('update-id') ?? randomUUID();
  const request = {
    namespace: c.namespace,
    workflowExecution: { workflowId, runId: ctx.flags.string('run-id') },
    firstExecutionRunId: ctx.flags.string('first-execution-run-id'),
    waitPolicy: { lifecycleStage: stage(waitFor) },
    request: { meta: { updateId, identity: c.identity }, input: { name: ctx.flags.required('name'), args, header: headers && { fields: headers } } },
  };
  // The server answers once the update reaches the stage or its own deadline; ask again until it is reached.
  for (;;) {
    const r = await c.connection.workflowService.updateWorkflowExecution(request);
    const reached = r.stage ?? 0;
    if (r.outcome || reached >= stage(waitFor)) {
      const ids = { workflowId, updateId };
      if (waitFor === 'Accepted' && !r.outcome) {
        ctx.print.object({ ...ids, stage: enumWord('UpdateWorkflowExecutionLifecycleStage', reached) }, `Update accepted: ${updateId}`);
        return 0;
      }
      return printOutcome(ctx, ids, r.outcome, enumWord('UpdateWorkflowExecutionLifecycleStage', reached));
    }
  }
}

async function poll(ctx: CommandContext, waitFor: 'Completed' | 'Unspecified'): Promise<number> {
  const c = await ctx.client();
  const workflowId = ctx.flags.required('workflow-id');
  const updateId = ctx.flags.required('update-id');
  for (;;) {
    const r = await c.connection.workflowService.pollWorkflowExecutionUpdate({
      namespace: c.namespace,
      updateRef: { workflowExecution: { workflowId, runId: ctx.flags.string('run-id') }, updateId },
      identity: c.identity,
      waitPolicy: { lifecycleStage: stage(waitFor) },
    });
    if (r.outcome || waitFor === 'Unspecified') return printOutcome(ctx, { workflowId, updateId }, r.outcome, enumWord('UpdateWorkflowExecutionLifecycleStage', r.stage));
  }
}

export const workflowUpdateCommands: CommandSpec[] = [
  {
    path: 'workflow update execute',
    summary: 'Send an update to a workflow execution and wait for its result',
    description: `Runs the workflow's update handler and prints its result; a rejection by the validator or a failed handler prints the reason and exits 1.\n\nExample:\n  durable workflow update execute \\\n      --workflow-id YourWorkflowId \\\n      --name YourUpdate \\\n      --input '{"some": "json"}'`,
    options: [...STARTING, ...payloadOptions()],
    validate: (flags) => void inputPayloads(flags),
    run: (ctx) => send(ctx, 'Completed'),
  },
  {
    path: 'workflow update start',
    summary: 'Send an update to a workflow execution and wait until it is accepted',
    description: `Returns once the workflow accepted the update (its validator passed); "update result" waits for the result.\n\nExample:\n  durable workflow update start \\\n      --workflow-id YourWorkflowId \\\n      --name YourUpdate \\\n      --wait-for-stage accepted`,
    options: [...STARTING, { name: 'wait-for-stage', type: 'enum', values: ['accepted'], required: true, description: 'Stage to wait for; only "accepted".' }, ...payloadOptions()],
    validate: (flags) => void inputPayloads(flags),
    run: (ctx) => send(ctx, 'Accepted'),
  },
  {
    path: 'workflow update result',
    summary: 'Wait for an update to complete and show its result',
    description: `Example:\n  durable workflow update result \\\n      --workflow-id YourWorkflowId \\\n      --update-id YourUpdateId`,
    options: TARGETING,
    run: (ctx) => poll(ctx, 'Completed'),
  },
  {
    path: 'workflow update describe',
    summary: 'Show an update\'s stage, and its result once it has one',
    description: `Example:\n  durable workflow update describe \\\n      --workflow-id YourWorkflowId \\\n      --update-id YourUpdateId`,
    options: TARGETING,
    run: (ctx) => poll(ctx, 'Unspecified'),
  },
];
