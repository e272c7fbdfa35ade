// durable activity start | execute | result | describe | list | count | cancel | terminate | delete: standalone
// activities, started by a client without a workflow, with the temporal CLI's flags and output.
import { randomUUID } from 'node:crypto';
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import type { ClientContext } from '../connect.js';
import { formatProtoDuration, fromProtoTimestamp, protoDuration } from '../durations.js';
import type { Flags } from '../flags.js';
import { inputPayloads, keyJsonPayloads, payloadOptions, payloadValue, payloadValues } from '../payloads.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { protoJson, WS } from '../proto-json.js';
import { UsageError } from '../usage-error.js';
import { checkCounts, collectPages, confirm, defaultReason, failureText, METADATA_AND_PRIORITY_OPTIONS, metadataAndPriority } from './shared.js';

type Outcome = temporal.api.activity.v1.IActivityExecutionOutcome;
type BatchOperation = Pick<temporal.api.workflowservice.v1.IStartBatchOperationRequest, 'cancelActivitiesOperation' | 'terminateActivitiesOperation' | 'deleteActivitiesOperation'>;

const REFERENCE: OptionSpec[] = [
  { name: 'activity-id', short: 'a', type: 'string', required: true, description: 'Activity ID.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Activity run ID (default: the latest run).' },
];

