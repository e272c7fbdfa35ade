import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grpcJs } from '@durable/proto';
import { LazyCallContext } from './call.js';

const context = () => new LazyCallContext(Infinity, new grpcJs.Metadata());

test('a cancellation aborts the signal a handler holds, and one first asked for after it', () => {
  const held = context();
  const signal = held.signal;
  assert.equal(signal.aborted, false);
  held.cancel();
  assert.equal(signal.aborted, true);
  assert.equal(held.signal, signal, 'one signal per call');

  const late = context();
  late.cancel();
  assert.equal(late.signal.aborted, true);
});
