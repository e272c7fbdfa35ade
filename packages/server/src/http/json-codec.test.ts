import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Long, root, temporal } from '@durable/proto';
import { messageFromJson, JsonInputError } from './json-read.js';
import { messageToJson } from './json-write.js';
import { formatDuration, formatTimestamp, parseDuration, parseTimestamp } from './json-time.js';

const on = { payloadShorthand: true };
const off = { payloadShorthand: false };
const type = (name: string) => root.lookupType(name);
const json = (s: string) => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(s) });
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('a history event is written as Temporal writes it: names, strings for int64, RFC 3339, durations, shorthand', () => {
  const Event = type('temporal.api.history.v1.HistoryEvent');
  const event = {
    eventId: Long.fromNumber(1),
    eventTime: { seconds: Long.fromNumber(1714557600), nanos: 250_000_000 },
    eventType: temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    taskId: 0,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: 'order' },
      taskQueue: { name: 'q', kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: { payloads: [json('{"id":7,"items":["a"]}'), json('"x"')] },
      workflowRunTimeout: { seconds: Long.fromNumber(1), nanos: 500_000_000 },
      attempt: 1,
      firstExecutionRunId: '',
      header: { fields: { trace: { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from([1, 2, 3]) } } },
    },
  };
  assert.deepEqual(messageToJson(Event, event, on), {
    eventId: '1',
    eventTime: '2024-05-01T10:00:00.250Z',
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: 'order' },
      taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: [{ id: 7, items: ['a'] }, 'x'],
      workflowRunTimeout: '1.500s',
      attempt: 1,
      header: { fields: { trace: { metadata: { encoding: b64('binary/plain') }, data: 'AQID' } } },
    },
  });
});

test('a decoded message (defaults on its prototype) writes only what is set', () => {
  const Desc = type('temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse');
  const decoded = Desc.decode(
    Desc.encode({ workflowExecutionInfo: { execution: { workflowId: 'w', runId: 'r' }, status: 2, historyLength: Long.fromNumber(12) } }).finish(),
  );
  assert.deepEqual(messageToJson(Desc, decoded, on), {
    workflowExecutionInfo: { execution: { workflowId: 'w', runId: 'r' }, status: 'WORKFLOW_EXECUTION_STATUS_COMPLETED', historyLength: '12' },
  });
  // Of a oneof, only the member that is set is written, even when the others have defaults on the prototype.
  const Reset = type('temporal.api.common.v1.ResetOptions');
  assert.deepEqual(messageToJson(Reset, Reset.decode(Reset.encode({ workflowTaskId: Long.fromNumber(7) }).finish()), on), { workflowTaskId: '7' });
  assert.deepEqual(messageToJson(Reset, { buildId: '' }, on), { buildId: '' });
});

test('payload shorthand: binary/null is null, json/protobuf carries _protoMessageType, mixed Payloads keep the object form', () => {
  const Payloads = type('temporal.api.common.v1.Payloads');
  const nul = { metadata: { encoding: Buffer.from('binary/null') } };
  const proto = { metadata: { encoding: Buffer.from('json/protobuf'), messageType: Buffer.from('a.B') }, data: Buffer.from('{"x":1}') };
  assert.deepEqual(messageToJson(Payloads, { payloads: [nul, proto] }, on), [null, { _protoMessageType: 'a.B', x: 1 }]);
  const raw = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from('hi') };
  assert.deepEqual(messageToJson(Payloads, { payloads: [json('1'), raw] }, on), {
    payloads: [1, { metadata: { encoding: b64('binary/plain') }, data: b64('hi') }],
  });
  // json/plain with more metadata than the encoding, or data that is not JSON, is written in full.
  const tagged = { metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') }, data: Buffer.from('"k"') };
  assert.deepEqual(messageToJson(Payloads, { payloads: [tagged] }, on), {
    payloads: [{ metadata: { encoding: b64('json/plain'), type: b64('Keyword') }, data: b64('"k"') }],
  });
  assert.deepEqual(messageToJson(Payloads, { payloads: [json('{not json')] }, on), {
    payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('{not json') }],
  });
  // Shorthand off: every payload in full.
  assert.deepEqual(messageToJson(Payloads, { payloads: [json('1')] }, off), { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('1') }] });
});