/** --activity-id, or --query for a batch over the matching standalone activities. */
const REFERENCE_OR_BATCH = (what: string): OptionSpec[] => [
  { name: 'activity-id', short: 'a', type: 'string', description: 'Activity ID. Set this or --query.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Activity run ID (default: the latest run; only with --activity-id).' },
  { name: 'query', short: 'q', type: 'string', description: 'List filter selecting the standalone activities of a batch operation. Set this or --activity-id.' },
  { name: 'rps', type: 'float', description: 'Requests per second a batch operation may make (only with --query).' },
  { name: 'reason', type: 'string', description: `Why ${what} (default names you).` },
  { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before starting a batch operation.' },
];

const START_OPTIONS: OptionSpec[] = [
  { name: 'activity-id', short: 'a', type: 'string', required: true, description: 'Activity ID.' },
  { name: 'type', type: 'string', required: true, description: 'Activity type name.' },
  { name: 'task-queue', short: 't', type: 'string', required: true, description: 'Task queue the activity\'s tasks go to.' },
  { name: 'schedule-to-close-timeout', type: 'duration', description: 'Limit on the whole activity, retries included. This or --start-to-close-timeout is required.' },
  { name: 'schedule-to-start-timeout', type: 'duration', description: 'Limit on the time a task waits for a worker; past it the activity fails without retries.' },
  { name: 'start-to-close-timeout', type: 'duration', description: 'Limit on one attempt. This or --schedule-to-close-timeout is required.' },
  { name: 'heartbeat-timeout', type: 'duration', description: 'Limit between heartbeats; past it the attempt fails.' },
  { name: 'start-delay', type: 'duration', description: 'Wait this long before the first attempt (retries are not delayed).' },
  { name: 'retry-initial-interval', type: 'duration', description: 'Wait before the first retry.' },
  { name: 'retry-maximum-interval', type: 'duration', description: 'Longest wait between retries.' },
  { name: 'retry-backoff-coefficient', type: 'float', description: 'Factor between retry waits (1 or more).' },
  { name: 'retry-maximum-attempts', type: 'int', description: 'Attempts in all (1: no retries, 0: no limit).' },
  { name: 'id-reuse-policy', type: 'enum', values: ['AllowDuplicate', 'AllowDuplicateFailedOnly', 'RejectDuplicate'], description: 'Whether the ID of a closed activity may be used again.' },
  { name: 'id-conflict-policy', type: 'enum', values: ['Fail', 'UseExisting'], description: 'What happens when an activity with this ID is running.' },
  { name: 'search-attribute', type: 'string[]', meta: 'KEY=JSON', description: 'Search attribute. Repeatable.' },
  { name: 'headers', type: 'string[]', meta: 'KEY=JSON', description: 'Activity header. Repeatable.' },
  ...METADATA_AND_PRIORITY_OPTIONS,
  ...payloadOptions(),
];

const dur = (flags: Flags, name: string) => (flags.number(name) === undefined ? undefined : protoDuration(flags.number(name)!));

/** The StartActivityExecution request the start flags describe (checked before connecting). */
function startRequest(flags: Flags): temporal.api.workflowservice.v1.IStartActivityExecutionRequest {
  if (!flags.has('schedule-to-close-timeout') && !flags.has('start-to-close-timeout')) throw new UsageError('set --start-to-close-timeout or --schedule-to-close-timeout');
  const retry = ['retry-initial-interval', 'retry-maximum-interval', 'retry-backoff-coefficient', 'retry-maximum-attempts'].some((f) => flags.has(f));
  const reuse = flags.string('id-reuse-policy');
  const conflict = flags.string('id-conflict-policy');
  const headers = keyJsonPayloads(flags, 'headers');
  const search = keyJsonPayloads(flags, 'search-attribute');
  return {
    requestId: randomUUID(),
    activityId: flags.string('activity-id'),
    activityType: { name: flags.string('type') },
    taskQueue: { name: flags.string('task-queue') },
    input: { payloads: inputPayloads(flags) },
    scheduleToCloseTimeout: dur(flags, 'schedule-to-close-timeout'),
    scheduleToStartTimeout: dur(flags, 'schedule-to-start-timeout'),
    startToCloseTimeout: dur(flags, 'start-to-close-timeout'),
    heartbeatTimeout: dur(flags, 'heartbeat-timeout'),
    startDelay: dur(flags, 'start-delay'),
    retryPolicy: retry
      ? { initialInterval: dur(flags, 'retry-initial-interval'), maximumInterval: dur(flags, 'retry-maximum-interval'), backoffCoefficient: flags.number('retry-backoff-coefficient'), maximumAttempts: flags.number('retry-maximum-attempts') }
      : undefined,
    idReusePolicy: reuse ? enumValue('ActivityIdReusePolicy', 'ACTIVITY_ID_REUSE_POLICY', reuse) : undefined,
    idConflictPolicy: conflict ? enumValue('ActivityIdConflictPolicy', 'ACTIVITY_ID_CONFLICT_POLICY', conflict) : undefined,
    header: headers && { fields: headers },
    searchAttributes: search && { indexedFields: search },
    ...metadataAndPriority(flags),
  };
}

/** Starts the activity the flags describe; its IDs, and the text people see for them. */
async function start(ctx: CommandContext): Promise<{ c: ClientContext; execution: { activityId: string; runId: string; namespace: string }; text: string }> {
  const request = startRequest(ctx.flags);
  const c = await ctx.client();
  const r = await c.connection.workflowService.startActivityExecution({ ...request, namespace: c.namespace, identity: c.identity });
  const execution = { activityId: request.activityId!, runId: r.runId ?? '', namespace: c.namespace };
  return { c, execution, text: `Running execution:\n${kv([['ActivityId', execution.activityId], ['RunId', execution.runId], ['Namespace', execution.namespace]])}` };
}

/** Waits for the activity's outcome: each poll is a long poll that may end empty, so ask again until there is one. */
async function waitOutcome(c: ClientContext, activityId: string, runId: string | undefined): Promise<Outcome> {
  for (;;) {
    const r = await c.connection.workflowService.pollActivityExecution({ namespace: c.namespace, activityId, runId });
    if (r.outcome) return r.outcome;
  }
}

/** Prints the outcome as the temporal CLI does; 1 when the activity failed. */
function printOutcome(ctx: CommandContext, activityId: string, runId: string | undefined, outcome: Outcome): number {
  const json = ctx.print.format !== 'text';
  if (outcome.failure) {
    const failure = json ? protoJson('temporal.api.failure.v1.Failure', outcome.failure, ctx.flags) : undefined;
    ctx.print.object({ activityId, runId: runId ?? '', status: 'FAILED', failure }, `Results:\n${kv([['Status', 'FAILED'], ['Failure', failureText(outcome.failure)]])}`);
    ctx.io.err.write('durable: activity failed\n');
    return 1;
  }
  const value = payloadValues(outcome.result)[0];
  const result = ctx.flags.bool('no-json-shorthand-payloads') ? protoJson('temporal.api.common.v1.Payloads', outcome.result ?? {}, ctx.flags) : (value ?? null);
  ctx.print.object({ activityId, runId: runId ?? '', status: 'COMPLETED', result }, `Results:\n${kv([['Status', 'COMPLETED'], ['Result', JSON.stringify(value ?? null)]])}`);
  return 0;
}

/** Aligned `Key  value` lines, empty values left out. */
function kv(rows: [string, unknown][]): string {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '' && v !== null);
  const width = Math.max(...shown.map(([k]) => k.length)) + 2;
  return shown.map(([k, v]) => `  ${k.padEnd(width)}${v instanceof Date ? v.toISOString() : String(v)}`).join('\n');
}

