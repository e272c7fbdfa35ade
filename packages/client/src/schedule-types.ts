// Schedule options and descriptions as @temporalio/client shapes them, and their conversion to and from the API.
import type { google, temporal } from '@durable/proto';
import { makeEnumConverters, msToNumber, msToProtoDuration, protoDurationToMs, type Duration, type Priority, type SearchAttributePair, type SearchAttributes, type TypedSearchAttributes } from '@durable/common';
import type { RetryPolicy } from './workflow-options.js';
import { ValueError } from './errors.js';

export const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;
export type Month = (typeof MONTHS)[number];
export const DAYS_OF_WEEK = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface Range<Unit> {
  start: Unit;
  end: Unit;
  step: number;
}
export type LooseRange<Unit> = Range<Unit> | { start: Unit; end?: Unit; step?: number } | Unit;
type Field<Unit> = LooseRange<Unit> | LooseRange<Unit>[] | '*';

export interface CalendarSpec {
  second?: Field<number>;
  minute?: Field<number>;
  hour?: Field<number>;
  dayOfMonth?: Field<number>;
  month?: Field<Month>;
  year?: Field<number>;
  dayOfWeek?: Field<DayOfWeek>;
  comment?: string;
}
export interface CalendarSpecDescription {
  second: Range<number>[];
  minute: Range<number>[];
  hour: Range<number>[];
  dayOfMonth: Range<number>[];
  month: Range<Month>[];
  year: Range<number>[];
  dayOfWeek: Range<DayOfWeek>[];
  comment?: string;
}
export interface IntervalSpec {
  every: Duration;
  offset?: Duration;
}
export interface ScheduleSpec {
  calendars?: CalendarSpec[];
  intervals?: IntervalSpec[];
  cronExpressions?: string[];
  skip?: CalendarSpec[];
  startAt?: Date;
  endAt?: Date;
  jitter?: Duration;
  timezone?: string;
}
export interface ScheduleSpecDescription {
  calendars?: CalendarSpecDescription[];
  intervals?: { every: number; offset: number }[];
  skip?: CalendarSpecDescription[];
  startAt?: Date;
  endAt?: Date;
  jitter?: number;
  timezone?: string;
}

export const ScheduleOverlapPolicy = {
  SKIP: 'SKIP',
  BUFFER_ONE: 'BUFFER_ONE',
  BUFFER_ALL: 'BUFFER_ALL',
  CANCEL_OTHER: 'CANCEL_OTHER',
  TERMINATE_OTHER: 'TERMINATE_OTHER',
  ALLOW_ALL: 'ALLOW_ALL',
  /** @deprecated upstream: leave the policy unset instead. */
  UNSPECIFIED: undefined,
} as const;
export type ScheduleOverlapPolicy = Exclude<(typeof ScheduleOverlapPolicy)[keyof typeof ScheduleOverlapPolicy], undefined>;
export const [encodeScheduleOverlapPolicy, decodeScheduleOverlapPolicy] = makeEnumConverters<ScheduleOverlapPolicy>(
  { UNSPECIFIED: 0, SKIP: 1, BUFFER_ONE: 2, BUFFER_ALL: 3, CANCEL_OTHER: 4, TERMINATE_OTHER: 5, ALLOW_ALL: 6 },
  'SCHEDULE_OVERLAP_POLICY_',
);
export const encodeOverlap = (p: ScheduleOverlapPolicy | undefined): number | undefined => {
  try {
    return encodeScheduleOverlapPolicy(p);
  } catch {
    throw new ValueError(`Unknown schedule overlap policy ${String(p)}`);
  }
};
/** The server's default (SKIP) when it sends none. */
export const decodeOverlap = (n: number | null | undefined): ScheduleOverlapPolicy => decodeScheduleOverlapPolicy(n) ?? 'SKIP';

export interface Backfill {
  start: Date;
  end: Date;
  overlap?: ScheduleOverlapPolicy;
}

