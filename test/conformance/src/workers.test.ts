// The official 1.24 worker reports itself with RecordWorkerHeartbeat (the namespace says it takes worker
// heartbeats); ListWorkers, DescribeWorker and CountWorkers show it, filtered with Temporal's worker query fields.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { temporal } from '@durable/proto';
import { installQuietRuntime, startEnv, until, type Env } from './harness.js';

const WorkerStatus = temporal.api.enums.v1.WorkerStatus;

describe('workers on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    // The worker heartbeats every second here (60 s by default).
    installQuietRuntime({ workerHeartbeatInterval: '1s' });
    env = await startEnv({}, 'heartbeating', { identity: 'heartbeating-worker' });
  });
  after(async () => {
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  test('the worker appears in ListWorkers with what its heartbeat says, and DescribeWorker and CountWorkers agree', async () => {
    const listed = await until('a heartbeat', async () => {
      const r = await service().listWorkers({ namespace: 'default', query: "TaskQueue = 'heartbeating'" });
      return r.workers?.length ? r : undefined;
    });
    const w = listed.workers![0]!;
    assert.equal(w.workerIdentity, 'heartbeating-worker');
    assert.equal(w.taskQueue, 'heartbeating');
    assert.equal(w.status, WorkerStatus.WORKER_STATUS_RUNNING);
    assert.match(w.sdkName!, /typescript/);
    assert.ok(w.workerInstanceKey);
    assert.equal(listed.workersInfo![0]!.workerHeartbeat!.workerInstanceKey, w.workerInstanceKey);

    const described = await service().describeWorker({ namespace: 'default', workerInstanceKey: w.workerInstanceKey });
    assert.equal(described.workerInfo!.workerHeartbeat!.workerIdentity, 'heartbeating-worker');
    const count = await service().countWorkers({ namespace: 'default', query: "WorkerStatus = 'Running' AND WorkerIdentity = 'heartbeating-worker'" });
    assert.equal(Number(count.count), 1);
    const none = await service().countWorkers({ namespace: 'default', query: "SdkName = 'no-such-sdk'" });
    assert.equal(Number(none.count), 0);
  });

  test('unknown fields and unknown workers get Temporal’s statuses', async () => {
    await assert.rejects(
      service().listWorkers({ namespace: 'default', query: 'NoSuchField = 1' }),
      (e: { code: number }) => e.code === status.INVALID_ARGUMENT,
    );
    await assert.rejects(
      service().describeWorker({ namespace: 'default', workerInstanceKey: 'no-such-worker' }),
      (e: { code: number }) => e.code === status.NOT_FOUND,
    );
  });
});
