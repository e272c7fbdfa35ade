// What commands print, in the format --output asks for: text for people (key/value blocks and tables), JSON
// (indented), JSON Lines (one object a line, for scripts that stream), or nothing.
export type OutputFormat = 'text' | 'json' | 'jsonl' | 'none';
export type TimeFormat = 'relative' | 'iso' | 'raw';

export interface Column<R> {
  title: string;
  value(row: R): unknown;
}

export interface Printer {
  readonly format: OutputFormat;
  /** A result: `data` as JSON, or as key/value lines (or `text`, when given) for people. */
  object(data: unknown, text?: string): void;
  /** Rows: a JSON array (JSON Lines: one row a line), or a table with the columns for people. */
  table<R>(rows: readonly R[], columns: Column<R>[], json?: (row: R) => unknown): void;
  /** A line for people only (progress, confirmations): left out of JSON output. */
  line(text: string): void;
  /** One JSON value per call in JSON and JSON Lines output (streams), `text` for people. */
  item(data: unknown, text: string): void;
  /** A time as --time-format asks. */
  time(d: Date | undefined): string;
}

export function createPrinter(out: { write(s: string): unknown }, format: OutputFormat, timeFormat: TimeFormat = 'iso', now = () => Date.now()): Printer {
  const json = (v: unknown, indent: boolean) => JSON.stringify(v, jsonReplacer, indent ? 2 : undefined);
  const time = (d: Date | undefined) => {
    if (!d) return '';
    if (timeFormat === 'raw') return String(d.getTime());
    if (timeFormat === 'iso') return d.toISOString();
    return relative(d.getTime() - now());
  };
  return {
    format,
    time,
    object(data, text) {
      if (format === 'none') return;
      if (format !== 'text') out.write(`${json(data, format === 'json')}\n`);
      else out.write(ensureNewline(text ?? keyValues(data, time)));
    },
    table(rows, columns, toJson) {
      if (format === 'none') return;
      const data = toJson ? rows.map(toJson) : rows;
      if (format === 'json') out.write(`${json(data, true)}\n`);
      else if (format === 'jsonl') for (const r of data) out.write(`${json(r, false)}\n`);
      else out.write(renderTable(rows, columns, time));
    },
    line(text) {
      if (format === 'text') out.write(ensureNewline(text));
    },
    item(data, text) {
      if (format === 'none') return;
      out.write(format === 'text' ? ensureNewline(text) : `${json(data, false)}\n`);
    },
  };
}

const ensureNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

/** Dates as RFC 3339, bigints and Longs as strings, byte arrays as base64: what the data means, not how JS holds it. */
function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  return value;
}

function relative(deltaMs: number): string {
  const abs = Math.abs(deltaMs);
  const [n, unit] =
    abs < 60_000 ? [Math.round(abs / 1000), 'second'] : abs < 3_600_000 ? [Math.round(abs / 60_000), 'minute'] : abs < 86_400_000 ? [Math.round(abs / 3_600_000), 'hour'] : [Math.round(abs / 86_400_000), 'day'];
  const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return deltaMs <= 0 ? `${words} ago` : `in ${words}`;
}

function cell(v: unknown, time: (d: Date | undefined) => string): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return time(v);
  if (typeof v === 'object') return JSON.stringify(v, jsonReplacer);
  return String(v);
}

/** Nested objects as indented key/value lines; empty values left out. */
export function keyValues(data: unknown, time: (d: Date | undefined) => string = (d) => d?.toISOString() ?? '', indent = ''): string {
  if (data === null || typeof data !== 'object' || data instanceof Date || Array.isArray(data)) return `${indent}${cell(data, time)}\n`;
  const entries = Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
  const width = Math.max(0, ...entries.map(([k]) => k.length)) + 2;
  let text = '';
  for (const [k, v] of entries) {
    const nested = v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && Object.keys(v).length > 0;
    text += nested ? `${indent}${upperFirst(k)}\n${keyValues(v, time, `${indent}  `)}` : `${indent}${upperFirst(k).padEnd(width)}${cell(v, time)}\n`;
  }
  return text;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function renderTable<R>(rows: readonly R[], columns: Column<R>[], time: (d: Date | undefined) => string): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r), time)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] + 2))).join('').trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n') + '\n';
}

/** Rows of strings under titles, columns aligned: a table inside a longer text (a card, then its rows). */
export function plainTable(titles: string[], rows: string[][]): string {
  const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
  return [titles, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 2))).join('').trimEnd()).join('\n');
}
