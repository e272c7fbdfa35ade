// Worker versioning with the official 1.24 worker's workerDeploymentOptions: versions register when their workers
// poll, the current version gets new work, pinned runs stay on their version, auto-upgrade runs move, a ramp sends
// a share, an override moves a run; describe, list and delete of deployments and versions; the older versioning
// APIs answer as Temporal answers them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import * as activities from './activities.js';
import { startEnv, uniqueId, until, workflowsPath, type Env } from './harness.js';

const VStatus = temporal.api.enums.v1.WorkerDeploymentVersionStatus;
const Behavior = temporal.api.enums.v1.VersioningBehavior;

const rejectsWith = (code: number, message: RegExp) => (e: { code: number; details: string }) => {
  assert.equal(e.code, code, e.details);
  assert.match(e.details, message);
  return true;
};

describe('worker deployments and versioning on the Durable dev server', () => {
  let env: Env;
  let native: NativeConnection;
  const running: { worker: Worker; done: Promise<void> }[] = [];
  const deployment = uniqueId('shop');

  before(async () => {
    env = await startEnv({}, 'unused-by-versioning');
    native = await NativeConnection.connect({ address: env.server.address });
  });
  after(async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.all(running.map((r) => r.done));
    await native?.close();
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  async function versionedWorker(buildId: string, taskQueue: string, behavior: 'PINNED' | 'AUTO_UPGRADE') {
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath,
      activities,
      identity: `${buildId}@${taskQueue}`,
      workerDeploymentOptions: { version: { deploymentName: deployment, buildId }, useWorkerVersioning: true, defaultVersioningBehavior: behavior },
    });
    running.push({ worker, done: worker.run() });
  }

  /** The identities of the workers that completed the run's workflow tasks, in order. */
  async function completedBy(h: WorkflowHandle): Promise<string[]> {
    const events = (await h.fetchHistory()).events ?? [];
    return events.filter((e) => e.workflowTaskCompletedEventAttributes).map((e) => e.workflowTaskCompletedEventAttributes!.identity!);
  }

  const describeDeployment = () => service().describeWorkerDeployment({ namespace: 'default', deploymentName: deployment });
  const setCurrent = (buildId: string) => service().setWorkerDeploymentCurrentVersion({ namespace: 'default', deploymentName: deployment, buildId, identity: 'ops' });

  test('a version registers when its workers poll; new work waits for a current version, then goes to it, pinned', async () => {
    await versionedWorker('v1', 'pinned-q', 'PINNED');
    const d = await until('v1 to register', async () => {
      const r = await describeDeployment().catch(() => undefined);
      return r?.workerDeploymentInfo?.versionSummaries?.length ? r : undefined;
    });
    const v1 = d.workerDeploymentInfo!.versionSummaries![0]!;
    assert.equal(v1.deploymentVersion!.buildId, 'v1');
    assert.equal(v1.status, VStatus.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE);
    assert.equal(d.workerDeploymentInfo!.routingConfig!.currentVersion, '__unversioned__');
    const v = await service().describeWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName: deployment, buildId: 'v1' } });
    assert.deepEqual(
      v.workerDeploymentVersionInfo!.taskQueueInfos!.map((q) => [q.name, q.type]).sort(),
      [['pinned-q', 1], ['pinned-q', 2]],
    );

    const h = await env.client.workflow.start('approval', { taskQueue: 'pinned-q', workflowId: uniqueId('pinned') });
    assert.equal((await h.describe()).raw.pendingWorkflowTask?.state, temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED, 'no unversioned worker takes it');
    const set = await setCurrent('v1');
    assert.equal(set.previousVersion, '__unversioned__');
    assert.equal(await h.query('status'), 'waiting');
    const info = (await h.describe()).raw.workflowExecutionInfo!;
    assert.equal(info.versioningInfo!.behavior, Behavior.VERSIONING_BEHAVIOR_PINNED);
    assert.equal(info.versioningInfo!.deploymentVersion!.buildId, 'v1');
    assert.equal((await env.client.workflow.count(`TemporalWorkerDeploymentVersion = '${deployment}:v1'`)).count, 1);
    const tq = await service().describeTaskQueue({ namespace: 'default', taskQueue: { name: 'pinned-q' } });
    assert.equal(tq.versioningInfo!.currentDeploymentVersion!.buildId, 'v1');

    // v2 becomes current: the pinned run stays on v1, new runs go to v2, v1 drains until its run is done.
    await versionedWorker('v2', 'pinned-q', 'PINNED');
    await until('v2 to poll pinned-q', async () => {
      const v = await service()
        .describeWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName: deployment, buildId: 'v2' } })
        .catch(() => undefined);
      return v?.workerDeploymentVersionInfo?.taskQueueInfos?.length === 2 ? true : undefined;
    });
    await setCurrent('v2');
    const h2 = await env.client.workflow.start('approval', { taskQueue: 'pinned-q', workflowId: uniqueId('pinned') });
    await h2.signal('approve', 'b');
    await h.signal('approve', 'a');
    assert.equal(await h.result(), 'approved by a');
    assert.equal(await h2.result(), 'approved by b');
    assert.deepEqual(new Set(await completedBy(h)), new Set(['v1@pinned-q']));
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
    assert.deepEqual(new Set(await completedBy(h2)), new Set(['v2@pinned-q']));
    const after = (await describeDeployment()).workerDeploymentInfo!;
    const status = (b: string) => after.versionSummaries!.find((s) => s.deploymentVersion!.buildId === b)!.status;
    assert.equal(status('v2'), VStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT);
    assert.equal(status('v1'), VStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED, 'its pinned run closed');
  });

  test('an auto-upgrade run moves to the new current version; a pinned override moves a pinned run', async () => {
    await versionedWorker('v1', 'auto-q', 'AUTO_UPGRADE');
    await versionedWorker('v2', 'auto-q', 'AUTO_UPGRADE');
    for (const buildId of ['v1', 'v2']) {
      await until(`${buildId} to poll auto-q`, async () => {
        const v = await service().describeWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName: deployment, buildId } });
        const types = v.workerDeploymentVersionInfo!.taskQueueInfos!.filter((q) => q.name === 'auto-q').length;
        return types === 2 ? true : undefined;
      });
    }
    await setCurrent('v1');
    const auto = await env.client.workflow.start('approval', { taskQueue: 'auto-q', workflowId: uniqueId('auto') });
    assert.equal(await auto.query('status'), 'waiting');
    assert.equal((await auto.describe()).raw.workflowExecutionInfo!.versioningInfo!.behavior, Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);
    await setCurrent('v2');
    await auto.signal('approve', 'c');
    assert.equal(await auto.result(), 'approved by c');
    const autoBy = await completedBy(auto);
    assert.equal(autoBy[0], 'v1@auto-q');
    assert.deepEqual(new Set(autoBy.slice(1)), new Set(['v2@auto-q']), autoBy.join());

    // A run pinned to v2 (the current one), then pinned by override to v1.
    const pinned = await env.client.workflow.start('approval', { taskQueue: 'pinned-q', workflowId: uniqueId('override') });
    assert.equal(await pinned.query('status'), 'waiting');
    await service().updateWorkflowExecutionOptions({
      namespace: 'default',
      workflowExecution: { workflowId: pinned.workflowId },
      workflowExecutionOptions: { versioningOverride: { pinned: { behavior: 1, version: { deploymentName: deployment, buildId: 'v1' } } } },
      updateMask: { paths: ['versioning_override'] },
    });
    await pinned.signal('approve', 'd');
    assert.equal(await pinned.result(), 'approved by d');
    const pinnedBy = await completedBy(pinned);
    assert.equal(pinnedBy[0], 'v2@pinned-q');
    assert.deepEqual(new Set(pinnedBy.slice(1)), new Set(['v1@pinned-q']), pinnedBy.join());
  });

  test('a ramping version takes its share of new runs; routing changes answer with the previous routing', async () => {
    const ramp = await service().setWorkerDeploymentRampingVersion({ namespace: 'default', deploymentName: deployment, buildId: 'v1', percentage: 100, identity: 'ops' });
    assert.equal(ramp.previousVersion, '');
    const h = await env.client.workflow.start('approval', { taskQueue: 'pinned-q', workflowId: uniqueId('ramped') });
    assert.equal(await h.query('status'), 'waiting');
    assert.deepEqual(await completedBy(h), ['v1@pinned-q']);
    const d = (await describeDeployment()).workerDeploymentInfo!;
    assert.equal(d.routingConfig!.rampingDeploymentVersion!.buildId, 'v1');
    assert.equal(d.routingConfig!.rampingVersionPercentage, 100);
    const unset = await service().setWorkerDeploymentRampingVersion({ namespace: 'default', deploymentName: deployment, identity: 'ops' });
    assert.equal(unset.previousPercentage, 100);
    await h.terminate();
    await assert.rejects(
      service().setWorkerDeploymentRampingVersion({ namespace: 'default', deploymentName: deployment, buildId: 'v1', percentage: 150 }),
      rejectsWith(status.INVALID_ARGUMENT, /between 0 and 100/),
    );
  });

  test('list, manager identity, metadata, deletes and errors', async () => {
    const listed = await service().listWorkerDeployments({ namespace: 'default' });
    const mine = listed.workerDeployments!.find((w) => w.name === deployment)!;
    assert.equal(mine.currentVersionSummary!.deploymentVersion!.buildId, 'v2');
    const meta = await service().updateWorkerDeploymentVersionMetadata({
      namespace: 'default',
      deploymentVersion: { deploymentName: deployment, buildId: 'v1' },
      upsertEntries: { owner: { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"team-a"') } },
    });
    assert.equal(Buffer.from(meta.metadata!.entries!.owner!.data!).toString(), '"team-a"');
    // Once a manager is set, only it changes the routing.
    await service().setWorkerDeploymentManager({ namespace: 'default', deploymentName: deployment, self: true, identity: 'release-bot' });
    await assert.rejects(setCurrent('v1'), rejectsWith(status.FAILED_PRECONDITION, /ManagerIdentity 'release-bot' is set and does not match user identity 'ops'/));
    await service().setWorkerDeploymentManager({ namespace: 'default', deploymentName: deployment, managerIdentity: '', identity: 'release-bot' });

    await assert.rejects(
      service().deleteWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName: deployment, buildId: 'v2' } }),
      rejectsWith(status.FAILED_PRECONDITION, /cannot be deleted since it is current or ramping/),
    );
    await assert.rejects(
      service().deleteWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName: deployment, buildId: 'v1' } }),
      rejectsWith(status.FAILED_PRECONDITION, /has active pollers/),
    );
    await assert.rejects(
      service().describeWorkerDeployment({ namespace: 'default', deploymentName: 'no-such-deployment' }),
      rejectsWith(status.NOT_FOUND, /no Worker Deployment found with name 'no-such-deployment'/),
    );
    const created = uniqueId('empty');
    await service().createWorkerDeployment({ namespace: 'default', deploymentName: created, identity: 'ops' });
    await assert.rejects(service().createWorkerDeployment({ namespace: 'default', deploymentName: created }), rejectsWith(status.ALREADY_EXISTS, /already exists/));
    await service().deleteWorkerDeployment({ namespace: 'default', deploymentName: created, identity: 'ops' });
    await assert.rejects(service().describeWorkerDeployment({ namespace: 'default', deploymentName: created }), (e: { code: number }) => e.code === status.NOT_FOUND);
  });

  test('the older versioning APIs answer as Temporal’s dev server does', async () => {
    await assert.rejects(
      service().describeDeployment({ namespace: 'default', deployment: { seriesName: 'x', buildId: 'y' } }),
      rejectsWith(status.UNIMPLEMENTED, /Deployments are deprecated and no longer supported, use Worker Deployments instead/),
    );
    await assert.rejects(
      env.client.taskQueue.getBuildIdCompatability('pinned-q'),
      (e: Error) => /Worker versioning v0.1 .* is disabled on this namespace/.test(String((e as { cause?: Error }).cause?.message ?? e.message)),
    );
  });
});
