import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GlobalSwitch } from './isolation.js';

// GlobalSwitch works on the globalThis of whatever realm it runs in; here, this test process's. Each test leaves
// the pristine globals in place at its end.
const g = globalThis as unknown as Record<PropertyKey, unknown>;
const mark = Symbol.for('durable.isolation.test');

test('each run sees the pristine globals plus only what it wrote itself, across switches', () => {
  const originalParseInt = globalThis.parseInt;
  const globals = new GlobalSwitch();
  const a = {};
  const b = {};
  const c = {};

  globals.enter(a);
  g.onlyA = 'a';
  g[mark] = 'symbol of a';
  (g as { parseInt: unknown }).parseInt = 'replaced by a';

  globals.enter(b);
  assert.equal(g.onlyA, undefined);
  assert.equal(g[mark], undefined);
  assert.equal(globalThis.parseInt, originalParseInt);
  g.onlyB = 'b';
  delete g.parseFloat;

  globals.enter(a);
  assert.equal(g.onlyA, 'a');
  assert.equal(g[mark], 'symbol of a');
  assert.equal(g.parseInt, 'replaced by a');
  assert.equal(g.onlyB, undefined);
  assert.equal(typeof g.parseFloat, 'function');

  globals.enter(c);
  assert.equal(g.onlyA, undefined);
  assert.equal(g.onlyB, undefined);
  assert.equal(globalThis.parseInt, originalParseInt);
  assert.equal(typeof g.parseFloat, 'function');

  globals.enter(b);
  assert.equal(g.onlyB, 'b');
  assert.equal('parseFloat' in g, false);
  assert.equal(globalThis.parseInt, originalParseInt);

  // Back to a run that wrote nothing: the process is as it was.
  globals.enter(c);
  assert.equal('onlyA' in g || 'onlyB' in g || mark in g, false);
  assert.equal(globalThis.parseInt, originalParseInt);
  assert.equal(typeof g.parseFloat, 'function');
});

test('a changed descriptor counts as a difference, not only a changed value', () => {
  const globals = new GlobalSwitch();
  const a = {};
  const b = {};
  globals.enter(a);
  const original = Object.getOwnPropertyDescriptor(globalThis, 'escape')!;
  Object.defineProperty(globalThis, 'escape', { ...original, writable: false });
  globals.enter(b);
  assert.equal(Object.getOwnPropertyDescriptor(globalThis, 'escape')!.writable, true);
  globals.enter(a);
  assert.equal(Object.getOwnPropertyDescriptor(globalThis, 'escape')!.writable, false);
  globals.enter(b);
  assert.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'escape'), original);
});
