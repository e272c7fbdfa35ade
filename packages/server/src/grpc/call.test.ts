import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallCancellation } from './call.js';

test('a cancellation aborts the signal a handler holds, and one first asked for after it', () => {
  const held = new CallCancellation();
  const signal = held.signal;
  assert.equal(signal.aborted, false);
  held.cancel();
  assert.equal(signal.aborted, true);
  assert.equal(held.signal, signal, 'one signal per call');

  const late = new CallCancellation();
  late.cancel();
  assert.equal(late.signal.aborted, true);
});
