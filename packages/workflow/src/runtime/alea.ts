// Johannes Baagøe's Alea generator (public algorithm, MIT), seeded from bytes. The official TypeScript SDK seeds its
// workflow Math.random the same way, so a run gives the same random numbers on either SDK.

function makeMash(): (data: ArrayLike<number> | string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += typeof data === 'string' ? data.charCodeAt(i) : data[i]!;
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
}

/** A function returning floats in [0, 1), the same sequence for the same seed. */
export function alea(seed: ArrayLike<number>): () => number {
  const mash = makeMash();
  let s0 = mash([32]);
  let s1 = mash([32]);
  let s2 = mash([32]);
  let c = 1;
  s0 -= mash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= mash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= mash(seed);
  if (s2 < 0) s2 += 1;
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}
