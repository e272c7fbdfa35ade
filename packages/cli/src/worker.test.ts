// durable worker list | count | describe and durable worker deployment …, against a test server: workers as their
// heartbeats describe them, and a deployment's versions as versioned pollers register them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { temporal } from '@durable/proto';
import { protoTimestamp } from './durations.js';
import { startTestServer, type TestServer } from './fixtures/harness.js';

const now = () => protoTimestamp(new Date());

describe('durable worker', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer('cli-workers')));
  after(() => t?.stop());

  /** A versioned worker's poll: it registers the version with the task queue, then answers empty. */
  const versionedPoll = (buildId: string, taskQueue: string) =>
    t.connection.withDeadline(Date.now() + 1500, () =>
      t.connection.workflowService.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: `${buildId}-worker`,
        deploymentOptions: { deploymentName: 'shop', buildId, workerVersioningMode: temporal.api.enums.v1.WorkerVersioningMode.WORKER_VERSIONING_MODE_VERSIONED },
      }),
    );

  test('list, count and describe the workers that send heartbeats', async () => {
    await t.connection.workflowService.recordWorkerHeartbeat({
      namespace: 'default',
      identity: 'ops',
      workerHeartbeat: [
        {
          workerInstanceKey: 'wk-1',
          workerIdentity: 'billing@host-a',
          taskQueue: 'billing',
          sdkName: 'durable',
          sdkVersion: '0.1.0',
          status: temporal.api.enums.v1.WorkerStatus.WORKER_STATUS_RUNNING,
          hostInfo: { hostName: 'host-a', processId: '42' },
          deploymentVersion: { deploymentName: 'shop', buildId: 'v1' },
          startTime: now(),
          heartbeatTime: now(),
          activityTaskSlotsInfo: { currentAvailableSlots: 10, currentUsedSlots: 2, slotSupplierKind: 'Fixed', totalProcessedTasks: 7 },
        },
        { workerInstanceKey: 'wk-2', workerIdentity: 'mail@host-b', taskQueue: 'mail', status: temporal.api.enums.v1.WorkerStatus.WORKER_STATUS_RUNNING, startTime: now(), heartbeatTime: now() },
      ],
    });
    const list = await t.cli('worker', 'list', '--query', "TaskQueue = 'billing'");
    assert.match(list.stdout, /^WorkerInstanceKey\s+Status\s+TaskQueue\s+WorkerIdentity\s+HostName\s+Deployment\s+HeartbeatTime\s+Elapsed\nwk-1\s+RUNNING\s+billing\s+billing@host-a\s+host-a\s+shop@v1\s+\S+/, list.stderr);
    const all = await t.json<{ workerHeartbeat: { workerInstanceKey: string; taskQueue: string; sdkName: string } }[]>('worker', 'list');
    // Beside the two recorded here, the harness's own @durable/worker reports itself, as the official worker does.
    const byKey = (prefix: boolean) => all.filter((w) => w.workerHeartbeat.workerInstanceKey.startsWith('wk-') === prefix);
    assert.deepEqual(byKey(true).map((w) => w.workerHeartbeat.workerInstanceKey).sort(), ['wk-1', 'wk-2']);
    assert.deepEqual(byKey(false).map((w) => w.workerHeartbeat.taskQueue), ['cli-workers']);
    assert.equal((await t.json<unknown[]>('worker', 'list', '--limit', '1')).length, 1);
    assert.equal((await t.cli('worker', 'count')).stdout, '3\n');
    assert.equal((await t.json<{ count: string }>('worker', 'count', '-q', "TaskQueue = 'mail'")).count, '1');
    const d = await t.cli('worker', 'describe', '--worker-instance-key', 'wk-1');
    assert.match(d.stdout, /^WorkerInstanceKey\s+wk-1\nWorkerIdentity\s+billing@host-a\nStatus\s+RUNNING\nTaskQueue\s+billing\nDeploymentVersion\n {2}DeploymentName\s+shop\n {2}BuildId\s+v1\nSdkName\s+durable\n/, d.stderr);
    assert.match(d.stdout, /\nActivityTaskSlotsInfo\n {2}CurrentAvailableSlots\s+10\n {2}CurrentUsedSlots\s+2\n/);
    const dj = await t.json<{ workerHeartbeat: { hostInfo: { hostName: string } } }>('worker', 'describe', '--worker-instance-key', 'wk-1');
    assert.equal(dj.workerHeartbeat.hostInfo.hostName, 'host-a');
    assert.equal((await t.cli('worker', 'describe', '--worker-instance-key', 'nope')).code, 1);
  });

  test('deployments: create, list, describe, versions, routing, metadata, manager identity, delete', async () => {
    assert.equal((await t.cli('worker', 'deployment', 'create', '--name', 'empty')).stdout, 'Successfully created worker deployment\n');
    await versionedPoll('v1', 'orders');
    await versionedPoll('v2', 'orders');
    const list = await t.cli('worker', 'deployment', 'list');
    assert.match(list.stdout, /^Name\s+CreateTime\s+CurrentVersionBuildID\s+RampingVersionBuildID\s+RampingVersionPercentage\n/);
    assert.match(list.stdout, /^empty\s+\S+$/m);
    assert.match(list.stdout, /^shop\s+\S+$/m);
    const d = await t.cli('worker', 'deployment', 'describe', '--name', 'shop');
    assert.match(d.stdout, /^Worker Deployment:\nName\s+shop\nCreateTime\s+\S+\n/, d.stderr);
    assert.match(d.stdout, /\nVersion Summaries:\nDeploymentName\s+BuildID\s+DrainageStatus\s+CreateTime\nshop\s+v1\s+/);
    const v = await t.cli('worker', 'deployment', 'describe-version', '--deployment-name', 'shop', '--build-id', 'v1');
    assert.match(v.stdout, /^Worker Deployment Version:\nDeploymentName\s+shop\nBuildID\s+v1\n/, v.stderr);
    assert.match(v.stdout, /\nTask Queues:\nName\s+Type\norders\s+activity\n/);
    const vj = await t.json<{ BuildID: string; taskQueuesInfos: { name: string; type: string }[] }>('worker', 'deployment', 'describe-version', '--deployment-name', 'shop', '--build-id', 'v1', '--report-task-queue-stats');
    assert.deepEqual([vj.BuildID, vj.taskQueuesInfos[0].name, vj.taskQueuesInfos[0].type], ['v1', 'orders', 'activity']);
    const withStats = await t.cli('worker', 'deployment', 'describe-version', '--deployment-name', 'shop', '--build-id', 'v1', '--report-task-queue-stats');
    assert.match(withStats.stdout, /\nTask Queues:\nName\s+Type\s+ApproximateBacklogCount\s+ApproximateBacklogAge\s+BacklogIncreaseRate\s+TasksAddRate\s+TasksDispatchRate\norders\s+activity/);

    const asks = await t.cli('worker', 'deployment', 'set-current-version', '--deployment-name', 'shop', '--build-id', 'v1');
    assert.equal(asks.code, 2);
    assert.match(asks.stdout, /^Worker Deployment Before Update:\nName\s+shop\n/);
    assert.match(asks.stderr, /Continue with set Current\? Add --yes to confirm/);
    assert.equal((await t.cli('worker', 'deployment', 'set-current-version', '--deployment-name', 'shop', '--build-id', 'v1', '--yes')).stdout, 'Successfully set the current worker deployment version\n');
    assert.equal((await t.cli('worker', 'deployment', 'set-ramping-version', '--deployment-name', 'shop', '--build-id', 'v2', '--percentage', '25', '-y')).stdout, 'Successfully set the ramping worker deployment version\n');
    const routed = await t.json<{ routingConfig: { currentVersionBuildID: string; rampingVersionBuildID: string; rampingVersionPercentage: number } }>('worker', 'deployment', 'describe', '--name', 'shop');
    assert.deepEqual([routed.routingConfig.currentVersionBuildID, routed.routingConfig.rampingVersionBuildID, routed.routingConfig.rampingVersionPercentage], ['v1', 'v2', 25]);
    assert.equal((await t.cli('worker', 'deployment', 'set-ramping-version', '--deployment-name', 'shop', '--delete', '-y')).code, 0);
    assert.equal((await t.json<{ routingConfig: { rampingVersionBuildID: string } }>('worker', 'deployment', 'describe', '--name', 'shop')).routingConfig.rampingVersionBuildID, '');

    const meta = await t.json<{ metadata: Record<string, unknown> }>('worker', 'deployment', 'update-version-metadata', '--deployment-name', 'shop', '--build-id', 'v1', '--metadata', 'owner="payments"', '--metadata', 'tier=2');
    assert.deepEqual(meta.metadata, { owner: 'payments', tier: 2 });
    const removed = await t.cli('worker', 'deployment', 'update-version-metadata', '--deployment-name', 'shop', '--build-id', 'v1', '--remove-entries', 'tier');
    assert.match(removed.stdout, /^Metadata:\nOwner\s+payments\nSuccessfully updating metadata for worker deployment version\n$/);

    assert.match((await t.cli('worker', 'deployment', 'manager-identity', 'set', '--deployment-name', 'shop', '--manager-identity', 'deployer', '-y')).stdout, /^Successfully set manager identity to 'deployer', was previously ''\n$/);
    assert.equal((await t.json<{ managerIdentity: string }>('worker', 'deployment', 'describe', '--name', 'shop')).managerIdentity, 'deployer');
    assert.equal((await t.cli('worker', 'deployment', 'manager-identity', 'unset', '--deployment-name', 'shop', '-y', '--identity', 'deployer')).stdout, "Successfully unset manager identity, was previously 'deployer'\n");
    assert.equal((await t.cli('worker', 'deployment', 'set-current-version', '--deployment-name', 'shop', '--unversioned', '-y')).code, 0);

    const inUse = await t.cli('worker', 'deployment', 'delete', '--name', 'shop');
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /^durable: worker deployment 'shop' cannot be deleted while it has versions/);
    assert.equal((await t.cli('worker', 'deployment', 'delete', '--name', 'empty')).stdout, 'Successfully deleted worker deployment\n');
  });

  test('compute configs: checked like the temporal CLI checks them; the dev server has no compute provider', async () => {
    const none = await t.cli('worker', 'deployment', 'create-version', '--deployment-name', 'shop', '--build-id', 'v9');
    assert.deepEqual([none.code, none.stderr.split('\n')[0]], [2, 'durable worker deployment create-version: missing configuration for compute provider: set --aws-lambda-function-arn or --gcp-cloud-run-worker-pool']);
    const mixed = await t.cli('worker', 'deployment', 'create-version', '--deployment-name', 'shop', '--build-id', 'v9', '--aws-lambda-function-arn', 'arn', '--gcp-cloud-run-project', 'p');
    assert.match(mixed.stderr, /cannot combine --aws-lambda-\* and --gcp-cloud-run-\* flags/);
    const refused = await t.cli('worker', 'deployment', 'create-version', '--deployment-name', 'shop', '--build-id', 'v9', '--aws-lambda-function-arn', 'arn:aws:lambda:fn', '--aws-lambda-skip-role-and-external-id');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^durable: A compute config needs a compute provider/);
    const update = await t.cli('worker', 'deployment', 'update-version-compute-config', '--deployment-name', 'shop', '--build-id', 'v1', '--remove');
    assert.equal(update.code, 1);
    assert.match(update.stderr, /^durable: the server does not support "worker deployment update-version-compute-config" \(UNIMPLEMENTED/);
    const partial = await t.cli('worker', 'deployment', 'update-version-compute-config', '--deployment-name', 'shop', '--build-id', 'v1', '--gcp-cloud-run-min-instances', '1');
    assert.match(partial.stderr, /must be set together/);
  });
});