/** Checks --activity-id / --query / --run-id / --rps / --yes before connecting. */
function checkReferenceOrBatch(flags: Flags, yesWithId = false): void {
  const id = flags.string('activity-id');
  const query = flags.string('query');
  if (id && query) throw new UsageError('set --activity-id or --query, not both');
  if (!id && !query) throw new UsageError('set --activity-id or --query');
  if (query && flags.string('run-id')) throw new UsageError('--run-id cannot be used with --query');
  if (id && flags.has('rps')) throw new UsageError('--rps needs --query');
  if (id && flags.bool('yes') && !yesWithId) throw new UsageError('--yes is only for batch operations (with --query)');
}

/** A batch job over the standalone activities --query selects, after a count and a confirmation. */
async function startActivityBatch(ctx: CommandContext, verb: string, operation: BatchOperation): Promise<number> {
  const query = ctx.flags.required('query');
  const c = await ctx.client();
  const question = ctx.flags.bool('yes')
    ? `Start a batch to ${verb} standalone activities matching ${JSON.stringify(query)}?`
    : `Start a batch to ${verb} about ${String((await c.connection.workflowService.countActivityExecutions({ namespace: c.namespace, query })).count)} standalone activities?`;
  if (!(await confirm(ctx, question))) {
    ctx.print.line('Batch not started.');
    return 1;
  }
  const jobId = randomUUID();
  await c.connection.workflowService.startBatchOperation({
    namespace: c.namespace,
    jobId,
    visibilityQuery: query,
    reason: ctx.flags.string('reason') ?? defaultReason(`${verb} (batch)`),
    maxOperationsPerSecond: ctx.flags.number('rps'),
    ...operation,
  });
  ctx.print.object({ batchJobId: jobId }, `Started batch for job ID: ${jobId}`);
  return 0;
}

const example = (lines: string[]) => `Example:\n  durable activity ${lines.join(' \\\n      ')}`;

