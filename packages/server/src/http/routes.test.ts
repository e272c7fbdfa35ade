import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceName } from '@durable/proto';
import { RouteTable } from './routes.js';

const table = new RouteTable([
  { service: ServiceName.workflow, handlers: {} },
  { service: ServiceName.operator, handlers: {} },
]);

function match(verb: string, path: string): { method?: string; params?: Record<string, string>; notAllowed?: string[] } | undefined {
  const m = table.match(verb, path.slice(1).split('/'));
  if (!m || !('route' in m)) return m;
  return { method: m.route.method.name, params: Object.fromEntries(m.params.map((p) => [p.field.join('.'), p.value])) };
}

test('the route table is every /api/v1 binding of WorkflowService and OperatorService, and only those', () => {
  assert.equal(table.routes.length, 114);
  assert.ok(table.routes.every((r) => r.template.startsWith('/api/v1/')));
  const byTemplate = new Set(table.routes.map((r) => `${r.verb} ${r.template}`));
  for (const route of [
    'GET /api/v1/namespaces/{namespace}/workflows',
    'GET /api/v1/namespaces/{namespace}/workflow-count',
    'GET /api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}/history-reverse',
    'POST /api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}/query/{query.query_type}',
    'POST /api/v1/namespaces/{namespace}/schedules/{schedule_id}/patch',
    'DELETE /api/v1/namespaces/{namespace}/schedules/{schedule_id}',
    'GET /api/v1/namespaces/{namespace}/search-attributes',
    'GET /api/v1/cluster-info',
    // One method, several bindings: RespondActivityTaskCompletedById is reachable by both of its /api/v1 paths.
    'POST /api/v1/namespaces/{namespace}/activities/{activity_id}/complete',
    'POST /api/v1/namespaces/{namespace}/workflows/{workflow_id}/activities/{activity_id}/complete',
  ]) {
    assert.ok(byTemplate.has(route), route);
  }
});

test('a literal segment wins over a variable; variables fill nested request fields', () => {
  assert.deepEqual(match('GET', '/api/v1/namespaces/default/workflows/order-1/history'), {
    method: 'GetWorkflowExecutionHistory',
    params: { namespace: 'default', 'execution.workflow_id': 'order-1' },
  });
  assert.deepEqual(match('GET', '/api/v1/namespaces/default/workflows/order-1'), {
    method: 'DescribeWorkflowExecution',
    params: { namespace: 'default', 'execution.workflow_id': 'order-1' },
  });
  // A workflow whose id is "history" is still described, not mistaken for a history call.
  assert.equal(match('GET', '/api/v1/namespaces/default/workflows/history')?.method, 'DescribeWorkflowExecution');
  assert.deepEqual(match('POST', '/api/v1/namespaces/ns/workflows/w/update/add-item'), {
    method: 'UpdateWorkflowExecution',
    params: { namespace: 'ns', 'workflow_execution.workflow_id': 'w', 'request.input.name': 'add-item' },
  });
  assert.equal(match('POST', '/api/v1/namespaces/ns/update')?.method, 'UpdateNamespace');
  assert.equal(match('POST', '/api/v1/namespaces/ns/workflows/w')?.method, 'StartWorkflowExecution');
  assert.equal(match('POST', '/api/v1/namespaces/ns/workflows/w/activities/a/complete')?.method, 'RespondActivityTaskCompletedById');
  assert.equal(match('POST', '/api/v1/namespaces/ns/activities/a/complete')?.method, 'RespondActivityTaskCompletedById');
});

test('a path served for other verbs says which; an unknown path or an empty variable matches nothing', () => {
  assert.deepEqual(match('DELETE', '/api/v1/namespaces/default/workflows/w'), { notAllowed: ['POST', 'GET'] });
  assert.deepEqual(match('PUT', '/api/v1/namespaces/default/schedules/s'), { notAllowed: ['POST', 'GET', 'DELETE'] });
  assert.equal(match('GET', '/api/v1/namespaces/default/nothing-here'), undefined);
  assert.equal(match('GET', '/api/v1/namespaces//workflows'), undefined);
  assert.equal(match('GET', '/api/v2/namespaces'), undefined);
});
