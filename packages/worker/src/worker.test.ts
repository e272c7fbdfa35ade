// Our worker, our client and our server, in process: determinism, replay after eviction, bundling rules,
// task failures and a worker killed in the middle of a workflow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Connection, type Client, type WorkflowHandle } from '@durable/client';
import { temporal } from '@durable/proto';
import { defaultPayloadConverter } from '@durable/common';
import type { DevServer } from '@durable/server';
import { Worker, bundleWorkflowCode, WorkflowBundleError, DeterminismViolationError, DefaultLogger } from './index.js';
import * as activities from './fixtures/activities.js';
import { fixture, startTestServer, stopTestServer, uid, until } from './fixtures/test-server.js';

const ET = temporal.api.enums.v1.EventType;
const workflowsPath = fixture('workflows.js');

async function events(h: WorkflowHandle) {
  return (await h.fetchHistory()).events ?? [];
}

describe('@durable/worker with @durable/client on the Durable dev server', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  before(async () => void ({ server, connection, client } = await startTestServer()));
  after(() => stopTestServer({ server, connection }));

  async function withWorker<R>(
    options: { taskQueue: string; workflowsPath?: string; maxCachedWorkflows?: number; maxConcurrentActivityTaskExecutions?: number; shutdownGraceTime?: number },
    fn: (w: Worker) => Promise<R>,
  ) {
    const worker = await Worker.create({ connection, workflowsPath, activities, ...options });
    return worker.runUntil(() => fn(worker));
  }

  test('Math.random, uuid4 and Date.now give the same values when an evicted run is replayed', async () => {
    for (const maxCachedWorkflows of [1000, 0]) {
      const taskQueue = uid('replay');
      await withWorker({ taskQueue, maxCachedWorkflows }, async (worker) => {
        const h = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('two') });
        await until('the waiting stage', async () => ((await h.query('stage')) === 'waiting' ? true : undefined));
        const seen = await h.query<{ random: number; uuid: string; time: number }>('values');
        await h.signal('proceed', 'ann');
        const result = await h.result();
        assert.deepEqual(result, { ...seen, by: 'ann', attempt: 1 });
        assert.match(seen.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(worker.cachedWorkflows, 0, 'a finished run leaves the cache');
        await Worker.runReplayHistory({ workflowsPath }, await h.fetchHistory());
      });
    }
  });

  test('a change that is not replay-safe fails the workflow task, names the command and event, and recovers once reverted', async () => {
    const taskQueue = uid('determinism');
    const h = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('nd'), workflowTaskTimeout: '1s' });
    await withWorker({ taskQueue }, () =>
      until('the waiting stage', async () => ((await h.query('stage')) === 'waiting' ? true : undefined)),
    );
    await withWorker({ taskQueue, workflowsPath: fixture('workflows-changed.js') }, async () => {
      await h.signal('proceed', 'bo');
      const failed = await until('a failed workflow task', async () =>
        (await events(h)).find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED),
      );
      const attrs = failed.workflowTaskFailedEventAttributes!;
      assert.equal(attrs.cause, temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
      assert.match(attrs.failure?.message ?? '', /StartTimer\(id 2\) at twoSteps \(.*src[\\/]fixtures[\\/]workflows-changed\.ts:19:\d+\)/);
      assert.match(attrs.failure?.message ?? '', /before event \d+/);
    });
    const history = await h.fetchHistory();
    await assert.rejects(Worker.runReplayHistory({ workflowsPath: fixture('workflows-changed.js') }, history), DeterminismViolationError);
    assert.equal((await h.describe()).status.name, 'RUNNING', 'the workflow itself did not fail');
    await withWorker({ taskQueue }, async () => {
      const result = (await h.result()) as { by: string };
      assert.equal(result.by, 'bo');
    });
  });

  test('a change behind patched() is replay-safe: a running workflow keeps the old path, a new one takes the new', async () => {
    const taskQueue = uid('patch');
    const old = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('old') });
    await withWorker({ taskQueue }, () =>
      until('the waiting stage', async () => ((await old.query('stage')) === 'waiting' ? true : undefined)),
    );
    const patchedPath = fixture('workflows-patched.js');
    await withWorker({ taskQueue, workflowsPath: patchedPath }, async () => {
      const fresh = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('new') });
      await until('the waiting stage', async () => ((await fresh.query('stage')) === 'waiting' ? true : undefined));
      await old.signal('proceed', 'old');
      await fresh.signal('proceed', 'new');
      assert.equal(((await old.result()) as { by: string }).by, 'old');
      assert.equal(((await fresh.result()) as { by: string }).by, 'new');
      const timers = async (h: WorkflowHandle) => (await events(h)).filter((e) => e.eventType === ET.EVENT_TYPE_TIMER_STARTED).length;
      assert.equal(await timers(old), 2, 'the old run did not take the patched step');
      assert.equal(await timers(fresh), 3, 'the new run took it');
      for (const h of [old, fresh]) await Worker.runReplayHistory({ workflowsPath: patchedPath }, await h.fetchHistory());
    });
  });

  test('__stack_trace and __enhanced_stack_trace show where pending work was started, in the TypeScript source', async () => {
    const taskQueue = uid('stacks');
    await withWorker({ taskQueue }, async () => {
      const h = await client.workflow.start('waitsOnThings', { taskQueue, workflowId: uid('stacks') });
      const source = readFileSync(fileURLToPath(new URL('../src/fixtures/workflows.ts', import.meta.url)), 'utf8').split('\n');
      const lineOf = (text: string) => source.findIndex((l) => l.includes(text)) + 1;
      const trace = (await h.query('__stack_trace')) as string;
      const stacks = trace.split('\n\n');
      assert.equal(stacks.length, 3, trace);
      for (const [text, i] of [["new Trigger", 0], ["sleep('1 day')", 1], ['condition(() => false)', 2]] as const) {
        assert.ok(stacks.some((s) => new RegExp(`at waitsOnThings \\(.*workflows\\.ts:${lineOf(text)}:\\d+\\)`).test(s)), `${text} (${i}) in:\n${trace}`);
      }
      const enhanced = (await h.query('__enhanced_stack_trace')) as { sdk: { name: string }; stacks: { locations: { file_path: string; line: number; function_name: string }[] }[]; sources: Record<string, { content: string }[]> };
      assert.equal(enhanced.sdk.name, 'typescript');
      assert.equal(enhanced.stacks.length, 3);
      const loc = enhanced.stacks.flatMap((st) => st.locations).find((l) => l.line === lineOf("sleep('1 day')"));
      assert.equal(loc?.function_name, 'waitsOnThings');
      assert.match(loc?.file_path ?? '', /src[\\/]fixtures[\\/]workflows\.ts$/);
      assert.equal(enhanced.sources[loc!.file_path]?.[0]?.content, source.join('\n'));
      await h.terminate('done');
    });
  });

  test('workflow code that imports node:fs is refused at bundle time with its file and line', async () => {
    const err = await bundleWorkflowCode({ workflowsPath: fixture('imports-fs.js') }).then(
      () => assert.fail('expected the bundle to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowBundleError);
    assert.match(err.message, /imports-fs\.js:\d+:\d+: Workflow code cannot import the Node\.js module 'node:fs'/);
  });

  test('scope timeouts cancel timers, setTimeout is durable, and a bug fails the task but not the workflow', async () => {
    const taskQueue = uid('misc');
    await withWorker({ taskQueue }, async () => {
      assert.equal(await client.workflow.execute('cancelledTimer', { taskQueue, workflowId: uid('ct') }), 'timer cancelled');
      const h = await client.workflow.start('usesSetTimeout', { taskQueue, workflowId: uid('st') });
      assert.ok(((await h.result()) as number) >= 40);
      assert.ok((await events(h)).some((e) => e.eventType === ET.EVENT_TYPE_TIMER_FIRED));
      const bug = await client.workflow.start('throwsTypeError', { taskQueue, workflowId: uid('bug') });
      const failed = await until('a failed workflow task', async () =>
        (await events(bug)).find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED),
      );
      assert.match(failed.workflowTaskFailedEventAttributes?.failure?.message ?? '', /a bug in workflow code/);
      // The stack points at the TypeScript source line that threw.
      const line = readFileSync(fileURLToPath(new URL('../src/fixtures/workflows.ts', import.meta.url)), 'utf8').split('\n').findIndex((l) => l.includes("throw new TypeError('a bug")) + 1;
      assert.match(failed.workflowTaskFailedEventAttributes?.failure?.stackTrace ?? '', new RegExp(`at throwsTypeError \\(.*src[\\\\/]fixtures[\\\\/]workflows\\.ts:${line}:\\d+\\)`));
      assert.equal((await bug.describe()).status.name, 'RUNNING');
      await bug.terminate('test over');
    });
  });

  test('activities: the concurrency limit holds, an unknown type is reported, shutdown cancels after the grace time', async () => {
    const taskQueue = uid('acts');
    await withWorker({ taskQueue, maxConcurrentActivityTaskExecutions: 2 }, async () => {
      assert.equal(await client.workflow.execute('parallel', { taskQueue, workflowId: uid('par'), args: [6] }), 15);
      assert.equal(activities.stats.maxRunning, 2);
      const missing = await client.workflow.execute('callsMissingActivity', { taskQueue, workflowId: uid('missing') });
      assert.match(String(missing), /Activity function notRegistered is not registered on this worker, available activities: \[.*"slowEcho".*\]/);
    });
    const h = await client.workflow.start('longActivity', { taskQueue, workflowId: uid('long') });
    await withWorker({ taskQueue, shutdownGraceTime: 50 }, () =>
      until('the activity to start', async () =>
        (await events(h)).some((e) => e.eventType === ET.EVENT_TYPE_ACTIVITY_TASK_STARTED) || (await h.describe()).raw.description.pendingActivities?.[0]?.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
          ? true
          : undefined,
      ),
    );
    assert.deepEqual(activities.stats.cancelledBy, ['WORKER_SHUTDOWN']);
    await withWorker({ taskQueue }, async () => assert.equal(await h.result(), 'finished on attempt 2'));
  });

  test('long polls: split between the task queue and the sticky queue as configured; bad values are refused', async () => {
    const taskQueue = uid('polls');
    const polling = await Connection.connect({ address: server.address });
    const open = { normal: 0, sticky: 0, activity: 0 };
    const most = { ...open };
    const count = <T,>(key: keyof typeof open, call: () => Promise<T>) => {
      open[key]++;
      most[key] = Math.max(most[key], open[key]);
      return call().finally(() => open[key]--);
    };
    const ws = polling.workflowService;
    const pollWorkflow = ws.pollWorkflowTaskQueue.bind(ws);
    const pollActivity = ws.pollActivityTaskQueue.bind(ws);
    ws.pollWorkflowTaskQueue = (req) => count(req.taskQueue?.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky' : 'normal', () => pollWorkflow(req));
    ws.pollActivityTaskQueue = (req) => count('activity', () => pollActivity(req));
    const worker = await Worker.create({
      connection: polling,
      taskQueue,
      workflowsPath,
      activities,
      maxConcurrentWorkflowTaskPolls: 5,
      nonStickyToStickyPollRatio: 0.4,
      maxConcurrentActivityTaskPolls: 3,
    });
    await worker.runUntil(async () => {
      assert.equal(await client.workflow.execute('parallel', { taskQueue, workflowId: uid('par'), args: [4] }), 6);
      await until('every poll to be open', async () => (open.normal === 2 && open.sticky === 3 && open.activity === 3 ? true : undefined));
    });
    assert.deepEqual(most, { normal: 2, sticky: 3, activity: 3 });
    await polling.close();
    const create = (o: object) => Worker.create({ connection, taskQueue, workflowsPath, ...o });
    await assert.rejects(create({ maxConcurrentWorkflowTaskPolls: 0 }), /maxConcurrentWorkflowTaskPolls must be a positive integer, got 0/);
    await assert.rejects(create({ nonStickyToStickyPollRatio: 1.5 }), /nonStickyToStickyPollRatio must be between 0 and 1, got 1.5/);
    await assert.rejects(create({ activities, maxConcurrentActivityTaskPolls: 2.5 }), /maxConcurrentActivityTaskPolls must be a positive integer, got 2.5/);
  });

  test('the sandbox hides process, require, fetch, WeakRef; log lines are not repeated on replay', async () => {
    const taskQueue = uid('sandbox');
    const lines: string[] = [];
    const logger = new DefaultLogger('INFO', (entry) => void (entry.level === 'INFO' && lines.push(entry.message)));
    // No cache: every task replays the run from the start, so a log that is not silenced would repeat.
    const worker = await Worker.create({ connection, taskQueue, workflowsPath, activities, maxCachedWorkflows: 0, logger });
    const result = await worker.runUntil(client.workflow.execute('sandboxProbe', { taskQueue, workflowId: uid('probe') }));
    assert.deepEqual(result, {
      process: 'undefined',
      require: 'undefined',
      fetch: 'undefined',
      WeakRef: 'undefined',
      FinalizationRegistry: 'undefined',
      inWorkflowContext: true,
    });
    assert.deepEqual(lines, ['probe started', 'probe after sleep']);
  });

  test('workflow and activity interceptors: headers travel from the workflow to the activity', async () => {
    const taskQueue = uid('intercept');
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath,
      activities,
      interceptors: {
        workflowModules: [fixture('interceptors.js')],
        activity: [
          () => ({
            inbound: {
              async execute(input, next) {
                const trace = input.headers.traceId ? defaultPayloadConverter.fromPayload(input.headers.traceId) : 'none';
                return `${String(await next(input))} [${String(trace)}]`;
              },
            },
          }),
        ],
      },
    });
    const workflowId = uid('traced');
    const result = await worker.runUntil(client.workflow.execute('traced', { taskQueue, workflowId, args: ['hi'] }));
    assert.equal(result, `hi [trace-${workflowId}] (seen by the workflow interceptor)`);
  });

  test('a worker killed with SIGKILL mid-workflow: another worker finishes the run', async () => {
    const taskQueue = uid('kill');
    const child = spawn(process.execPath, [fixture('worker-process.js'), server.address, taskQueue], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout, 'data');
      const h = await client.workflow.start('twoSteps', { taskQueue, workflowId: uid('killed') });
      await until('the waiting stage', async () => ((await h.query('stage')) === 'waiting' ? true : undefined));
      child.kill('SIGKILL');
      await once(child, 'exit');
      await h.signal('proceed', 'cy');
      await withWorker({ taskQueue }, async () => {
        const result = (await h.result()) as { by: string };
        assert.equal(result.by, 'cy');
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
