// google.protobuf.Timestamp and Duration in proto3 JSON. Output follows Go's protojson, which Temporal's HTTP API
// uses: RFC 3339 in UTC, and seconds with 0, 3, 6 or 9 fractional digits ("1.500s", "2024-05-01T10:00:00.250Z").

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range proto3 JSON allows. */
const MIN_TIMESTAMP_SECONDS = -62135596800n;
const MAX_TIMESTAMP_SECONDS = 253402300799n;
/** About 10,000 years, the range of a Duration. */
const MAX_DURATION_SECONDS = 315576000000n;

export interface TimeValue {
  seconds: bigint;
  nanos: number;
}

/** `.123`, `.123456` or `.123456789` as Go trims them; nothing for whole seconds. */
function fraction(nanos: number): string {
  let f = String(nanos).padStart(9, '0');
  if (f.endsWith('000')) f = f.slice(0, 6);
  if (f.endsWith('000')) f = f.slice(0, 3);
  return f === '000' ? '' : `.${f}`;
}

export function formatTimestamp(t: TimeValue): string {
  if (t.seconds < MIN_TIMESTAMP_SECONDS || t.seconds > MAX_TIMESTAMP_SECONDS) throw new RangeError(`timestamp seconds out of range: ${t.seconds}`);
  if (t.nanos < 0 || t.nanos > 999_999_999) throw new RangeError(`timestamp nanos out of range: ${t.nanos}`);
  const whole = new Date(Number(t.seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}${fraction(t.nanos)}Z`;
}

export function formatDuration(d: TimeValue): string {
  let { seconds, nanos } = d;
  if (seconds < -MAX_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) throw new RangeError(`duration seconds out of range: ${seconds}`);
  if ((seconds > 0n && nanos < 0) || (seconds < 0n && nanos > 0)) throw new RangeError('duration seconds and nanos have different signs');
  const negative = seconds < 0n || nanos < 0;
  if (negative) {
    seconds = -seconds;
    nanos = -nanos;
  }
  return `${negative ? '-' : ''}${seconds}${fraction(nanos)}s`;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 time with up to nanoseconds and any offset; undefined when it is not one. */
export function parseTimestamp(text: string): TimeValue | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day that does not exist in its month (Feb 30) rolls over; refuse it instead.
  if (date.getUTCMonth() !== month - 1) return undefined;
  let seconds = BigInt(Math.floor(date.getTime() / 1000)) + BigInt(hour * 3600 + minute * 60 + second);
  if (m[9]) {
    const offset = BigInt(Number(m[10]) * 3600 + Number(m[11]) * 60);
    seconds += m[9] === '+' ? -offset : offset;
  }
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) return undefined;
  return { seconds, nanos: Number((m[7] ?? '').padEnd(9, '0')) };
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** Parses `"1.5s"`, `"-0.001s"`, `"30s"`; undefined when it is not a duration in range. */
export function parseDuration(text: string): TimeValue | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  let seconds = BigInt(m[2]);
  let nanos = Number((m[3] ?? '').padEnd(9, '0'));
  if (seconds > MAX_DURATION_SECONDS) return undefined;
  if (m[1]) {
    seconds = -seconds;
    nanos = -nanos;
  }
  return { seconds, nanos };
}
