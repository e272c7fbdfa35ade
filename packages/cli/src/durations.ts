// Durations and times as the temporal CLI reads and writes them: Go's `1h30m`, `90s`, `500ms`; RFC 3339 times.
import { msToProtoDuration, protoDurationToMs, timestampPartsToMs, type Int64Like } from '@durable/common';
import { toLong, type Long } from '@durable/proto';
import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a Go-style duration (`1h30m`, `1.5s`, `250ms`, `2d`); a bare number is seconds. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== t) {
    throw new UsageError(`${flag} expects a duration such as 30s, 5m or 1h30m, got ${JSON.stringify(text)}`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]], 0);
}

/** A time: RFC 3339 (`2025-01-31T12:00:00Z`) or a date (`2025-01-31`, UTC midnight). */
export function parseTimestamp(text: string, flag: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text.trim());
  const d = new Date(text.trim());
  if (!ok || Number.isNaN(d.getTime())) throw new UsageError(`${flag} expects an RFC 3339 time such as 2025-01-31T12:00:00Z, got ${JSON.stringify(text)}`);
  return d;
}

/** `1h30m5s`, `250ms`, `0s`: the way Go prints a duration. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${+ms.toFixed(3)}ms`;
  let rest = ms / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = +rest.toFixed(3);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

type ProtoTime = { seconds?: Int64Like | null; nanos?: number | null } | null | undefined;

/** A Date from a protobuf Timestamp; undefined when unset. */
export function fromProtoTimestamp(t: ProtoTime): Date | undefined {
  if (!t) return undefined;
  const ms = timestampPartsToMs(t);
  return ms === 0 ? undefined : new Date(ms);
}

/** A protobuf Duration as Go prints it; undefined when unset. */
export function formatProtoDuration(d: ProtoTime): string | undefined {
  return d ? formatDuration(protoDurationToMs(d)) : undefined;
}

/** A protobuf Duration (or Timestamp, from epoch milliseconds) as the schema's types want it. */
export function protoDuration(ms: number): { seconds: Long; nanos: number } {
  const { seconds, nanos } = msToProtoDuration(ms);
  return { seconds: toLong(seconds), nanos };
}

export const protoTimestamp = (d: Date) => protoDuration(d.getTime());
