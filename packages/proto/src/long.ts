import { Long } from '../lib/vendor.js';

export { Long };

/** int64 fields decode as Long; our own values are plain numbers. */
export function toLong(value: number | Long): Long {
  return typeof value === 'number' ? Long.fromNumber(value) : value;
}

/** A protobuf int64 (Long, number, string or null) as a number; null and undefined are 0. */
export function longToNumber(value: Long | number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function base64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
