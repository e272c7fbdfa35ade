// A run's randomness seed, derived as Temporal's core derives it (SipHash-1-3, zero keys, over the original run id
// followed by 0xff, as Rust hashes a str), so Math.random and uuid4 agree with the official SDK on the same run.
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & MASK;

function sipHash13(bytes: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & MASK;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const fullWords = bytes.length - (bytes.length % 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < fullWords; i += 8) {
    const m = view.getBigUint64(i, true);
    v3 ^= m;
    round();
    v0 ^= m;
  }
  let last = BigInt(bytes.length & 0xff) << 56n;
  for (let i = fullWords; i < bytes.length; i++) last |= BigInt(bytes[i]!) << BigInt(8 * (i - fullWords));
  v3 ^= last;
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}

/** The 8 big-endian bytes that seed the run's random source. */
export function randomnessSeed(originalExecutionRunId: string): number[] {
  const text = new TextEncoder().encode(originalExecutionRunId);
  const input = new Uint8Array(text.length + 1);
  input.set(text);
  input[text.length] = 0xff;
  const hash = sipHash13(input);
  const out: number[] = [];
  for (let i = 7; i >= 0; i--) out.push(Number((hash >> BigInt(8 * i)) & 0xffn));
  return out;
}

