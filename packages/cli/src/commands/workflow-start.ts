// workflow start | execute | signal-with-start | start-update-with-start | execute-update-with-start: new runs
// with every option of the temporal CLI's start flags.
import { randomUUID } from 'node:crypto';
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import { protoDuration } from '../durations.js';
import type { Flags } from '../flags.js';
import { inputPayloads, keyJsonPayloads, payloadOptions, payloadValues } from '../payloads.js';
import { enumValue } from '../proto-enums.js';
import { UsageError } from '../usage-error.js';
import { closeOutcome, describeEvent, followHistory } from './history.js';
import { failureText, METADATA_AND_PRIORITY_OPTIONS, metadataAndPriority } from './shared.js';

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;

export const START_OPTIONS: OptionSpec[] = [
  { name: 'workflow-id', short: 'w', type: 'string', meta: 'ID', description: 'Workflow ID (default: a new UUID).' },
  { name: 'type', type: 'string', required: true, description: 'Workflow type name.' },
  { name: 'task-queue', short: 't', type: 'string', required: true, description: 'Task queue the workflow\'s tasks go to.' },
  { name: 'run-timeout', type: 'duration', description: 'Fail the run if it lasts longer than this.' },
  { name: 'execution-timeout', type: 'duration', description: 'Fail the workflow (all its runs, retries and continue-as-new) if it lasts longer than this.' },
  { name: 'task-timeout', type: 'duration', default: '10s', description: 'Fail a workflow task that runs longer than this.' },
  { name: 'search-attribute', type: 'string[]', meta: 'KEY=JSON', description: 'Search attribute. Repeatable.' },
  { name: 'headers', type: 'string[]', meta: 'KEY=JSON', description: 'Workflow header. Repeatable.' },
  { name: 'memo', type: 'string[]', meta: 'KEY=JSON', description: 'Memo entry. Repeatable.' },
  ...METADATA_AND_PRIORITY_OPTIONS,
  { name: 'cron', type: 'string', description: 'Cron schedule (5 fields or @every/@daily …) to run the workflow on.' },
  { name: 'fail-existing', type: 'bool', description: 'Fail if a workflow with this ID is running.' },
  { name: 'start-delay', type: 'duration', description: 'Wait this long before the first workflow task (a signal starts it at once).' },
  { name: 'id-reuse-policy', type: 'enum', values: ['AllowDuplicate', 'AllowDuplicateFailedOnly', 'RejectDuplicate', 'TerminateIfRunning'], description: 'Whether the ID of a closed workflow may be used again.' },
  { name: 'id-conflict-policy', type: 'enum', values: ['Fail', 'UseExisting', 'TerminateExisting'], description: 'What happens when a workflow with this ID is running.' },
];

const duration = (flags: Flags, name: string) => {
  const ms = flags.number(name);
  return ms === undefined ? undefined : protoDuration(ms);
};

/** The StartWorkflowExecution request the start flags describe (checked before connecting). */
export function startRequest(flags: Flags, namespace: string, identity: string): StartRequest {
  if (flags.string('cron') && flags.has('start-delay')) throw new UsageError('--start-delay cannot be used with --cron');
  const reuse = flags.string('id-reuse-policy');
  const conflict = flags.string('id-conflict-policy') ?? (flags.bool('fail-existing') ? 'Fail' : undefined);
  const headers = keyJsonPayloads(flags, 'headers');
  const memo = keyJsonPayloads(flags, 'memo');
  const search = keyJsonPayloads(flags, 'search-attribute');
  return {
    namespace,
    identity,
    requestId: randomUUID(),
    workflowId: flags.string('workflow-id') ?? randomUUID(),
    workflowType: { name: flags.string('type') },
    taskQueue: { name: flags.string('task-queue') },
    input: { payloads: inputPayloads(flags) },
    workflowRunTimeout: duration(flags, 'run-timeout'),
    workflowExecutionTimeout: duration(flags, 'execution-timeout'),
    workflowTaskTimeout: duration(flags, 'task-timeout'),
    workflowStartDelay: duration(flags, 'start-delay'),
    cronSchedule: flags.string('cron'),
    workflowIdReusePolicy: reuse ? enumValue('WorkflowIdReusePolicy', 'WORKFLOW_ID_REUSE_POLICY', reuse) : undefined,
    workflowIdConflictPolicy: conflict ? enumValue('WorkflowIdConflictPolicy', 'WORKFLOW_ID_CONFLICT_POLICY', conflict) : undefined,
    header: headers && { fields: headers },
    memo: memo && { fields: memo },
    searchAttributes: search && { indexedFields: search },
    ...metadataAndPriority(flags),
  };
}

function checkStart(flags: Flags): void {
  startRequest(flags, '', '');
}

