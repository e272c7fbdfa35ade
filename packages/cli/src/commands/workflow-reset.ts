// workflow reset: a new run that replays the history up to a workflow task (by event ID, or the first / last
// task, the run before a continue-as-new, the first task of a build), then runs on from there; signals and updates
// after that point are re-applied unless excluded.
import { randomUUID } from 'node:crypto';
import { temporal, toLong } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import type { ClientContext } from '../connect.js';
import type { Flags } from '../flags.js';
import { enumValue } from '../proto-enums.js';
import { UsageError } from '../usage-error.js';
import { fetchHistory } from './history.js';
import { VERSIONING_OPTIONS, versioningOverride } from './workflow-control.js';
import { defaultReason, startBatch } from './shared.js';

const TYPES = ['FirstWorkflowTask', 'LastWorkflowTask', 'LastContinuedAsNew', 'BuildId'] as const;
type ResetType = (typeof TYPES)[number];
const SHORT: Record<string, ResetType> = { first: 'FirstWorkflowTask', last: 'LastWorkflowTask', 'last-continued-as-new': 'LastContinuedAsNew', 'build-id': 'BuildId' };

const RESET_OPTIONS: OptionSpec[] = [
  { name: 'workflow-id', short: 'w', type: 'string', meta: 'ID', description: 'Workflow ID. Set this or --query.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID (default: the latest run).' },
  { name: 'event-id', short: 'e', type: 'int', description: 'Reset to the end of this workflow task (a WorkflowTaskCompleted, -Failed or -TimedOut event). Set this or --type.' },
  { name: 'type', short: 't', type: 'string', meta: 'TYPE', description: `Where to reset: ${TYPES.join(', ')} (or first, last). Set this or --event-id.` },
  { name: 'build-id', type: 'string', description: 'With --type BuildId: reset to before the first workflow task this build ran.' },
  { name: 'reason', type: 'string', required: true, description: 'Why the workflow is reset (recorded in its history).' },
  { name: 'reapply-type', type: 'enum', values: ['All', 'Signal', 'None'], default: 'All', description: 'Events after the reset point to apply again (superseded by --reapply-exclude).' },
  { name: 'reapply-exclude', type: 'enum[]', values: ['All', 'Signal', 'Update'], description: 'Events after the reset point not to apply again. Repeatable.' },
  { name: 'query', short: 'q', type: 'string', description: 'List filter: reset every matching workflow in a batch job.' },
  { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before resetting (with --query).' },
];

function resetType(flags: Flags): ResetType | undefined {
  const raw = flags.string('type');
  if (raw === undefined) return undefined;
  const t = TYPES.find((x) => x.toLowerCase() === raw.toLowerCase()) ?? SHORT[raw.toLowerCase()];
  if (!t) throw new UsageError(`--type expects one of ${TYPES.join(', ')} (or first, last), got ${JSON.stringify(raw)}`);
  return t;
}

function check(flags: Flags): void {
  const id = flags.string('workflow-id');
  const query = flags.string('query');
  if (!id && !query) throw new UsageError('set --workflow-id or --query');
  if (id && query) throw new UsageError('set --workflow-id or --query, not both');
  const type = resetType(flags);
  const eventId = flags.number('event-id');
  if ((type === undefined) === (eventId === undefined)) throw new UsageError('set --event-id or --type (one of them)');
  if (query && eventId !== undefined) throw new UsageError('--event-id cannot be used with --query; use --type');
  if (query && type === 'LastContinuedAsNew') throw new UsageError('--type LastContinuedAsNew cannot be used with --query');
  if ((type === 'BuildId') !== Boolean(flags.string('build-id'))) throw new UsageError('--build-id goes with --type BuildId (both or neither)');
  if (flags.has('yes') && !query) throw new UsageError('--yes is only for --query');
}

function excludes(flags: Flags): number[] {
  const words = new Set(flags.list('reapply-exclude'));
  const type = flags.string('reapply-type');
  if (type === 'None') words.add('All');
  if (type === 'Signal') words.add('Update');
  const all = words.has('All');
  return [...(all || words.has('Signal') ? ['Signal'] : []), ...(all || words.has('Update') ? ['Update'] : [])].map((w) => enumValue('ResetReapplyExcludeType', 'RESET_REAPPLY_EXCLUDE_TYPE', w));
}

const { EventType } = temporal.api.enums.v1;
const TASK_DONE = new Set<number>([EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]);

/** The run and the workflow task event to reset to. */
async function resetPoint(c: ClientContext, flags: Flags, type: ResetType | undefined): Promise<{ runId?: string; eventId: number }> {
  const workflowId = flags.required('workflow-id');
  const runId = flags.string('run-id');
  const eventId = flags.number('event-id');
  if (eventId !== undefined) return { runId, eventId };
  if (type === 'BuildId') {
    const d = await c.connection.workflowService.describeWorkflowExecution({ namespace: c.namespace, execution: { workflowId, runId } });
    const point = (d.workflowExecutionInfo?.autoResetPoints?.points ?? []).find((p) => p.buildId === flags.string('build-id'));
    if (!point) throw new Error(`no reset point for build ID ${JSON.stringify(flags.string('build-id'))} in workflow ${workflowId}`);
    return { runId: point.runId ?? undefined, eventId: Number(point.firstWorkflowTaskCompletedId) };
  }
  let targetRun = runId;
  let events = await fetchHistory(c, workflowId, targetRun);
  if (type === 'LastContinuedAsNew') {
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) throw new Error(`workflow ${workflowId}'s run did not start from a continue-as-new`);
    targetRun = previous;
    events = await fetchHistory(c, workflowId, targetRun);
  }
  const done = events.filter((e) => TASK_DONE.has(e.eventType ?? 0));
  const picked = type === 'FirstWorkflowTask' ? done[0] : done.at(-1);
  if (!picked) throw new Error(`workflow ${workflowId} has no completed workflow task to reset to`);
  return { runId: targetRun, eventId: Number(picked.eventId) };
}

