// Workflow rules through the official 1.24 client's raw WorkflowService against our server, with the official worker
// running the workflows: a rule pauses matching activities as they are about to start; rules are listed, described
// and deleted; TriggerWorkflowRule applies a rule to one running workflow now; rules survive a restart and are on the
// HTTP API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal, toLong } from '@durable/proto';
import { DevServer } from '@durable/server';
import * as activities from './activities.js';
import { operatedAttempts as attempts, stopDetails, heartbeatsUntilStopped } from './operated-activities.js';
import { startEnv, uniqueId, until, type Env } from './harness.js';

const State = temporal.api.enums.v1.PendingActivityState;
const QUEUE = 'rules';

const rejectsWith = (code: number, message: RegExp) => (e: { code: number; details: string }) => {
  assert.equal(e.code, code, e.details);
  assert.match(e.details, message);
  return true;
};

const pauseSpec = (id: string, predicate: string, visibilityQuery = '') => ({
  id,
  visibilityQuery,
  activityStart: { predicate },
  actions: [{ activityPause: {} }],
});

describe('workflow rules on the Durable dev server', () => {
  let env: Env;
  before(async () => {
    env = await startEnv({ httpPort: 0 }, QUEUE, { activities: { ...activities, heartbeatsUntilStopped } });
  });
  after(async () => {
    await env?.stop();
  });
  const service = () => env.client.workflowService;

  async function pending(h: WorkflowHandle) {
    return (await h.describe()).raw.pendingActivities![0];
  }
  function start(prefix: string) {
    const key = uniqueId(prefix);
    return env.client.workflow.start('operatedActivity', { taskQueue: QUEUE, workflowId: uniqueId(prefix), args: [key] }).then((h) => ({ h, key }));
  }

  test('a rule pauses the activities it matches, of the workflows its query matches, before they start', async () => {
    const created = await service().createWorkflowRule({
      namespace: 'default',
      spec: pauseSpec('hold-ruled', "ActivityType = 'heartbeatsUntilStopped'", "WorkflowType = 'operatedActivity' AND WorkflowId STARTS_WITH 'ruled-'"),
      identity: 'ops',
      description: 'backend down',
      requestId: 'create-1',
    });
    assert.equal(created.rule!.spec!.id, 'hold-ruled');
    assert.equal(created.rule!.createdByIdentity, 'ops');
    assert.ok(created.rule!.createTime);

    const ruled = await start('ruled');
    const other = await start('other');
    const paused = await until('the ruled activity to be paused', async () => {
      const p = await pending(ruled.h);
      return p?.state === State.PENDING_ACTIVITY_STATE_PAUSED ? p : undefined;
    });
    assert.equal(paused.paused, true);
    assert.equal(paused.attempt, 1);
    assert.deepEqual(
      { ruleId: paused.pauseInfo!.rule!.ruleId, identity: paused.pauseInfo!.rule!.identity, reason: paused.pauseInfo!.rule!.reason },
      { ruleId: 'hold-ruled', identity: 'ops', reason: 'backend down' },
    );
    await until('the other workflow\'s activity to run', () => attempts.get(other.key));
    assert.equal(attempts.get(ruled.key), undefined, 'the paused activity never reached the worker');

    // List, describe, a duplicate id, the same request again.
    const listed = await service().listWorkflowRules({ namespace: 'default' });
    assert.deepEqual(listed.rules!.map((r) => r.spec!.id), ['hold-ruled']);
    const described = await service().describeWorkflowRule({ namespace: 'default', ruleId: 'hold-ruled' });
    assert.equal(described.rule!.description, 'backend down');
    assert.equal(described.rule!.spec!.activityStart!.predicate, "ActivityType = 'heartbeatsUntilStopped'");
    const again = await service().createWorkflowRule({ namespace: 'default', spec: pauseSpec('hold-ruled', "ActivityType = 'x'"), requestId: 'create-1' });
    assert.equal(again.rule!.description, 'backend down', 'the retried request answers the rule it made');
    await assert.rejects(
      service().createWorkflowRule({ namespace: 'default', spec: pauseSpec('hold-ruled', "ActivityType = 'x'") }),
      rejectsWith(status.INVALID_ARGUMENT, /Workflow Rule with this ID already exists/),
    );
    await assert.rejects(
      service().createWorkflowRule({ namespace: 'default', spec: pauseSpec('bad', "Color = 'red'") }),
      rejectsWith(status.INVALID_ARGUMENT, /predicate is not valid.*Color/),
    );

    // Deleted, the rule no longer pauses; the paused activity goes on once unpaused.
    await service().deleteWorkflowRule({ namespace: 'default', ruleId: 'hold-ruled' });
    assert.deepEqual((await service().listWorkflowRules({ namespace: 'default' })).rules, []);
    await assert.rejects(
      service().describeWorkflowRule({ namespace: 'default', ruleId: 'hold-ruled' }),
      rejectsWith(status.INVALID_ARGUMENT, /Workflow Rule with this ID not Found/),
    );
    await service().unpauseActivity({ namespace: 'default', execution: { workflowId: ruled.h.workflowId }, type: 'heartbeatsUntilStopped' });
    await until('the unpaused activity to run', () => attempts.get(ruled.key));
    await ruled.h.terminate('done');
    await other.h.terminate('done');
  });

  test('an expired rule stops applying', async () => {
    await service().createWorkflowRule({
      namespace: 'default',
      spec: { ...pauseSpec('expired', "ActivityType = 'heartbeatsUntilStopped'"), expirationTime: { seconds: toLong(Math.floor(Date.now() / 1000) - 60) } },
    });
    const { h, key } = await start('after-expiry');
    await until('the activity to run', () => attempts.get(key));
    assert.equal((await pending(h))!.paused, false);
    await h.terminate('done');
    await service().deleteWorkflowRule({ namespace: 'default', ruleId: 'expired' });
  });

  test('TriggerWorkflowRule applies a rule to one running workflow now: its running attempt learns it from its heartbeat', async () => {
    const { h, key } = await start('triggered');
    await until('the activity to start', () => attempts.get(key));
    const execution = { workflowId: h.workflowId };
    const missed = await service().triggerWorkflowRule({
      namespace: 'default',
      execution,
      spec: pauseSpec('', "ActivityType = 'heartbeatsUntilStopped'", "WorkflowId = 'someone-else'"),
    });
    assert.equal(missed.applied, false, 'the query does not match this workflow');
    const hit = await service().triggerWorkflowRule({
      namespace: 'default',
      execution,
      spec: pauseSpec('', "ActivityType = 'heartbeatsUntilStopped' AND ActivityState = 'Started'"),
      identity: 'ops',
    });
    assert.equal(hit.applied, true);
    const details = (await until('the attempt to stop', () => stopDetails.get(key))) as { paused?: boolean };
    assert.equal(details.paused, true);
    const paused = await until('the attempt to end', async () => {
      const p = await pending(h);
      return p?.state === State.PENDING_ACTIVITY_STATE_PAUSED ? p : undefined;
    });
    assert.ok(paused.pauseInfo!.rule, 'paused by a rule');
    assert.equal((await service().triggerWorkflowRule({ namespace: 'default', execution, spec: pauseSpec('', "ActivityType = 'heartbeatsUntilStopped'") })).applied, false, 'already paused');
    await assert.rejects(
      service().triggerWorkflowRule({ namespace: 'default', execution, id: 'no-such-rule' }),
      rejectsWith(status.INVALID_ARGUMENT, /Workflow Rule with this ID not Found/),
    );
    await service().unpauseActivity({ namespace: 'default', execution, type: 'heartbeatsUntilStopped' });
    assert.equal(await h.result(), 'done on attempt 2');
  });

  test('force_scan applies a new rule to the running workflows its query matches', async () => {
    const { h, key } = await start('scanned');
    await until('the activity to start', () => attempts.get(key));
    await service().createWorkflowRule({
      namespace: 'default',
      spec: pauseSpec('scan', "ActivityType = 'heartbeatsUntilStopped'", `WorkflowId = '${h.workflowId}'`),
      forceScan: true,
    });
    const details = (await until('the attempt to stop', () => stopDetails.get(key))) as { paused?: boolean };
    assert.equal(details.paused, true);
    await service().deleteWorkflowRule({ namespace: 'default', ruleId: 'scan' });
    await service().unpauseActivity({ namespace: 'default', execution: { workflowId: h.workflowId }, type: 'heartbeatsUntilStopped' });
    assert.equal(await h.result(), 'done on attempt 2');
  });

  test('rules are on the HTTP API, from the schema\'s routes', async () => {
    const base = `http://${env.server.httpAddress}/api/v1/namespaces/default/workflow-rules`;
    const created = await fetch(base, { method: 'POST', body: JSON.stringify({ spec: pauseSpec('http-rule', "ActivityType = 'nothing'") }) });
    assert.equal(created.status, 200, await created.clone().text());
    const one = (await (await fetch(`${base}/http-rule`)).json()) as { rule: { spec: { id: string } } };
    assert.equal(one.rule.spec.id, 'http-rule');
    const all = (await (await fetch(base)).json()) as { rules: { spec: { id: string } }[] };
    assert.deepEqual(all.rules.map((r) => r.spec.id), ['http-rule']);
    assert.equal((await fetch(`${base}/http-rule`, { method: 'DELETE' })).status, 200);
  });
});

test('rules are stored with the namespace: they survive a restart of the server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-rules-'));
  const dbFilename = join(dir, 'db.sqlite');
  try {
    let server = await DevServer.start({ port: 0, dbFilename });
    let connection = await Connection.connect({ address: server.address });
    await connection.workflowService.createWorkflowRule({ namespace: 'default', spec: pauseSpec('kept', "ActivityType = 'x'"), description: 'kept' });
    await connection.close();
    await server.stop();
    server = await DevServer.start({ port: 0, dbFilename });
    connection = await Connection.connect({ address: server.address });
    try {
      const { rule } = await connection.workflowService.describeWorkflowRule({ namespace: 'default', ruleId: 'kept' });
      assert.equal(rule!.description, 'kept');
    } finally {
      await connection.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
