// Payloads in and out: --input values (JSON by default, raw bytes with --input-meta encoding=…, base64 with
// --input-base64), KEY=JSON pairs for memo, search attributes and headers, and payloads shown as their values.
import { readFileSync } from 'node:fs';
import { defaultPayloadConverter, type Payload } from '@durable/common';
import type { OptionSpec } from './option-spec.js';
import type { Flags } from './flags.js';
import { UsageError } from './usage-error.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The temporal CLI's payload-input flags, under a prefix (`signal-` for signal-with-start's). */
export function payloadOptions(prefix = '', what = 'Input'): OptionSpec[] {
  return [
    { name: `${prefix}input`, ...(prefix ? {} : { short: 'i' }), type: 'string[]', meta: 'JSON', description: `${what} value, JSON (quote strings: '"text"'). Repeatable, one per argument.` },
    { name: `${prefix}input-file`, type: 'string[]', meta: 'PATH', description: `File holding one ${what.toLowerCase()} value. Repeatable.` },
    { name: `${prefix}input-meta`, type: 'string[]', meta: 'KEY=VALUE', description: 'Payload metadata; encoding=… sends the input as raw bytes of that encoding. Repeatable.' },
    { name: `${prefix}input-base64`, type: 'bool', description: 'The inputs are base64; decode them first.' },
  ];
}

/** The payloads the payload-input flags describe (checked before anything connects). */
export function inputPayloads(flags: Flags, prefix = ''): Payload[] {
  const texts = flags.list(`${prefix}input`);
  const files = flags.list(`${prefix}input-file`);
  if (texts.length && files.length) throw new UsageError(`--${prefix}input and --${prefix}input-file cannot be combined`);
  const raw = files.length
    ? files.map((f) => {
        try {
          return readFileSync(f, 'utf8');
        } catch (err) {
          throw new UsageError(`--${prefix}input-file ${f}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
      })
    : texts;
  const meta: Record<string, string> = {};
  for (const kv of flags.list(`${prefix}input-meta`)) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--${prefix}input-meta expects KEY=VALUE, got ${JSON.stringify(kv)}`);
    meta[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const encoding = meta.encoding ?? 'json/plain';
  return raw.map((text) => {
    const data = flags.bool(`${prefix}input-base64`) ? Buffer.from(text, 'base64').toString('utf8') : text;
    if (encoding === 'json/plain') {
      try {
        JSON.parse(data);
      } catch {
        throw new UsageError(`--${prefix}input must be JSON, got ${JSON.stringify(data)} (quote strings: '"text"')`);
      }
    }
    const metadata: Record<string, Uint8Array> = { encoding: utf8(encoding) };
    for (const [k, v] of Object.entries(meta)) metadata[k] = utf8(v);
    return { metadata, data: utf8(encoding === 'json/plain' ? JSON.stringify(JSON.parse(data)) : data) };
  });
}

/** KEY=JSON pairs (memo, search attributes, headers, namespace data): the values parsed. */
export function keyJsonPairs(flags: Flags, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of flags.list(name)) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--${name} expects KEY=JSON, got ${JSON.stringify(kv)}`);
    try {
      out[kv.slice(0, i)] = JSON.parse(kv.slice(i + 1));
    } catch {
      throw new UsageError(`--${name} ${kv.slice(0, i)}: the value must be JSON, got ${JSON.stringify(kv.slice(i + 1))} (quote strings: KEY='"text"')`);
    }
  }
  return out;
}

/** KEY=JSON pairs as payloads, for memo and search attributes. */
export function keyJsonPayloads(flags: Flags, name: string): Record<string, Payload> | undefined {
  const values = keyJsonPairs(flags, name);
  if (!Object.keys(values).length) return undefined;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, defaultPayloadConverter.toPayload(v)]));
}

/** A payload as the value it holds; a payload that is not JSON as `<encoding, N bytes>`. */
export function payloadValue(p: Payload | null | undefined, raw = false): unknown {
  if (!p) return undefined;
  const encoding = Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString();
  if (!raw) {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      // not a value the converter knows: shown by its encoding below
    }
  }
  return raw
    ? { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') }
    : `<${encoding || 'payload'}, ${p.data?.length ?? 0} bytes>`;
}

/** Payloads (an input, a result) as their values. */
export function payloadValues(ps: { payloads?: Payload[] | null } | null | undefined, raw = false): unknown[] {
  return (ps?.payloads ?? []).map((p) => payloadValue(p, raw));
}
