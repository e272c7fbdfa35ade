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

test('the lazily built schema encodes exactly as the whole @temporalio/proto schema does', async () => {
  const { temporal: lazy, root, toLong } = await import('./index.js');
  const { default: full } = await import('@temporalio/proto');
  const response = {
    taskToken: Buffer.from('token'),
    workflowExecution: { workflowId: 'wf', runId: 'run' },
    history: {
      events: [
        {
          eventId: toLong(1),
          eventType: lazy.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          eventTime: { seconds: toLong(1700000000), nanos: 5 },
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: 'order' },
            input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('[1]') }] },
            retryPolicy: { maximumAttempts: 3, nonRetryableErrorTypes: ['Bad'] },
          },
        },
        { eventId: toLong(2), eventType: 5, workflowTaskScheduledEventAttributes: { taskQueue: { name: 'q', kind: 1 }, attempt: 1 } },
      ],
    },
    messages: [{ id: 'm', protocolInstanceId: 'u', body: { typeUrl: 'x', value: Buffer.from([1, 2]) } }],
  };
  const ours = lazy.api.workflowservice.v1.PollWorkflowTaskQueueResponse.encode(response).finish();
  const theirs = full.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.encode(response).finish();
  assert.deepEqual(Buffer.from(ours), Buffer.from(theirs));
  const back = lazy.api.workflowservice.v1.PollWorkflowTaskQueueResponse.decode(theirs);
  assert.equal(back.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name, 'order');
  assert.deepEqual(back.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.retryPolicy?.nonRetryableErrorTypes, ['Bad']);
  assert.equal(back.messages?.[0]?.protocolInstanceId, 'u');
  assert.equal(lazy.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 1);
  // Lookups by full name build what they need on the way.
  const detail = root.lookupType('temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure');
  assert.equal(detail.decode(detail.encode({ runId: 'r' }).finish()).toJSON().runId, 'r');
});

test('methods carry every HTTP binding of the schema, repeated additional_bindings included', () => {
  const methods = new Map(serviceMethods(ServiceName.workflow).map((m) => [m.name, m]));
  assert.deepEqual(methods.get('GetWorkflowExecutionHistory')?.http, [
    { method: 'GET', path: '/namespaces/{namespace}/workflows/{execution.workflow_id}/history', body: '' },
    { method: 'GET', path: '/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}/history', body: '' },
  ]);
  // Three additional bindings: protobufjs's flat `options` map would keep only the last one.
  const heartbeat = methods.get('RecordActivityTaskHeartbeatById')?.http.map((r) => r.path) ?? [];
  assert.equal(heartbeat.length, 4);
  assert.ok(heartbeat.includes('/api/v1/namespaces/{namespace}/activities/{activity_id}/heartbeat'));
  assert.ok(heartbeat.includes('/api/v1/namespaces/{namespace}/workflows/{workflow_id}/activities/{activity_id}/heartbeat'));
  assert.equal(methods.get('StartWorkflowExecution')?.http[1]?.body, '*');
  assert.deepEqual(methods.get('PollWorkflowTaskQueue')?.http, []);
});
