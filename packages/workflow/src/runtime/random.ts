// Deterministic randomness beyond Math.random: uuid4 and byte filling from any generator, and the seeds of named
// random streams, derived from the run's seed exactly as the official SDK derives them (so both SDKs draw the same
// values for the same run and stream name).
import { encodeUtf8 } from '@durable/common';

export function fillWithRandom(random: () => number, bytes: Uint8Array): Uint8Array {
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 0x100);
  return bytes;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A version-4 UUID from four 32-bit draws of `random`. */
export function uuid4FromRandom(random: () => number): string {
  const bytes = new DataView(new ArrayBuffer(16));
  for (let i = 0; i < 4; i++) bytes.setUint32(i * 4, (random() * 0x100000000) >>> 0);
  bytes.setUint8(6, (bytes.getUint8(6) & 0x0f) | 0x40);
  bytes.setUint8(8, (bytes.getUint8(8) & 0x3f) | 0x80);
  return `${hex(bytes.getUint32(0), 8)}-${hex(bytes.getUint16(4), 4)}-${hex(bytes.getUint16(6), 4)}-${hex(bytes.getUint16(8), 4)}-${hex(bytes.getUint32(10), 8)}${hex(bytes.getUint16(14), 4)}`;
}

const STREAM_PREFIX = Array.from(encodeUtf8('temporal-workflow-random-stream-v1'));
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** The seed of the random stream `name`: prefix, then the run's seed and the name, each with its length. */
export function streamSeed(runSeed: number[], name: string): number[] {
  const nameBytes = Array.from(encodeUtf8(name));
  return [...STREAM_PREFIX, ...u32(runSeed.length), ...runSeed, ...u32(nameBytes.length), ...nameBytes];
}
