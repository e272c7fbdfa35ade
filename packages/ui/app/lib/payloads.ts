// Payloads as the HTTP API sends them, decoded for display. With payload shorthand (the default) a JSON payload is
// its plain value and a list of them a plain array; other encodings, and every payload when shorthand is off, come
// as {metadata: {encoding: base64}, data: base64}.
import type { PayloadJson, PayloadsJson } from '../api/types';

export type Decoded =
  | { kind: 'json'; value: unknown; messageType?: string }
  | { kind: 'null' }
  | { kind: 'bytes'; encoding: string; size: number; text?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64Bytes(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

function text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

interface FullPayload {
  metadata: Record<string, string>;
  data?: string;
}

function isFullPayload(v: unknown): v is FullPayload {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const md = o.metadata;
  if (!md || typeof md !== 'object' || Array.isArray(md)) return false;
  if (typeof (md as Record<string, unknown>).encoding !== 'string') return false;
  if (!Object.values(md).every((x) => typeof x === 'string')) return false;
  return Object.keys(o).every((k) => k === 'metadata' || k === 'data' || k === 'externalPayloads') && (o.data === undefined || typeof o.data === 'string');
}

function decodeFull(p: FullPayload): Decoded {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata)) meta[k] = text(base64Bytes(v) ?? new Uint8Array()) ?? v;
  const bytes = base64Bytes(p.data ?? '') ?? new Uint8Array();
  const encoding = meta.encoding ?? '';
  if (encoding === 'binary/null') return { kind: 'null' };
  const str = text(bytes);
  if ((encoding === 'json/plain' || encoding === 'json/protobuf') && str !== undefined) {
    try {
      return { kind: 'json', value: JSON.parse(str), messageType: meta.messageType };
    } catch {
      // not JSON after all: shown as bytes below
    }
  }
  return { kind: 'bytes', encoding, size: bytes.length, text: str };
}

/** One Payload field (memo and search attribute values, user metadata, a count's group value). */
export function decodePayload(value: PayloadJson): Decoded {
  if (value === null || value === undefined) return { kind: 'null' };
  if (isFullPayload(value)) return decodeFull(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && '_protoMessageType' in value) {
    const { _protoMessageType, ...rest } = value as Record<string, unknown>;
    return { kind: 'json', value: rest, messageType: String(_protoMessageType) };
  }
  return { kind: 'json', value };
}

/** A Payloads field (inputs, results, details): the list of values. */
export function decodePayloads(value: PayloadsJson): Decoded[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => (isFullPayload(v) ? decodeFull(v) : decodePayload(v)));
  if (typeof value === 'object' && Array.isArray((value as { payloads?: unknown }).payloads)) {
    return (value as { payloads: unknown[] }).payloads.map(decodePayload);
  }
  return [decodePayload(value)];
}

/** The plain value of a decoded payload, for places that show one line (a count's group, a search attribute). */
export function plainValue(d: Decoded): unknown {
  if (d.kind === 'json') return d.value;
  if (d.kind === 'null') return null;
  return d.text ?? `<${d.size} bytes ${d.encoding}>`;
}

/** Pretty JSON of a decoded payload; bytes are described rather than dumped. */
export function payloadText(d: Decoded): string {
  if (d.kind === 'null') return 'null';
  if (d.kind === 'json') return JSON.stringify(d.value, null, 2) ?? 'undefined';
  return d.text ?? `${d.size} bytes`;
}

/** Parses the JSON arguments a person typed: one value, or an array of values when it starts with "[". */
export function parseArgs(source: string): unknown[] {
  const trimmed = source.trim();
  if (!trimmed) return [];
  const value: unknown = JSON.parse(trimmed);
  return Array.isArray(value) ? value : [value];
}
