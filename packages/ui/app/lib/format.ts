// Names, times and durations as a person reads them.

/** "WORKFLOW_EXECUTION_STATUS_TIMED_OUT" or "TimedOut" -> "TimedOut": enum names from proto3 JSON, older tools' too. */
export function enumName(value: string | undefined, prefix: string): string {
  if (!value) return '';
  if (!value.startsWith(prefix)) return value;
  return value
    .slice(prefix.length)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase());
}

export const STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'] as const;

export function statusName(value: string | undefined): string {
  return enumName(value, 'WORKFLOW_EXECUTION_STATUS_') || 'Unspecified';
}

export function eventTypeName(value: string): string {
  return enumName(value, 'EVENT_TYPE_');
}

/** "Jun 3, 2024 14:02:07.123" in the viewer's time zone (whole seconds without ".000"). */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  const time = d.toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const ms = d.getMilliseconds();
  return ms ? `${date} ${time}.${String(ms).padStart(3, '0')}` : `${date} ${time}`;
}

export function millis(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** proto3 JSON duration ("1.500s") -> milliseconds. */
export function durationMillis(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
  return m ? parseFloat(m[1]) * 1000 : undefined;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2).replace(/\.?0+$/, '') : Math.round(s)} s`;
  const parts: string[] = [];
  let rest = Math.round(s);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n} ${unit}`);
  }
  return parts.slice(0, 2).join(' ');
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Plural-aware count: "1 event", "3 events". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
