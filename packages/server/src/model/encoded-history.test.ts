import { test } from 'node:test';
import assert from 'node:assert/strict';
import { root, temporal, toLong } from '@durable/proto';
import { encodedHistory, serializeEncodedHistory } from './encoded-history.js';
import { encodeEvent } from './events.js';

const Poll = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
const base = (value: object) => Buffer.from(Poll.encode(value).finish());

test('an encoded history is appended as the history field and decodes to the same events', () => {
  const events = [
    { eventId: toLong(1), eventType: 1, workflowExecutionStartedEventAttributes: { workflowType: { name: 'order' } } },
    // Long enough that lengths take several varint bytes.
    { eventId: toLong(2), eventType: 10, markerRecordedEventAttributes: { markerName: 'x'.repeat(20_000) } },
    { eventId: toLong(3), eventType: 5, workflowTaskScheduledEventAttributes: { attempt: 1 } },
  ];
  const serialize = serializeEncodedHistory(() => root.lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse').fields.history!.id, base);
  const response = { taskToken: Buffer.from('t'), attempt: 2, startedEventId: toLong(3) };
  const bytes = serialize({ ...response, history: encodedHistory(events.map((e) => encodeEvent(e))) });
  const decoded = Poll.decode(bytes).toJSON();
  assert.deepEqual(decoded, Poll.decode(base({ ...response, history: { events } })).toJSON());
  assert.equal(decoded.history.events.length, 3);
  assert.equal(decoded.history.events[1].markerRecordedEventAttributes.markerName.length, 20_000);
  // Plain responses pass through untouched.
  assert.deepEqual(serialize({ ...response, history: { events } }), base({ ...response, history: { events } }));
});