function runningText(r: { workflowId: string; runId: string; type: string; namespace: string; taskQueue: string }): string {
  return `Running execution:\n  WorkflowId  ${r.workflowId}\n  RunId       ${r.runId}\n  Type        ${r.type}\n  Namespace   ${r.namespace}\n  TaskQueue   ${r.taskQueue}\n`;
}

async function start(ctx: CommandContext, wait: boolean): Promise<number> {
  const c = await ctx.client();
  const request = startRequest(ctx.flags, c.namespace, c.identity);
  const response = await c.connection.workflowService.startWorkflowExecution(request);
  const started = { workflowId: request.workflowId!, runId: response.runId ?? '', type: request.workflowType!.name!, namespace: c.namespace, taskQueue: request.taskQueue!.name! };
  if (!wait) {
    ctx.print.object({ ...started, started: response.started !== false }, runningText(started) + (response.started === false ? '  (already running; --id-conflict-policy UseExisting)\n' : ''));
    return 0;
  }
  ctx.print.line(runningText(started));
  if (ctx.flags.bool('detailed') || ctx.print.format === 'text') ctx.print.line('Progress:');
  const close = await followHistory(c, started.workflowId, started.runId, (e) => ctx.print.line(describeEvent(e, ctx.print.time)));
  const outcome = closeOutcome(close);
  ctx.print.object(
    { ...started, ...outcome },
    `\nResults:\n  Status  ${outcome.status.toUpperCase()}\n${outcome.result !== undefined ? `  Result  ${JSON.stringify(outcome.result)}\n` : ''}${outcome.failure ? `  Failure  ${outcome.failure}\n` : ''}`,
  );
  return outcome.status === 'Completed' ? 0 : 1;
}

const EXAMPLE = (verb: string) => `Example:
  durable workflow ${verb} \\
      --type YourWorkflow \\
      --task-queue YourTaskQueue \\
      --workflow-id YourWorkflowId \\
      --input '{"some": "json"}'`;

const UPDATE_WITH_START_OPTIONS: OptionSpec[] = [
  { name: 'update-name', type: 'string', required: true, aliases: ['update-type'], description: 'Update handler name.' },
  { name: 'update-first-execution-run-id', type: 'string', description: 'Send the update to the latest run of the chain this run started.' },
  { name: 'update-id', type: 'string', description: 'Update ID (default: a new UUID).' },
  { name: 'run-id', short: 'r', type: 'string', description: 'Run ID to send the update to.' },
  { name: 'update-input', type: 'string[]', meta: 'JSON', description: 'Update argument, JSON. Repeatable.' },
  { name: 'update-input-file', type: 'string[]', meta: 'PATH', description: 'File holding one update argument. Repeatable.' },
  { name: 'update-input-meta', type: 'string[]', meta: 'KEY=VALUE', description: 'Update payload metadata. Repeatable.' },
  { name: 'update-input-base64', type: 'bool', description: 'The update inputs are base64.' },
];

