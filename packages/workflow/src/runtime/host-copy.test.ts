import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyForHost } from './host-copy.js';

test('copyForHost keeps own enumerable data, drops functions, accessors and symbols, and keeps shared references', () => {
  const shared = { n: 1 };
  const source: Record<string | symbol, unknown> = {
    text: 'a',
    nested: { list: [1, 'two', { three: 3n }], when: new Date(5), bytes: new Uint8Array([1, 2]) },
    a: shared,
    b: shared,
    fn: () => 1,
    [Symbol('hidden')]: 'not copied',
    map: new Map([['k', { v: 1 }]]),
    set: new Set([1]),
  };
  Object.defineProperty(source, 'getter', { get: () => 'never called', enumerable: true });
  source.self = source;
  const out = copyForHost(source) as Record<string | symbol, unknown>;
  assert.deepEqual(Reflect.ownKeys(out), ['text', 'nested', 'a', 'b', 'fn', 'map', 'set', 'self']);
  assert.equal(out.fn, undefined);
  assert.equal(out.self, out);
  assert.equal(out.a, out.b);
  assert.notEqual(out.a, shared);
  assert.deepEqual(out.nested, { list: [1, 'two', { three: 3n }], when: new Date(5), bytes: new Uint8Array([1, 2]) });
  assert.deepEqual(out.map, new Map([['k', { v: 1 }]]));
});

test('copyForHost keeps keys named like Object.prototype members as own enumerable data', () => {
  const source = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "toString": "t", "hasOwnProperty": 1, "name": "n"}') as object;
  const out = copyForHost(source) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal((out as { polluted?: unknown }).polluted, undefined);
  assert.deepEqual(Object.keys(out), ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'name']);
  for (const key of Object.keys(out)) assert.equal(Object.getOwnPropertyDescriptor(out, key)!.enumerable, true, key);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')!.value, { polluted: true });
  assert.equal(out.constructor, 'c');
});

test('copyForHost turns errors into plain errors with their name, message, stack, cause and own data', () => {
  class Custom extends Error {
    code = 'E_CUSTOM';
  }
  const err = new Custom('boom', { cause: new Error('under') });
  err.name = 'Custom';
  const out = copyForHost(err) as Error & { code?: string };
  assert.ok(out instanceof Error);
  assert.equal(out instanceof Custom, false);
  assert.equal(out.name, 'Custom');
  assert.equal(out.message, 'boom');
  assert.equal(out.stack, err.stack);
  assert.equal(out.code, 'E_CUSTOM');
  assert.equal((out.cause as Error).message, 'under');
});
