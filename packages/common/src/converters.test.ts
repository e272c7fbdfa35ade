import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  DefaultFailureConverter,
  PayloadConverterError,
  RetryState,
  TemporalFailure,
  TimeoutFailure,
  TimeoutType,
  TypedSearchAttributes,
  decodeFailure,
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  defaultPayloadConverter,
  defineSearchAttributeKey,
  encodeFailure,
  encodeSearchAttributes,
  markErrorClass,
  payloadEncoding,
  type Payload,
  type PayloadCodec,
} from './index.js';

const pc = defaultPayloadConverter;

test('payloads: undefined, bytes and JSON get the official encodings and come back equal', () => {
  const cases: [unknown, string][] = [
    [undefined, 'binary/null'],
    [new Uint8Array([1, 2, 3]), 'binary/plain'],
    [{ a: 1, b: ['x', null] }, 'json/plain'],
    [null, 'json/plain'],
    ['text', 'json/plain'],
  ];
  for (const [value, encoding] of cases) {
    const payload = pc.toPayload(value);
    assert.equal(payloadEncoding(payload), encoding);
    assert.deepEqual(pc.fromPayload(payload), value);
  }
});

test('payloads: a value JSON cannot encode is refused with the reason', () => {
  assert.throws(() => pc.toPayload({ n: 10n }), PayloadConverterError);
  assert.throws(() => pc.toPayload(() => 1), /Cannot encode a value of type function/);
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.throws(() => pc.toPayload(circular), /circular/);
});

test('failures: an activity failure wrapping an application failure survives the round trip', () => {
  const fc = new DefaultFailureConverter();
  const app = ApplicationFailure.create({ message: 'card declined', type: 'CardError', nonRetryable: true, details: [{ code: 51 }] });
  const err = new ActivityFailure('Activity task failed', 'charge', '3', RetryState.NON_RETRYABLE_FAILURE, 'w1', app);
  const proto = fc.errorToFailure(err, pc);
  assert.equal(proto.activityFailureInfo?.activityType?.name, 'charge');
  assert.equal(proto.cause?.applicationFailureInfo?.type, 'CardError');

  const back = fc.failureToError(proto, pc);
  assert.ok(back instanceof ActivityFailure);
  assert.equal(back.retryState, 'NON_RETRYABLE_FAILURE');
  assert.ok(back.cause instanceof ApplicationFailure);
  assert.equal(back.cause.message, 'card declined');
  assert.equal(back.cause.nonRetryable, true);
  assert.deepEqual(back.cause.details, [{ code: 51 }]);
});

test('failures: plain errors become ApplicationFailures typed by their name; timeouts keep heartbeat details', () => {
  const fc = new DefaultFailureConverter();
  const proto = fc.errorToFailure(new RangeError('too big'), pc);
  assert.equal(proto.applicationFailureInfo?.type, 'RangeError');
  assert.equal(proto.applicationFailureInfo?.nonRetryable, false);
  const timeout = fc.failureToError(fc.errorToFailure(new TimeoutFailure('timed out', { progress: 7 }, TimeoutType.HEARTBEAT), pc), pc);
  assert.ok(timeout instanceof TimeoutFailure);
  assert.equal(timeout.timeoutType, 'HEARTBEAT');
  assert.deepEqual(timeout.lastHeartbeatDetails, { progress: 7 });
});

test('failures: encodeCommonAttributes hides message and stack on the wire and restores them', () => {
  const fc = new DefaultFailureConverter({ encodeCommonAttributes: true });
  const proto = fc.errorToFailure(new CancelledFailure('secret reason', [], new Error('inner secret')), pc);
  assert.equal(proto.message, 'Encoded failure');
  assert.equal(proto.stackTrace, '');
  assert.equal(proto.cause?.message, 'Encoded failure');
  const back = fc.failureToError(proto, pc);
  assert.equal(back.message, 'secret reason');
  assert.equal((back as TemporalFailure).cause?.message, 'inner secret');
});