async function reset(ctx: CommandContext, postReset: temporal.api.workflow.v1.IPostResetOperation[]): Promise<number> {
  const type = resetType(ctx.flags);
  const exclude = excludes(ctx.flags);
  if (ctx.flags.string('query')) {
    const options = {
      resetReapplyExcludeTypes: exclude,
      postResetOperations: postReset,
      ...(type === 'FirstWorkflowTask' ? { firstWorkflowTask: {} } : type === 'LastWorkflowTask' ? { lastWorkflowTask: {} } : { buildId: ctx.flags.string('build-id') }),
    };
    return startBatch(ctx, 'reset', { resetOperation: { options } });
  }
  const c = await ctx.client();
  const point = await resetPoint(c, ctx.flags, type);
  const workflowId = ctx.flags.required('workflow-id');
  const r = await c.connection.workflowService.resetWorkflowExecution({
    namespace: c.namespace,
    workflowExecution: { workflowId, runId: point.runId },
    reason: ctx.flags.string('reason') ?? defaultReason('reset'),
    workflowTaskFinishEventId: toLong(point.eventId),
    requestId: randomUUID(),
    resetReapplyExcludeTypes: exclude,
    postResetOperations: postReset,
    identity: c.identity,
  });
  ctx.print.object({ workflowId, runId: r.runId, resetEventId: point.eventId }, `Reset workflow ${workflowId} to event ${point.eventId}. New run ID: ${r.runId}`);
  return 0;
}

export const workflowResetCommands: CommandSpec[] = [
  {
    path: 'workflow reset',
    summary: 'Start a new run of a workflow from a point in its history, re-applying later signals and updates',
    description: `The new run replays the history up to the reset point and continues from there with the current code; the old run is terminated.\n\nExample:\n  durable workflow reset \\\n      --workflow-id YourWorkflowId \\\n      --event-id 4 \\\n      --reason "Fixed the bug"\n\n  durable workflow reset \\\n      --query "WorkflowType = 'YourWorkflow'" \\\n      --type LastWorkflowTask \\\n      --reapply-exclude Signal \\\n      --reason "Retry after the outage" --yes`,
    options: RESET_OPTIONS,
    validate: check,
    run: (ctx) => reset(ctx, []),
  },
  {
    path: 'workflow reset with-workflow-update-options',
    summary: 'Reset a workflow and change its options (versioning override) in the new run',
    description: `As "workflow reset", and the new run gets the versioning override.\n\nExample:\n  durable workflow reset with-workflow-update-options \\\n      --workflow-id YourWorkflowId \\\n      --event-id 4 \\\n      --reason "Move to the new build" \\\n      --versioning-override-behavior pinned \\\n      --versioning-override-deployment-name YourDeployment \\\n      --versioning-override-build-id YourBuildId`,
    options: [...RESET_OPTIONS, ...VERSIONING_OPTIONS],
    validate(flags) {
      check(flags);
      versioningOverride(flags);
    },
    run: (ctx) =>
      reset(ctx, [{ updateWorkflowOptions: { workflowExecutionOptions: { versioningOverride: versioningOverride(ctx.flags) }, updateMask: { paths: ['versioning_override'] } } }]),
  },
];

