// Our worker with workerDeploymentOptions against our dev server: its version registers when it polls, a run it
// takes is pinned to it (the worker's default behavior) or auto-upgrades (the workflow's declared behavior), and a
// pinned run stays on its version after a new one becomes current.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { temporal } from '@durable/proto';
import { Worker, type WorkerDeploymentOptions } from '@durable/worker';
import type { WorkflowHandle } from '@durable/client';
import * as activities from './durable-activities.js';
import { startDurableEnv, uniqueId, until, workflowsPath, type DurableEnv } from './harness.js';

const sdkWorkflowsPath = fileURLToPath(new URL('./durable-sdk-workflows.js', import.meta.url));
const Behavior = temporal.api.enums.v1.VersioningBehavior;

describe('worker versioning with our worker', () => {
  let env: DurableEnv;
  const running: { worker: Worker; done: Promise<void> }[] = [];
  const deployment = uniqueId('durable-shop');
  const queue = uniqueId('versioned');
  before(async () => {
    env = await startDurableEnv({}, 'unused-by-versioning');
  });
  after(async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.all(running.map((r) => r.done));
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  async function versionedWorker(buildId: string, path: string, taskQueue = queue, deploymentName = deployment) {
    const workerDeploymentOptions: WorkerDeploymentOptions = { version: { deploymentName, buildId }, useWorkerVersioning: true, defaultVersioningBehavior: 'PINNED' };
    const worker = await Worker.create({ connection: env.connection, taskQueue, workflowsPath: path, activities, identity: `${buildId}@${taskQueue}`, workerDeploymentOptions });
    running.push({ worker, done: worker.run() });
    await until(`${buildId} to poll`, async () => {
      const v = await service()
        .describeWorkerDeploymentVersion({ namespace: 'default', deploymentVersion: { deploymentName, buildId } })
        .catch(() => undefined);
      return v?.workerDeploymentVersionInfo?.taskQueueInfos?.length === 2 ? true : undefined;
    });
  }
  const setCurrent = (buildId: string, deploymentName = deployment) =>
    service().setWorkerDeploymentCurrentVersion({ namespace: 'default', deploymentName, buildId, identity: 'ops' });
  const completedBy = async (h: WorkflowHandle) =>
    new Set((await h.fetchHistory()).events!.filter((e) => e.workflowTaskCompletedEventAttributes).map((e) => e.workflowTaskCompletedEventAttributes!.identity));
  const versioning = async (h: WorkflowHandle) => (await h.describe()).raw.description.workflowExecutionInfo!.versioningInfo!;

  test('options are checked as the official worker checks them', async () => {
    await assert.rejects(
      Worker.create({ connection: env.connection, taskQueue: queue, activities, workerDeploymentOptions: { version: { deploymentName: deployment, buildId: 'x' }, useWorkerVersioning: true } as never }),
      /defaultVersioningBehavior is required/,
    );
  });

  test('a run is pinned to the version that took it, and stays there when a new version becomes current', async () => {
    await versionedWorker('v1', workflowsPath);
    await setCurrent('v1');
    const pinned = await env.client.workflow.start('approval', { taskQueue: queue, workflowId: uniqueId('pinned') });
    assert.equal(await pinned.query('status'), 'waiting');
    const info = await versioning(pinned);
    assert.equal(info.behavior, Behavior.VERSIONING_BEHAVIOR_PINNED);
    assert.equal(info.deploymentVersion?.buildId, 'v1');
    const completion = (await pinned.fetchHistory()).events!.find((e) => e.workflowTaskCompletedEventAttributes)!.workflowTaskCompletedEventAttributes!;
    assert.equal(completion.versioningBehavior, Behavior.VERSIONING_BEHAVIOR_PINNED);
    assert.equal(completion.deploymentVersion?.buildId, 'v1');

    await versionedWorker('v2', workflowsPath);
    await setCurrent('v2');
    const fresh = await env.client.workflow.start('approval', { taskQueue: queue, workflowId: uniqueId('fresh') });
    await fresh.signal('approve', 'b');
    await pinned.signal('approve', 'a');
    assert.equal(await pinned.result(), 'approved by a');
    assert.equal(await fresh.result(), 'approved by b');
    assert.deepEqual(await completedBy(pinned), new Set([`v1@${queue}`]));
    assert.deepEqual(await completedBy(fresh), new Set([`v2@${queue}`]));
  });

  test('a workflow declaring AUTO_UPGRADE (setWorkflowOptions) reports it over the worker’s PINNED default', async () => {
    // Its own deployment: making v3 current where v2 is would leave v2's task queue unversioned, which is refused.
    const taskQueue = uniqueId('upgrading');
    const other = uniqueId('durable-upgrading');
    await versionedWorker('v3', sdkWorkflowsPath, taskQueue, other);
    await setCurrent('v3', other);
    const h = await env.client.workflow.start('upgradingApproval', { taskQueue, workflowId: uniqueId('upgrading') });
    const info = await until('the first workflow task', async () => {
      const v = (await h.describe()).raw.description.workflowExecutionInfo?.versioningInfo;
      return v?.behavior ? v : undefined;
    });
    assert.equal(info.behavior, Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);
    assert.equal(info.deploymentVersion?.buildId, 'v3');
    await h.signal('approve', 'c');
    assert.equal(await h.result(), 'approved by c');
  });
});