export interface ScheduleOptionsStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string | ((...args: never[]) => Promise<unknown>);
  taskQueue: string;
  args?: unknown[];
  /** Default: `<scheduleId>-workflow`; each run gets `-<nominal time>` appended. */
  workflowId?: string;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  retry?: RetryPolicy;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  /** User metadata of each run the schedule starts, as WorkflowOptions.staticSummary / staticDetails. */
  staticSummary?: string;
  staticDetails?: string;
  priority?: Priority;
}

export interface ScheduleOptions {
  scheduleId: string;
  spec: ScheduleSpec;
  action: ScheduleOptionsStartWorkflowAction;
  policies?: { overlap?: ScheduleOverlapPolicy; catchupWindow?: Duration; pauseOnFailure?: boolean };
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  state?: { paused?: boolean; note?: string; remainingActions?: number; triggerImmediately?: boolean; backfill?: Backfill[] };
}

export type ScheduleUpdateOptions = Omit<ScheduleOptions, 'scheduleId' | 'memo' | 'state'> & {
  state?: { paused?: boolean; note?: string; remainingActions?: number };
};

export interface ScheduleExecutionResult {
  scheduledAt: Date;
  takenAt: Date;
  action: { type: 'startWorkflow'; workflow: { workflowId: string; firstExecutionRunId: string } };
}

export interface ScheduleDescription {
  scheduleId: string;
  spec: ScheduleSpecDescription;
  action: Omit<ScheduleOptionsStartWorkflowAction, 'workflowType'> & { workflowType: string; workflowId: string; args: unknown[] };
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: number; pauseOnFailure: boolean };
  memo?: Record<string, unknown>;
  searchAttributes: SearchAttributes;
  typedSearchAttributes: TypedSearchAttributes;
  state: { paused: boolean; note?: string; remainingActions?: number };
  info: {
    recentActions: ScheduleExecutionResult[];
    nextActionTimes: Date[];
    numActionsTaken: number;
    numActionsMissedCatchupWindow: number;
    numActionsSkippedOverlap: number;
    createdAt: Date;
    lastUpdatedAt: Date | undefined;
    runningActions: ScheduleExecutionResult['action'][];
  };
  raw: temporal.api.workflowservice.v1.IDescribeScheduleResponse;
}

export interface ScheduleSummary {
  scheduleId: string;
  spec?: ScheduleSpecDescription;
  action?: { type: 'startWorkflow'; workflowType: string };
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  state: { paused: boolean; note?: string };
  info: { recentActions: ScheduleExecutionResult[]; nextActionTimes: Date[] };
}

// ---- calendar conversions ----

const dur = (d: Duration | undefined) => (d === undefined ? undefined : (msToProtoDuration(msToNumber(d)) as unknown as google.protobuf.IDuration));
const ts = (d: Date | undefined) => (d ? (msToProtoDuration(d.getTime()) as unknown as google.protobuf.ITimestamp) : undefined);

function encodeField<U>(field: Field<U> | undefined, name: string, fallback: '*' | number, min: number, max: number, toNum: (u: U) => number) {
  const value = field ?? fallback;
  if (value === '*') return [] as { start: number; end: number; step: number }[];
  const list = Array.isArray(value) ? value : [value];
  return list.map((r) => {
    const range = typeof r === 'object' && r !== null && 'start' in r ? r : { start: r as U };
    const start = toNum(range.start);
    const end = range.end === undefined ? start : toNum(range.end);
    const step = range.step ?? 1;
    for (const n of [start, end]) if (!Number.isInteger(n) || n < min || n > max) throw new ValueError(`Calendar ${name} value ${String(n)} is not in ${min}-${max}`);
    if (!Number.isInteger(step) || step < 1) throw new ValueError(`Calendar ${name} step ${step} must be a positive integer`);
    return { start, end, step };
  });
}

