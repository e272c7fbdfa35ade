// Cron schedules for workflows started with `cronSchedule`: the standard five fields (minute hour day-of-month
// month day-of-week, with lists, ranges, steps and names) and the @-descriptors, evaluated in UTC.

interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Both day fields restricted: a day matches if either does (the classic cron rule). */
  dayOr: boolean;
  everyMs?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Raised for a cron string that cannot be parsed; the message says which part and why. */
export class CronError extends Error {}

function field(text: string, min: number, max: number, names: string[] | undefined, what: string): Set<number> {
  const out = new Set<number>();
  const value = (v: string) => {
    const i = names?.indexOf(v.toUpperCase()) ?? -1;
    const n = i >= 0 ? i + (names === MONTHS ? 1 : 0) : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`${what} value '${v}' is not in ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`${what} step '${stepText}' must be a positive integer`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      lo = value(a!);
      hi = value(b!);
    } else {
      lo = value(range!);
      hi = stepText === undefined ? lo : max;
    }
    if (lo > hi) throw new CronError(`${what} range '${range}' is empty`);
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

export function parseCron(spec: string): Cron {
  let text = spec.trim();
  if (/^CRON_TZ=UTC\s+/i.test(text) || /^TZ=UTC\s+/i.test(text)) text = text.replace(/^\S+\s+/, '');
  else if (/^(CRON_)?TZ=/i.test(text)) throw new CronError(`cron time zones other than UTC are not supported: ${spec}`);
  const every = /^@every\s+(.+)$/.exec(text);
  if (every) {
    let total = 0;
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = re.exec(every[1]!))) {
      total += Number(m[1]) * UNITS[m[2]!]!;
      consumed = re.lastIndex;
    }
    if (consumed !== every[1]!.length || total < 1000) throw new CronError(`@every needs a duration of at least 1s like '1h30m', got '${every[1]}'`);
    return { minutes: new Set(), hours: new Set(), days: new Set(), months: new Set(), weekdays: new Set(), dayOr: false, everyMs: total };
  }
  text = DESCRIPTORS[text.toLowerCase()] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new CronError(`a cron schedule has 5 fields (minute hour day month weekday), got ${parts.length}: '${spec}'`);
  const [mi, ho, dm, mo, dw] = parts as [string, string, string, string, string];
  const weekdays = field(dw, 0, 7, DAYS, 'day-of-week');
  // 7 is another name for Sunday.
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minutes: field(mi, 0, 59, undefined, 'minute'),
    hours: field(ho, 0, 23, undefined, 'hour'),
    days: field(dm, 1, 31, undefined, 'day-of-month'),
    months: field(mo, 1, 12, MONTHS, 'month'),
    weekdays,
    dayOr: dm !== '*' && dm !== '?' && dw !== '*' && dw !== '?',
  };
}

/** The first tick strictly after `afterMs`, or undefined if there is none within ~5 years. */
export function nextCronTime(spec: string, afterMs: number): number | undefined {
  const c = parseCron(spec);
  if (c.everyMs) return (Math.floor(afterMs / c.everyMs) + 1) * c.everyMs;
  const t = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 24 * 3_600_000;
  while (t.getTime() < limit) {
    if (!c.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    const dom = c.days.has(t.getUTCDate());
    const dow = c.weekdays.has(t.getUTCDay());
    if (!(c.dayOr ? dom || dow : dom && dow)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!c.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!c.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return t.getTime();
  }
  return undefined;
}
