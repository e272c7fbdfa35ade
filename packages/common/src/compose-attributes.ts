// Attribute chains shared by composed loggers (metadata) and composed meters (tags): each link is an object or a
// function called at use; adjacent objects are merged once, so a long chain of constant attributes stays short.

export type Attributes = Record<string | symbol, unknown>;
export type AttributesOrFunc<A extends Attributes> = A | (() => A);

/** The chain with `next` added; undefined when `next` adds nothing (an empty object). */
export function appendAttributes<A extends Attributes>(chain: readonly AttributesOrFunc<A>[] | undefined, next: AttributesOrFunc<A>): AttributesOrFunc<A>[] | undefined {
  if (typeof next === 'object' && Reflect.ownKeys(next).length === 0) return chain ? [...chain] : undefined;
  if (!chain?.length) return [next];
  const last = chain[chain.length - 1]!;
  if (typeof last === 'object' && typeof next === 'object') return [...chain.slice(0, -1), mergeAttributes(last, next)];
  return [...chain, next];
}

/** `base` with `delta` applied: a null or undefined value in `delta` removes the key. */
export function mergeAttributes<A extends Attributes>(base: A, delta: A): A {
  const merged: Attributes = { ...base };
  for (const key of Reflect.ownKeys(delta)) {
    const v = delta[key];
    if (v === null || v === undefined) delete merged[key];
    else merged[key] = v;
  }
  return merged as A;
}

/** The chain's attributes, then `extra`, without null or undefined values. */
export function resolveAttributes<A extends Attributes>(chain: readonly AttributesOrFunc<A>[], extra?: A): A {
  const out: Attributes = {};
  for (const link of chain) Object.assign(out, typeof link === 'function' ? link() : link);
  if (extra) Object.assign(out, extra);
  for (const key of Reflect.ownKeys(out)) if (out[key] === null || out[key] === undefined) delete out[key];
  return out as A;
}
