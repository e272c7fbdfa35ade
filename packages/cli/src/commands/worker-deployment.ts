// durable worker deployment …: worker deployments and their versions (worker versioning) — list, describe, create,
// delete, route work with current and ramping versions, version metadata, compute config, and the manager identity.
// JSON output has the temporal CLI's shapes for these commands (its own, not the API's messages).
import { randomUUID } from 'node:crypto';
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, GroupSpec, OptionSpec } from '../command.js';
import type { ClientContext } from '../connect.js';
import { formatProtoDuration, fromProtoTimestamp } from '../durations.js';
import type { Flags } from '../flags.js';
import { keyJsonPayloads, payloadValue } from '../payloads.js';
import { keyValues, plainTable as table } from '../printer.js';
import { enumWord } from '../proto-enums.js';
import { UsageError } from '../usage-error.js';
import { collectPages, confirm } from './shared.js';
import { anyComputeFlag, COMPUTE_OPTIONS, computeProvider, scalerDetails, scalerType } from './worker-compute.js';

type Info = temporal.api.deployment.v1.IWorkerDeploymentInfo;
type Routing = temporal.api.deployment.v1.IRoutingConfig;

/** A version reference the API accepts in either form (v3.1 `deployment.build` strings came first). */
type Ref = temporal.api.deployment.v1.IWorkerDeploymentVersion | null | undefined;

const NAME: OptionSpec = { name: 'name', short: 'd', type: 'string', required: true, description: 'Worker deployment name.' };
const DEPLOYMENT_NAME: OptionSpec = { name: 'deployment-name', type: 'string', required: true, description: 'Worker deployment name.' };
const VERSION: OptionSpec[] = [DEPLOYMENT_NAME, { name: 'build-id', type: 'string', required: true, description: 'Build ID of the version.' }];
const VERSION_OR_UNVERSIONED: OptionSpec[] = [
  DEPLOYMENT_NAME,
  { name: 'build-id', type: 'string', description: 'Build ID of the version. Required unless --unversioned.' },
  { name: 'unversioned', type: 'bool', description: 'Target the workers that have no version. Not with --build-id.' },
];
const ROUTING_GUARDS: OptionSpec[] = [
  { name: 'ignore-missing-task-queues', type: 'bool', description: 'Go ahead even if the version does not poll every task queue the current one does.' },
  { name: 'allow-no-pollers', type: 'bool', description: 'Go ahead even if no worker of the version polls yet.' },
];

const version = (flags: Flags) => ({ deploymentName: flags.string('deployment-name'), buildId: flags.string('build-id') });
const time = (t: Parameters<typeof fromProtoTimestamp>[0]) => fromProtoTimestamp(t);
const drainage = (s: number | null | undefined) => enumWord('VersionDrainageStatus', s).toLowerCase();

function checkVersionOrUnversioned(flags: Flags): void {
  if (flags.bool('unversioned') && flags.string('build-id')) throw new UsageError('set --build-id or --unversioned, not both');
  if (!flags.bool('unversioned') && !flags.string('build-id') && !flags.bool('delete')) throw new UsageError('set --build-id or --unversioned');
}

function routingJson(r: Routing | null | undefined) {
  const cur: Ref = r?.currentDeploymentVersion;
  const ramp: Ref = r?.rampingDeploymentVersion;
  return {
    currentVersionDeploymentName: cur?.deploymentName ?? '',
    currentVersionBuildID: cur?.buildId ?? '',
    rampingVersionDeploymentName: ramp?.deploymentName ?? '',
    rampingVersionBuildID: ramp?.buildId ?? '',
    rampingVersionPercentage: r?.rampingVersionPercentage ?? 0,
    currentVersionChangedTime: time(r?.currentVersionChangedTime),
    rampingVersionChangedTime: time(r?.rampingVersionChangedTime),
    rampingVersionPercentageChangedTime: time(r?.rampingVersionPercentageChangedTime),
  };
}

function deploymentJson(info: Info) {
  return {
    name: info.name ?? '',
    createTime: time(info.createTime),
    lastModifierIdentity: info.lastModifierIdentity ?? '',
    routingConfig: routingJson(info.routingConfig),
    versionSummaries: (info.versionSummaries ?? []).map((v) => ({
      deploymentName: v.deploymentVersion?.deploymentName ?? '',
      BuildID: v.deploymentVersion?.buildId ?? '',
      drainageStatus: drainage(v.drainageInfo?.status ?? v.drainageStatus),
      createTime: time(v.createTime),
    })),
    managerIdentity: info.managerIdentity ?? '',
  };
}

