// workflow signal | cancel | terminate | delete | update-options | pause | unpause: one workflow by ID, or a batch
// over the workflows a --query selects.
import { randomUUID } from 'node:crypto';
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import type { Flags } from '../flags.js';
import { inputPayloads, keyJsonPayloads, payloadOptions } from '../payloads.js';
import { UsageError } from '../usage-error.js';
import { SINGLE_OR_BATCH, WORKFLOW_REFERENCE, checkSingleOrBatch, defaultReason, startBatch } from './shared.js';

const execution = (flags: Flags) => ({ workflowId: flags.string('workflow-id'), runId: flags.string('run-id') });

/** One workflow (--workflow-id), or a batch job (--query). */
async function singleOrBatch(
  ctx: CommandContext,
  verb: string,
  single: () => Promise<{ data: unknown; text: string }>,
  batch: () => Parameters<typeof startBatch>[2],
): Promise<number> {
  if (ctx.flags.string('query')) return startBatch(ctx, verb, batch());
  const { data, text } = await single();
  ctx.print.object(data, text);
  return 0;
}

export const VERSIONING_OPTIONS: OptionSpec[] = [
  { name: 'versioning-override-behavior', type: 'enum', values: ['unspecified', 'pinned', 'auto_upgrade'], required: true, description: 'Versioning behavior to force: pinned to a version, or auto_upgrade; unspecified removes the override.' },
  { name: 'versioning-override-deployment-name', type: 'string', description: 'Deployment of the version to pin to.' },
  { name: 'versioning-override-build-id', type: 'string', description: 'Build ID of the version to pin to.' },
];

/** The versioning override the flags describe, checked before connecting. */
export function versioningOverride(flags: Flags): temporal.api.workflow.v1.IVersioningOverride | undefined {
  const behavior = flags.string('versioning-override-behavior');
  const deployment = flags.string('versioning-override-deployment-name');
  const buildId = flags.string('versioning-override-build-id');
  if (behavior === 'pinned' && (!deployment || !buildId)) {
    throw new UsageError('--versioning-override-behavior pinned needs --versioning-override-deployment-name and --versioning-override-build-id');
  }
  if (behavior !== 'pinned' && (deployment || buildId)) throw new UsageError('the deployment name and build ID are only for --versioning-override-behavior pinned');
  if (behavior === 'unspecified') return undefined;
  if (behavior === 'auto_upgrade') return { autoUpgrade: true };
  return { pinned: { version: { deploymentName: deployment, buildId } } };
}

