// durable activity complete | fail | pause | unpause | reset | update-options: one activity, from outside its worker.
// With --workflow-id it is an activity of that workflow; without, a standalone activity (--run-id then names the
// activity's run), as the temporal CLI targets them: the server tells the two apart by the empty workflow ID.
// unpause, reset and update-options also take --query with --activity-type or --match-all: a batch operation over
// the activities of every workflow the query selects.
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@durable/common';
import type { temporal } from '@durable/proto';
import type { CommandSpec, GroupSpec } from '../command.js';
import { protoDuration } from '../durations.js';
import type { Flags } from '../flags.js';
import type { OptionSpec } from '../option-spec.js';
import { WS } from '../proto-json.js';
import { UsageError } from '../usage-error.js';
import { rpcCommand } from './rpc-command.js';
import { reasonOption, startBatch, yesOption } from './shared.js';

const ACTIVITY: OptionSpec[] = [
  { name: 'activity-id', short: 'a', type: 'string', required: true, description: 'Activity ID: of an activity of a workflow, or of a standalone activity.' },
  { name: 'workflow-id', short: 'w', type: 'string', meta: 'ID', description: 'Workflow ID, for an activity of a workflow; leave it out for a standalone activity.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID: of the workflow with --workflow-id, else of the standalone activity (default: the latest run).' },
];

