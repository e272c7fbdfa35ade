import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DevServer } from '../index.js';
import { rawServiceClient, type RawCall as Call } from '@durable/proto';

const ns = 'default';

describe('features Temporal lets dynamic config switch off', () => {
  let server: DevServer;
  let call: Call;
  let close: () => void;
  before(async () => {
    server = await DevServer.start({
      port: 0,
      dynamicConfig: {
        'frontend.enableExecuteMultiOperation': 'false',
        'system.enableEagerWorkflowStart': 'false',
        'frontend.workflowRulesAPIsEnabled': 'false',
      },
    });
    ({ call, close } = rawServiceClient(server.address));
  });
  after(async () => {
    close();
    await server.stop();
  });

  const startRequest = (workflowId: string) => ({
    namespace: ns,
    workflowId,
    workflowType: { name: 'T' },
    taskQueue: { name: 'q-switches' },
    requestId: `req-${workflowId}`,
    identity: 'worker',
  });

  test('frontend.enableExecuteMultiOperation=false: update-with-start is PERMISSION_DENIED', async () => {
    await assert.rejects(
      call('ExecuteMultiOperation', {
        namespace: ns,
        operations: [
          { startWorkflow: startRequest('multi-op') },
          { updateWorkflow: { namespace: ns, workflowExecution: { workflowId: 'multi-op' }, request: { input: { name: 'u' } } } },
        ],
      }),
      (e: { code: number; details: string }) => e.code === 7 && e.details === 'ExecuteMultiOperation API is disabled on this namespace.',
    );
  });

  test("frontend.workflowRulesAPIsEnabled=false: the rule RPCs answer Temporal's UNIMPLEMENTED", async () => {
    await assert.rejects(
      call('ListWorkflowRules', { namespace: ns }),
      (e: { code: number; details: string }) => e.code === 12 && e.details === 'method ListWorkflowRules not supported',
    );
  });

  test('system.enableEagerWorkflowStart=false: the first task goes through the queue', async () => {
    const started = await call('StartWorkflowExecution', { ...startRequest('no-eager'), requestEagerExecution: true });
    assert.equal(started.started, true);
    assert.equal(started.eagerWorkflowTask ?? null, null);
    const polled = await call('PollWorkflowTaskQueue', { namespace: ns, taskQueue: { name: 'q-switches' }, identity: 'worker' });
    assert.equal(polled.workflowExecution.workflowId, 'no-eager');
  });
});