export const standaloneActivityCommands: CommandSpec[] = [
  {
    path: 'activity start',
    summary: 'Start a standalone activity (no workflow); prints its activity and run IDs',
    description: example(['start', '--activity-id YourActivityId', '--type YourActivity', '--task-queue YourTaskQueue', '--start-to-close-timeout 5m', '--input \'{"some-key": "some-value"}\'']),
    options: START_OPTIONS,
    validate: (flags) => void startRequest(flags),
    async run(ctx) {
      const { execution, text } = await start(ctx);
      ctx.print.object(execution, text);
    },
  },
  {
    path: 'activity execute',
    summary: 'Start a standalone activity and wait for its result',
    description: `Exits 0 when the activity completes, 1 when it fails (its failure is printed).\n\n${example(['execute', '--activity-id YourActivityId', '--type YourActivity', '--task-queue YourTaskQueue', '--start-to-close-timeout 30s', '--input \'{"some-key": "some-value"}\''])}`,
    options: START_OPTIONS,
    validate: (flags) => void startRequest(flags),
    async run(ctx) {
      const { c, execution, text } = await start(ctx);
      ctx.print.line(text);
      return printOutcome(ctx, execution.activityId, execution.runId, await waitOutcome(c, execution.activityId, execution.runId));
    },
  },
  {
    path: 'activity result',
    summary: 'Wait for a standalone activity to close and print its result',
    description: `Exits 0 when the activity completed, 1 when it failed.\n\n${example(['result', '--activity-id YourActivityId'])}`,
    options: REFERENCE,
    async run(ctx) {
      const c = await ctx.client();
      const activityId = ctx.flags.string('activity-id')!;
      const runId = ctx.flags.string('run-id');
      return printOutcome(ctx, activityId, runId, await waitOutcome(c, activityId, runId));
    },
  },
  {
    path: 'activity describe',
    summary: 'Show a standalone activity: status, attempt, timeouts, last failure',
    description: example(['describe', '--activity-id YourActivityId']),
    options: [...REFERENCE, { name: 'raw', type: 'bool', description: 'Print the server\'s answer as it is (proto3 JSON).' }],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.describeActivityExecution({ namespace: c.namespace, activityId: ctx.flags.string('activity-id'), runId: ctx.flags.string('run-id'), includeLastFailure: true });
      const json = protoJson(WS('DescribeActivityExecutionResponse'), r, ctx.flags);
      if (ctx.flags.bool('raw') && ctx.print.format === 'text') return void ctx.print.line(JSON.stringify(json, null, 2));
      const i = r.info ?? {};
      const runState = enumWord('PendingActivityState', i.runState);
      const text = kv([
        ['ActivityId', i.activityId],
        ['RunId', i.runId],
        ['Type', i.activityType?.name],
        ['Status', enumWord('ActivityExecutionStatus', i.status)],
        ['RunState', runState === 'Unspecified' ? '' : runState],
        ['TaskQueue', i.taskQueue],
        ['ScheduleToCloseTimeout', formatProtoDuration(i.scheduleToCloseTimeout)],
        ['ScheduleToStartTimeout', formatProtoDuration(i.scheduleToStartTimeout)],
        ['StartToCloseTimeout', formatProtoDuration(i.startToCloseTimeout)],
        ['HeartbeatTimeout', formatProtoDuration(i.heartbeatTimeout)],
        ['StartDelay', formatProtoDuration(i.startDelay)],
        ['LastStartedTime', ctx.print.time(fromProtoTimestamp(i.lastStartedTime))],
        ['Attempt', i.attempt ?? 0],
        ['ExecutionDuration', formatProtoDuration(i.executionDuration)],
        ['ScheduleTime', ctx.print.time(fromProtoTimestamp(i.scheduleTime))],
        ['CloseTime', ctx.print.time(fromProtoTimestamp(i.closeTime))],
        ['LastFailure', i.lastFailure ? failureText(i.lastFailure) : ''],
        ['LastWorkerIdentity', i.lastWorkerIdentity],
        ['LastAttemptCompleteTime', ctx.print.time(fromProtoTimestamp(i.lastAttemptCompleteTime))],
        ['StateTransitionCount', String(i.stateTransitionCount ?? 0)],
      ]);
      ctx.print.object(json, `Activity Execution Info:\n${text}`);
    },
  },
  {
    path: 'activity list',
    summary: 'List standalone activities, optionally filtered with a list filter',
    description: example(['list', '--query \'ActivityType="YourActivity"\'']),
    options: [
      { name: 'query', short: 'q', type: 'string', description: 'List filter, e.g. "ActivityType = \'charge\'".' },
      { name: 'limit', type: 'int', description: 'Show at most this many.' },
      { name: 'page-size', type: 'int', description: 'How many to fetch per request.' },
    ],
    validate: (flags) => checkCounts(flags, ['limit', 'page-size']),
    async run(ctx) {
      const limit = ctx.flags.number('limit') ?? Infinity;
      const c = await ctx.client();
      const rows = await collectPages(async (nextPageToken) => {
        const page = await c.connection.workflowService.listActivityExecutions({ namespace: c.namespace, query: ctx.flags.string('query') ?? '', pageSize: ctx.flags.number('page-size') ?? Math.min(1000, limit), nextPageToken });
        return { items: page.executions, nextPageToken: page.nextPageToken };
      }, limit);
      ctx.print.table(
        rows.slice(0, limit),
        [
          { title: 'Status', value: (a) => enumWord('ActivityExecutionStatus', a.status) },
          { title: 'ActivityId', value: (a) => a.activityId },
          { title: 'Type', value: (a) => a.activityType?.name },
          { title: 'StartTime', value: (a) => fromProtoTimestamp(a.scheduleTime) },
        ],
        (a) => protoJson('temporal.api.activity.v1.ActivityExecutionListInfo', a, ctx.flags),
      );
    },
  },
  {
    path: 'activity count',
    summary: 'Count standalone activities, optionally filtered and grouped',
    description: example(['count', '--query \'ActivityType="YourActivity"\'']),
    options: [{ name: 'query', short: 'q', type: 'string', description: 'List filter, optionally with GROUP BY ExecutionStatus.' }],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.countActivityExecutions({ namespace: c.namespace, query: ctx.flags.string('query') ?? '' });
      const groups = (r.groups ?? []).map((g) => `  ${JSON.stringify((g.groupValues ?? []).map((p) => payloadValue(p)))}: ${String(g.count)}`);
      ctx.print.object(protoJson(WS('CountActivityExecutionsResponse'), r, ctx.flags), [`Total: ${String(r.count ?? 0)}`, ...groups].join('\n'));
    },
  },
  {
    path: 'activity cancel',
    summary: 'Ask a standalone activity to cancel (it learns of it from its next heartbeat)',
    description: `With --query, a batch job asks every matching standalone activity.\n\n${example(['cancel', '--activity-id YourActivityId'])}`,
    options: REFERENCE_OR_BATCH('the activities are canceled'),
    validate: (flags) => checkReferenceOrBatch(flags),
    async run(ctx) {
      if (ctx.flags.string('query')) return startActivityBatch(ctx, 'cancel', { cancelActivitiesOperation: { identity: (await ctx.client()).identity, reason: ctx.flags.string('reason') } });
      const c = await ctx.client();
      await c.connection.workflowService.requestCancelActivityExecution({ namespace: c.namespace, activityId: ctx.flags.string('activity-id'), runId: ctx.flags.string('run-id'), identity: c.identity, requestId: randomUUID(), reason: ctx.flags.string('reason') });
      ctx.print.object({ ok: true }, 'Cancellation requested');
    },
  },
  {
    path: 'activity terminate',
    summary: 'End a standalone activity at once (its code is not told)',
    description: `With --query, a batch job terminates every matching standalone activity.\n\n${example(['terminate', '--activity-id YourActivityId', '--reason YourReason'])}`,
    options: REFERENCE_OR_BATCH('the activities are terminated'),
    validate: (flags) => checkReferenceOrBatch(flags),
    async run(ctx) {
      const reason = ctx.flags.string('reason') ?? defaultReason('terminated');
      const c = await ctx.client();
      if (ctx.flags.string('query')) return startActivityBatch(ctx, 'terminate', { terminateActivitiesOperation: { identity: c.identity, reason } });
      await c.connection.workflowService.terminateActivityExecution({ namespace: c.namespace, activityId: ctx.flags.string('activity-id'), runId: ctx.flags.string('run-id'), identity: c.identity, requestId: randomUUID(), reason });
      ctx.print.object({ ok: true }, 'Activity terminated');
    },
  },
  {
    path: 'activity delete',
    summary: 'Delete a standalone activity and its state (a running one is terminated first)',
    description: `The removal happens in the background. With --query, a batch job deletes every matching standalone activity.\n\n${example(['delete', '--activity-id YourActivityId'])}`,
    options: REFERENCE_OR_BATCH('the activities are deleted'),
    validate: (flags) => checkReferenceOrBatch(flags, true),
    async run(ctx) {
      if (ctx.flags.string('query')) return startActivityBatch(ctx, 'delete', { deleteActivitiesOperation: {} });
      const activityId = ctx.flags.string('activity-id')!;
      const runId = ctx.flags.string('run-id');
      if (!(await confirm(ctx, `Delete standalone activity ${JSON.stringify(activityId)}${runId ? ` with run ID ${JSON.stringify(runId)}` : ''}?`))) {
        ctx.print.line('Activity not deleted.');
        return 1;
      }
      const c = await ctx.client();
      await c.connection.workflowService.deleteActivityExecution({ namespace: c.namespace, activityId, runId });
      ctx.print.object({ ok: true }, 'Delete activity succeeded');
    },
  },
];
