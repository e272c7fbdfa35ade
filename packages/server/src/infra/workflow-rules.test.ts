import assert from 'node:assert/strict';
import { test } from 'node:test';
import { temporal } from '@durable/proto';
import { ServiceError } from '../model/errors.js';
import { timestamp, timestampMs } from '../model/events.js';
import { CompiledRule, WorkflowRules, type ActivityFacts, type WorkflowFacts } from './workflow-rules.js';

const Running = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
const workflow: WorkflowFacts = { workflowId: 'order-1', workflowType: 'Order', startTime: Date.parse('2025-01-02T00:00:00Z'), status: Running };
const activity: ActivityFacts = { activityId: '1', activityType: 'charge', state: 'Scheduled', attempt: 1, taskQueue: 'payments' };

function rule(spec: temporal.api.rules.v1.IWorkflowRuleSpec, createdMs = 0, requestId = ''): CompiledRule {
  return CompiledRule.compile(
    { spec: { id: 'r', actions: [{ activityPause: {} }], ...spec }, createTime: timestamp(createdMs) },
    requestId,
  );
}
const refused = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof ServiceError && e.code === 3 && message.test(e.message));

test('a rule matches on its visibility query over the workflow and its predicate over the activity', () => {
  const r = rule({ visibilityQuery: "WorkflowType = 'Order' AND WorkflowId STARTS_WITH 'order-'", activityStart: { predicate: "ActivityType = 'charge'" } });
  assert.equal(r.matches(workflow, activity), true);
  assert.equal(r.matches({ ...workflow, workflowType: 'Refund' }, activity), false);
  assert.equal(r.matches(workflow, { ...activity, activityType: 'ship' }), false);
  const status = rule({ visibilityQuery: "ExecutionStatus = 'Running' AND StartTime > '2025-01-01T00:00:00Z'", activityStart: { predicate: 'ActivityId = "1"' } });
  assert.equal(status.matches(workflow, activity), true);
  assert.equal(status.matches({ ...workflow, startTime: Date.parse('2024-12-31T00:00:00Z') }, activity), false);
});

test('predicates see attempts, backoff, state, task queue and start time, under the API comment\'s names too', () => {
  const cases: [string, Partial<ActivityFacts>, boolean][] = [
    ['Attempts > 3', { attempt: 4 }, true],
    ['Attempts > 3', { attempt: 3 }, false],
    ['ActivityAttempt BETWEEN 2 AND 5', { attempt: 2 }, true],
    ['BackoffInterval >= 30', { attempt: 2, backoffIntervalSec: 30 }, true],
    ['BackoffInterval >= 30', { attempt: 1 }, false],
    ["ActivityState = 'Scheduled'", {}, true],
    ["ActivityStatus = 'Started'", { state: 'Started' }, true],
    ["TaskQueue = 'payments' OR TaskQueue = 'refunds'", {}, true],
    ["StartedTime > '2025-01-01T00:00:00Z'", { startedTime: Date.parse('2025-02-01T00:00:00Z') }, true],
    ["StartedTime > '2025-01-01T00:00:00Z'", {}, false],
    ["ActivityType IN ('charge', 'refund') AND NOT ActivityId = '2'", {}, true],
  ];
  for (const [predicate, facts, expected] of cases) {
    assert.equal(rule({ activityStart: { predicate } }).matches(workflow, { ...activity, ...facts }), expected, predicate);
  }
});

