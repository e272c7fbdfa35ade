import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { temporal } from './index.js';
import { grpcServiceDefinition, serviceMethods, ServiceName } from './index.js';

test('WorkflowService definition round-trips a request through its serializers', () => {
  const def = grpcServiceDefinition(ServiceName.workflow);
  const m = def.StartWorkflowExecution;
  assert.equal(m.path, '/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution');
  const bytes = m.requestSerialize({ namespace: 'default', workflowId: 'wf-1', workflowType: { name: 'hello' } });
  const decoded = m.requestDeserialize(bytes) as temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
  assert.equal(decoded.workflowId, 'wf-1');
  assert.equal(decoded.workflowType?.name, 'hello');
});

test('every served service resolves with methods', () => {
  assert.ok(serviceMethods(ServiceName.workflow).length > 100);
  assert.deepEqual(
    serviceMethods(ServiceName.health).map((m) => m.name).sort(),
    ['Check', 'Watch'],
  );
  assert.ok(serviceMethods(ServiceName.operator).some((m) => m.name === 'AddSearchAttributes'));
});
