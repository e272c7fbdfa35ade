import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCache } from './event-cache.js';
import { Store } from './store.js';
import { driverCases } from './fixtures/drivers.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('EventCache', () => {
  test('keeps a new run from its first event and answers only ranges it holds in full', () => {
    const cache = new EventCache();
    cache.append('r', 1, bytes(1));
    cache.append('r', 2, bytes(2));
    assert.deepEqual(cache.range('r', 1, 3), [bytes(1), bytes(2)]);
    assert.deepEqual(cache.range('r', 2, 3), [bytes(2)]);
    assert.deepEqual(cache.range('r', 3, 3), []);
    assert.equal(cache.range('r', 1, 4), undefined, 'event 3 is not kept');
    assert.deepEqual(cache.get('r', 2), bytes(2));
    assert.equal(cache.get('r', 3), undefined);
  });

  test('a run first seen past its first event, or written with a gap, is not kept', () => {
    const cache = new EventCache();
    cache.append('late', 5, bytes(5));
    assert.equal(cache.range('late', 5, 6), undefined);
    cache.append('gap', 1, bytes(1));
    cache.append('gap', 3, bytes(3));
    assert.equal(cache.range('gap', 1, 2), undefined);
  });

  test('a history read from event 1 fills an empty entry, which later appends extend', () => {
    const cache = new EventCache();
    cache.fill('r', [bytes(1), bytes(2)]);
    cache.append('r', 3, bytes(3));
    assert.deepEqual(cache.range('r', 1, 4), [bytes(1), bytes(2), bytes(3)]);
  });

  test('the least recently used runs go first past the budget, and a run past its own limit is not kept', () => {
    const cache = new EventCache(6, 3);
    cache.append('a', 1, bytes(1, 1));
    cache.append('b', 1, bytes(2, 2));
    cache.range('a', 1, 2);
    cache.append('c', 1, bytes(3, 3));
    assert.equal(cache.range('b', 1, 2), undefined, 'b was used least recently');
    assert.ok(cache.range('a', 1, 2));
    cache.append('c', 2, bytes(3, 3));
    assert.equal(cache.range('c', 1, 2), undefined, 'c is past 3 bytes');
  });

  test('events are copied as they come (the buffer they were written from may be reused), past a growth of its buffer', () => {
    const cache = new EventCache();
    const pool = new Uint8Array(64);
    for (let id = 1; id <= 200; id++) {
      pool.fill(id % 256, 10, 50);
      cache.append('r', id, pool.subarray(10, 10 + (id % 37) + 1));
    }
    pool.fill(0);
    const kept = cache.range('r', 1, 201)!;
    assert.equal(kept.length, 200);
    kept.forEach((e, i) => assert.deepEqual([...e], Array(((i + 1) % 37) + 1).fill((i + 1) % 256), `event ${i + 1}`));
    assert.deepEqual([...cache.get('r', 200)!], Array((200 % 37) + 1).fill(200));
  });
});

for (const { name, driver, skip } of driverCases) {
  describe(`the store's event cache on ${name}`, { skip }, () => {
    if (!driver) return;
    test('events of a rolled-back transaction are not answered from memory', () => {
      const store = new Store(undefined, driver);
      try {
        store.begin();
        store.transaction(() => store.insertEvent('r', 1, bytes(1)));
        assert.throws(() =>
          store.transaction(() => {
            store.insertEvent('r', 2, bytes(2));
            throw new Error('undone');
          }),
        );
        assert.equal(store.readEvent('r', 2), undefined);
        assert.deepEqual(store.readEvents('r', 1, 3, 10).map((r) => [r.event_id, [...r.data]]), [[1, [1]]]);
        store.commit();
        store.begin();
        store.transaction(() => store.insertEvent('r', 2, bytes(2)));
        store.rollback();
        assert.deepEqual(store.readEvents('r', 1, 3, 10).map((r) => r.event_id), [1]);
      } finally {
        store.close();
      }
    });

    test('a history read honours its limit and its end whether it comes from memory or the database', () => {
      const store = new Store(undefined, driver);
      try {
        store.transaction(() => {
          for (let id = 1; id <= 4; id++) store.insertEvent('r', id, bytes(id));
        });
        assert.deepEqual(store.readEvents('r', 2, 5, 2).map((r) => r.event_id), [2, 3]);
        assert.deepEqual(store.readEvents('r', 1, 3, 10).map((r) => r.event_id), [1, 2]);
        store.deleteRun('r');
        assert.deepEqual(store.readEvents('r', 1, 5, 10), []);
      } finally {
        store.close();
      }
    });
  });
}