test('plain JSON input becomes json/plain payloads; the full form and null are recognised', () => {
  const Start = type('temporal.api.workflowservice.v1.StartWorkflowExecutionRequest');
  const req = messageFromJson(
    Start,
    {
      workflowId: 'w',
      input: [{ b: 1, a: [true] }, null, { metadata: { encoding: b64('binary/plain') }, data: b64('raw') }, { _protoMessageType: 'a.B', x: 2 }],
      memo: { fields: { note: 'hello' } },
    },
    on,
  ) as temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
  const [plain, nul, full, proto] = req.input!.payloads!;
  assert.equal(Buffer.from(plain.metadata!.encoding).toString(), 'json/plain');
  assert.deepEqual(JSON.parse(Buffer.from(plain.data!).toString()), { b: 1, a: [true] });
  assert.equal(Buffer.from(nul.metadata!.encoding).toString(), 'binary/null');
  assert.equal(Buffer.from(full.metadata!.encoding).toString(), 'binary/plain');
  assert.equal(Buffer.from(full.data!).toString(), 'raw');
  assert.equal(Buffer.from(proto.metadata!.messageType).toString(), 'a.B');
  assert.deepEqual(JSON.parse(Buffer.from(proto.data!).toString()), { x: 2 });
  assert.equal(Buffer.from(req.memo!.fields!.note.data!).toString(), '"hello"');
  // Written back, one payload without a shorthand keeps Payloads in its object form, each payload as short as it can be.
  assert.deepEqual((messageToJson(Start, req, on) as { input: unknown }).input, {
    payloads: [{ b: 1, a: [true] }, null, { metadata: { encoding: b64('binary/plain') }, data: b64('raw') }, { _protoMessageType: 'a.B', x: 2 }],
  });
  // With shorthand off a plain value is not a payload.
  assert.throws(() => messageFromJson(Start, { input: ['x'] }, off), /input: expected a JSON object for temporal\.api\.common\.v1\.Payloads/);
  const full2 = messageFromJson(Start, { input: { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('5') }] } }, off);
  assert.equal(Buffer.from((full2 as typeof req).input!.payloads![0].data!).toString(), '5');
});

test('read builds what binary decoding builds: it encodes, and decodes back to the same request', () => {
  const History = type('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest');
  const req = messageFromJson(
    History,
    { namespace: 'default', execution: { workflow_id: 'w', runId: 'r' }, maximumPageSize: '5', nextPageToken: 'AQI', waitNewEvent: true, historyEventFilterType: 'CloseEvent' },
    on,
  );
  const back = History.decode(History.encode(req).finish()) as unknown as temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
  assert.equal(back.execution?.workflowId, 'w');
  assert.equal(back.maximumPageSize, 5);
  assert.deepEqual([...back.nextPageToken], [1, 2]);
  assert.equal(back.waitNewEvent, true);
  assert.equal(back.historyEventFilterType, temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT);
  const Reset = type('temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest');
  const reset = messageFromJson(Reset, { workflowTaskFinishEventId: 4, resetReapplyType: 2 }, on) as { workflowTaskFinishEventId: Long; resetReapplyType: number };
  assert.ok(Long.isLong(reset.workflowTaskFinishEventId));
  assert.equal(reset.workflowTaskFinishEventId.toNumber(), 4);
  assert.equal(reset.resetReapplyType, 2);
});

test('bad input is refused with the path of the field and what was wrong', () => {
  const Start = type('temporal.api.workflowservice.v1.StartWorkflowExecutionRequest');
  const cases: [unknown, RegExp][] = [
    [{ workflowType: { nme: 'x' } }, /^workflowType\.nme: unknown field "nme" of temporal\.api\.common\.v1\.WorkflowType$/],
    [{ workflowId: 'a', workflow_id: 'b' }, /workflow_id: field "workflowId" is given twice/],
    [{ workflowId: 5 }, /^workflowId: expected a string, got 5$/],
    [{ taskQueue: { kind: 'SIDEWAYS' } }, /taskQueue\.kind: "SIDEWAYS" is not a value of temporal\.api\.enums\.v1\.TaskQueueKind/],
    [{ workflowRunTimeout: '10 minutes' }, /workflowRunTimeout: expected a duration in seconds such as "1\.5s"/],
    [{ retryPolicy: { maximumAttempts: 1.5 } }, /retryPolicy\.maximumAttempts: expected an integer/],
    [{ retryPolicy: { maximumAttempts: 2 ** 31 } }, /expected an integer from -2147483648 to 2147483647/],
    [{ workflowStartDelay: '1s', requestEagerExecution: 'yes' }, /requestEagerExecution: expected true or false/],
    [{ searchAttributes: [] }, /searchAttributes: expected a JSON object for temporal\.api\.common\.v1\.SearchAttributes/],
    [[1], /^expected a JSON object for temporal\.api\.workflowservice\.v1\.StartWorkflowExecutionRequest/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => messageFromJson(Start, input, on), (err: unknown) => err instanceof JsonInputError && message.test(err.message), JSON.stringify(input));
  }
  const Event = type('temporal.api.history.v1.HistoryEvent');
  assert.throws(
    () => messageFromJson(Event, { timerFiredEventAttributes: {}, timerStartedEventAttributes: {} }, on),
    /both set, but they are members of the oneof "attributes"/,
  );
  assert.throws(() => messageFromJson(Event, { eventId: '9223372036854775808' }, on), /eventId: expected an integer from/);
  assert.throws(() => messageFromJson(Event, { eventTime: '2024-02-30T00:00:00Z' }, on), /eventTime: expected an RFC 3339 time/);
});