test('a rule that could never apply is refused with what to set', () => {
  refused(() => CompiledRule.compile({}), /Rule Specification is not set/);
  refused(() => rule({ id: '', activityStart: { predicate: "ActivityType = 'x'" } }), /Workflow Rule ID is not set/);
  refused(() => rule({ id: 'x'.repeat(1001), activityStart: { predicate: "ActivityType = 'x'" } }), /length exceeds limit/);
  refused(() => rule({}), /no activity_start predicate.*ActivityType = 'charge'/);
  refused(() => rule({ activityStart: { predicate: "ActivityType = 'x'" }, actions: [] }), /activity_pause/);
  refused(() => rule({ activityStart: { predicate: "WorkflowId = 'x'" } }), /predicate is not valid: .*WorkflowId.* It may use ActivityId/);
  refused(() => rule({ activityStart: { predicate: "ActivityType = 'x'" }, visibilityQuery: "TaskQueue = 'q'" }), /visibility_query is not valid/);
  refused(() => rule({ activityStart: { predicate: 'Attempts = ' } }), /predicate is not valid: .*syntax error/);
  // TriggerWorkflowRule's inline spec needs no id.
  assert.ok(CompiledRule.compile({ spec: { activityStart: { predicate: "ActivityType = 'x'" }, actions: [{ activityPause: {} }] } }, '', false));
});

/** WorkflowRules over an in-memory table, committing at once. */
function table() {
  const rows = new Map<string, { requestId: string; data: string }>();
  const store = {
    listWorkflowRules: () => [...rows.values()],
    insertWorkflowRule: (_ns: string, id: string, requestId: string, data: string) => {
      if (rows.has(id)) throw new Error('UNIQUE constraint failed');
      rows.set(id, { requestId, data });
    },
    deleteWorkflowRule: (_ns: string, id: string) => void rows.delete(id),
  };
  const tx = { afterCommit: (fn: () => void) => fn() };
  return { rules: new WorkflowRules(store), tx, rows };
}

test('expired rules stop applying but stay listed until deleted; at the limit the first expired one makes room', () => {
  const { rules, tx } = table();
  const now = 1_000_000;
  const pause = (id: string, expiresMs?: number, createdMs = 0) =>
    rule({ id, activityStart: { predicate: "ActivityType = 'charge'" }, expirationTime: expiresMs === undefined ? null : timestamp(expiresMs) }, createdMs);
  rules.create(tx, 'default', pause('a', now - 10, 1), 3, now);
  rules.create(tx, 'default', pause('b', now - 20, 2), 3, now);
  rules.create(tx, 'default', pause('c', now + 60_000, 3), 3, now);
  assert.deepEqual(rules.all('default').map((r) => r.id), ['a', 'b', 'c'], 'oldest first');
  assert.deepEqual(rules.active('default', now).map((r) => r.id), ['c']);
  assert.deepEqual(rules.active('default', now + 60_001).map((r) => r.id), []);
  rules.create(tx, 'default', pause('d', undefined, 4), 3, now);
  assert.deepEqual(rules.all('default').map((r) => r.id), ['a', 'c', 'd'], 'b expired first and made room');
  rules.create(tx, 'default', pause('e', undefined, 5), 3, now);
  refused(() => rules.create(tx, 'default', pause('f', undefined, 6), 3, now), /limit exceeded\. Max: 3.*frontend\.maxWorkflowRulesPerNamespace/);
  rules.delete(tx, 'default', 'c');
  assert.deepEqual(rules.all('default').map((r) => r.id), ['d', 'e']);
  refused(() => rules.delete(tx, 'default', 'c'), /not Found/);
});

test('a second rule with the same id is refused, unless it is the same request again', () => {
  const { rules, tx } = table();
  const spec = { id: 'hold', activityStart: { predicate: "ActivityType = 'charge'" } };
  rules.create(tx, 'default', rule(spec, 7000, 'req-1'), 10, 0);
  const again = rules.create(tx, 'default', rule(spec, 9000, 'req-1'), 10, 0);
  assert.equal(timestampMs(again.rule.createTime), 7000, 'a retried request answers the rule it made');
  refused(() => rules.create(tx, 'default', rule(spec, 5, 'req-2'), 10, 0), /already exists/);
  refused(() => rules.create(tx, 'default', rule(spec, 5), 10, 0), /already exists/);
});