const monthNum = (m: Month | number) => (typeof m === 'number' ? m : MONTHS.indexOf(m) + 1);
const dayNum = (d: DayOfWeek | number) => (typeof d === 'number' ? d : DAYS_OF_WEEK.indexOf(d));

export function encodeCalendar(c: CalendarSpec): temporal.api.schedule.v1.IStructuredCalendarSpec {
  const id = (n: number) => n;
  return {
    second: encodeField(c.second, 'second', 0, 0, 59, id),
    minute: encodeField(c.minute, 'minute', 0, 0, 59, id),
    hour: encodeField(c.hour, 'hour', 0, 0, 23, id),
    dayOfMonth: encodeField(c.dayOfMonth, 'dayOfMonth', '*', 1, 31, id),
    month: encodeField<Month>(c.month, 'month', '*', 1, 12, monthNum),
    year: encodeField(c.year, 'year', '*', 1970, 9999, id),
    dayOfWeek: encodeField<DayOfWeek>(c.dayOfWeek, 'dayOfWeek', '*', 0, 6, dayNum),
    comment: c.comment,
  };
}

function decodeRanges<U>(ranges: temporal.api.schedule.v1.IRange[] | null | undefined, all: Range<U>[], map: (n: number) => U): Range<U>[] {
  if (!ranges?.length) return all;
  return ranges.map((r) => ({ start: map(r.start ?? 0), end: map(r.end || r.start || 0), step: r.step || 1 }));
}

export function decodeCalendar(c: temporal.api.schedule.v1.IStructuredCalendarSpec): CalendarSpecDescription {
  const n = (x: number) => x;
  return {
    second: decodeRanges(c.second, [{ start: 0, end: 0, step: 1 }], n),
    minute: decodeRanges(c.minute, [{ start: 0, end: 0, step: 1 }], n),
    hour: decodeRanges(c.hour, [{ start: 0, end: 0, step: 1 }], n),
    dayOfMonth: decodeRanges(c.dayOfMonth, [{ start: 1, end: 31, step: 1 }], n),
    month: decodeRanges<Month>(c.month, [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }], (x) => MONTHS[x - 1]!),
    year: decodeRanges(c.year, [], n),
    dayOfWeek: decodeRanges<DayOfWeek>(c.dayOfWeek, [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }], (x) => DAYS_OF_WEEK[x]!),
    comment: c.comment || undefined,
  };
}

export function encodeSpec(spec: ScheduleSpec): temporal.api.schedule.v1.IScheduleSpec {
  if (!spec) throw new ValueError('A schedule needs a spec');
  return {
    structuredCalendar: (spec.calendars ?? []).map(encodeCalendar),
    cronString: spec.cronExpressions ?? [],
    interval: (spec.intervals ?? []).map((i) => ({ interval: dur(i.every), phase: dur(i.offset ?? 0) })),
    excludeStructuredCalendar: (spec.skip ?? []).map(encodeCalendar),
    startTime: ts(spec.startAt),
    endTime: ts(spec.endAt),
    jitter: dur(spec.jitter),
    timezoneName: spec.timezone,
  };
}

const toDate = (t: google.protobuf.ITimestamp | null | undefined) => (t ? new Date(protoDurationToMs(t)) : undefined);

export function decodeSpec(spec: temporal.api.schedule.v1.IScheduleSpec | null | undefined): ScheduleSpecDescription {
  return {
    calendars: (spec?.structuredCalendar ?? []).map(decodeCalendar),
    intervals: (spec?.interval ?? []).map((i) => ({ every: protoDurationToMs(i.interval), offset: protoDurationToMs(i.phase) })),
    skip: (spec?.excludeStructuredCalendar ?? []).map(decodeCalendar),
    startAt: toDate(spec?.startTime),
    endAt: toDate(spec?.endTime),
    jitter: spec?.jitter ? protoDurationToMs(spec.jitter) : undefined,
    timezone: spec?.timezoneName || undefined,
  };
}

export { dur as scheduleDuration, ts as scheduleTimestamp, toDate as scheduleDate };