function deploymentText(ctx: CommandContext, info: Info, title: string): string {
  const d = deploymentJson(info);
  const r = d.routingConfig;
  const card = keyValues(
    {
      Name: d.name,
      CreateTime: d.createTime,
      LastModifierIdentity: d.lastModifierIdentity,
      ManagerIdentity: d.managerIdentity,
      CurrentVersionDeploymentName: r.currentVersionDeploymentName,
      CurrentVersionBuildID: r.currentVersionBuildID,
      RampingVersionDeploymentName: r.rampingVersionDeploymentName,
      RampingVersionBuildID: r.rampingVersionBuildID,
      RampingVersionPercentage: r.rampingVersionPercentage || undefined,
      CurrentVersionChangedTime: r.currentVersionChangedTime,
      RampingVersionChangedTime: r.rampingVersionChangedTime,
      RampingVersionPercentageChangedTime: r.rampingVersionPercentageChangedTime,
    },
    ctx.print.time,
  );
  const rows = d.versionSummaries.map((v) => [v.deploymentName, v.BuildID, v.drainageStatus, ctx.print.time(v.createTime)]);
  return `${title}\n${card}${rows.length ? `\nVersion Summaries:\n${table(['DeploymentName', 'BuildID', 'DrainageStatus', 'CreateTime'], rows)}` : ''}`;
}

/** The deployment's conflict token; without --yes, shows the deployment and asks before changing it. */
async function conflictToken(ctx: CommandContext, c: ClientContext, deploymentName: string, what: string, tolerateMissing = false): Promise<Uint8Array | undefined> {
  let r;
  try {
    r = await c.connection.workflowService.describeWorkerDeployment({ namespace: c.namespace, deploymentName });
  } catch (err) {
    if (tolerateMissing && (err as { code?: number }).code === 5) return undefined;
    throw err;
  }
  if (!ctx.flags.bool('yes')) {
    if (ctx.print.format !== 'text') throw new UsageError('add --yes: nobody can confirm the change when the output is JSON');
    ctx.print.line(deploymentText(ctx, r.workerDeploymentInfo ?? {}, 'Worker Deployment Before Update:'));
    if (!(await confirm(ctx, `Continue with set ${what}?`))) throw new Error('not changed: the change was not confirmed');
  }
  return r.conflictToken ?? undefined;
}

function versionJson(info: temporal.api.deployment.v1.IWorkerDeploymentVersionInfo, queues: temporal.api.workflowservice.v1.DescribeWorkerDeploymentVersionResponse.IVersionTaskQueue[], stats: boolean) {
  const statsJson = (s: temporal.api.taskqueue.v1.ITaskQueueStats | null | undefined) =>
    s && {
      approximateBacklogCount: Number(s.approximateBacklogCount ?? 0),
      approximateBacklogAge: formatProtoDuration(s.approximateBacklogAge) ?? '0s',
      // The temporal CLI also shows a backlog increase rate: tasks added less tasks dispatched.
      backlogIncreaseRate: (s.tasksAddRate ?? 0) - (s.tasksDispatchRate ?? 0),
      tasksAddRate: s.tasksAddRate ?? 0,
      tasksDispatchRate: s.tasksDispatchRate ?? 0,
    };
  return {
    deploymentName: info.deploymentVersion?.deploymentName ?? '',
    BuildID: info.deploymentVersion?.buildId ?? '',
    createTime: time(info.createTime),
    routingChangedTime: time(info.routingChangedTime),
    currentSinceTime: time(info.currentSinceTime),
    rampingSinceTime: time(info.rampingSinceTime),
    rampPercentage: info.rampPercentage ?? 0,
    drainageInfo: { drainageStatus: drainage(info.drainageInfo?.status), lastChangedTime: time(info.drainageInfo?.lastChangedTime), lastCheckedTime: time(info.drainageInfo?.lastCheckedTime) },
    taskQueuesInfos: queues.map((q) => ({ name: q.name ?? '', type: enumWord('TaskQueueType', q.type).toLowerCase(), stats: stats ? statsJson(q.stats) : undefined })),
    metadata: Object.fromEntries(Object.entries(info.metadata?.entries ?? {}).map(([k, p]) => [k, payloadValue(p)])),
  };
}

