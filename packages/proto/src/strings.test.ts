import { test } from 'node:test';
import assert from 'node:assert/strict';
import { temporal } from './index.js';

const WorkflowExecution = temporal.api.common.v1.WorkflowExecution;

test('strings decoded from a Buffer keep their text, multi-byte and a real U+FFFD included, short and long', () => {
  for (const text of ['', 'a', 'order-1795994841241-0-10', 'ü€😀 \uFFFD ok', 'x'.repeat(63), 'é'.repeat(200)]) {
    const bytes = Buffer.from(WorkflowExecution.encode({ workflowId: text, runId: `${text}!` }).finish());
    const decoded = WorkflowExecution.decode(bytes);
    assert.equal(decoded.workflowId, text);
    assert.equal(decoded.runId, `${text}!`);
    assert.equal(WorkflowExecution.decode(new Uint8Array(bytes)).workflowId, text);
  }
});

test('a string that is not UTF-8 is refused, not replaced', () => {
  const bytes = Buffer.from(WorkflowExecution.encode({ workflowId: 'abcd' }).finish());
  bytes[bytes.indexOf('c')] = 0xff;
  assert.throws(() => WorkflowExecution.decode(bytes), /not valid for encoding utf-8/);
});
