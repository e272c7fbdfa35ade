import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledSpec, compileCronStrings, jitterFor, ScheduleSpecError } from './spec.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const seconds = (n: number) => ({ seconds: n, nanos: 0 }) as never;

test('intervals count from the epoch, shifted by the phase', () => {
  const spec = new CompiledSpec({ interval: [{ interval: seconds(3600), phase: seconds(300) }] });
  assert.equal(iso(spec.next(at('2026-01-01T10:04:00Z'))), '2026-01-01T10:05:00.000Z');
  assert.equal(iso(spec.next(at('2026-01-01T10:05:00Z'))), '2026-01-01T11:05:00.000Z');
});

test('a structured calendar in a time zone keeps its wall-clock time across a DST change', () => {
  const spec = new CompiledSpec({ structuredCalendar: [{ hour: [{ start: 9 }], minute: [{ start: 30 }] }], timezoneName: 'America/New_York' });
  // New York moves from EDT (UTC-4) to EST (UTC-5) on 2026-11-01.
  assert.equal(iso(spec.next(at('2026-10-31T14:00:00Z'))), '2026-11-01T14:30:00.000Z');
  assert.equal(iso(spec.next(at('2026-10-30T12:00:00Z'))), '2026-10-30T13:30:00.000Z');
});

test('cron strings compile to calendars; both day fields restricted means either may match', () => {
  const compiled = compileCronStrings({ cronString: ['0 12 13 * FRI'] });
  assert.equal(compiled.structuredCalendar?.length, 2);
  const spec = new CompiledSpec(compiled);
  // After Thu 2026-02-12 noon: Fri the 13th, then Fri the 20th, then Fri the 27th ... and the 13th of March.
  const times = spec.between(at('2026-02-12T12:00:00Z'), at('2026-03-13T12:00:00Z')).map(iso);
  assert.deepEqual(times, [
    '2026-02-13T12:00:00.000Z',
    '2026-02-20T12:00:00.000Z',
    '2026-02-27T12:00:00.000Z',
    '2026-03-06T12:00:00.000Z',
    '2026-03-13T12:00:00.000Z',
  ]);
  assert.throws(() => compileCronStrings({ cronString: ['61 * * * *'] }), ScheduleSpecError);
});

test('exclusions, start and end bound the times; jitter stays inside its window and is stable', () => {
  const spec = new CompiledSpec({
    interval: [{ interval: seconds(3600) }],
    excludeStructuredCalendar: [{ hour: [{ start: 12 }], minute: [{ start: 0 }] }],
    startTime: { seconds: at('2026-01-01T10:00:00Z') / 1000 } as never,
    endTime: { seconds: at('2026-01-01T14:00:00Z') / 1000 } as never,
  });
  assert.deepEqual(spec.between(0, at('2030-01-01T00:00:00Z')).map(iso), [
    '2026-01-01T10:00:00.000Z',
    '2026-01-01T11:00:00.000Z',
    '2026-01-01T13:00:00.000Z',
    '2026-01-01T14:00:00.000Z',
  ]);
  for (let i = 0; i < 50; i++) {
    const j = jitterFor('s', i * 1000, 5000);
    assert.ok(j >= 0 && j < 5000);
    assert.equal(jitterFor('s', i * 1000, 5000), j);
  }
  assert.throws(() => new CompiledSpec({ timezoneName: 'Mars/Olympus', interval: [{ interval: seconds(60) }] }), /unknown time zone/);
});