async function updateWithStart(ctx: CommandContext, wait: boolean): Promise<number> {
  const updatePayloads = inputPayloads(ctx.flags, 'update-');
  const c = await ctx.client();
  const startReq = startRequest(ctx.flags, c.namespace, c.identity);
  if (!startReq.workflowIdConflictPolicy) startReq.workflowIdConflictPolicy = enumValue('WorkflowIdConflictPolicy', 'WORKFLOW_ID_CONFLICT_POLICY', 'UseExisting');
  const updateId = ctx.flags.string('update-id') ?? randomUUID();
  const stage = enumValue('UpdateWorkflowExecutionLifecycleStage', 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE', wait ? 'Completed' : 'Accepted');
  const response = await c.connection.workflowService.executeMultiOperation({
    namespace: c.namespace,
    operations: [
      { startWorkflow: startReq },
      {
        updateWorkflow: {
          namespace: c.namespace,
          workflowExecution: { workflowId: startReq.workflowId, runId: ctx.flags.string('run-id') },
          firstExecutionRunId: ctx.flags.string('update-first-execution-run-id'),
          waitPolicy: { lifecycleStage: stage },
          request: { meta: { updateId, identity: c.identity }, input: { name: ctx.flags.string('update-name'), args: { payloads: updatePayloads } } },
        },
      },
    ],
  });
  const [startResp, updateResp] = (response.responses ?? []).map((r) => r);
  const runId = startResp?.startWorkflow?.runId ?? '';
  const outcome = updateResp?.updateWorkflow?.outcome;
  const failure = outcome?.failure ? failureText(outcome.failure) : undefined;
  const result = wait && !failure ? payloadValues(outcome?.success)[0] : undefined;
  const data = {
    workflowId: startReq.workflowId,
    runId,
    started: startResp?.startWorkflow?.started !== false,
    updateName: ctx.flags.string('update-name'),
    updateId,
    ...(wait ? { failure, result } : {}),
  };
  const text = [
    `WorkflowId  ${data.workflowId}`,
    `RunId       ${runId}`,
    `UpdateId    ${updateId}`,
    ...(wait ? [failure ? `Failure     ${failure}` : `Result      ${JSON.stringify(result)}`] : ['Update accepted']),
  ].join('\n');
  ctx.print.object(data, text);
  return outcome?.failure ? 1 : 0;
}

export const workflowStartCommands: CommandSpec[] = [
  {
    path: 'workflow start',
    summary: 'Start a new workflow execution and print its IDs without waiting',
    description: `Starts a workflow and returns once the server has recorded it.\n\n${EXAMPLE('start')}`,
    options: [...START_OPTIONS, ...payloadOptions()],
    validate: checkStart,
    run: (ctx) => start(ctx, false),
  },
  {
    path: 'workflow execute',
    summary: 'Start a new workflow execution, show its progress and wait for its result',
    description: `Starts a workflow, prints its events as they happen and then its result. Exits 1 when the workflow does not complete.\n\n${EXAMPLE('execute')}`,
    options: [...START_OPTIONS, ...payloadOptions(), { name: 'detailed', type: 'bool', description: 'Show the progress (on by default in text output).' }],
    validate: checkStart,
    run: (ctx) => start(ctx, true),
  },
  {
    path: 'workflow signal-with-start',
    summary: 'Send a signal to a workflow, starting it first if it is not running',
    description: `Signals the running workflow with this ID, or starts it and delivers the signal as its first event.\n\nExample:\n  durable workflow signal-with-start \\\n      --signal-name YourSignal \\\n      --signal-input '{"some": "json"}' \\\n      --type YourWorkflow \\\n      --task-queue YourTaskQueue \\\n      --workflow-id YourWorkflowId`,
    options: [
      ...START_OPTIONS,
      ...payloadOptions(),
      { name: 'signal-name', type: 'string', required: true, aliases: ['signal-type'], description: 'Signal name.' },
      ...payloadOptions('signal-', 'Signal input'),
    ],
    validate: (flags) => {
      checkStart(flags);
      inputPayloads(flags, 'signal-');
    },
    async run(ctx) {
      const signalInput = inputPayloads(ctx.flags, 'signal-');
      const c = await ctx.client();
      const req = startRequest(ctx.flags, c.namespace, c.identity);
      const { runId, started } = await c.connection.workflowService.signalWithStartWorkflowExecution({
        ...req,
        signalName: ctx.flags.string('signal-name'),
        signalInput: { payloads: signalInput },
      } as temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest);
      const data = { workflowId: req.workflowId, runId, type: req.workflowType!.name, namespace: c.namespace, taskQueue: req.taskQueue!.name, started: started !== false };
      ctx.print.object(data, `${runningText(data as Parameters<typeof runningText>[0])}  Signaled    ${ctx.flags.string('signal-name')}${started === false ? ' (the workflow was already running)' : ''}`);
    },
  },
  {
    path: 'workflow start-update-with-start',
    summary: 'Send an update to a workflow, starting it first if needed, and wait until the update is accepted',
    description: `Starts the workflow unless one with this ID runs (--id-conflict-policy defaults to UseExisting) and sends it an update, returning once the update is accepted.\n\nExample:\n  durable workflow start-update-with-start \\\n      --update-name YourUpdate \\\n      --update-input '{"some": "json"}' \\\n      --type YourWorkflow \\\n      --task-queue YourTaskQueue \\\n      --workflow-id YourWorkflowId`,
    options: [...START_OPTIONS.filter((o) => o.name !== 'workflow-id'), { ...START_OPTIONS[0], required: true }, ...payloadOptions(), ...UPDATE_WITH_START_OPTIONS],
    validate: (flags) => {
      checkStart(flags);
      inputPayloads(flags, 'update-');
    },
    run: (ctx) => updateWithStart(ctx, false),
  },
  {
    path: 'workflow execute-update-with-start',
    summary: 'Send an update to a workflow, starting it first if needed, and wait for the update\'s result',
    description: `As start-update-with-start, then prints the update's result (exit 1 when the update fails).\n\nExample:\n  durable workflow execute-update-with-start \\\n      --update-name YourUpdate \\\n      --type YourWorkflow \\\n      --task-queue YourTaskQueue \\\n      --workflow-id YourWorkflowId`,
    options: [...START_OPTIONS.filter((o) => o.name !== 'workflow-id'), { ...START_OPTIONS[0], required: true }, ...payloadOptions(), ...UPDATE_WITH_START_OPTIONS],
    validate: (flags) => {
      checkStart(flags);
      inputPayloads(flags, 'update-');
    },
    run: (ctx) => updateWithStart(ctx, true),
  },
];