test('failures: instanceof works for objects made in another realm, and user subclasses keep plain instanceof', () => {
  const context = vm.createContext({ ApplicationFailure });
  // The vm realm has its own Error; the marker travels on the prototype chain.
  const foreign = vm.runInContext(`
    class Foreign extends Error {}
    Object.setPrototypeOf(Foreign.prototype, ApplicationFailure.prototype);
    new Foreign('from another realm');
  `, context) as unknown;
  assert.ok(foreign instanceof ApplicationFailure);
  assert.ok(foreign instanceof TemporalFailure);
  assert.ok(!(foreign instanceof CancelledFailure));

  class MyFailure extends ApplicationFailure {}
  assert.ok(new MyFailure('x') instanceof ApplicationFailure);
  assert.ok(!(new ApplicationFailure('x') instanceof MyFailure));
  class Local extends Error {}
  markErrorClass(Local, 'Local');
  assert.equal(new Local().name, 'Local');
});

test('codecs reach payloads nested in failure details and encoded attributes', async () => {
  const reverse: PayloadCodec = {
    encode: async (ps: Payload[]) => ps.map((p) => ({ ...p, data: p.data ? Uint8Array.from(p.data).reverse() : p.data })),
    decode: async (ps: Payload[]) => ps.map((p) => ({ ...p, data: p.data ? Uint8Array.from(p.data).reverse() : p.data })),
  };
  const fc = new DefaultFailureConverter({ encodeCommonAttributes: true });
  const proto = fc.errorToFailure(ApplicationFailure.create({ message: 'boom', details: ['abc'] }), pc);
  const encoded = await encodeFailure([reverse], proto);
  assert.notDeepEqual(encoded.applicationFailureInfo?.details?.payloads?.[0]?.data, proto.applicationFailureInfo?.details?.payloads?.[0]?.data);
  const back = fc.failureToError(await decodeFailure([reverse], encoded), pc) as ApplicationFailure;
  assert.equal(back.message, 'boom');
  assert.deepEqual(back.details, ['abc']);
});

test('search attributes: typed values carry their type; untyped lists decode as lists', () => {
  const when = new Date('2026-01-02T03:04:05.000Z');
  const fields = encodeSearchAttributes({ Legacy: ['a', 'b'] }, [
    { key: defineSearchAttributeKey('CustomKeywordField', 'KEYWORD'), value: 'gold' },
    { key: defineSearchAttributeKey('CustomIntField', 'INT'), value: 7 },
    { key: defineSearchAttributeKey('CustomDatetimeField', 'DATETIME'), value: when },
  ]);
  const typed = decodeTypedSearchAttributes(fields);
  assert.equal(typed.get(defineSearchAttributeKey('CustomKeywordField', 'KEYWORD')), 'gold');
  assert.equal(typed.get(defineSearchAttributeKey('CustomIntField', 'INT')), 7);
  assert.deepEqual(typed.get(defineSearchAttributeKey('CustomDatetimeField', 'DATETIME')), when);
  assert.deepEqual(decodeSearchAttributes(fields).Legacy, ['a', 'b']);
  assert.throws(() => new TypedSearchAttributes([{ key: defineSearchAttributeKey('X', 'INT'), value: 1.5 }]), /not a valid INT/);
});

test('protobuf messages travel as json/protobuf with their messageType and come back as messages', async () => {
  const { temporal } = await import('@durable/proto');
  const { root } = await import('@durable/proto');
  const { DefaultPayloadConverterWithProtobufs } = await import('./index.js');
  const converter = new DefaultPayloadConverterWithProtobufs({ protobufRoot: root });
  const message = temporal.api.common.v1.WorkflowExecution.create({ workflowId: 'w-1', runId: 'r-1' });
  const payload = converter.toPayload(message);
  assert.equal(payloadEncoding(payload), 'json/protobuf');
  assert.equal(new TextDecoder().decode(payload.metadata?.messageType ?? new Uint8Array()), 'temporal.api.common.v1.WorkflowExecution');
  const back = converter.fromPayload<{ workflowId: string; runId: string }>(payload);
  assert.equal((back as { $type?: { fullName?: string } }).$type?.fullName?.replace(/^\./, ''), 'temporal.api.common.v1.WorkflowExecution');
  assert.deepEqual({ workflowId: back.workflowId, runId: back.runId }, { workflowId: 'w-1', runId: 'r-1' });
  // Plain values still go as JSON.
  assert.equal(payloadEncoding(converter.toPayload({ a: 1 })), 'json/plain');
});
