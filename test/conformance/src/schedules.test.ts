// Schedules on our server — actions, pause, trigger, backfill, update, list, delete, calendars in a time zone —
// driven by the official client and, with the same code, by ours (its ScheduleClient has the same shapes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as official from '@temporalio/client';
import * as durable from '@durable/client';
import { startEnv, uniqueId, type Env } from './harness.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const kind of ['official', 'durable'] as const) describe(`schedules (${kind} client) on the Durable dev server`, () => {
  let env: Env;
  let ourConnection: durable.Connection;
  // Both clients expose the same schedule API; the test is written once against the official types.
  let client: official.Client;
  const { ScheduleAlreadyRunning, ScheduleNotFoundError } = kind === 'official' ? official : durable;
  before(async () => {
    env = await startEnv({}, 'scheduled');
    ourConnection = await durable.Connection.connect({ address: env.server.address });
    client = kind === 'official' ? env.client : (new durable.Client({ connection: ourConnection }) as unknown as official.Client);
  });
  after(async () => {
    await ourConnection?.close();
    await env?.stop();
  });

  async function startedBy(scheduleId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const w of env.client.workflow.list({ query: `TemporalScheduledById = '${scheduleId}'` })) ids.push(w.workflowId);
    return ids;
  }

  test('actions on an interval, pause and unpause, trigger, backfill, update, list, delete', async () => {
    const scheduleId = uniqueId('sched');
    const workflowId = uniqueId('scheduled-wf');
    const handle: official.ScheduleHandle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'threeActivities', taskQueue: 'scheduled', workflowId, args: ['schedule'] },
      policies: { overlap: 'ALLOW_ALL' },
    });
    await assert.rejects(
      client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '1s' }] },
        action: { type: 'startWorkflow', workflowType: 'threeActivities', taskQueue: 'scheduled', args: [] },
      }),
      ScheduleAlreadyRunning,
    );

    const twoActions = await until('two actions', async () => {
      const d = await handle.describe();
      return d.info.recentActions.length >= 2 ? d : undefined;
    });
    assert.ok(twoActions.info.nextActionTimes.length > 0);
    const started = await startedBy(scheduleId);
    assert.ok(started.length >= 2);
    assert.ok(started.every((id) => /^.+-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(id) && id.startsWith(workflowId)), started.join());

    await handle.pause('maintenance');
    const paused = await handle.describe();
    assert.equal(paused.state.paused, true);
    assert.equal(paused.state.note, 'maintenance');
    const countWhilePaused = paused.info.numActionsTaken;
    const resumeAt = (paused.info.nextActionTimes[0]?.getTime() ?? Date.now()) + 1_200;
    await until('a nominal time to pass while paused', async () => (Date.now() > resumeAt ? true : undefined));
    assert.equal((await handle.describe()).info.numActionsTaken, countWhilePaused, 'no actions while paused');

    await handle.trigger();
    await until('the triggered action', async () => ((await handle.describe()).info.numActionsTaken === countWhilePaused + 1 ? true : undefined));
    await handle.unpause('back');
    await until('actions after unpausing', async () => ((await handle.describe()).info.numActionsTaken >= countWhilePaused + 2 ? true : undefined));

    const end = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const start = new Date(end.getTime() - 4_000);
    await handle.backfill({ start, end, overlap: 'ALLOW_ALL' });
    await until('five backfilled runs', async () => {
      const ids = await startedBy(scheduleId);
      const inRange = ids.filter((id) => {
        const t = Date.parse(id.slice(workflowId.length + 1));
        return t > start.getTime() - 1 && t <= end.getTime();
      });
      return inRange.length === 5 ? true : undefined;
    });

    await handle.update((prev) => ({ ...prev, spec: { intervals: [{ every: '1h', offset: '5m' }] } }));
    const updated = await handle.describe();
    assert.equal(updated.spec.intervals?.[0]?.every, 3_600_000);
    assert.equal(updated.spec.intervals?.[0]?.offset, 300_000);

    const listed = [];
    for await (const s of client.schedule.list()) listed.push(s.scheduleId);
    assert.ok(listed.includes(scheduleId));

    await handle.delete();
    await assert.rejects(handle.describe(), ScheduleNotFoundError);
  });

  test('a calendar spec in a time zone, with cron strings compiled to calendars', async () => {
    const scheduleId = uniqueId('cal');
    const handle = await client.schedule.create({
      scheduleId,
      spec: {
        calendars: [{ hour: 9, minute: 30, dayOfWeek: 'MONDAY', comment: 'weekly sync' }],
        cronExpressions: ['0 12 * * *'],
        timezone: 'America/New_York',
      },
      action: { type: 'startWorkflow', workflowType: 'threeActivities', taskQueue: 'scheduled', args: ['cal'] },
      state: { paused: true },
    });
    const d = await handle.describe();
    assert.equal(d.spec.timezone, 'America/New_York');
    const local = d.info.nextActionTimes.map((t) =>
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t),
    );
    assert.ok(local.length >= 5);
    assert.ok(local.every((s) => /12:00$/.test(s) || /^Mon 09:30$/.test(s)), local.join(' | '));
    await handle.delete();
  });
});