const json = (text: string, flag: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${flag} must be JSON, got ${JSON.stringify(text)} (quote strings: '"text"')`);
  }
};

const execution = (flags: Flags) => ({ workflowId: flags.string('workflow-id'), runId: flags.string('run-id') });

/**
 * The target of the *ActivityExecution RPCs (pause, unpause, reset, update-options), which take both kinds of
 * activity. resourceId routes the call to the workflow's or the activity's shard on a multi-cell service.
 */
const target = (flags: Flags) => {
  const workflowId = flags.string('workflow-id');
  const activityId = flags.string('activity-id');
  return { workflowId, activityId, runId: flags.string('run-id'), resourceId: workflowId ? `workflow:${workflowId}` : `activity:${activityId}` };
};

const STANDALONE = (verb: string) => `Omit --workflow-id to ${verb} a standalone activity, by its activity ID and, optionally, its run ID.`;
const dur = (flags: Flags, name: string) => (flags.number(name) === undefined ? undefined : protoDuration(flags.number(name)!));

type BatchOperation = Parameters<typeof startBatch>[2];

const BATCH: OptionSpec[] = [
  { name: 'query', short: 'q', type: 'string', description: 'List filter selecting workflows: a batch operation on their activities (with --activity-type or --match-all). Set this or --activity-id.' },
  { name: 'activity-type', type: 'string', description: 'With --query: the activities of this type.' },
  { name: 'match-all', type: 'bool', description: 'With --query: every activity of the selected workflows.' },
  { name: 'rps', type: 'float', description: 'Requests per second the batch operation may make.' },
  yesOption('starting a batch operation'),
];

/** The activities a batch operation changes in each workflow it selects. */
const batchActivities = (flags: Flags) => ({ type: flags.string('activity-type'), matchAll: flags.bool('match-all') || undefined });

/**
 * `single` (one activity, by --activity-id) or, with --query, a batch operation over the activities of the workflows
 * the query selects, as the temporal CLI offers both under one command.
 */
function singleOrBatch(single: CommandSpec, verb: string, operation: (flags: Flags) => BatchOperation): CommandSpec {
  const options = [...(single.options ?? []).map((o) => (o.name === 'activity-id' ? { ...o, required: false, description: `${o.description} Set this or --query.` } : o)), ...BATCH];
  if (!options.some((o) => o.name === 'reason')) options.push(reasonOption('the batch runs'));
  const validate = (flags: Flags, args: string[]) => {
    if (!flags.string('query')) {
      if (!flags.string('activity-id')) throw new UsageError('set --activity-id, or --query for a batch operation');
      for (const batchOnly of ['activity-type', 'match-all', 'rps']) if (flags.has(batchOnly)) throw new UsageError(`--${batchOnly} needs --query`);
      single.validate?.(flags, args);
      return;
    }
    for (const one of ['activity-id', 'workflow-id', 'run-id']) if (flags.has(one)) throw new UsageError(`--${one} cannot be used with --query: the query selects the workflows`);
    if (!flags.string('activity-type') === !flags.bool('match-all')) throw new UsageError('with --query, set --activity-type or --match-all (one of them)');
    operation(flags);
  };
  return {
    ...single,
    options,
    validate,
    async run(ctx) {
      if (!ctx.flags.string('query')) return single.run(ctx);
      return startBatch(ctx, `${verb} activities of`, operation(ctx.flags));
    },
  };
}

/** The options an update-options changes, from its flags (one activity or a batch). */
function optionsUpdate(flags: Flags) {
  const fields: [string, string][] = [
    ['task-queue', 'task_queue.name'],
    ['schedule-to-close-timeout', 'schedule_to_close_timeout'],
    ['schedule-to-start-timeout', 'schedule_to_start_timeout'],
    ['start-to-close-timeout', 'start_to_close_timeout'],
    ['heartbeat-timeout', 'heartbeat_timeout'],
    ['start-delay', 'start_delay'],
    ['retry-initial-interval', 'retry_policy.initial_interval'],
    ['retry-maximum-interval', 'retry_policy.maximum_interval'],
    ['retry-backoff-coefficient', 'retry_policy.backoff_coefficient'],
    ['retry-maximum-attempts', 'retry_policy.maximum_attempts'],
  ];
  const paths = fields.filter(([flag]) => flags.has(flag)).map(([, path]) => path);
  if (!paths.length && !flags.bool('restore-original-options')) throw new UsageError('give at least one option to change, or --restore-original-options');
  if (flags.has('start-delay') && (flags.string('workflow-id') || flags.string('query'))) throw new UsageError('--start-delay is only for standalone activities: leave out --workflow-id and --query');
  const activityOptions: temporal.api.activity.v1.IActivityOptions = {
    taskQueue: flags.string('task-queue') ? { name: flags.string('task-queue') } : undefined,
    scheduleToCloseTimeout: dur(flags, 'schedule-to-close-timeout'),
    scheduleToStartTimeout: dur(flags, 'schedule-to-start-timeout'),
    startToCloseTimeout: dur(flags, 'start-to-close-timeout'),
    heartbeatTimeout: dur(flags, 'heartbeat-timeout'),
    startDelay: dur(flags, 'start-delay'),
    retryPolicy: {
      initialInterval: dur(flags, 'retry-initial-interval'),
      maximumInterval: dur(flags, 'retry-maximum-interval'),
      backoffCoefficient: flags.number('retry-backoff-coefficient'),
      maximumAttempts: flags.number('retry-maximum-attempts'),
    },
  };
  return { activityOptions, updateMask: { paths }, restoreOriginal: flags.bool('restore-original-options') };
}

export const activityGroups: GroupSpec[] = [
  { path: 'activity', summary: 'Standalone activities (start, execute, describe, list …) and any single activity, of a workflow or standalone (complete, fail, pause, unpause, reset, change)', description: 'Example:\n  durable activity complete \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId \\\n      --result \'{"YourResultKey": "YourResultVal"}\'' },
];

export const activityCommands: CommandSpec[] = [
  rpcCommand({
    path: 'activity complete',
    summary: 'Complete a running activity with a result, from outside its worker',
    description: `${STANDALONE('complete')}\n\nExample:\n  durable activity complete \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId \\\n      --result '{"YourResultKey": "YourResultVal"}'`,
    options: [...ACTIVITY, { name: 'result', type: 'string', required: true, meta: 'JSON', description: 'The activity\'s result, JSON.' }],
    request: (flags) => ({ activityId: flags.string('activity-id'), ...execution(flags), result: { payloads: [defaultPayloadConverter.toPayload(json(flags.string('result')!, '--result'))] } }),
    call: (c, r) => c.connection.workflowService.respondActivityTaskCompletedById({ ...r, namespace: c.namespace, identity: c.identity }),
    responseType: WS('RespondActivityTaskCompletedByIdResponse'),
    text: () => 'Activity completed',
  }),
  rpcCommand({
    path: 'activity fail',
    summary: 'Fail a running activity, from outside its worker',
    description: `The failure is final (not retryable), as with the temporal CLI: the activity is not retried. ${STANDALONE('fail')}\n\nExample:\n  durable activity fail \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId \\\n      --reason "Bad input"`,
    options: [...ACTIVITY, { name: 'detail', type: 'string', meta: 'JSON', description: 'Failure details, JSON.' }, { name: 'reason', type: 'string', description: 'Failure message.' }],
    request: (flags) => {
      const detail = flags.string('detail');
      return {
        activityId: flags.string('activity-id'),
        ...execution(flags),
        failure: {
          message: flags.string('reason') ?? 'failed by durable activity fail',
          source: 'durable-cli',
          applicationFailureInfo: { nonRetryable: true, details: detail === undefined ? undefined : { payloads: [defaultPayloadConverter.toPayload(json(detail, '--detail'))] } },
        },
      };
    },
    call: (c, r) => c.connection.workflowService.respondActivityTaskFailedById({ ...r, namespace: c.namespace, identity: c.identity }),
    responseType: WS('RespondActivityTaskFailedByIdResponse'),
    text: () => 'Activity failed',
  }),
  rpcCommand({
    path: 'activity pause',
    summary: 'Pause an activity: no new attempts until it is unpaused',
    description: `A running attempt goes on; when it ends, no new attempt starts until the activity is unpaused. ${STANDALONE('pause')}\n\nExample:\n  durable activity pause \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId`,
    options: [...ACTIVITY, { name: 'reason', type: 'string', description: 'Why.' }],
    request: (flags) => ({ ...target(flags), reason: flags.string('reason') }),
    call: (c, r) => c.connection.workflowService.pauseActivityExecution({ ...r, namespace: c.namespace, identity: c.identity }),
    responseType: WS('PauseActivityExecutionResponse'),
    text: () => 'Activity paused',
  }),
  singleOrBatch(
    rpcCommand({
      path: 'activity unpause',
      summary: 'Let a paused activity run again',
      description: `${STANDALONE('unpause')}\n\nExample:\n  durable activity unpause \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId`,
      options: [
        ...ACTIVITY,
        { name: 'jitter', type: 'duration', description: 'Start it at a random time within this long.' },
        { name: 'reason', type: 'string', description: 'Why.' },
        { name: 'reset-attempts', type: 'bool', description: 'With --query: start the attempts again from 1.' },
        { name: 'reset-heartbeats', type: 'bool', description: 'With --query: forget the last heartbeat details.' },
      ],
      request: (flags) => {
        for (const batchOnly of ['reset-attempts', 'reset-heartbeats']) if (flags.has(batchOnly) && !flags.string('query')) throw new UsageError(`--${batchOnly} needs --query (one activity: use durable activity reset)`);
        return { ...target(flags), jitter: dur(flags, 'jitter'), reason: flags.string('reason') };
      },
      call: (c, r) => c.connection.workflowService.unpauseActivityExecution({ ...r, namespace: c.namespace, identity: c.identity }),
      responseType: WS('UnpauseActivityExecutionResponse'),
      text: () => 'Activity unpaused',
    }),
    'unpause',
    (flags) => ({ unpauseActivitiesOperation: { ...batchActivities(flags), jitter: dur(flags, 'jitter'), resetAttempts: flags.bool('reset-attempts'), resetHeartbeat: flags.bool('reset-heartbeats') } }),
  ),
  singleOrBatch(
    rpcCommand({
      path: 'activity reset',
      summary: 'Reset an activity\'s attempts: it runs again from attempt 1',
      description: `${STANDALONE('reset')}\n\nExample:\n  durable activity reset \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId`,
      options: [
        ...ACTIVITY,
        { name: 'keep-paused', type: 'bool', description: 'A paused activity stays paused.' },
        { name: 'jitter', type: 'duration', description: 'Run it at a random time within this long.' },
        { name: 'restore-original-options', type: 'bool', description: 'Go back to the options the activity was scheduled with.' },
        { name: 'reset-heartbeats', type: 'bool', description: 'Forget the last heartbeat details.' },
      ],
      request: (flags) => ({
        ...target(flags),
        keepPaused: flags.bool('keep-paused'),
        jitter: dur(flags, 'jitter'),
        restoreOriginalOptions: flags.bool('restore-original-options'),
        resetHeartbeat: flags.bool('reset-heartbeats'),
        requestId: randomUUID(),
      }),
      call: (c, r) => c.connection.workflowService.resetActivityExecution({ ...r, namespace: c.namespace, identity: c.identity }),
      responseType: WS('ResetActivityExecutionResponse'),
      text: () => 'Activity reset',
    }),
    'reset',
    (flags) => ({
      resetActivitiesOperation: {
        ...batchActivities(flags),
        keepPaused: flags.bool('keep-paused'),
        jitter: dur(flags, 'jitter'),
        restoreOriginalOptions: flags.bool('restore-original-options'),
        resetAttempts: true,
        resetHeartbeat: flags.bool('reset-heartbeats'),
      },
    }),
  ),
  singleOrBatch(
    rpcCommand({
      path: 'activity update-options',
      summary: 'Change a running activity\'s timeouts, retry policy or task queue',
      description: `Only the options given change. ${STANDALONE('change')} --start-delay is for a standalone activity whose first task has not been handed out yet.\n\nExample:\n  durable activity update-options \\\n      --activity-id YourActivityId \\\n      --workflow-id YourWorkflowId \\\n      --start-to-close-timeout 5m \\\n      --retry-maximum-attempts 10`,
      options: [
        ...ACTIVITY,
        { name: 'task-queue', type: 'string', description: 'Task queue.' },
        { name: 'schedule-to-close-timeout', type: 'duration', description: 'Limit on the whole activity, retries included.' },
        { name: 'schedule-to-start-timeout', type: 'duration', description: 'Limit on the time a task waits for a worker.' },
        { name: 'start-to-close-timeout', type: 'duration', description: 'Limit on one attempt.' },
        { name: 'heartbeat-timeout', type: 'duration', description: 'Limit between heartbeats.' },
        { name: 'start-delay', type: 'duration', description: 'When the first task of a standalone activity becomes available, counted from when it was scheduled (0s: now).' },
        { name: 'retry-initial-interval', type: 'duration', description: 'Wait before the first retry.' },
        { name: 'retry-maximum-interval', type: 'duration', description: 'Longest wait between retries.' },
        { name: 'retry-backoff-coefficient', type: 'float', description: 'Factor between retry waits (1 or more).' },
        { name: 'retry-maximum-attempts', type: 'int', description: 'Attempts in all (1: no retries, 0: no limit).' },
        { name: 'restore-original-options', type: 'bool', description: 'Go back to the options the activity was scheduled with.' },
      ],
      request: (flags) => ({ ...target(flags), ...optionsUpdate(flags) }),
      call: (c, r) => c.connection.workflowService.updateActivityExecutionOptions({ ...r, namespace: c.namespace, identity: c.identity }),
      responseType: WS('UpdateActivityExecutionOptionsResponse'),
    }),
    'update options of',
    (flags) => {
      const { activityOptions, updateMask, restoreOriginal } = optionsUpdate(flags);
      return { updateActivityOptionsOperation: { ...batchActivities(flags), activityOptions, updateMask, restoreOriginal } };
    },
  ),
];
