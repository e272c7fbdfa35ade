import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTaskToken, encodeTaskToken } from './task-token.js';

/** A protobuf field: a varint (number) or length-delimited text. */
function field(n: number, v: number | string): number[] {
  if (typeof v === 'number') return [n << 3, v];
  const bytes = [...Buffer.from(v)];
  return [(n << 3) | 2, bytes.length, ...bytes];
}

describe('task tokens', () => {
  test('ours round-trip, and a token of another kind is refused by name', () => {
    const token = { k: 'a', ns: 'default', wid: 'w', rid: 'r', s: 5, a: 2, id: 'act' } as const;
    assert.deepEqual(decodeTaskToken(encodeTaskToken(token), 'a'), token);
    assert.throws(() => decodeTaskToken(encodeTaskToken(token), 'w'), /this is a activity task token, not a workflow task token/);
  });

  test("Temporal's own activity token (token.v1.Task) is read for its ids, the namespace by id", () => {
    const bytes = new Uint8Array([
      ...field(1, 'ns-id'),
      ...field(2, 'wf'),
      ...field(3, 'run'),
      ...field(4, 5),
      ...field(5, 1),
      ...field(6, '1'),
      ...field(8, 'completeAsync'),
    ]);
    assert.deepEqual(decodeTaskToken(bytes, 'a'), { k: 'a', ns: '', nsId: 'ns-id', wid: 'wf', rid: 'run', s: 5, a: 1, id: '1' });
    // Only activity tokens are read that way; bytes that are neither format stay INVALID_ARGUMENT.
    assert.throws(() => decodeTaskToken(bytes, 'w'), /not a token issued by this server/);
    assert.throws(() => decodeTaskToken(new Uint8Array([...field(2, 'wf'), 0xff]), 'a'), /not a token issued by this server/);
    assert.throws(() => decodeTaskToken(new Uint8Array([...field(1, 'ns-id'), ...field(2, 'wf')]), 'a'), /not a token issued by this server/);
  });
});
