import ms from 'ms';
import { ValueError } from './errors.js';

/** A duration: milliseconds, or an `ms`-format string such as '30s', '1 day', '500ms'. */
export type Duration = string | number;

export function msToNumber(d: Duration): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d) || d < 0) throw new TypeError(`Invalid duration ${d}: expected a non-negative number of milliseconds`);
    return d;
  }
  if (typeof d !== 'string') throw new TypeError(`Invalid duration ${String(d)}: expected a number or a string like '30s'`);
  const parsed = ms(d as ms.StringValue);
  if (parsed === undefined || !Number.isFinite(parsed) || parsed < 0) {
    throw new TypeError(`Invalid duration string ${JSON.stringify(d)}: expected a form like '500ms', '30s', '5m', '2h' or '1 day'`);
  }
  return parsed;
}

export function msOptionalToNumber(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : msToNumber(d);
}

/** An int64 as protobufjs hands it over: number, bigint, decimal string, or Long. */
export type Int64Like = number | bigint | string | { low: number; high: number; unsigned?: boolean } | { toNumber(): number };

function int64ToNumber(v: Int64Like | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  if ('toNumber' in v && typeof v.toNumber === 'function') return v.toNumber();
  const l = v as { low: number; high: number; unsigned?: boolean };
  return l.high * 4294967296 + (l.low >>> 0);
}

export interface TimeParts {
  seconds: number;
  nanos: number;
}

/** Epoch (or duration) milliseconds as protobuf seconds + nanos; nanos are never negative. */
export function msToTimestampParts(msValue: number): TimeParts {
  const seconds = Math.floor(msValue / 1000);
  const nanos = Math.round((msValue - seconds * 1000) * 1e6);
  return { seconds, nanos };
}

export function timestampPartsToMs(t: { seconds?: Int64Like | null; nanos?: number | null }): number {
  return int64ToNumber(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

export function msToProtoDuration(msValue: number): TimeParts {
  return msToTimestampParts(msValue);
}

export function protoDurationToMs(d: { seconds?: Int64Like | null; nanos?: number | null } | null | undefined): number {
  return d ? timestampPartsToMs(d) : 0;
}

/** A google.protobuf.Timestamp (or Duration): int64 seconds as protobufjs hands them over, and nanos. */
export interface Timestamp {
  seconds?: Int64Like | null;
  nanos?: number | null;
}

/** Epoch milliseconds of a Timestamp; a missing one is an error. */
export function tsToMs(ts: Timestamp | null | undefined): number {
  if (ts === null || ts === undefined) throw new TypeError(`Expected timestamp, got ${ts}`);
  return timestampPartsToMs(ts);
}

export function optionalTsToMs(ts: Timestamp | null | undefined): number | undefined {
  return ts === null || ts === undefined ? undefined : tsToMs(ts);
}

export function msNumberToTs(millis: number): TimeParts {
  if (Number.isNaN(millis)) throw new ValueError(`Invalid millis ${millis}`);
  return msToTimestampParts(millis);
}

/** A Duration (ms or an `ms` string) as a Timestamp / protobuf Duration. */
export function msToTs(d: Duration): TimeParts {
  return msNumberToTs(msToNumber(d));
}

export function msOptionalToTs(d: Duration | null | undefined): TimeParts | undefined {
  return d === null || d === undefined ? undefined : msToTs(d);
}

export function tsToDate(ts: Timestamp): Date {
  return new Date(tsToMs(ts));
}

export function optionalTsToDate(ts: Timestamp | null | undefined): Date | undefined {
  return ts === null || ts === undefined ? undefined : tsToDate(ts);
}
