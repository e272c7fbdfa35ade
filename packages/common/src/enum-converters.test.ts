import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from './errors.js';
import { decodeRetryState, encodeRetryState, RetryState } from './failures.js';
import { decodeWorkflowIdReusePolicy, encodeWorkflowIdReusePolicy, WorkflowIdReusePolicy } from './workflow-options.js';

test('enums encode short names, protobuf names and numbers; decode unknown numbers without failing', () => {
  assert.equal(encodeWorkflowIdReusePolicy('REJECT_DUPLICATE'), 3);
  assert.equal(encodeWorkflowIdReusePolicy('WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE'), 3);
  assert.equal(encodeWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE), 1);
  assert.equal(encodeWorkflowIdReusePolicy(undefined), undefined);
  assert.throws(() => encodeWorkflowIdReusePolicy('NOPE' as never), ValueError);
  assert.equal(decodeWorkflowIdReusePolicy(0), undefined);
  assert.equal(decodeWorkflowIdReusePolicy(2), 'ALLOW_DUPLICATE_FAILED_ONLY');
  assert.equal(decodeWorkflowIdReusePolicy(42), 'unknown_42');
  assert.equal(decodeRetryState(encodeRetryState(RetryState.RETRY_STATE_TIMEOUT)), 'TIMEOUT');
});
