// Temporal's per-run limits, set small with `durable server start-dev --dynamic-config-value` and seen by the
// official 1.24 client and worker: continue-as-new suggested at the threshold, runs terminated past the history
// count and size limits, payloads past the blob limit, pending activities and signals past theirs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { Client, Connection, TerminatedFailure, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@durable/proto';
import * as activities from './activities.js';
import { installQuietRuntime, uniqueId, workflowsPath } from './harness.js';
import { freePort, startServer } from './server-process.js';

const ET = temporal.api.enums.v1.EventType;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** A dev server process with the given dynamic config, the official client and a worker on it. */
async function limitedServer(dynamicConfig: Record<string, number>, taskQueue: string) {
  installQuietRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'durable-limits-'));
  const port = await freePort();
  const flags = Object.entries(dynamicConfig).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${v}`]);
  const server: ChildProcess = await startServer(port, join(dir, 'limits.db'), ...flags);
  const address = `127.0.0.1:${port}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: native, taskQueue, workflowsPath, activities });
  const running = worker.run();
  return {
    client,
    async stop() {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('history count and size limits from --dynamic-config-value', () => {
  let env: Awaited<ReturnType<typeof limitedServer>>;
  before(async () => {
    env = await limitedServer(
      {
        'limit.historyCount.suggestContinueAsNew': 20,
        'limit.historyCount.error': 60,
        'limit.historySize.error': 100_000,
      },
      'limits',
    );
  });
  after(async () => {
    await env?.stop();
  });

  test('workflowInfo().continueAsNewSuggested turns true at the event count threshold, with historyLength and historySize', async () => {
    const h = await env.client.workflow.start('loopsUntilSuggested', { taskQueue: 'limits', workflowId: uniqueId('suggest') });
    const at = (await h.result()) as { historyLength: number; historySize: number };
    assert.ok(at.historyLength >= 20 && at.historyLength < 26, `suggested at event ${at.historyLength}`);
    assert.ok(at.historySize > 0);
    const events = (await h.fetchHistory()).events!;
    const started = events.filter((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const first = started.find((e) => e.workflowTaskStartedEventAttributes!.suggestContinueAsNew)!;
    assert.ok(Number(first.eventId) >= 20);
    assert.deepEqual(first.workflowTaskStartedEventAttributes!.suggestContinueAsNewReasons, [
      temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS,
    ]);
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('a run past limit.historyCount.error is terminated as Temporal terminates it', async () => {
    const h = await env.client.workflow.start('loopsForever', { taskQueue: 'limits', workflowId: uniqueId('count') });
    const err = await h.result().then(() => assert.fail('expected termination'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof TerminatedFailure, String(err));
    const events = (await h.fetchHistory()).events!;
    const last = events.at(-1)!;
    assert.equal(last.eventType, ET.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assert.equal(last.workflowExecutionTerminatedEventAttributes!.reason, 'Workflow history count exceeds limit.');
    assert.equal(last.workflowExecutionTerminatedEventAttributes!.identity, 'history-service');
    assert.ok(events.length <= 62, `the history stops at the limit: ${events.length} events`);
    await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory(), h.workflowId);
  });

  test('a run past limit.historySize.error is terminated too', async () => {
    const h = await env.client.workflow.start('growsHistory', { taskQueue: 'limits', workflowId: uniqueId('size'), args: ['x'.repeat(20_000)] });
    await assert.rejects(h.result(), (e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof TerminatedFailure);
    const events = (await h.fetchHistory()).events!;
    assert.equal(events.at(-1)!.workflowExecutionTerminatedEventAttributes!.reason, 'Workflow history size exceeds limit.');
    const { raw } = await h.describe();
    assert.ok(Number(raw.workflowExecutionInfo!.historySizeBytes) <= 100_000 + 25_000, 'what crossed the limit was not kept');
  });
});

describe('payload, pending and signal limits from --dynamic-config-value', () => {
  let env: Awaited<ReturnType<typeof limitedServer>>;
  before(async () => {
    env = await limitedServer(
      { 'limit.blobSize.error': 4000, 'limit.numPendingActivities.error': 2, 'history.maximumSignalsPerExecution': 3 },
      'limits-b',
    );
  });
  after(async () => {
    await env?.stop();
  });

  test('an input past limit.blobSize.error is refused with Temporal’s message; a command carrying one terminates the run', async () => {
    await assert.rejects(
      env.client.workflow.start('echo', { taskQueue: 'limits-b', workflowId: uniqueId('big'), args: ['y'.repeat(5000)] }),
      (e: { code?: number; cause?: { code: number; details: string } }) => {
        const c = e.cause ?? (e as { code: number; details: string });
        return c.code === status.INVALID_ARGUMENT && c.details === 'Blob data size exceeds limit.';
      },
    );
    // The input is under the limit; the activity input the workflow makes of it is over.
    const h = await env.client.workflow.start('growsHistory', { taskQueue: 'limits-b', workflowId: uniqueId('big-cmd'), args: ['z'.repeat(2500), 2] });
    await assert.rejects(h.result(), (e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof TerminatedFailure);
    const events = (await h.fetchHistory()).events!;
    const failed = events.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED)!.workflowTaskFailedEventAttributes!;
    assert.equal(failed.cause, Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES);
    assert.equal(
      events.at(-1)!.workflowExecutionTerminatedEventAttributes!.reason,
      'BadScheduleActivityAttributes: ScheduleActivityTaskCommandAttributes.Input exceeds size limit.',
    );
  });

  test('scheduling past limit.numPendingActivities.error fails the workflow task with its cause', async () => {
    const h = await env.client.workflow.start('manyActivities', { taskQueue: 'limits-b', workflowId: uniqueId('pending'), args: [3] });
    const failed = await (async () => {
      for (;;) {
        const f = (await h.fetchHistory()).events!.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED);
        if (f) return f.workflowTaskFailedEventAttributes!;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    assert.equal(failed.cause, Cause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED);
    assert.match(failed.failure!.message!, /the number of pending activities, 2, has reached the per-workflow limit of 2/);
    await h.terminate();
    const two = await env.client.workflow.execute('manyActivities', { taskQueue: 'limits-b', workflowId: uniqueId('pending-ok'), args: [2] });
    assert.deepEqual(two, ['hello 0', 'hello 1']);
  });

  test('a signal past history.maximumSignalsPerExecution is refused', async () => {
    const h = await env.client.workflow.start('defaultSignals', { taskQueue: 'limits-b', workflowId: uniqueId('signals') });
    for (let i = 0; i < 3; i++) await h.signal('any', i);
    await assert.rejects(h.signal('any', 4), (e: { cause?: { code: number; details: string } }) => {
      return e.cause?.code === status.INVALID_ARGUMENT && e.cause.details === 'exceeded workflow execution limit for signal events';
    });
    await h.terminate();
  });
});
