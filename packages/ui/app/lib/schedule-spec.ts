// A schedule's spec in words: "every 1 h", "at 09:00 on Mon–Fri", "cron 0 */5 * * *".
import type { CalendarSpec, ScheduleRange, ScheduleSpec, StructuredCalendar } from '../api/types';
import { durationMillis, formatDuration, formatTime } from './format';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function ranges(list: ScheduleRange[] | undefined, name: (n: number) => string = String): string | undefined {
  if (!list?.length) return undefined;
  return list
    .map((r) => {
      const start = r.start ?? 0;
      const end = r.end && r.end > start ? r.end : start;
      const step = r.step && r.step > 1 ? ` every ${r.step}` : '';
      return end === start ? name(start) : `${name(start)}–${name(end)}${step}`;
    })
    .join(', ');
}

const pad = (n: number) => String(n).padStart(2, '0');

function single(list: ScheduleRange[] | undefined): number | undefined {
  return list?.length === 1 && (list[0].end ?? list[0].start ?? 0) <= (list[0].start ?? 0) ? (list[0].start ?? 0) : undefined;
}

function structuredInWords(c: StructuredCalendar): string {
  const hour = single(c.hour);
  const minute = single(c.minute);
  const second = single(c.second) ?? 0;
  const parts: string[] = [];
  if (hour !== undefined && minute !== undefined) parts.push(`at ${pad(hour)}:${pad(minute)}${second ? `:${pad(second)}` : ''}`);
  else {
    const h = ranges(c.hour);
    const m = ranges(c.minute);
    const s = ranges(c.second);
    if (s && s !== '0') parts.push(`second ${s}`);
    if (m) parts.push(`minute ${m}`);
    if (h) parts.push(`hour ${h}`);
  }
  const dow = ranges(c.dayOfWeek, (n) => DAYS[n % 7]);
  const dom = ranges(c.dayOfMonth);
  const month = ranges(c.month, (n) => MONTHS[n] ?? String(n));
  const year = ranges(c.year);
  if (dow && dow !== 'Sun–Sat') parts.push(`on ${dow}`);
  if (dom && dom !== '1–31') parts.push(`on day ${dom} of the month`);
  if (month && month !== 'Jan–Dec') parts.push(`in ${month}`);
  if (year) parts.push(`in ${year}`);
  if (c.comment) parts.push(`(${c.comment})`);
  return parts.join(' ') || 'every second';
}

function calendarInWords(c: CalendarSpec): string {
  const fields = (['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek', 'year'] as const)
    .filter((k) => c[k] !== undefined && c[k] !== '*')
    .map((k) => `${k} ${c[k]}`);
  return fields.length ? fields.join(', ') : 'every second';
}

/** One line per part of the spec, then its bounds. */
export function describeSpec(spec: ScheduleSpec | undefined): string[] {
  if (!spec) return ['no spec'];
  const lines: string[] = [];
  for (const i of spec.interval ?? []) {
    const every = formatDuration(durationMillis(i.interval));
    const phase = durationMillis(i.phase);
    lines.push(`every ${every}${phase ? ` (offset ${formatDuration(phase)})` : ''}`);
  }
  for (const c of spec.structuredCalendar ?? []) lines.push(structuredInWords(c));
  for (const c of spec.calendar ?? []) lines.push(calendarInWords(c));
  for (const cron of spec.cronString ?? []) lines.push(`cron ${cron}`);
  for (const c of spec.excludeStructuredCalendar ?? []) lines.push(`except ${structuredInWords(c)}`);
  for (const c of spec.excludeCalendar ?? []) lines.push(`except ${calendarInWords(c)}`);
  if (!lines.length) lines.push('no times (runs only when triggered)');
  if (spec.timezoneName) lines.push(`in time zone ${spec.timezoneName}`);
  if (spec.startTime) lines.push(`from ${formatTime(spec.startTime)}`);
  if (spec.endTime) lines.push(`until ${formatTime(spec.endTime)}`);
  const jitter = durationMillis(spec.jitter);
  if (jitter) lines.push(`with up to ${formatDuration(jitter)} of jitter`);
  return lines;
}
