// durable task-queue config get | set: a task queue's dispatch rate limits and fairness weight overrides, which the
// server applies over what workers ask for.
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, GroupSpec, OptionSpec } from '../command.js';
import type { Flags } from '../flags.js';
import { keyValues } from '../printer.js';
import { enumValue } from '../proto-enums.js';
import { protoJson, WS } from '../proto-json.js';
import { UsageError } from '../usage-error.js';

type RateLimitUpdate = temporal.api.workflowservice.v1.UpdateTaskQueueConfigRequest.IRateLimitUpdate;

const QUEUE: OptionSpec[] = [
  { name: 'task-queue', short: 't', type: 'string', required: true, description: 'Task queue name.' },
  { name: 'task-queue-type', type: 'enum', values: ['workflow', 'activity', 'nexus'], required: true, description: 'Task queue type: workflow, activity or nexus.' },
];

const queueType = (flags: Flags) => enumValue('TaskQueueType', 'TASK_QUEUE_TYPE', flags.string('task-queue-type')!);

/** A FLOAT|default flag as a rate limit update: a number sets the limit, `default` removes it. */
function rateLimit(flags: Flags, name: string, reasonFlag: string): RateLimitUpdate | undefined {
  if (!flags.has(name)) return undefined;
  const raw = flags.string(name)!.trim();
  if (/^default$/i.test(raw)) return { rateLimit: null, reason: flags.string(reasonFlag) };
  const rps = Number(raw);
  if (raw === '' || !Number.isFinite(rps)) throw new UsageError(`--${name} must be a non-negative number or 'default', got ${JSON.stringify(raw)}`);
  if (rps < 0) throw new UsageError(`--${name} must be >= 0 or 'default'`);
  return { rateLimit: { requestsPerSecond: rps }, reason: flags.string(reasonFlag) };
}

/** --fairness-key-weight KEY=WEIGHT (set) and KEY=default (unset). */
function weights(flags: Flags): { set: Record<string, number>; unset: string[] } {
  const set: Record<string, number> = {};
  const unset: string[] = [];
  for (const kv of flags.list('fairness-key-weight')) {
    const i = kv.indexOf('=');
    const [key, value] = [kv.slice(0, i), kv.slice(i + 1)];
    if (i <= 0 || !value) throw new UsageError(`--fairness-key-weight expects KEY=WEIGHT or KEY=default, got ${JSON.stringify(kv)}`);
    if (key in set || unset.includes(key)) throw new UsageError(`--fairness-key-weight: fairness key ${JSON.stringify(key)} is given more than once`);
    if (/^default$/i.test(value)) {
      unset.push(key);
      continue;
    }
    if (Buffer.byteLength(key) > 64) throw new UsageError(`--fairness-key-weight: fairness key ${JSON.stringify(key)} is longer than 64 bytes`);
    const w = Number(value);
    if (!Number.isFinite(w) || w <= 0) throw new UsageError(`--fairness-key-weight: the weight of ${JSON.stringify(key)} must be a positive number or 'default', got ${JSON.stringify(value)}`);
    set[key] = w;
  }
  return { set, unset };
}

function checkSet(flags: Flags): void {
  if (flags.string('task-queue-type') === 'workflow' && (flags.has('queue-rps-limit') || flags.has('queue-rps-limit-reason'))) throw new UsageError('setting a rate limit on workflow task queues is not allowed');
  if (!['queue-rps-limit', 'fairness-key-rps-limit-default', 'fairness-key-weight', 'fairness-key-weight-clear-all'].some((f) => flags.has(f))) {
    throw new UsageError('give at least one change: --queue-rps-limit, --fairness-key-rps-limit-default, --fairness-key-weight or --fairness-key-weight-clear-all');
  }
  if (flags.bool('fairness-key-weight-clear-all') && flags.list('fairness-key-weight').length) throw new UsageError('--fairness-key-weight-clear-all cannot be used with --fairness-key-weight');
  rateLimit(flags, 'queue-rps-limit', 'queue-rps-limit-reason');
  rateLimit(flags, 'fairness-key-rps-limit-default', 'fairness-key-rps-limit-reason');
  weights(flags);
}

async function describeConfig(ctx: CommandContext) {
  const c = await ctx.client();
  const r = await c.connection.workflowService.describeTaskQueue({
    namespace: c.namespace,
    taskQueue: { name: ctx.flags.string('task-queue'), kind: enumValue('TaskQueueKind', 'TASK_QUEUE_KIND', 'Normal') },
    taskQueueType: queueType(ctx.flags),
    reportConfig: true,
  });
  return r.config ?? undefined;
}

