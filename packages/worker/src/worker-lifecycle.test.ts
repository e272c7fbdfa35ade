// What a user sees around a worker's life: a graceful restart hands the cached runs to the next worker at once,
// a query to a run whose replay fails is answered at once with the reason, and an activity type the worker lacks
// is reported once per type.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, type Client, type WorkflowHandle } from '@durable/client';
import { temporal } from '@durable/proto';
import type { DevServer } from '@durable/server';
import { DefaultLogger, Worker, type LogEntry } from './index.js';
import * as activities from './fixtures/activities.js';
import { fixture, startTestServer, stopTestServer, uid, until } from './fixtures/test-server.js';

const ET = temporal.api.enums.v1.EventType;
const workflowsPath = fixture('workflows.js');

const waiting = (h: WorkflowHandle) => until('the waiting stage', async () => ((await h.query('stage')) === 'waiting' ? true : undefined));

describe('a worker stopping, a broken run, a missing activity', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  test('a graceful restart hands a waiting workflow to the next worker within a second', async () => {
    const taskQueue = uid('restart');
    // A long sticky timeout: a sticky queue left behind would cost a minute, not the default ten seconds.
    const own = await Connection.connect({ address: server.address });
    const first = await Worker.create({ connection: own, taskQueue, workflowsPath, activities, stickyQueueScheduleToStartTimeout: '1 minute' });
    const h = await client.workflow.start('gatedThenWaits', { taskQueue, workflowId: uid('restart') });
    const running = first.run();
    // Shut down while the run's first task is in flight: its answer makes the run sticky to this worker.
    await activities.gate.state.entered;
    first.shutdown();
    activities.gate.open();
    await running;
    // As a program does once run() has resolved.
    await own.close();

    const second = await Worker.create({ connection, taskQueue, workflowsPath, activities });
    const elapsed = await second.runUntil(async () => {
      const t0 = Date.now();
      await h.signal('proceed', 'second');
      let bound: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (bound = setTimeout(() => reject(new Error('the workflow did not finish within 5 s of the signal')), 5000)));
      assert.equal(await Promise.race([h.result(), late]).finally(() => clearTimeout(bound)), 'second');
      return Date.now() - t0;
    });
    assert.ok(elapsed < 1000, `the next worker finished the workflow ${elapsed} ms after the signal`);
  });

  test('a query to a run whose replay fails is answered at once with the failure', async () => {
    const taskQueue = uid('broken');
    const h = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('broken'), workflowTaskTimeout: '1 minute' });
    await Worker.create({ connection, taskQueue, workflowsPath, activities }).then((w) => w.runUntil(() => waiting(h)));
    const changed = await Worker.create({ connection, taskQueue, workflowsPath: fixture('workflows-changed.js'), activities });
    await changed.runUntil(async () => {
      const queryFails = async (when: string) => {
        const t0 = Date.now();
        const err = await h.query('stage').then(
          (v) => assert.fail(`the query ${when} answered ${String(v)}`),
          (e: unknown) => e as Error,
        );
        assert.match(err.message, /StartTimer\(id 2\) at twoSteps/, when);
        assert.ok(Date.now() - t0 < 5000, `the query ${when} took ${Date.now() - t0} ms`);
      };
      // With no workflow task pending: the query is a task of its own, its replay fails.
      await queryFails('to an idle run');
      // While the run's workflow task fails (a signal made one): the query does not wait for a task that will fail.
      await h.signal('proceed', 'changed');
      await until('a failed workflow task', async () =>
        (await h.fetchHistory()).events?.some((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED) ? true : undefined,
      );
      await queryFails('while its workflow task fails');
    });
    await h.terminate('test over');
  });

  test('an activity type the worker lacks is logged at WARN once per type, with the registered names', async () => {
    const taskQueue = uid('missing');
    const entries: LogEntry[] = [];
    const logger = new DefaultLogger('WARN', (entry) => entries.push(entry));
    const worker = await Worker.create({ connection, taskQueue, workflowsPath, activities, logger });
    await worker.runUntil(async () => {
      for (let i = 0; i < 2; i++) {
        const message = await client.workflow.execute('callsMissingActivity', { taskQueue, workflowId: uid('missing') });
        assert.match(String(message), /Activity function notRegistered is not registered on this worker/);
      }
    });
    const warnings = entries.filter((e) => e.level === 'WARN' && e.message.includes('notRegistered'));
    assert.equal(warnings.length, 1, entries.map((e) => e.message).join('\n'));
    assert.match(warnings[0]!.message, /Activity type notRegistered is not registered on this worker \(task queue [^)]+\).*Registered: .*slowEcho/);
    assert.deepEqual(warnings[0]!.meta?.registered, Object.keys(activities).filter((k) => typeof (activities as Record<string, unknown>)[k] === 'function'));
  });
});
