// When a schedule acts: interval specs (every N, shifted by a phase), calendar specs (structured ranges, or cron
// strings compiled to them) evaluated in the schedule's IANA time zone, exclusions, start/end and jitter.
import type { temporal } from '@durable/proto';
import { parseCron, CronError } from '../model/cron.js';
import { durationMs, timestampMs } from '../model/events.js';

type Spec = temporal.api.schedule.v1.IScheduleSpec;
type Structured = temporal.api.schedule.v1.IStructuredCalendarSpec;
type Range = temporal.api.schedule.v1.IRange;

interface Calendar {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  /** empty: any year */
  years: Set<number>;
  weekdays: Set<number>;
  /** cron's rule: with both day fields restricted, either may match */
  dayOr: boolean;
  timezone: string;
}

interface Interval {
  everyMs: number;
  phaseMs: number;
}

/** Raised for a spec that cannot be used; the message names the part. */
export class ScheduleSpecError extends Error {}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ScheduleSpecError(`unknown time zone ${JSON.stringify(tz)}: use an IANA name like 'Europe/Paris'`);
    }
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock time in `tz` of an instant, as ms on a UTC-based scale. */
function toWall(utcMs: number, tz: string): number {
  if (tz === 'UTC') return utcMs;
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(Math.floor(utcMs / 1000) * 1000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (utcMs % 1000);
}

/** The instant of a wall-clock time in `tz` (the later one when a DST change makes it ambiguous). */
function fromWall(wallMs: number, tz: string): number {
  if (tz === 'UTC') return wallMs;
  let utc = wallMs - (toWall(wallMs, tz) - wallMs);
  utc = wallMs - (toWall(utc, tz) - utc);
  return utc;
}

function rangeSet(ranges: Range[] | null | undefined, min: number, max: number, empty: 'any' | number): Set<number> {
  const out = new Set<number>();
  if (!ranges?.length) {
    if (empty === 'any') for (let n = min; n <= max; n++) out.add(n);
    else out.add(empty);
    return out;
  }
  for (const r of ranges) {
    const start = r.start ?? 0;
    const end = r.end && r.end >= start ? r.end : start;
    const step = r.step && r.step > 0 ? r.step : 1;
    for (let n = start; n <= end; n += step) if (n >= min && n <= max) out.add(n);
  }
  return out;
}

function structured(c: Structured, tz: string): Calendar {
  return {
    seconds: rangeSet(c.second, 0, 59, 0),
    minutes: rangeSet(c.minute, 0, 59, 0),
    hours: rangeSet(c.hour, 0, 23, 0),
    days: rangeSet(c.dayOfMonth, 1, 31, 'any'),
    months: rangeSet(c.month, 1, 12, 'any'),
    years: c.year?.length ? rangeSet(c.year, 1970, 2200, 'any') : new Set(),
    weekdays: rangeSet(c.dayOfWeek, 0, 6, 'any'),
    dayOr: false,
    timezone: tz,
  };
}

function fromCron(text: string, tz: string): Calendar | Interval {
  let zone = tz;
  let body = text.trim();
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(body);
  if (prefix) {
    zone = prefix[1]!;
    body = body.slice(prefix[0].length);
  }
  formatter(zone);
  try {
    const c = parseCron(body);
    if (c.everyMs) return { everyMs: c.everyMs, phaseMs: 0 };
    return { seconds: new Set([0]), minutes: c.minutes, hours: c.hours, days: c.days, months: c.months, years: new Set(), weekdays: c.weekdays, dayOr: c.dayOr, timezone: zone };
  } catch (err) {
    if (err instanceof CronError) throw new ScheduleSpecError(`cron string ${JSON.stringify(text)}: ${err.message}`);
    throw err;
  }
}

function calendarNext(c: Calendar, afterMs: number, limitMs: number): number | undefined {
  // Walk wall-clock time, skipping whole days, hours and minutes that cannot match.
  let wall = Math.floor(toWall(afterMs, c.timezone) / 1000) * 1000 + 1000;
  const limitWall = toWall(limitMs, c.timezone);
  while (wall <= limitWall) {
    const d = new Date(wall);
    const year = d.getUTCFullYear();
    const dom = c.days.has(d.getUTCDate());
    const dow = c.weekdays.has(d.getUTCDay());
    if ((c.years.size && !c.years.has(year)) || !c.months.has(d.getUTCMonth() + 1) || !(c.dayOr ? dom || dow : dom && dow)) {
      wall = Date.UTC(year, d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!c.hours.has(d.getUTCHours())) {
      wall = Date.UTC(year, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!c.minutes.has(d.getUTCMinutes())) {
      wall = Date.UTC(year, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes() + 1);
      continue;
    }
    if (!c.seconds.has(d.getUTCSeconds())) {
      wall += 1000;
      continue;
    }
    const utc = fromWall(wall, c.timezone);
    if (utc > afterMs) return utc;
    wall += 1000;
  }
  return undefined;
}

function calendarMatches(c: Calendar, utcMs: number): boolean {
  const d = new Date(toWall(utcMs, c.timezone));
  const dom = c.days.has(d.getUTCDate());
  const dow = c.weekdays.has(d.getUTCDay());
  return (
    (!c.years.size || c.years.has(d.getUTCFullYear())) &&
    c.months.has(d.getUTCMonth() + 1) &&
    (c.dayOr ? dom || dow : dom && dow) &&
    c.hours.has(d.getUTCHours()) &&
    c.minutes.has(d.getUTCMinutes()) &&
    c.seconds.has(d.getUTCSeconds())
  );
}

const HORIZON_MS = 5 * 366 * 24 * 3_600_000;

/** A compiled schedule spec. */
export class CompiledSpec {
  private readonly calendars: Calendar[] = [];
  private readonly intervals: Interval[] = [];
  private readonly excludes: Calendar[];
  private readonly startMs: number;
  private readonly endMs: number;
  readonly jitterMs: number;

  constructor(spec: Spec) {
    const tz = spec.timezoneName || 'UTC';
    formatter(tz);
    for (const s of spec.structuredCalendar ?? []) this.calendars.push(structured(s, tz));
    for (const text of spec.cronString ?? []) {
      const c = fromCron(text, tz);
      if ('everyMs' in c) this.intervals.push(c);
      else this.calendars.push(c);
    }
    if (spec.calendar?.length) throw new ScheduleSpecError('string calendar specs are not supported: send structured calendars or cron strings');
    for (const i of spec.interval ?? []) {
      const everyMs = durationMs(i.interval);
      if (everyMs < 1000) throw new ScheduleSpecError('an interval must be at least 1 second');
      this.intervals.push({ everyMs, phaseMs: durationMs(i.phase) % everyMs });
    }
    this.excludes = (spec.excludeStructuredCalendar ?? []).map((s) => structured(s, tz));
    this.startMs = spec.startTime ? timestampMs(spec.startTime) : 0;
    this.endMs = spec.endTime ? timestampMs(spec.endTime) : Infinity;
    this.jitterMs = durationMs(spec.jitter);
  }

  /** The first nominal time strictly after `afterMs`, or undefined when the schedule has ended. */
  next(afterMs: number): number | undefined {
    let t = Math.max(afterMs, this.startMs - 1);
    const limit = Math.min(this.endMs, t + HORIZON_MS);
    for (;;) {
      let best: number | undefined;
      for (const i of this.intervals) {
        const n = Math.floor((t - i.phaseMs) / i.everyMs) + 1;
        const at = n * i.everyMs + i.phaseMs;
        if (best === undefined || at < best) best = at;
      }
      for (const c of this.calendars) {
        const at = calendarNext(c, t, Math.min(limit, best ?? limit));
        if (at !== undefined && (best === undefined || at < best)) best = at;
      }
      if (best === undefined || best > limit) return undefined;
      if (!this.excludes.some((x) => calendarMatches(x, best!))) return best;
      t = best;
    }
  }

  /** Nominal times in (fromMs, toMs]. */
  between(fromMs: number, toMs: number, max = 10_000): number[] {
    const out: number[] = [];
    for (let t = this.next(fromMs); t !== undefined && t <= toMs && out.length < max; t = this.next(t)) out.push(t);
    return out;
  }
}

/** A stable jitter for one nominal time (so a restart does not move an action). */
export function jitterFor(scheduleId: string, nominalMs: number, jitterMs: number): number {
  if (jitterMs <= 0) return 0;
  let h = 2166136261;
  for (const ch of `${scheduleId}@${nominalMs}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % jitterMs;
}

/**
 * Cron strings become structured calendars (or intervals, for @every) when a schedule is stored, as Temporal's
 * server does, so describe shows one form. A cron with both day fields restricted becomes two calendars (either
 * day rule may match).
 */
export function compileCronStrings(spec: Spec): Spec {
  if (!spec.cronString?.length) return spec;
  const structuredCalendar = [...(spec.structuredCalendar ?? [])];
  const interval = [...(spec.interval ?? [])];
  let timezoneName = spec.timezoneName ?? '';
  for (const text of spec.cronString) {
    const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text.trim());
    if (prefix) {
      if (timezoneName && timezoneName !== prefix[1]) throw new ScheduleSpecError(`cron string ${JSON.stringify(text)} names time zone ${prefix[1]}, the spec ${timezoneName}`);
      timezoneName = prefix[1]!;
    }
    const c = fromCron(text, timezoneName || 'UTC');
    if ('everyMs' in c) {
      interval.push({ interval: { seconds: Math.floor(c.everyMs / 1000), nanos: (c.everyMs % 1000) * 1e6 } as never });
      continue;
    }
    const ranges = (set: Set<number>) => [...set].sort((a, b) => a - b).map((n) => ({ start: n, end: n, step: 1 }));
    const base = { second: [{ start: 0, end: 0, step: 1 }], minute: ranges(c.minutes), hour: ranges(c.hours), month: ranges(c.months), comment: text };
    if (c.dayOr) {
      structuredCalendar.push({ ...base, dayOfMonth: ranges(c.days) }, { ...base, dayOfWeek: ranges(c.weekdays) });
    } else {
      structuredCalendar.push({ ...base, dayOfMonth: ranges(c.days), dayOfWeek: ranges(c.weekdays) });
    }
  }
  return { ...spec, cronString: [], structuredCalendar, interval, timezoneName };
}
