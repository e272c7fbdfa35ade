// durable task-queue versioning … (build ID assignment and redirect rules), get-build-ids, get-build-id-reachability
// and update-build-ids … (version sets): the build-ID versioning that worker deployments replaced. Temporal keeps
// the APIs behind dynamic config and refuses them by default, as the Durable dev server does; the commands work
// against a server that has them on.
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, GroupSpec, OptionSpec } from '../command.js';
import { fromProtoTimestamp } from '../durations.js';
import type { Flags } from '../flags.js';
import { plainTable as table } from '../printer.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { UsageError } from '../usage-error.js';
import { confirm } from './shared.js';

type Rules = temporal.api.workflowservice.v1.IGetWorkerVersioningRulesResponse;
type RulesChange = Omit<temporal.api.workflowservice.v1.IUpdateWorkerVersioningRulesRequest, 'namespace' | 'taskQueue' | 'conflictToken'>;
type SetsChange = Omit<temporal.api.workflowservice.v1.IUpdateWorkerBuildIdCompatibilityRequest, 'namespace' | 'taskQueue'>;

const TQ: OptionSpec = { name: 'task-queue', short: 't', type: 'string', required: true, description: 'Task queue name.' };
const YES: OptionSpec = { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before changing the rules.' };
const FORCE: OptionSpec = { name: 'force', type: 'bool', description: 'Skip the check that an unconditional assignment rule (100%, no ramp) remains.' };
const BUILD_ID: OptionSpec = { name: 'build-id', type: 'string', required: true, description: 'Build ID.' };
const DEPRECATED = 'Deprecated: worker deployments replace build-ID versioning ("durable worker deployment --help").';

function rulesJson(r: Rules) {
  return {
    assignmentRules: (r.assignmentRules ?? []).map((a) => ({ targetBuildID: a.rule?.targetBuildId ?? '', rampPercentage: a.rule?.percentageRamp?.rampPercentage ?? 100, createTime: fromProtoTimestamp(a.createTime) })),
    redirectRules: (r.compatibleRedirectRules ?? []).map((c) => ({ sourceBuildID: c.rule?.sourceBuildId ?? '', targetBuildID: c.rule?.targetBuildId ?? '', createTime: fromProtoTimestamp(c.createTime) })),
  };
}

function rulesText(ctx: CommandContext, r: Rules, prefix = ''): string {
  const { assignmentRules, redirectRules } = rulesJson(r);
  return [
    `${prefix}Assignment Rules:`,
    table(['Index', 'TargetBuildID', 'RampPercentage', 'CreateTime'], assignmentRules.map((a, i) => [String(i), a.targetBuildID, String(a.rampPercentage), ctx.print.time(a.createTime)])),
    '',
    `${prefix}Redirect Rules:`,
    table(['SourceBuildID', 'TargetBuildID', 'CreateTime'], redirectRules.map((c) => [c.sourceBuildID, c.targetBuildID, ctx.print.time(c.createTime)])),
  ].join('\n');
}

/** Reads the rules for their conflict token; without --yes shows them and asks before the change. */
async function changeRules(ctx: CommandContext, change: RulesChange): Promise<void> {
  const c = await ctx.client();
  const taskQueue = ctx.flags.string('task-queue');
  const current = await c.connection.workflowService.getWorkerVersioningRules({ namespace: c.namespace, taskQueue });
  if (!ctx.flags.bool('yes')) {
    if (ctx.print.format !== 'text') throw new UsageError('add --yes: nobody can confirm the change when the output is JSON');
    ctx.print.line(rulesText(ctx, current, 'Current '));
    if (!(await confirm(ctx, 'Continue with rules update?'))) throw new Error('not changed: the change was not confirmed');
  }
  const r = await c.connection.workflowService.updateWorkerVersioningRules({ namespace: c.namespace, taskQueue, conflictToken: current.conflictToken, ...change });
  ctx.print.object(rulesJson(r), `Successfully updated task queue build ID rules\n${rulesText(ctx, r)}`);
}

async function changeSets(ctx: CommandContext, change: SetsChange): Promise<void> {
  const c = await ctx.client();
  await c.connection.workflowService.updateWorkerBuildIdCompatibility({ namespace: c.namespace, taskQueue: ctx.flags.string('task-queue'), ...change });
  ctx.print.object({ ok: true }, 'Successfully updated task queue build IDs');
}

const ruleIndex = (required: boolean): OptionSpec => ({ name: 'rule-index', short: 'i', type: 'int', required, ...(required ? {} : { default: '0' }), description: 'Position of the rule in the assignment rule list (0 is first).' });
const PERCENTAGE: OptionSpec = { name: 'percentage', type: 'int', default: '100', description: 'Percentage of new work the rule assigns, 0 to 100.' };

function assignmentRule(flags: Flags): temporal.api.taskqueue.v1.IBuildIdAssignmentRule {
  const p = flags.number('percentage') ?? 100;
  if (p < 0 || p > 100) throw new UsageError(`--percentage must be between 0 and 100, got ${p}`);
  return { targetBuildId: flags.string('build-id'), percentageRamp: p === 100 ? undefined : { rampPercentage: p } };
}

const example = (lines: string[]) => `${DEPRECATED}\n\nExample:\n  durable task-queue ${lines.join(' \\\n      ')}`;

export const taskQueueVersioningGroups: GroupSpec[] = [
  { path: 'task-queue versioning', summary: 'Build ID assignment and redirect rules of a task queue (deprecated)', description: example(['versioning get-rules', '--task-queue YourTaskQueue']) },
  { path: 'task-queue update-build-ids', summary: 'Change a task queue\'s build ID version sets (deprecated)', description: example(['update-build-ids add-new-default', '--task-queue YourTaskQueue', '--build-id YourBuildId']) },
];

export const taskQueueVersioningCommands: CommandSpec[] = [
  {
    path: 'task-queue versioning get-rules',
    summary: 'Show a task queue\'s build ID assignment and redirect rules (deprecated)',
    description: example(['versioning get-rules', '--task-queue YourTaskQueue']),
    options: [TQ],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.getWorkerVersioningRules({ namespace: c.namespace, taskQueue: ctx.flags.string('task-queue') });
      ctx.print.object(rulesJson(r), rulesText(ctx, r));
    },
  },
  {
    path: 'task-queue versioning insert-assignment-rule',
    summary: 'Insert a build ID assignment rule at a position (deprecated)',
    description: example(['versioning insert-assignment-rule', '--task-queue YourTaskQueue', '--build-id YourBuildId', '--rule-index 0', '--percentage 10']),
    options: [TQ, BUILD_ID, ruleIndex(false), PERCENTAGE, YES],
    validate: (flags) => void assignmentRule(flags),
    run: (ctx) => changeRules(ctx, { insertAssignmentRule: { ruleIndex: ctx.flags.number('rule-index') ?? 0, rule: assignmentRule(ctx.flags) } }),
  },
  {
    path: 'task-queue versioning replace-assignment-rule',
    summary: 'Replace the build ID assignment rule at a position (deprecated)',
    description: example(['versioning replace-assignment-rule', '--task-queue YourTaskQueue', '--build-id YourBuildId', '--rule-index 0']),
    options: [TQ, BUILD_ID, ruleIndex(true), PERCENTAGE, YES, FORCE],
    validate: (flags) => void assignmentRule(flags),
    run: (ctx) => changeRules(ctx, { replaceAssignmentRule: { ruleIndex: ctx.flags.number('rule-index'), rule: assignmentRule(ctx.flags), force: ctx.flags.bool('force') } }),
  },
  {
    path: 'task-queue versioning delete-assignment-rule',
    summary: 'Delete the build ID assignment rule at a position (deprecated)',
    description: example(['versioning delete-assignment-rule', '--task-queue YourTaskQueue', '--rule-index 0']),
    options: [TQ, ruleIndex(true), FORCE, YES],
    run: (ctx) => changeRules(ctx, { deleteAssignmentRule: { ruleIndex: ctx.flags.number('rule-index'), force: ctx.flags.bool('force') } }),
  },
  {
    path: 'task-queue versioning add-redirect-rule',
    summary: 'Redirect work of one build ID to a compatible one (deprecated)',
    description: example(['versioning add-redirect-rule', '--task-queue YourTaskQueue', '--source-build-id YourSourceBuildID', '--target-build-id YourTargetBuildID']),
    options: [TQ, { name: 'source-build-id', type: 'string', required: true, description: 'Build ID whose work is redirected.' }, { name: 'target-build-id', type: 'string', required: true, description: 'Build ID that takes it.' }, YES],
    run: (ctx) => changeRules(ctx, { addCompatibleRedirectRule: { rule: { sourceBuildId: ctx.flags.string('source-build-id'), targetBuildId: ctx.flags.string('target-build-id') } } }),
  },
  {
    path: 'task-queue versioning replace-redirect-rule',
    summary: 'Change the target of a build ID\'s redirect rule (deprecated)',
    description: example(['versioning replace-redirect-rule', '--task-queue YourTaskQueue', '--source-build-id YourSourceBuildID', '--target-build-id YourNewTargetBuildID']),
    options: [TQ, { name: 'source-build-id', type: 'string', required: true, description: 'Build ID whose work is redirected.' }, { name: 'target-build-id', type: 'string', required: true, description: 'Build ID that takes it now.' }, YES],
    run: (ctx) => changeRules(ctx, { replaceCompatibleRedirectRule: { rule: { sourceBuildId: ctx.flags.string('source-build-id'), targetBuildId: ctx.flags.string('target-build-id') } } }),
  },
  {
    path: 'task-queue versioning delete-redirect-rule',
    summary: 'Delete a build ID\'s redirect rule (deprecated)',
    description: example(['versioning delete-redirect-rule', '--task-queue YourTaskQueue', '--source-build-id YourSourceBuildID']),
    options: [TQ, { name: 'source-build-id', type: 'string', required: true, description: 'Build ID whose redirect rule goes.' }, YES],
    run: (ctx) => changeRules(ctx, { deleteCompatibleRedirectRule: { sourceBuildId: ctx.flags.string('source-build-id') } }),
  },
  {
    path: 'task-queue versioning commit-build-id',
    summary: 'Finish a rollout: the build ID gets all new work and older assignment rules go (deprecated)',
    description: example(['versioning commit-build-id', '--task-queue YourTaskQueue', '--build-id YourBuildId']),
    options: [TQ, BUILD_ID, { name: 'force', type: 'bool', description: 'Commit even if no worker of the build ID polls.' }, YES],
    run: (ctx) => changeRules(ctx, { commitBuildId: { targetBuildId: ctx.flags.string('build-id'), force: ctx.flags.bool('force') } }),
  },
  {
    path: 'task-queue get-build-ids',
    summary: 'Show a task queue\'s build ID version sets (deprecated)',
    description: example(['get-build-ids', '--task-queue YourTaskQueue']),
    options: [TQ, { name: 'max-sets', type: 'int', default: '0', description: 'Show at most this many sets, newest first (0: all).' }],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.getWorkerBuildIdCompatibility({ namespace: c.namespace, taskQueue: ctx.flags.string('task-queue'), maxSets: ctx.flags.number('max-sets') ?? 0 });
      const sets = r.majorVersionSets ?? [];
      const rows = sets.map((s, i) => ({ buildIds: s.buildIds ?? [], defaultForSet: s.buildIds?.at(-1) ?? '', isDefaultSet: i === sets.length - 1 }));
      ctx.print.table(rows, [
        { title: 'BuildIds', value: (s) => `[${s.buildIds.join(' ')}]` },
        { title: 'DefaultForSet', value: (s) => s.defaultForSet },
        { title: 'IsDefaultSet', value: (s) => s.isDefaultSet },
      ]);
    },
  },
  {
    path: 'task-queue get-build-id-reachability',
    summary: 'Show whether workers of build IDs may still get work (deprecated)',
    description: example(['get-build-id-reachability', '--build-id YourBuildId', '--reachability-type open']),
    options: [
      { name: 'build-id', type: 'string[]', description: 'Build ID. Repeatable.' },
      { name: 'reachability-type', type: 'enum', values: ['open', 'closed', 'existing'], default: 'existing', description: 'Which workflows count: open, closed or existing (both).' },
      { name: 'task-queue', short: 't', type: 'string[]', description: 'Task queue (default: all the build ID is in). Repeatable.' },
    ],
    validate(flags) {
      if (!flags.list('build-id').length) throw new UsageError('give at least one --build-id');
    },
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.getWorkerTaskReachability({
        namespace: c.namespace,
        buildIds: ctx.flags.list('build-id'),
        taskQueues: ctx.flags.list('task-queue'),
        reachability: enumValue('TaskReachability', 'TASK_REACHABILITY', `${ctx.flags.string('reachability-type')}_workflows`),
      });
      const rows = (r.buildIdReachability ?? []).flatMap((b) => (b.taskQueueReachability ?? []).map((q) => ({ buildId: b.buildId ?? '', taskQueue: q.taskQueue ?? '', reachability: (q.reachability ?? []).map((x) => enumWord('TaskReachability', x)) })));
      ctx.print.table(rows, [
        { title: 'BuildId', value: (x) => x.buildId },
        { title: 'TaskQueue', value: (x) => x.taskQueue },
        { title: 'Reachability', value: (x) => `[${x.reachability.join(' ')}]` },
      ]);
    },
  },
  {
    path: 'task-queue update-build-ids add-new-default',
    summary: 'Add a build ID as the default of a new version set (deprecated)',
    description: example(['update-build-ids add-new-default', '--task-queue YourTaskQueue', '--build-id YourNewBuildId']),
    options: [BUILD_ID, TQ],
    run: (ctx) => changeSets(ctx, { addNewBuildIdInNewDefaultSet: ctx.flags.string('build-id') }),
  },
  {
    path: 'task-queue update-build-ids add-new-compatible',
    summary: 'Add a build ID to the version set of a compatible one (deprecated)',
    description: example(['update-build-ids add-new-compatible', '--task-queue YourTaskQueue', '--build-id YourNewBuildId', '--existing-compatible-build-id YourExistingBuildId']),
    options: [BUILD_ID, TQ, { name: 'existing-compatible-build-id', type: 'string', required: true, description: 'A build ID of the set the new one joins.' }, { name: 'set-as-default', type: 'bool', description: 'Make that set the default set.' }],
    run: (ctx) => changeSets(ctx, { addNewCompatibleBuildId: { newBuildId: ctx.flags.string('build-id'), existingCompatibleBuildId: ctx.flags.string('existing-compatible-build-id'), makeSetDefault: ctx.flags.bool('set-as-default') } }),
  },
  {
    path: 'task-queue update-build-ids promote-id-in-set',
    summary: 'Make a build ID the default of its version set (deprecated)',
    description: example(['update-build-ids promote-id-in-set', '--task-queue YourTaskQueue', '--build-id YourBuildId']),
    options: [BUILD_ID, TQ],
    run: (ctx) => changeSets(ctx, { promoteBuildIdWithinSet: ctx.flags.string('build-id') }),
  },
  {
    path: 'task-queue update-build-ids promote-set',
    summary: 'Make the version set of a build ID the default set (deprecated)',
    description: example(['update-build-ids promote-set', '--task-queue YourTaskQueue', '--build-id YourBuildId']),
    options: [BUILD_ID, TQ],
    run: (ctx) => changeSets(ctx, { promoteSetByBuildId: ctx.flags.string('build-id') }),
  },
];