export const workflowControlCommands: CommandSpec[] = [
  {
    path: 'workflow signal',
    summary: 'Send a signal to a workflow execution, or to every workflow a query selects',
    description: `Delivers a signal (asynchronous message) to the workflow's signal handler.\n\nExample:\n  durable workflow signal \\\n      --workflow-id YourWorkflowId \\\n      --name YourSignal \\\n      --input '{"some": "json"}'`,
    options: [{ name: 'name', type: 'string', required: true, aliases: ['type'], description: 'Signal name.' }, ...SINGLE_OR_BATCH, ...payloadOptions()],
    validate(flags) {
      checkSingleOrBatch(flags);
      inputPayloads(flags);
      keyJsonPayloads(flags, 'headers');
    },
    async run(ctx) {
      const input = { payloads: inputPayloads(ctx.flags) };
      const headers = keyJsonPayloads(ctx.flags, 'headers');
      const header = headers && { fields: headers };
      const signalName = ctx.flags.required('name');
      return singleOrBatch(
        ctx,
        'signal',
        async () => {
          const c = await ctx.client();
          await c.connection.workflowService.signalWorkflowExecution({ namespace: c.namespace, workflowExecution: execution(ctx.flags), signalName, input, header, identity: c.identity, requestId: randomUUID() });
          return { data: { signaled: true, workflowId: ctx.flags.string('workflow-id'), signalName }, text: 'Signal workflow succeeded' };
        },
        () => ({ signalOperation: { signal: signalName, input, header } }),
      );
    },
  },
  {
    path: 'workflow cancel',
    summary: 'Request cancellation of a workflow execution, or of every workflow a query selects',
    description: `Asks the workflow to cancel: its code sees a cancellation and may clean up before it closes.\n\nExample:\n  durable workflow cancel \\\n      --workflow-id YourWorkflowId`,
    options: SINGLE_OR_BATCH,
    validate: checkSingleOrBatch,
    run: (ctx) =>
      singleOrBatch(
        ctx,
        'cancel',
        async () => {
          const c = await ctx.client();
          await c.connection.workflowService.requestCancelWorkflowExecution({ namespace: c.namespace, workflowExecution: execution(ctx.flags), identity: c.identity, requestId: randomUUID(), reason: ctx.flags.string('reason') });
          return { data: { cancelRequested: true, workflowId: ctx.flags.string('workflow-id') }, text: 'Cancellation requested' };
        },
        () => ({ cancellationOperation: {} }),
      ),
  },
  {
    path: 'workflow terminate',
    summary: 'End a workflow execution at once, or every workflow a query selects',
    description: `Terminates the workflow: no more code of it runs and nothing cleans up. Prefer cancel when the workflow can clean up.\n\nExample:\n  durable workflow terminate \\\n      --workflow-id YourWorkflowId \\\n      --reason "No longer needed"`,
    options: SINGLE_OR_BATCH.filter((o) => o.name !== 'headers'),
    validate: checkSingleOrBatch,
    run: (ctx) =>
      singleOrBatch(
        ctx,
        'terminate',
        async () => {
          const c = await ctx.client();
          await c.connection.workflowService.terminateWorkflowExecution({
            namespace: c.namespace,
            workflowExecution: execution(ctx.flags),
            reason: ctx.flags.string('reason') ?? defaultReason('terminated'),
            identity: c.identity,
          });
          return { data: { terminated: true, workflowId: ctx.flags.string('workflow-id') }, text: 'Workflow terminated' };
        },
        () => ({ terminationOperation: {} }),
      ),
  },
  {
    path: 'workflow delete',
    summary: 'Remove a workflow execution and its history, or every workflow a query selects',
    description: `Deletes the workflow (terminating it first when it runs) with its history and visibility record.\n\nExample:\n  durable workflow delete \\\n      --workflow-id YourWorkflowId`,
    options: SINGLE_OR_BATCH,
    validate: checkSingleOrBatch,
    run: (ctx) =>
      singleOrBatch(
        ctx,
        'delete',
        async () => {
          const c = await ctx.client();
          await c.connection.workflowService.deleteWorkflowExecution({ namespace: c.namespace, workflowExecution: execution(ctx.flags) });
          return { data: { deleted: true, workflowId: ctx.flags.string('workflow-id') }, text: 'Delete workflow succeeded' };
        },
        () => ({ deletionOperation: {} }),
      ),
  },
  {
    path: 'workflow update-options',
    summary: 'Change the options of a workflow execution (its versioning override)',
    description: `Pins a workflow to a worker deployment version, lets it auto-upgrade, or removes the override.\n\nExample:\n  durable workflow update-options \\\n      --workflow-id YourWorkflowId \\\n      --versioning-override-behavior pinned \\\n      --versioning-override-deployment-name YourDeployment \\\n      --versioning-override-build-id YourBuildId`,
    options: [...SINGLE_OR_BATCH, ...VERSIONING_OPTIONS],
    validate(flags) {
      checkSingleOrBatch(flags);
      versioningOverride(flags);
    },
    async run(ctx) {
      const options = { versioningOverride: versioningOverride(ctx.flags) };
      const updateMask = { paths: ['versioning_override'] };
      return singleOrBatch(
        ctx,
        'update the options of',
        async () => {
          const c = await ctx.client();
          const r = await c.connection.workflowService.updateWorkflowExecutionOptions({ namespace: c.namespace, workflowExecution: execution(ctx.flags), workflowExecutionOptions: options, updateMask });
          return { data: { workflowExecutionOptions: r.workflowExecutionOptions ?? {} }, text: 'Update workflow options succeeded' };
        },
        () => ({ updateWorkflowOptionsOperation: { workflowExecutionOptions: options, updateMask } }),
      );
    },
  },
  ...(['pause', 'unpause'] as const).map(
    (verb): CommandSpec => ({
      path: `workflow ${verb}`,
      summary: verb === 'pause' ? 'Pause a workflow execution: no new tasks run until it is unpaused' : 'Let a paused workflow execution run again',
      description: `${verb === 'pause' ? 'Stops dispatching the workflow\'s tasks; signals and updates are kept for later.' : 'Resumes a paused workflow.'}\n\nExample:\n  durable workflow ${verb} \\\n      --workflow-id YourWorkflowId \\\n      --reason "Investigating"`,
      options: [...WORKFLOW_REFERENCE, { name: 'reason', type: 'string', description: `Why the workflow is ${verb}d.` }],
      async run(ctx) {
        const c = await ctx.client();
        const request = { namespace: c.namespace, workflowId: ctx.flags.string('workflow-id'), runId: ctx.flags.string('run-id'), identity: c.identity, reason: ctx.flags.string('reason'), requestId: randomUUID() };
        if (verb === 'pause') await c.connection.workflowService.pauseWorkflowExecution(request);
        else await c.connection.workflowService.unpauseWorkflowExecution(request);
        ctx.print.object({ [verb === 'pause' ? 'paused' : 'unpaused']: true, workflowId: request.workflowId }, `Workflow ${verb}d`);
      },
    }),
  ),
];