test('null leaves a field unset; enums by number and by Temporal short name', () => {
  const Info = type('temporal.api.workflow.v1.WorkflowExecutionInfo');
  const info = messageFromJson(Info, { status: 'Running', execution: null, historyLength: 3 }, on) as temporal.api.workflow.v1.WorkflowExecutionInfo;
  assert.equal(info.status, temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  assert.equal(info.execution, null);
  assert.equal((messageFromJson(Info, { status: 4 }, on) as typeof info).status, 4);
});

test('Any is written with @type first and read back; google.rpc.Status carries error details', () => {
  const Status = type('google.rpc.Status');
  const Failure = type('temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure');
  const detail = { type_url: 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: Failure.encode({ runId: 'r1' }).finish() };
  const written = messageToJson(Status, { code: 6, message: 'started', details: [detail] }, on);
  assert.deepEqual(written, {
    code: 6,
    message: 'started',
    details: [{ '@type': 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', runId: 'r1' }],
  });
  assert.deepEqual(Object.keys((written as { details: object[] }).details[0])[0], '@type');
  const read = messageFromJson(Status, written, on) as { details: { type_url: string; value: Uint8Array }[] };
  assert.equal((Failure.decode(read.details[0].value) as unknown as { runId: string }).runId, 'r1');
  // A well-known type packed in Any puts its JSON under "value".
  const Dur = type('google.protobuf.Duration');
  const any = { type_url: 'type.googleapis.com/google.protobuf.Duration', value: Dur.encode({ seconds: 3 }).finish() };
  assert.deepEqual(messageToJson(Status, { details: [any] }, on), { details: [{ '@type': 'type.googleapis.com/google.protobuf.Duration', value: '3s' }] });
  assert.throws(() => messageFromJson(Status, { details: [{ '@type': 'nope.Nothing' }] }, on), /details\[0\]\.@type: unknown message type "nope\.Nothing"/);
});

test('timestamps and durations with 0, 3, 6 or 9 fractional digits, any offset on input', () => {
  assert.equal(formatTimestamp({ seconds: 0n, nanos: 0 }), '1970-01-01T00:00:00Z');
  assert.equal(formatTimestamp({ seconds: 1n, nanos: 1 }), '1970-01-01T00:00:01.000000001Z');
  assert.equal(formatTimestamp({ seconds: -1n, nanos: 120_000 }), '1969-12-31T23:59:59.000120Z');
  assert.deepEqual(parseTimestamp('2024-05-01T12:00:00.5+02:00'), { seconds: 1714557600n, nanos: 500_000_000 });
  assert.equal(parseTimestamp('2024-05-01 12:00:00Z'), undefined);
  assert.equal(parseTimestamp('0000-12-31T23:59:59Z'), undefined);
  assert.equal(formatDuration({ seconds: 0n, nanos: 0 }), '0s');
  assert.equal(formatDuration({ seconds: -1n, nanos: -500_000_000 }), '-1.500s');
  assert.equal(formatDuration({ seconds: 86400n, nanos: 1000 }), '86400.000001s');
  assert.deepEqual(parseDuration('1.5s'), { seconds: 1n, nanos: 500_000_000 });
  assert.deepEqual(parseDuration('-0.25s'), { seconds: 0n, nanos: -250_000_000 });
  assert.equal(parseDuration('1.5'), undefined);
  assert.equal(parseDuration('1m'), undefined);
});

test('well-known values: Struct/Value as plain JSON, FieldMask as camelCase paths, wrappers as their value', () => {
  const Value = type('google.protobuf.Value');
  const v = messageFromJson(Value, { a: [1, 'x', null, true], b: {} }, on);
  assert.deepEqual(messageToJson(Value, v, on), { a: [1, 'x', null, true], b: {} });
  const Mask = type('google.protobuf.FieldMask');
  const mask = messageFromJson(Mask, 'workflowExecutionOptions.versioningOverride,foo', on) as { paths: string[] };
  assert.deepEqual(mask.paths, ['workflow_execution_options.versioning_override', 'foo']);
  assert.equal(messageToJson(Mask, mask, on), 'workflowExecutionOptions.versioningOverride,foo');
  const Dbl = type('google.protobuf.DoubleValue');
  assert.equal(messageToJson(Dbl, messageFromJson(Dbl, 'NaN', on), on), 'NaN');
});