export const workerDeploymentGroups: GroupSpec[] = [
  { path: 'worker deployment', summary: 'Manage worker deployments and their versions', description: 'A worker deployment groups versions of your workers (by build ID); its routing sends new work to the current version and a percentage to a ramping one.\n\nExample:\n  durable worker deployment list' },
  { path: 'worker deployment manager-identity', summary: 'Set or unset the identity allowed to change a deployment', description: 'Example:\n  durable worker deployment manager-identity set \\\n      --deployment-name YourDeploymentName \\\n      --self' },
];

const example = (lines: string[]) => `Example:\n  durable worker deployment ${lines.join(' \\\n      ')}`;

export const workerDeploymentCommands: CommandSpec[] = [
  {
    path: 'worker deployment list',
    summary: 'List worker deployments and their current and ramping versions',
    description: example(['list']),
    async run(ctx) {
      const c = await ctx.client();
      const deployments = await collectPages(async (nextPageToken) => {
        const page = await c.connection.workflowService.listWorkerDeployments({ namespace: c.namespace, nextPageToken });
        return { items: page.workerDeployments, nextPageToken: page.nextPageToken };
      });
      const rows = deployments.map((d) => ({ ...deploymentJson({ name: d.name, createTime: d.createTime, routingConfig: d.routingConfig }) }));
      ctx.print.table(
        rows,
        [
          { title: 'Name', value: (d) => d.name },
          { title: 'CreateTime', value: (d) => d.createTime },
          { title: 'CurrentVersionBuildID', value: (d) => d.routingConfig.currentVersionBuildID },
          { title: 'RampingVersionBuildID', value: (d) => d.routingConfig.rampingVersionBuildID },
          { title: 'RampingVersionPercentage', value: (d) => d.routingConfig.rampingVersionPercentage || '' },
        ],
        (d) => ({ name: d.name, createTime: d.createTime, routingConfig: d.routingConfig }),
      );
    },
  },
  {
    path: 'worker deployment describe',
    summary: 'Show a worker deployment: routing, versions and their drainage',
    description: example(['describe', '--name YourDeploymentName']),
    options: [NAME],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.describeWorkerDeployment({ namespace: c.namespace, deploymentName: ctx.flags.string('name') });
      const info = r.workerDeploymentInfo ?? {};
      ctx.print.object(deploymentJson(info), deploymentText(ctx, info, 'Worker Deployment:'));
    },
  },
  {
    path: 'worker deployment create',
    summary: 'Create a worker deployment (one also comes into being when its first worker polls)',
    description: example(['create', '--name YourDeploymentName']),
    options: [NAME],
    async run(ctx) {
      const c = await ctx.client();
      await c.connection.workflowService.createWorkerDeployment({ namespace: c.namespace, deploymentName: ctx.flags.string('name'), identity: c.identity, requestId: randomUUID() });
      ctx.print.object({ ok: true }, 'Successfully created worker deployment');
    },
  },
  {
    path: 'worker deployment delete',
    summary: 'Delete a worker deployment that has no versions left',
    description: example(['delete', '--name YourDeploymentName']),
    options: [NAME],
    async run(ctx) {
      const c = await ctx.client();
      await c.connection.workflowService.deleteWorkerDeployment({ namespace: c.namespace, deploymentName: ctx.flags.string('name'), identity: c.identity });
      ctx.print.object({ ok: true }, 'Successfully deleted worker deployment');
    },
  },
  {
    path: 'worker deployment create-version',
    summary: 'Create a version whose workers the server starts through a compute provider (AWS Lambda, GCP Cloud Run)',
    description: `A version of ordinary workers comes into being when they poll; this one is for serverless workers.\n\n${example(['create-version', '--deployment-name YourDeploymentName', '--build-id YourBuildID', '--aws-lambda-function-arn arn:aws:lambda:…', '--aws-lambda-skip-role-and-external-id'])}`,
    options: [...VERSION, ...COMPUTE_OPTIONS],
    validate(flags) {
      const provider = computeProvider(flags);
      if (!provider) throw new UsageError('missing configuration for compute provider: set --aws-lambda-function-arn or --gcp-cloud-run-worker-pool');
      scalerDetails(flags, provider.type);
    },
    async run(ctx) {
      const provider = computeProvider(ctx.flags)!;
      const c = await ctx.client();
      await c.connection.workflowService.createWorkerDeploymentVersion({
        namespace: c.namespace,
        deploymentVersion: version(ctx.flags),
        identity: c.identity,
        requestId: randomUUID(),
        computeConfig: { scalingGroups: { default: { provider, scaler: { type: scalerType(provider.type), details: scalerDetails(ctx.flags, provider.type) } } } },
      });
      ctx.print.object({ ok: true }, 'Successfully created worker deployment version');
    },
  },
  {
    path: 'worker deployment update-version-compute-config',
    summary: 'Change or remove the compute config of a version',
    description: example(['update-version-compute-config', '--deployment-name YourDeploymentName', '--build-id YourBuildID', '--remove']),
    options: [...VERSION, ...COMPUTE_OPTIONS, { name: 'remove', type: 'bool', description: 'Remove the compute config.' }],
    validate(flags) {
      if (flags.bool('remove')) {
        if (anyComputeFlag(flags)) throw new UsageError('--remove cannot be combined with --aws-lambda-* or --gcp-cloud-run-* flags');
        return;
      }
      const provider = computeProvider(flags);
      scalerDetails(flags, provider?.type ?? 'gcp-cloud-run');
      if (!provider && !anyComputeFlag(flags)) throw new UsageError('no compute configuration to update: set --aws-lambda-* or --gcp-cloud-run-* flags, or --remove');
    },
    async run(ctx) {
      const c = await ctx.client();
      const request: temporal.api.workflowservice.v1.IUpdateWorkerDeploymentVersionComputeConfigRequest = { namespace: c.namespace, deploymentVersion: version(ctx.flags), identity: c.identity, requestId: randomUUID() };
      if (ctx.flags.bool('remove')) request.removeComputeConfigScalingGroups = ['default'];
      else {
        const provider = computeProvider(ctx.flags);
        if (provider) {
          const details = scalerDetails(ctx.flags, provider.type);
          // Scaler details follow the scaler type: a non-Cloud Run scaler has none, Cloud Run keeps its own unless new ones are given.
          const paths = ['provider.type', 'provider.details', 'scaler.type', ...(provider.type !== 'gcp-cloud-run' || details ? ['scaler.details'] : [])];
          request.computeConfigScalingGroups = { default: { scalingGroup: { provider, scaler: { type: scalerType(provider.type), details } }, updateMask: { paths } } };
        } else {
          request.computeConfigScalingGroups = { default: { scalingGroup: { scaler: { details: scalerDetails(ctx.flags, 'gcp-cloud-run') } }, updateMask: { paths: ['scaler.details'] } } };
        }
      }
      await c.connection.workflowService.updateWorkerDeploymentVersionComputeConfig(request);
      ctx.print.object({ ok: true }, ctx.flags.bool('remove') ? 'Successfully removed worker deployment version compute config' : 'Successfully updated worker deployment version compute config');
    },
  },
  {
    path: 'worker deployment describe-version',
    summary: 'Show a version: routing times, drainage, task queues (with --report-task-queue-stats, their backlogs) and metadata',
    description: example(['describe-version', '--deployment-name YourDeploymentName', '--build-id YourBuildID']),
    options: [...VERSION, { name: 'report-task-queue-stats', type: 'bool', description: 'Include each task queue\'s backlog and rates.' }],
    async run(ctx) {
      const c = await ctx.client();
      const stats = ctx.flags.bool('report-task-queue-stats');
      const r = await c.connection.workflowService.describeWorkerDeploymentVersion({ namespace: c.namespace, deploymentVersion: version(ctx.flags), reportTaskQueueStats: stats });
      const v = versionJson(r.workerDeploymentVersionInfo ?? {}, r.versionTaskQueues ?? [], stats);
      const card = keyValues(
        {
          DeploymentName: v.deploymentName,
          BuildID: v.BuildID,
          CreateTime: v.createTime,
          RoutingChangedTime: v.routingChangedTime,
          CurrentSinceTime: v.currentSinceTime,
          RampingSinceTime: v.rampingSinceTime,
          RampPercentage: v.rampPercentage,
          DrainageStatus: v.drainageInfo.drainageStatus === 'unspecified' ? '' : v.drainageInfo.drainageStatus,
          DrainageLastChangedTime: v.drainageInfo.lastChangedTime,
          DrainageLastCheckedTime: v.drainageInfo.lastCheckedTime,
          Metadata: Object.keys(v.metadata).length ? JSON.stringify(v.metadata) : undefined,
        },
        ctx.print.time,
      );
      const titles = stats ? ['Name', 'Type', 'ApproximateBacklogCount', 'ApproximateBacklogAge', 'BacklogIncreaseRate', 'TasksAddRate', 'TasksDispatchRate'] : ['Name', 'Type'];
      // A server that keeps no statistics for a queue leaves its columns empty.
      const rows = v.taskQueuesInfos.map((q) => [q.name, q.type, ...titles.slice(2).map((_, i) => (q.stats ? String(Object.values(q.stats)[i]) : ''))]);
      ctx.print.object(v, `Worker Deployment Version:\n${card}${rows.length ? `\nTask Queues:\n${table(titles, rows)}` : ''}`);
    },
  },
  {
    path: 'worker deployment delete-version',
    summary: 'Delete a version that no longer routes work and has drained',
    description: example(['delete-version', '--deployment-name YourDeploymentName', '--build-id YourBuildID']),
    options: [...VERSION, { name: 'skip-drainage', type: 'bool', description: 'Delete it even if pinned workflows still run on it.' }],
    async run(ctx) {
      const c = await ctx.client();
      await c.connection.workflowService.deleteWorkerDeploymentVersion({ namespace: c.namespace, deploymentVersion: version(ctx.flags), skipDrainage: ctx.flags.bool('skip-drainage'), identity: c.identity });
      ctx.print.object({ ok: true }, 'Successfully deleted worker deployment version');
    },
  },
  {
    path: 'worker deployment set-current-version',
    summary: 'Send new and auto-upgrading work to a version (or to unversioned workers)',
    description: `Without --yes, shows the deployment and asks first.\n\n${example(['set-current-version', '--deployment-name YourDeploymentName', '--build-id YourBuildID', '--yes'])}`,
    options: [...VERSION_OR_UNVERSIONED, ...ROUTING_GUARDS, { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before changing the routing.' }],
    validate: checkVersionOrUnversioned,
    async run(ctx) {
      const c = await ctx.client();
      const deploymentName = ctx.flags.string('deployment-name')!;
      const token = await conflictToken(ctx, c, deploymentName, 'Current', ctx.flags.bool('allow-no-pollers'));
      await c.connection.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: c.namespace,
        deploymentName,
        buildId: ctx.flags.string('build-id') ?? '',
        conflictToken: token,
        identity: c.identity,
        ignoreMissingTaskQueues: ctx.flags.bool('ignore-missing-task-queues'),
        allowNoPollers: ctx.flags.bool('allow-no-pollers'),
      });
      ctx.print.object({ ok: true }, 'Successfully set the current worker deployment version');
    },
  },
  {
    path: 'worker deployment set-ramping-version',
    summary: 'Send a percentage of new work to a version (or to unversioned workers); --delete ends the ramp',
    description: `100% does not make the version current: use set-current-version. Without --yes, shows the deployment and asks first.\n\n${example(['set-ramping-version', '--deployment-name YourDeploymentName', '--build-id YourBuildID', '--percentage 10', '--yes'])}`,
    options: [
      ...VERSION_OR_UNVERSIONED,
      { name: 'percentage', type: 'float', description: 'Percentage of new work sent to the version, 0 to 100.' },
      { name: 'delete', type: 'bool', description: 'End the ramp: no version ramps.' },
      ...ROUTING_GUARDS,
      { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before changing the routing.' },
    ],
    validate(flags) {
      checkVersionOrUnversioned(flags);
      const p = flags.number('percentage');
      if (p !== undefined && !(p >= 0 && p <= 100)) throw new UsageError(`--percentage must be between 0 and 100, got ${p}`);
      if (flags.bool('delete') && flags.has('percentage')) throw new UsageError('--delete cannot be used with --percentage');
    },
    async run(ctx) {
      const c = await ctx.client();
      const deploymentName = ctx.flags.string('deployment-name')!;
      const token = await conflictToken(ctx, c, deploymentName, 'Ramping', ctx.flags.bool('allow-no-pollers'));
      const remove = ctx.flags.bool('delete');
      await c.connection.workflowService.setWorkerDeploymentRampingVersion({
        namespace: c.namespace,
        deploymentName,
        // No version ends the ramp; unversioned workers are named with the API's reserved version string.
        buildId: remove ? '' : (ctx.flags.string('build-id') ?? ''),
        version: !remove && ctx.flags.bool('unversioned') ? '__unversioned__' : undefined,
        percentage: remove ? 0 : (ctx.flags.number('percentage') ?? 0),
        conflictToken: token,
        identity: c.identity,
        ignoreMissingTaskQueues: ctx.flags.bool('ignore-missing-task-queues'),
        allowNoPollers: ctx.flags.bool('allow-no-pollers'),
      });
      ctx.print.object({ ok: true }, 'Successfully set the ramping worker deployment version');
    },
  },
  {
    path: 'worker deployment update-version-metadata',
    summary: 'Set or remove metadata entries of a version',
    description: example(['update-version-metadata', '--deployment-name YourDeploymentName', '--build-id YourBuildID', '--metadata bar=\'"baz"\'', '--remove-entries foo']),
    options: [
      ...VERSION,
      { name: 'metadata', type: 'string[]', meta: 'KEY=JSON', description: 'Entry to set. Repeatable.' },
      { name: 'remove-entries', type: 'string[]', meta: 'KEY', description: 'Entry to remove. Repeatable.' },
    ],
    validate(flags) {
      keyJsonPayloads(flags, 'metadata');
      if (!flags.list('metadata').length && !flags.list('remove-entries').length) throw new UsageError('set --metadata or --remove-entries');
    },
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.updateWorkerDeploymentVersionMetadata({
        namespace: c.namespace,
        deploymentVersion: version(ctx.flags),
        upsertEntries: keyJsonPayloads(ctx.flags, 'metadata') ?? {},
        removeEntries: ctx.flags.list('remove-entries'),
        identity: c.identity,
      });
      const metadata = Object.fromEntries(Object.entries(r.metadata?.entries ?? {}).map(([k, p]) => [k, payloadValue(p)]));
      ctx.print.object({ metadata }, `Metadata:\n${keyValues(metadata, ctx.print.time)}Successfully updating metadata for worker deployment version`);
    },
  },
  {
    path: 'worker deployment manager-identity set',
    summary: 'Let only one identity change the deployment\'s routing (--self: yours)',
    description: `Without --yes, shows the deployment and asks first.\n\n${example(['manager-identity set', '--deployment-name YourDeploymentName', '--self', '--yes'])}`,
    options: [
      { name: 'manager-identity', type: 'string', description: 'The identity. Set this or --self.' },
      { name: 'self', type: 'bool', description: 'Your identity (--identity, or the default one).' },
      DEPLOYMENT_NAME,
      { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before changing it.' },
    ],
    validate(flags) {
      if (!!flags.string('manager-identity') === flags.bool('self')) throw new UsageError('set --manager-identity or --self (one of them)');
    },
    async run(ctx) {
      const c = await ctx.client();
      const deploymentName = ctx.flags.string('deployment-name')!;
      const token = await conflictToken(ctx, c, deploymentName, 'ManagerIdentity');
      const self = ctx.flags.bool('self');
      // The two are one oneof: send only the one given (a false `self` on the wire would replace the identity).
      const target = self ? { self: true } : { managerIdentity: ctx.flags.string('manager-identity') };
      const r = await c.connection.workflowService.setWorkerDeploymentManager({ namespace: c.namespace, deploymentName, ...target, conflictToken: token, identity: c.identity });
      const now = self ? c.identity : ctx.flags.string('manager-identity')!;
      ctx.print.object({ managerIdentity: now, previousManagerIdentity: r.previousManagerIdentity ?? '' }, `Successfully set manager identity to '${now}', was previously '${r.previousManagerIdentity ?? ''}'`);
    },
  },
  {
    path: 'worker deployment manager-identity unset',
    summary: 'Let any identity change the deployment\'s routing again',
    description: `Without --yes, shows the deployment and asks first.\n\n${example(['manager-identity unset', '--deployment-name YourDeploymentName', '--yes'])}`,
    options: [DEPLOYMENT_NAME, { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before changing it.' }],
    async run(ctx) {
      const c = await ctx.client();
      const deploymentName = ctx.flags.string('deployment-name')!;
      const token = await conflictToken(ctx, c, deploymentName, 'ManagerIdentity');
      const r = await c.connection.workflowService.setWorkerDeploymentManager({ namespace: c.namespace, deploymentName, managerIdentity: '', conflictToken: token, identity: c.identity });
      ctx.print.object({ previousManagerIdentity: r.previousManagerIdentity ?? '' }, `Successfully unset manager identity, was previously '${r.previousManagerIdentity ?? ''}'`);
    },
  },
];
