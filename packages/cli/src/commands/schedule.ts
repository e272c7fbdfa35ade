// durable schedule create | update | list | describe | toggle | trigger | backfill | delete | list-matching-times.
import { randomUUID } from 'node:crypto';
import { toLong, type temporal } from '@durable/proto';
import type { CommandSpec, GroupSpec } from '../command.js';
import { protoDuration, protoTimestamp } from '../durations.js';
import type { Flags } from '../flags.js';
import type { OptionSpec } from '../option-spec.js';
import { enumValue } from '../proto-enums.js';
import { WS } from '../proto-json.js';
import { keyJsonPayloads } from '../payloads.js';
import { UsageError } from '../usage-error.js';
import { rpcCommand } from './rpc-command.js';
import { START_OPTIONS, startRequest } from './workflow-start.js';
import { payloadOptions } from '../payloads.js';

const ID: OptionSpec = { name: 'schedule-id', short: 's', type: 'string', required: true, description: 'Schedule ID.' };
const OVERLAP: OptionSpec = { name: 'overlap-policy', type: 'enum', values: ['Skip', 'BufferOne', 'BufferAll', 'CancelOther', 'TerminateOther', 'AllowAll'], default: 'Skip', description: 'What to do when a run is due while the last one still runs.' };
const SPEC_OPTIONS: OptionSpec[] = [
  { name: 'calendar', type: 'string[]', meta: 'JSON', description: 'Calendar spec, e.g. {"dayOfWeek":"Fri","hour":"17","minute":"5"}. Repeatable.' },
  { name: 'cron', type: 'string[]', description: 'Cron spec, e.g. "30 12 * * Fri". Repeatable.' },
  { name: 'interval', type: 'string[]', description: 'Interval, e.g. 90m, or 60m/15m with a phase offset. Repeatable.' },
  { name: 'catchup-window', type: 'duration', description: 'How far back missed runs are caught up after downtime.' },
  { name: 'start-time', type: 'timestamp', description: 'No runs before this time.' },
  { name: 'end-time', type: 'timestamp', description: 'No runs after this time.' },
  { name: 'jitter', type: 'duration', description: 'Start each run up to this much later, at random.' },
  { name: 'time-zone', type: 'string', description: 'IANA time zone of calendar and cron specs (default UTC).' },
  { name: 'notes', type: 'string', description: 'Notes on the schedule\'s state.' },
  { name: 'paused', type: 'bool', description: 'Create the schedule paused.' },
  { name: 'pause-on-failure', type: 'bool', description: 'Pause after a run fails.' },
  { name: 'remaining-actions', type: 'int', description: 'Runs left before the schedule stops (0: no limit).' },
];

function intervalSpec(text: string): temporal.api.schedule.v1.IIntervalSpec {
  const [every, phase] = text.split('/');
  const ms = (s: string) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s.trim());
    if (!m) throw new UsageError(`--interval expects a duration like 90m or 1h/15m, got ${JSON.stringify(text)}`);
    return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  };
  return { interval: protoDuration(ms(every)), phase: phase ? protoDuration(ms(phase)) : undefined };
}

function calendarSpec(text: string): temporal.api.schedule.v1.IStructuredCalendarSpec | temporal.api.schedule.v1.ICalendarSpec {
  try {
    return JSON.parse(text) as temporal.api.schedule.v1.ICalendarSpec;
  } catch {
    throw new UsageError(`--calendar expects JSON, got ${JSON.stringify(text)}`);
  }
}

function schedule(flags: Flags, namespace: string, identity: string): temporal.api.schedule.v1.ISchedule {
  const start = startRequest(flags, namespace, identity);
  const jitter = flags.number('jitter');
  const catchup = flags.number('catchup-window');
  const remaining = flags.number('remaining-actions');
  return {
    spec: {
      calendar: flags.list('calendar').map(calendarSpec) as temporal.api.schedule.v1.ICalendarSpec[],
      cronString: flags.list('cron'),
      interval: flags.list('interval').map(intervalSpec),
      startTime: flags.time('start-time') && protoTimestamp(flags.time('start-time')!),
      endTime: flags.time('end-time') && protoTimestamp(flags.time('end-time')!),
      jitter: jitter === undefined ? undefined : protoDuration(jitter),
      timezoneName: flags.string('time-zone'),
    },
    action: {
      startWorkflow: {
        workflowId: start.workflowId,
        workflowType: start.workflowType,
        taskQueue: start.taskQueue,
        input: start.input,
        workflowExecutionTimeout: start.workflowExecutionTimeout,
        workflowRunTimeout: start.workflowRunTimeout,
        workflowTaskTimeout: start.workflowTaskTimeout,
        memo: start.memo,
        searchAttributes: start.searchAttributes,
        header: start.header,
        userMetadata: start.userMetadata,
        priority: start.priority,
      },
    },
    policies: {
      overlapPolicy: enumValue('ScheduleOverlapPolicy', 'SCHEDULE_OVERLAP_POLICY', flags.string('overlap-policy') ?? 'Skip'),
      catchupWindow: catchup === undefined ? undefined : protoDuration(catchup),
      pauseOnFailure: flags.bool('pause-on-failure'),
    },
    state: { paused: flags.bool('paused'), notes: flags.string('notes'), limitedActions: Boolean(remaining), remainingActions: remaining === undefined ? undefined : toLong(remaining) },
  };
}

