// The HTTP API over real HTTP against a real DevServer (no worker: workflow tasks are left pending, or completed by
// hand over gRPC where a test needs a result).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rawServiceClient, ServiceName, temporal, type RawCall } from '@durable/proto';
import { DevServer } from '../index.js';
import { silentLogger } from '../model/logger.js';
import { SystemClock } from '../model/clock.js';
import { ServerMetrics } from '../infra/metrics.js';
import { Store } from '../persistence/store.js';
import { createHttpApi } from './api.js';

interface Reply {
  status: number;
  type: string | null;
  // Bodies are JSON whose shape each test knows.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined, text };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * A logger that tells when the server has taken a request: the API logs each call as it starts it, and a GET's
 * handler runs to its first wait in that same turn, so a long poll is parked once this resolves.
 */
function arrivals() {
  const waiting: { path: string; resolve: () => void }[] = [];
  const logger = {
    ...silentLogger,
    debug(message: string, fields?: Record<string, unknown>) {
      if (message !== 'http api call') return;
      for (const w of waiting.filter((w) => String(fields?.path).endsWith(w.path))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    },
  };
  const arrived = (path: string) => new Promise<void>((resolve) => waiting.push({ path, resolve }));
  return { logger, arrived };
}

describe('HTTP API on the dev server', () => {
  let server: DevServer;
  let base: string;
  let call: RawCall;
  let close: () => void;
  let n = 0;
  const { logger, arrived } = arrivals();
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => http(base, method, path, body, headers);
  const start = async (input: unknown[] = [], taskQueue = 'http-q') => {
    const id = `http-${++n}`;
    const r = await api('POST', `/api/v1/namespaces/default/workflows/${id}`, { workflowType: { name: 'Greet' }, taskQueue: { name: taskQueue }, input });
    assert.equal(r.status, 200, r.text);
    return { id, runId: r.body.runId as string };
  };

  before(async () => {
    server = await DevServer.start({ port: 0, httpPort: 0, logger });
    base = `http://${server.httpAddress}`;
    ({ call, close } = rawServiceClient(server.address));
  });
  after(async () => {
    close();
    await server.stop();
  });

  test('start with shorthand input, then describe, list with a query and count by status', async () => {
    const { id, runId } = await start([{ order: 7, items: ['tea'] }, 'rush']);
    // The shorthand arrived as json/plain payloads, as a gRPC caller sees them.
    const grpcHistory = await call('GetWorkflowExecutionHistory', { namespace: 'default', execution: { workflowId: id } });
    const input = grpcHistory.history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    assert.deepEqual(input.map((p: { metadata: { encoding: Uint8Array } }) => Buffer.from(p.metadata.encoding).toString()), ['json/plain', 'json/plain']);
    assert.deepEqual(JSON.parse(Buffer.from(input[0].data).toString()), { order: 7, items: ['tea'] });

    const described = await api('GET', `/api/v1/namespaces/default/workflows/${id}?execution.runId=${runId}`);
    assert.equal(described.status, 200);
    assert.equal(described.type, 'application/json');
    assert.equal(described.body.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_RUNNING');
    assert.equal(described.body.workflowExecutionInfo.historyLength, '2');
    assert.match(described.body.workflowExecutionInfo.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(described.body.executionConfig.defaultWorkflowTaskTimeout, '10s');

    const listed = await api('GET', `/api/v1/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId = '${id}'`)}`);
    assert.deepEqual(
      listed.body.executions.map((e: { execution: { workflowId: string } }) => e.execution.workflowId),
      [id],
    );
    const count = await api('GET', `/api/v1/namespaces/default/workflow-count?query=${encodeURIComponent(`WorkflowId = '${id}' GROUP BY ExecutionStatus`)}`);
    assert.equal(count.body.count, '1');
    assert.equal(count.body.groups.length, 1);
    // Group values are Keyword search attribute payloads (typed metadata), so they stay in full form, as Temporal's do.
    assert.equal(Buffer.from(count.body.groups[0].groupValues[0].data, 'base64').toString(), '"Running"');
  });

  test('history pages follow nextPageToken; a waitNewEvent long poll returns when a signal arrives', { timeout: 10_000 }, async () => {
    const { id } = await start();
    const first = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history?maximumPageSize=1`);
    assert.deepEqual(first.body.history.events.map((e: { eventId: string }) => e.eventId), ['1']);
    assert.equal(first.body.history.events[0].eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const second = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history?maximum_page_size=1&nextPageToken=${encodeURIComponent(first.body.nextPageToken)}`);
    assert.deepEqual(second.body.history.events.map((e: { eventType: string }) => e.eventType), ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED']);
    assert.equal(second.body.nextPageToken, undefined);

    const reverse = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history-reverse`);
    assert.deepEqual(reverse.body.history.events.map((e: { eventId: string }) => e.eventId), ['2', '1']);

    const caughtUp = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history?waitNewEvent=true`);
    const token = encodeURIComponent(caughtUp.body.nextPageToken);
    const parked = arrived(`/workflows/${id}/history`);
    const polling = api('GET', `/api/v1/namespaces/default/workflows/${id}/history?waitNewEvent=true&nextPageToken=${token}`);
    await parked;
    const signalled = await api('POST', `/api/v1/namespaces/default/workflows/${id}/signal/approve`, { input: ['dee'], identity: 'http-test' });
    assert.equal(signalled.status, 200);
    assert.deepEqual(signalled.body, {});
    const polled = await polling;
    assert.equal(polled.status, 200);
    const event = polled.body.history.events[0];
    assert.equal(event.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
    assert.deepEqual(event.workflowExecutionSignaledEventAttributes.input, ['dee']);
    assert.equal(event.workflowExecutionSignaledEventAttributes.signalName, 'approve');
  });

  test('a completed run shows its result as plain JSON, or in full with noPayloadShorthand', async () => {
    const { id } = await start([], 'http-complete');
    const task = await call('PollWorkflowTaskQueue', { namespace: 'default', taskQueue: { name: 'http-complete' }, identity: 'test' });
    assert.equal(task.workflowExecution.workflowId, id);
    const result = { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"total":12.5}') }] };
    await call('RespondWorkflowTaskCompleted', {
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'test',
      commands: [{ commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: { result } }],
    });
    const closeEvent = (body: { history: { events: { workflowExecutionCompletedEventAttributes?: { result: unknown } }[] } }) =>
      body.history.events.at(-1)!.workflowExecutionCompletedEventAttributes!.result;
    const short = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history?historyEventFilterType=HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT`);
    assert.deepEqual(closeEvent(short.body), [{ total: 12.5 }]);
    const full = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history?noPayloadShorthand`);
    assert.deepEqual(closeEvent(full.body), { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('{"total":12.5}') }] });
    const viaAccept = await api('GET', `/api/v1/namespaces/default/workflows/${id}/history`, undefined, { accept: 'application/json+no-payload-shorthand' });
    assert.deepEqual(closeEvent(viaAccept.body), closeEvent(full.body));
    const pretty = await api('GET', `/api/v1/namespaces/default/workflows/${id}?pretty`);
    assert.match(pretty.text, /^\{\n {2}"executionConfig": \{\n {4}"taskQueue"/);
    assert.equal(pretty.body.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_COMPLETED');
  });

  test('with shorthand off, a body must give payloads in full form', async () => {
    const id = `http-full-${++n}`;
    const path = `/api/v1/namespaces/default/workflows/${id}`;
    const refused = await api('POST', `${path}?noPayloadShorthand`, { workflowType: { name: 'T' }, taskQueue: { name: 'q' }, input: ['x'] });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /input: expected a JSON object for temporal\.api\.common\.v1\.Payloads/);
    const input = { payloads: [{ metadata: { encoding: b64('binary/plain') }, data: b64('raw bytes') }] };
    assert.equal((await api('POST', `${path}?noPayloadShorthand`, { workflowType: { name: 'T' }, taskQueue: { name: 'q' }, input })).status, 200);
    const history = await api('GET', `${path}/history`);
    assert.deepEqual(history.body.history.events[0].workflowExecutionStartedEventAttributes.input, input);
  });

  test("errors come as Temporal's HTTP API gives them, and the server keeps serving", async () => {
    const missing = await api('GET', '/api/v1/namespaces/default/workflows/no-such-workflow');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      code: 5,
      message: 'workflow execution not found (WorkflowId: no-such-workflow)',
      details: [{ '@type': 'type.googleapis.com/temporal.api.errordetails.v1.NotFoundFailure' }],
    });
    const badQuery = await api('GET', `/api/v1/namespaces/default/workflows?query=${encodeURIComponent("WorkflowType = 'x' AND")}`);
    assert.equal(badQuery.status, 400);
    assert.equal(badQuery.body.code, 3);
    assert.match(badQuery.body.message, /query/i);
    const { id } = await start();
    const again = await api('POST', `/api/v1/namespaces/default/workflows/${id}`, { workflowType: { name: 'Greet' }, taskQueue: { name: 'http-q' }, requestId: 'other' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 6);
    assert.equal(again.body.details[0]['@type'], 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure');
    const cases: [string, string, unknown, number, number, RegExp][] = [
      ['GET', '/api/v1/namespaces/default/no-such-route', undefined, 404, 5, /Not Found: no HTTP API route GET/],
      ['DELETE', `/api/v1/namespaces/default/workflows/${id}`, undefined, 405, 12, /Method Not Allowed: .* takes POST, GET, not DELETE/],
      ['POST', '/api/v1/namespaces/default/workflows/x', '{"workflowType": ', 400, 3, /^malformed JSON in the request body/],
      ['POST', '/api/v1/namespaces/default/workflows/x', '[1, 2]', 400, 3, /the request body must be a JSON object/],
      ['POST', '/api/v1/namespaces/default/workflows/x', { workflowTyp: {} }, 400, 3, /unknown field "workflowTyp" of temporal\.api\.workflowservice\.v1\.StartWorkflowExecutionRequest/],
      ['POST', '/api/v1/namespaces/default/workflows/x', { workflowType: { name: 'T' }, taskQueue: { name: 'q' }, workflowRunTimeout: 5 }, 400, 3, /workflowRunTimeout: expected a duration/],
      ['GET', `/api/v1/namespaces/default/workflows/${id}/history?maximumPageSize=lots`, undefined, 400, 3, /maximumPageSize: expected an integer, got "lots"/],
      ['GET', `/api/v1/namespaces/default/workflows/${id}/history?waitNewEvent=perhaps`, undefined, 400, 3, /waitNewEvent: expected true or false/],
      ['GET', `/api/v1/namespaces/default/workflows/${id}/history?historyEventFilterType=SOMETIMES`, undefined, 400, 3, /not a value of temporal\.api\.enums\.v1\.HistoryEventFilterType/],
      ['GET', '/api/v1/namespaces/default/workflows/%E0%A4%A', undefined, 400, 3, /malformed percent-encoding/],
      ['GET', '/api/v1/namespaces/default/nexus-operations', undefined, 501, 12, /ListNexusOperationExecutions is not implemented/],
      ['GET', '/api/v1/namespaces/nowhere/workflows', undefined, 404, 5, /nowhere/],
      ['POST', '/api/v1/namespaces/default/activities/a1/fail', `{"failure": ${'{"cause": '.repeat(50_000)}{}${'}'.repeat(50_000)}}`, 400, 3, /nested too deeply/],
    ];
    for (const [method, path, body, status, code, message] of cases) {
      const r = await api(method, path, body);
      assert.equal(r.type, 'application/json');
      assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
      assert.equal(r.body.code, code, `${method} ${path}`);
      assert.match(r.body.message, message, `${method} ${path}`);
    }
    assert.equal((await api('GET', `/api/v1/namespaces/default/workflows/${id}`)).status, 200);
  });

  test('cancel and terminate over HTTP close the run as a gRPC caller would see it', async () => {
    const cancelled = await start();
    assert.equal((await api('POST', `/api/v1/namespaces/default/workflows/${cancelled.id}/cancel`, { reason: 'no longer needed' })).status, 200);
    const events = await api('GET', `/api/v1/namespaces/default/workflows/${cancelled.id}/history`);
    assert.equal(events.body.history.events.at(-1).eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED');
    assert.equal(events.body.history.events.at(-1).workflowExecutionCancelRequestedEventAttributes.cause, 'no longer needed');

    const terminated = await start();
    const path = `/api/v1/namespaces/default/workflows/${terminated.id}`;
    assert.equal((await api('POST', `${path}/terminate`, { reason: 'stuck', details: [{ ticket: 42 }] })).status, 200);
    const described = await api('GET', path);
    assert.equal(described.body.workflowExecutionInfo.status, 'WORKFLOW_EXECUTION_STATUS_TERMINATED');
    const last = (await api('GET', `${path}/history-reverse?maximumPageSize=1`)).body.history.events[0];
    assert.deepEqual(last.workflowExecutionTerminatedEventAttributes, { reason: 'stuck', details: [{ ticket: 42 }] });
  });

  test('the handler mounted on another listener serves /api/v1 and leaves other paths to that listener', async () => {
    const other: Server = createServer((req, res) => {
      if (server.httpApi(req, res)) return;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('static file');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      assert.equal((await http(otherBase, 'GET', '/api/v1/cluster-info')).body.clusterName, 'durable-dev');
      const page = await fetch(`${otherBase}/namespaces/default/workflows`);
      assert.equal(await page.text(), 'static file');
      // On the API's own port the same path is not an API route: 404 in the API's error shape.
      const own = await api('GET', '/namespaces/default/workflows');
      assert.deepEqual([own.status, own.body.code], [404, 5]);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

test('a client that disconnects aborts its call (a long poll ends on the server)', { timeout: 10_000 }, async () => {
  let entered!: () => void;
  let aborted!: (workflowId: string) => void;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  const abortedFor = new Promise<string>((resolve) => (aborted = resolve));
  const handlers = {
    GetWorkflowExecutionHistory: (req: { execution: { workflowId: string } }, ctx: { signal: AbortSignal }) =>
      new Promise<object>((answer) => {
        entered();
        ctx.signal.addEventListener('abort', () => {
          aborted(req.execution.workflowId);
          answer({});
        });
      }),
  };
  const api = createHttpApi({ services: [{ service: ServiceName.workflow, handlers }], site: { gate: { afterCommit: (ok) => ok() }, logger: silentLogger, metrics: new ServerMetrics(await Store.open(undefined), new SystemClock()), transport: 'http' } });
  const listener = createServer((req, res) => api.serve(req, res));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const controller = new AbortController();
  const port = (listener.address() as AddressInfo).port;
  const request = fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/workflows/w-gone/history?waitNewEvent=true`, { signal: controller.signal });
  await inHandler;
  controller.abort();
  await assert.rejects(request, { name: 'AbortError' });
  assert.equal(await abortedFor, 'w-gone');
  listener.closeAllConnections();
  await new Promise((resolve) => listener.close(resolve));
});

test('stop() answers an open long poll and closes the HTTP API', { timeout: 10_000 }, async () => {
  const { logger, arrived } = arrivals();
  const server = await DevServer.start({ port: 0, httpPort: 0, logger });
  const base = `http://${server.httpAddress}`;
  const started = await http(base, 'POST', '/api/v1/namespaces/default/workflows/w', { workflowType: { name: 'T' }, taskQueue: { name: 'q' } });
  assert.equal(started.status, 200);
  const caughtUp = await http(base, 'GET', '/api/v1/namespaces/default/workflows/w/history?waitNewEvent=true');
  const parked = arrived('/workflows/w/history');
  const polling = http(base, 'GET', `/api/v1/namespaces/default/workflows/w/history?waitNewEvent=true&nextPageToken=${encodeURIComponent(caughtUp.body.nextPageToken)}`);
  await parked;
  await server.stop();
  const answer = await polling;
  assert.equal(answer.status, 200);
  assert.equal(answer.body.history.events, undefined, 'no new events');
  assert.ok(answer.body.nextPageToken, 'the caller can resume where it was');
  await assert.rejects(fetch(`${base}/api/v1/cluster-info`), /fetch failed/);
});
