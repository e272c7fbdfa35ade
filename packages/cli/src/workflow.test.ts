// Each `durable workflow` verb run as a user runs it (the binary, in a child process) against a test server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durable, startTestServer, type TestServer } from './fixtures/harness.js';

describe('durable workflow <verb>', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t?.stop());

  test('execute prints progress and the result; a failing workflow exits 1 with its failure', async () => {
    const ok = await t.cli('workflow', 'execute', '--type', 'greet', '--task-queue', 'cli', '--workflow-id', 'cli-greet', '--input', '"ada"');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /WorkflowExecutionStarted\s+type=greet taskQueue=cli input=\["ada"\]/);
    assert.match(ok.stdout, /TimerStarted\s+timer=\d+ duration=1ms/);
    assert.match(ok.stdout, /Status\s+COMPLETED\n\s+Result\s+"hello ada"/);
    const bad = await t.cli('workflow', 'execute', '--type', 'broken', '--task-queue', 'cli', '--workflow-id', 'cli-broken', '-o', 'json');
    assert.equal(bad.code, 1);
    const parsed = JSON.parse(bad.stdout) as { status: string; failure: string };
    assert.deepEqual([parsed.status, parsed.failure], ['Failed', 'out of stock (OutOfStock)']);
    const result = await t.cli('workflow', 'result', '-w', 'cli-greet', '-o', 'json');
    assert.deepEqual(JSON.parse(result.stdout), { workflowId: 'cli-greet', status: 'Completed', result: 'hello ada' });
  });

  test('start, signal, query, update execute (with the validator\'s reason), describe, show, stack, cancel', async () => {
    const started = await t.json<{ workflowId: string; runId: string }>('workflow', 'start', '--type', 'counter', '-t', 'cli', '-w', 'cli-counter', '--memo', 'owner="ada"');
    assert.equal(started.workflowId, 'cli-counter');
    assert.equal((await t.cli('workflow', 'signal', '-w', 'cli-counter', '--name', 'add', '--input', '5')).stdout.trim(), 'Signal workflow succeeded');
    assert.match((await t.cli('workflow', 'query', '-w', 'cli-counter', '--name', 'value')).stdout, /Query result:\s+5/);
    assert.match((await t.cli('workflow', 'update', 'execute', '-w', 'cli-counter', '--name', 'addAndGet', '--input', '2')).stdout, /Update result:\s+7/);
    const rejected = await t.cli('workflow', 'update', 'execute', '-w', 'cli-counter', '--name', 'addAndGet', '--input=-3');
    assert.equal(rejected.code, 1);
    assert.match(rejected.stdout, /Update failed: cannot add -3: only positive amounts/);
    const described = await t.json<{ workflowExecutionInfo: { status: string; type: { name: string } }; taskQueuePollers: { taskQueue: string } }>('workflow', 'describe', '-w', 'cli-counter');
    assert.equal(described.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_RUNNING');
    assert.equal(described.workflowExecutionInfo.type.name, 'counter');
    assert.equal(described.taskQueuePollers.taskQueue, 'cli');
    const text = (await t.cli('workflow', 'describe', '-w', 'cli-counter')).stdout;
    assert.match(text, /Status\s+Running/);
    assert.match(text, /Memo\n\s+Owner\s+ada/);
    assert.match(text, /Task Queue Pollers \(cli\):\n\s+(workflow|unknown)/);
    const shown = (await t.cli('workflow', 'show', '-w', 'cli-counter')).stdout;
    assert.match(shown, /^\s+1\s+\S+\s+WorkflowExecutionStarted\s+type=counter/m);
    assert.match(shown, /WorkflowExecutionSignaled\s+signal=add input=\[5\]/);
    assert.match(shown, /WorkflowExecutionUpdateAccepted\s+update=addAndGet id=\S+ input=\[2\]/);
    const history = await t.json<{ events: { eventType: string }[] }>('workflow', 'show', '-w', 'cli-counter');
    assert.equal(history.events[0].eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    assert.equal((await t.cli('workflow', 'stack', '-w', 'cli-counter')).code, 0);
    assert.equal((await t.cli('workflow', 'cancel', '-w', 'cli-counter')).stdout.trim(), 'Cancellation requested');
    const closed = await t.cli('workflow', 'result', '-w', 'cli-counter');
    assert.equal(closed.code, 1);
    assert.match(closed.stdout, /Status\s+CANCELED/);
  });

  test('show --follow streams events until the run closes; jsonl gives one event a line', async () => {
    await t.cli('workflow', 'start', '--type', 'counter', '-t', 'cli', '-w', 'cli-follow');
    const follow = t.cli('workflow', 'show', '-w', 'cli-follow', '--follow', '-o', 'jsonl');
    await t.cli('workflow', 'signal', '-w', 'cli-follow', '--name', 'finish');
    const lines = (await follow).stdout.trim().split('\n').map((l) => JSON.parse(l) as { eventType: string });
    assert.equal(lines.at(-1)!.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  });

  test('terminate, delete, and a timer\'s duration in show', async () => {
    await t.cli('workflow', 'start', '--type', 'napper', '-t', 'cli', '-w', 'cli-napper');
    await t.cli('workflow', 'show', '-w', 'cli-napper');
    assert.equal((await t.cli('workflow', 'terminate', '-w', 'cli-napper', '--reason', 'enough')).stdout.trim(), 'Workflow terminated');
    const shown = (await t.cli('workflow', 'show', '-w', 'cli-napper')).stdout;
    assert.match(shown, /WorkflowExecutionTerminated\s+reason="enough"/);
    const deleted = await t.cli('workflow', 'delete', '-w', 'cli-napper');
    assert.ok(deleted.code === 0 ? /Delete workflow succeeded/.test(deleted.stdout) : /does not support "workflow delete" \(UNIMPLEMENTED/.test(deleted.stderr), deleted.stderr);
  });

  test('list with a query, count grouped by status, --limit', async () => {
    const list = await t.json<{ execution: { workflowId: string }; status: string }[]>('workflow', 'list', '--query', `WorkflowType = 'greet'`);
    assert.deepEqual(list.map((w) => [w.execution.workflowId, w.status]), [['cli-greet', 'WORKFLOW_EXECUTION_STATUS_COMPLETED']]);
    assert.match((await t.cli('workflow', 'list', '--limit', '1')).stdout, /^Status\s+WorkflowId\s+Type\s+StartTime\n\S+\s+\S+/);
    assert.equal((await t.cli('workflow', 'list', '--limit', '1')).stdout.trim().split('\n').length, 2);
    const count = await t.cli('workflow', 'count', '--query', 'GROUP BY ExecutionStatus');
    const total = Number(/^Total: (\d+)/.exec(count.stdout)?.[1]);
    const groups = [...count.stdout.matchAll(/\["(\w+)"\]: (\d+)/g)].map((m) => [m[1], Number(m[2])] as const);
    assert.ok(groups.some(([status]) => status === 'Completed'));
    assert.equal(groups.reduce((sum, [, n]) => sum + n, 0), total);
    assert.ok(Number((await t.json<{ count: string }>('workflow', 'count')).count) >= 3);
  });

  test('reset by event id and by --type, signal-with-start, trace of a parent and its children', async () => {
    await t.cli('workflow', 'execute', '--type', 'greet', '-t', 'cli', '-w', 'cli-reset', '--input', '"bo"');
    const byType = await t.json<{ runId: string; resetEventId: number }>('workflow', 'reset', '-w', 'cli-reset', '--type', 'first', '--reason', 'again');
    assert.ok(byType.runId && byType.resetEventId > 0);
    const byId = await t.cli('workflow', 'reset', '-w', 'cli-reset', '--event-id', String(byType.resetEventId), '--reason', 'again', '--reapply-exclude', 'Signal');
    assert.match(byId.stdout, /Reset workflow cli-reset to event \d+\. New run ID: \S+/);
    const sws = await t.json<{ started: boolean }>('workflow', 'signal-with-start', '--type', 'counter', '-t', 'cli', '-w', 'cli-sws', '--signal-name', 'finish');
    assert.equal(sws.started, true);
    await t.cli('workflow', 'execute', '--type', 'parent', '-t', 'cli', '-w', 'cli-parent');
    const trace = await t.cli('workflow', 'trace', '-w', 'cli-parent');
    assert.equal(trace.code, 0, trace.stderr);
    assert.match(trace.stdout, /^Completed\s+parent cli-parent \(\S+\)\n├── Completed\s+greet \S+ \(\S+\)\n└── Completed\s+greet \S+/);
  });

  test('batch forms: --query with --yes; without --yes nobody can confirm, a usage error', async () => {
    await t.cli('workflow', 'start', '--type', 'napper', '-t', 'cli', '-w', 'cli-batch-1');
    const noYes = await t.cli('workflow', 'terminate', '--query', `WorkflowId = 'cli-batch-1'`);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /Add --yes to confirm/);
    const batch = await t.cli('workflow', 'terminate', '--query', `WorkflowId = 'cli-batch-1'`, '--yes', '-o', 'json');
    if (batch.code === 0) assert.equal(JSON.parse(batch.stdout).matched, 1);
    else assert.match(batch.stderr, /does not support "workflow terminate" \(UNIMPLEMENTED/);
  });

  test('fix-history-json rewrites enum words into the current form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-history-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ events: [{ eventId: '1', eventType: 'WorkflowExecutionStarted', workflowExecutionStartedEventAttributes: { taskQueue: { name: 'q', kind: 'Normal' } } }] }));
    const r = await durable(['workflow', 'fix-history-json', '--source', join(dir, 'old.json'), '--target', join(dir, 'new.json')]);
    assert.equal(r.code, 0, r.stderr);
    const fixed = JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8')) as { events: { eventType: string; workflowExecutionStartedEventAttributes: { taskQueue: { kind: string } } }[] };
    assert.equal(fixed.events[0].eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    assert.equal(fixed.events[0].workflowExecutionStartedEventAttributes.taskQueue.kind, 'TASK_QUEUE_KIND_NORMAL');
  });
});