const ACTION_OPTIONS = [...START_OPTIONS.filter((o) => !['cron', 'fail-existing', 'start-delay', 'id-reuse-policy', 'id-conflict-policy'].includes(o.name)), ...payloadOptions()];
const overlap = (flags: Flags) => enumValue('ScheduleOverlapPolicy', 'SCHEDULE_OVERLAP_POLICY', flags.string('overlap-policy') ?? 'Skip');
const ref = (flags: Flags) => flags.string('schedule-id')!;

export const scheduleGroups: GroupSpec[] = [
  {
    path: 'schedule',
    summary: 'Create and manage schedules: workflows started on a calendar or an interval',
    description: 'Example:\n  durable schedule create \\\n      --schedule-id YourScheduleId \\\n      --cron "3 11 * * Fri" \\\n      --workflow-id YourWorkflowId \\\n      --task-queue YourTaskQueue \\\n      --type YourWorkflow',
  },
];

export const scheduleCommands: CommandSpec[] = [
  rpcCommand({
    path: 'schedule create',
    summary: 'Create a schedule',
    description: 'Example:\n  durable schedule create \\\n      --schedule-id YourScheduleId \\\n      --interval 1h \\\n      --type YourWorkflow \\\n      --task-queue YourTaskQueue',
    options: [ID, ...SPEC_OPTIONS, OVERLAP, ...ACTION_OPTIONS, { name: 'schedule-search-attribute', type: 'string[]', meta: 'KEY=JSON', description: 'Search attribute of the schedule. Repeatable.' }, { name: 'schedule-memo', type: 'string[]', meta: 'KEY=JSON', description: 'Memo of the schedule. Repeatable.' }],
    request: (flags) => {
      const memo = keyJsonPayloads(flags, 'schedule-memo');
      const search = keyJsonPayloads(flags, 'schedule-search-attribute');
      return { scheduleId: ref(flags), schedule: schedule(flags, '', ''), memo: memo && { fields: memo }, searchAttributes: search && { indexedFields: search } };
    },
    call: (c, r) => c.connection.workflowService.createSchedule({ ...r, namespace: c.namespace, identity: c.identity, requestId: randomUUID() }),
    responseType: WS('CreateScheduleResponse'),
    text: (_r, _c, req) => `Schedule ${req.scheduleId} created`,
  }),
  rpcCommand({
    path: 'schedule update',
    summary: 'Replace a schedule\'s spec, action and policies',
    description: 'Everything not given is reset to its default, as the temporal CLI does.\n\nExample:\n  durable schedule update \\\n      --schedule-id YourScheduleId \\\n      --cron "10 5 * * *" \\\n      --type YourWorkflow \\\n      --task-queue YourTaskQueue',
    options: [ID, ...SPEC_OPTIONS, OVERLAP, ...ACTION_OPTIONS],
    request: (flags) => ({ scheduleId: ref(flags), schedule: schedule(flags, '', '') }),
    call: (c, r) => c.connection.workflowService.updateSchedule({ ...r, namespace: c.namespace, identity: c.identity, requestId: randomUUID() }),
    responseType: WS('UpdateScheduleResponse'),
    text: (_r, _c, req) => `Schedule ${req.scheduleId} updated`,
  }),
  rpcCommand({
    path: 'schedule describe',
    summary: 'Show a schedule: spec, action, state, recent and upcoming runs',
    description: 'Example:\n  durable schedule describe \\\n      --schedule-id YourScheduleId',
    options: [ID],
    request: (flags) => ({ scheduleId: ref(flags) }),
    call: (c, r) => c.connection.workflowService.describeSchedule({ ...r, namespace: c.namespace }),
    responseType: WS('DescribeScheduleResponse'),
  }),
  rpcCommand({
    path: 'schedule list',
    summary: 'List schedules',
    description: 'Example:\n  durable schedule list',
    options: [
      { name: 'long', short: 'l', type: 'bool', description: 'Show more about each.' },
      { name: 'really-long', type: 'bool', description: 'Show everything about each.' },
      { name: 'query', short: 'q', type: 'string', description: 'List filter.' },
    ],
    request: (flags) => ({ maximumPageSize: 1000, query: flags.string('query') }),
    call: (c, r) => c.connection.workflowService.listSchedules({ ...r, namespace: c.namespace }),
    responseType: WS('ListSchedulesResponse'),
    text: (r) => {
      const list = (r as temporal.api.workflowservice.v1.IListSchedulesResponse).schedules ?? [];
      return ['ScheduleId  WorkflowType  Paused', ...list.map((s) => `${s.scheduleId}  ${s.info?.workflowType?.name ?? ''}  ${s.info?.paused ? 'yes' : 'no'}`)].join('\n');
    },
  }),
  rpcCommand({
    path: 'schedule toggle',
    summary: 'Pause or unpause a schedule',
    description: 'Example:\n  durable schedule toggle \\\n      --schedule-id YourScheduleId \\\n      --pause \\\n      --reason "Maintenance"',
    options: [ID, { name: 'pause', type: 'bool', description: 'Pause it.' }, { name: 'unpause', type: 'bool', description: 'Unpause it.' }, { name: 'reason', type: 'string', default: '(no reason provided)', description: 'Why.' }],
    request: (flags) => {
      if (flags.bool('pause') === flags.bool('unpause')) throw new UsageError('set --pause or --unpause (one of them)');
      return { scheduleId: ref(flags), patch: flags.bool('pause') ? { pause: flags.string('reason') } : { unpause: flags.string('reason') } };
    },
    call: (c, r) => c.connection.workflowService.patchSchedule({ ...r, namespace: c.namespace, identity: c.identity, requestId: randomUUID() }),
    responseType: WS('PatchScheduleResponse'),
    text: (_r, ctx) => `Schedule ${ctx.flags.bool('pause') ? 'paused' : 'unpaused'}`,
  }),
  rpcCommand({
    path: 'schedule trigger',
    summary: 'Start the schedule\'s workflow now',
    description: 'Example:\n  durable schedule trigger \\\n      --schedule-id YourScheduleId',
    options: [ID, OVERLAP],
    request: (flags) => ({ scheduleId: ref(flags), patch: { triggerImmediately: { overlapPolicy: overlap(flags) } } }),
    call: (c, r) => c.connection.workflowService.patchSchedule({ ...r, namespace: c.namespace, identity: c.identity, requestId: randomUUID() }),
    responseType: WS('PatchScheduleResponse'),
    text: () => 'Schedule triggered',
  }),
  rpcCommand({
    path: 'schedule backfill',
    summary: 'Run the actions a schedule would have taken in a past time range',
    description: 'Example:\n  durable schedule backfill \\\n      --schedule-id YourScheduleId \\\n      --start-time 2025-01-01T00:00:00Z \\\n      --end-time 2025-01-02T00:00:00Z \\\n      --overlap-policy BufferAll',
    options: [ID, OVERLAP, { name: 'start-time', type: 'timestamp', required: true, description: 'Start of the range.' }, { name: 'end-time', type: 'timestamp', required: true, description: 'End of the range.' }],
    request: (flags) => ({
      scheduleId: ref(flags),
      patch: { backfillRequest: [{ startTime: protoTimestamp(flags.time('start-time')!), endTime: protoTimestamp(flags.time('end-time')!), overlapPolicy: overlap(flags) }] },
    }),
    call: (c, r) => c.connection.workflowService.patchSchedule({ ...r, namespace: c.namespace, identity: c.identity, requestId: randomUUID() }),
    responseType: WS('PatchScheduleResponse'),
    text: () => 'Backfill requested',
  }),
  rpcCommand({
    path: 'schedule list-matching-times',
    summary: 'List the times a schedule\'s spec matches in a range',
    description: 'Example:\n  durable schedule list-matching-times \\\n      --schedule-id YourScheduleId \\\n      --start-time 2025-01-01T00:00:00Z \\\n      --end-time 2025-01-02T00:00:00Z',
    options: [ID, { name: 'start-time', type: 'timestamp', required: true, description: 'Start of the range.' }, { name: 'end-time', type: 'timestamp', required: true, description: 'End of the range.' }],
    request: (flags) => ({ scheduleId: ref(flags), startTime: protoTimestamp(flags.time('start-time')!), endTime: protoTimestamp(flags.time('end-time')!) }),
    call: (c, r) => c.connection.workflowService.listScheduleMatchingTimes({ ...r, namespace: c.namespace }),
    responseType: WS('ListScheduleMatchingTimesResponse'),
  }),
  rpcCommand({
    path: 'schedule delete',
    summary: 'Delete a schedule (its running workflows go on)',
    description: 'Example:\n  durable schedule delete \\\n      --schedule-id YourScheduleId',
    options: [ID],
    request: (flags) => ({ scheduleId: ref(flags) }),
    call: (c, r) => c.connection.workflowService.deleteSchedule({ ...r, namespace: c.namespace, identity: c.identity }),
    responseType: WS('DeleteScheduleResponse'),
    text: (_r, _c, req) => `Schedule ${req.scheduleId} deleted`,
  }),
];