export const taskQueueConfigGroups: GroupSpec[] = [
  { path: 'task-queue config', summary: 'Show or change a task queue\'s rate limits and fairness weights', description: 'Example:\n  durable task-queue config get \\\n      --task-queue YourTaskQueue \\\n      --task-queue-type activity' },
];

export const taskQueueConfigCommands: CommandSpec[] = [
  {
    path: 'task-queue config get',
    summary: 'Show a task queue\'s rate limits and fairness weight overrides',
    description: 'Example:\n  durable task-queue config get \\\n      --task-queue YourTaskQueue \\\n      --task-queue-type activity',
    options: QUEUE,
    async run(ctx) {
      const config = await describeConfig(ctx);
      const json = config ? protoJson('temporal.api.taskqueue.v1.TaskQueueConfig', config, ctx.flags) : {};
      // A server may answer an empty config for a queue nobody configured: that is no configuration too.
      if (!json || (typeof json === 'object' && !Object.keys(json).length)) return void ctx.print.object({}, 'No configuration found for task queue');
      ctx.print.object(json, keyValues(json, ctx.print.time));
    },
  },
  {
    path: 'task-queue config set',
    summary: 'Change a task queue\'s rate limits and fairness weight overrides',
    description:
      'A rate limit of 0 stops all dispatch from the queue until it is changed. Weights: KEY=WEIGHT sets one, KEY=default removes it.\n\nExample:\n  durable task-queue config set \\\n      --task-queue YourTaskQueue \\\n      --task-queue-type activity \\\n      --queue-rps-limit 10 \\\n      --queue-rps-limit-reason "Protect the payment API"',
    options: [
      ...QUEUE,
      { name: 'queue-rps-limit', type: 'string', meta: 'FLOAT|default', description: 'Requests per second for the whole queue; default removes the limit.' },
      { name: 'queue-rps-limit-reason', type: 'string', description: 'Why the queue limit changes.' },
      { name: 'fairness-key-rps-limit-default', type: 'string', meta: 'FLOAT|default', description: 'Requests per second for each fairness key; default removes the limit.' },
      { name: 'fairness-key-rps-limit-reason', type: 'string', description: 'Why the fairness key limit changes.' },
      { name: 'fairness-key-weight', type: 'string[]', meta: 'KEY=WEIGHT', description: 'Weight override of a fairness key (KEY=default removes it). Repeatable.' },
      { name: 'fairness-key-weight-clear-all', type: 'bool', description: 'Remove every fairness weight override.' },
    ],
    validate: checkSet,
    async run(ctx) {
      const queueLimit = rateLimit(ctx.flags, 'queue-rps-limit', 'queue-rps-limit-reason');
      const keyLimit = rateLimit(ctx.flags, 'fairness-key-rps-limit-default', 'fairness-key-rps-limit-reason');
      for (const [limit, what] of [[queueLimit, 'the queue rate limit'], [keyLimit, 'the fairness key rate limit default']] as const) {
        if (limit?.rateLimit?.requestsPerSecond === 0) ctx.io.err.write(`WARNING: setting ${what} to 0 stops all dispatch from this task queue until it is changed.\n`);
      }
      const { set, unset } = weights(ctx.flags);
      if (ctx.flags.bool('fairness-key-weight-clear-all')) {
        unset.push(...Object.keys((await describeConfig(ctx))?.fairnessWeightOverrides ?? {}));
        ctx.print.line(unset.length ? `Unsetting ${unset.length} fairness weight override(s)` : 'No fairness weight overrides found to unset');
      }
      const c = await ctx.client();
      const r = await c.connection.workflowService.updateTaskQueueConfig({
        namespace: c.namespace,
        identity: c.identity,
        taskQueue: ctx.flags.string('task-queue'),
        taskQueueType: queueType(ctx.flags),
        updateQueueRateLimit: queueLimit,
        updateFairnessKeyRateLimitDefault: keyLimit,
        setFairnessWeightOverrides: set,
        unsetFairnessWeightOverrides: unset,
      });
      const json = protoJson(WS('UpdateTaskQueueConfigResponse'), r, ctx.flags);
      ctx.print.object(json, `Successfully updated task queue configuration\n${keyValues(json, ctx.print.time)}`);
    },
  },
];
