import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DispatchOrder, type TaskPlace } from './dispatch-order.js';

const place = (fairnessKey: string, weight = 1): TaskPlace => ({ namespace: 'ns', kind: 0, queue: 'q', level: 3, fairnessKey, weight });
const noStore = { minTaskPass: () => undefined, maxKeyPass: () => undefined };

/** Queues tasks in the given order, then dispatches them all lowest pass first, as the task table orders them. */
function dispatchOrder(order: DispatchOrder, tasks: [string, number][]): string[] {
  const queued = tasks.map(([key, weight], i) => ({ key, i, pass: order.passFor(place(key, weight)) }));
  queued.sort((a, b) => a.pass - b.pass || a.i - b.i);
  return queued.map((t) => {
    order.dispatched('ns', 0, 'q', 3, t.pass);
    return t.key;
  });
}

test('without fairness keys tasks dispatch first in, first out', () => {
  const order = new DispatchOrder(noStore);
  const passes = [1, 2, 3, 4].map(() => order.passFor(place('')));
  assert.deepEqual(passes, [...passes].sort((a, b) => a - b));
  assert.equal(new Set(passes).size, 4);
});

test('a backlog of one key does not starve another: keys take turns, by weight', () => {
  const order = new DispatchOrder(noStore);
  // Key a queued six tasks before b queued three: b is not served only after all of a.
  const tasks: [string, number][] = [...Array(6).fill(['a', 1]), ...Array(3).fill(['b', 1])];
  assert.deepEqual(dispatchOrder(order, tasks).slice(0, 6), ['a', 'b', 'a', 'b', 'a', 'b']);

  const weighted = new DispatchOrder(noStore);
  const mixed: [string, number][] = [...Array(6).fill(['light', 1]), ...Array(6).fill(['heavy', 2])];
  const first6 = dispatchOrder(weighted, mixed).slice(0, 6);
  assert.equal(first6.filter((k) => k === 'heavy').length, 4, `weight 2 gets two of every three: ${first6}`);
});

test('a key that was idle starts at the current virtual time, not ahead with unused credit', () => {
  const order = new DispatchOrder(noStore);
  const early = [1, 2, 3].map(() => order.passFor(place('busy')));
  for (const p of early) order.dispatched('ns', 0, 'q', 3, p);
  const late = order.passFor(place('idle'));
  assert.ok(late > early[2]!, 'the idle key queues behind what was already dispatched');
});

test('after a restart passes continue from the stored backlog, and a weight override wins over the task weight', () => {
  const order = new DispatchOrder(
    { minTaskPass: () => 40, maxKeyPass: (_ns, _q, _k, _l, key) => (key === 'a' ? 50 : undefined) },
    (_ns, _kind, _queue, key) => (key === 'vip' ? 4 : undefined),
  );
  assert.equal(order.passFor(place('a')), 51, 'behind a key’s own stored tasks');
  assert.equal(order.passFor(place('b')), 40, 'a new key starts at the head of the stored backlog');
  assert.equal(order.passFor(place('vip', 1)), 39.25, 'the queue’s override weight 4 applies');
});
