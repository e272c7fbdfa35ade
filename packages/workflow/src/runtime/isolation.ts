// Isolation between the runs that share one sandbox. Built-ins and the shared runtime's exports are frozen (with
// the few members user code commonly shadows on its own objects turned into accessors that allow it), so no run can
// change them for another. Each run has its own globals: what a run writes to globalThis is kept aside when another
// run is entered and put back when it is entered again; a run that never writes one costs nothing.

type Descriptors = Map<PropertyKey, PropertyDescriptor | undefined>;

/** Members a subclass or an instance commonly assigns (`this.name = …`, `obj.toString = …`): kept assignable. */
const SHADOWED: Record<string, readonly string[]> = {
  object: ['toString', 'valueOf', 'toLocaleString'],
  error: ['name', 'message', 'toString', 'stack', 'cause', 'code'],
  function: ['toString'],
  runtimeClass: ['name', 'message', 'toString', 'toJSON'],
};

// V8 reads Error.stackTraceLimit as a data property when it captures a stack; it stays writable (it only trims
// stack traces, never changes what a workflow does).
const LEFT_WRITABLE = new Set<PropertyKey>(['stackTraceLimit']);

/**
 * Makes `key` of the frozen prototype `proto` behave as it would if assignment to an inheriting object were allowed:
 * assigning on an instance defines the instance's own property; the prototype's value itself cannot change.
 */
function allowShadowing(proto: object, key: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (!d || !('value' in d) || !d.configurable) return;
  const value: unknown = d.value;
  Object.defineProperty(proto, key, {
    get: () => value,
    set(this: unknown, v: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of a frozen built-in`);
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: d.enumerable, configurable: true });
    },
    enumerable: d.enumerable,
    configurable: false,
  });
}

function freezeOwn(obj: object): void {
  // Object.freeze does the same as the loop below in one native step (the sandbox freezes thousands of built-ins
  // when it starts); the loop remains for the objects it cannot take whole.
  if (![...LEFT_WRITABLE].some((key) => Object.prototype.hasOwnProperty.call(obj, key))) {
    try {
      Object.freeze(obj);
      return;
    } catch {
      // A typed array with elements: frozen member by member below.
    }
  }
  for (const key of Reflect.ownKeys(obj)) {
    if (LEFT_WRITABLE.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(obj, key)!;
    if (!d.configurable && !('value' in d && d.writable)) continue;
    try {
      Object.defineProperty(obj, key, 'value' in d ? { writable: false, configurable: false } : { configurable: false });
    } catch {
      // Some exotic objects refuse (e.g. typed arrays' elements); they hold no shared behaviour.
    }
  }
  Object.preventExtensions(obj);
}

/** Objects that are not reachable by property from the globals, found through instances. */
function hiddenIntrinsics(): unknown[] {
  const iteratorProtoOf = (it: object) => Object.getPrototypeOf(it) as object;
  const generator = function* () {
    /* only its prototype chain is used */
  };
  const asyncGenerator = async function* () {
    /* only its prototype chain is used */
  };
  return [
    iteratorProtoOf([][Symbol.iterator]()),
    iteratorProtoOf(new Map()[Symbol.iterator]()),
    iteratorProtoOf(new Set()[Symbol.iterator]()),
    iteratorProtoOf(''[Symbol.iterator]()),
    iteratorProtoOf(/x/[Symbol.matchAll]('x')),
    Object.getPrototypeOf(generator),
    Object.getPrototypeOf(asyncGenerator),
    Object.getPrototypeOf(async () => undefined),
    Object.getPrototypeOf(Uint8Array),
  ];
}

/**
 * Freezes `roots` and everything reachable from them by own properties, accessor functions and prototypes. First the
 * whole graph is walked, and the members listed in SHADOWED become shadowable accessors on prototype objects (the
 * shared runtime's classes, in `runtimeRoots`, are the ones users extend); then every object is frozen.
 */
export function deepFreeze(roots: readonly unknown[], runtimeRoots: readonly unknown[] = []): void {
  const seen = new Set<object>([globalThis]);
  const runtime = new WeakSet<object>();
  const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function');
  for (const r of runtimeRoots) if (isObject(r)) runtime.add(r);
  const stack: unknown[] = [...roots, ...runtimeRoots, ...hiddenIntrinsics()];
  while (stack.length) {
    const obj = stack.pop();
    if (!isObject(obj) || seen.has(obj)) continue;
    seen.add(obj);
    const inRuntime = runtime.has(obj);
    const first = stack.length;
    const descriptors = Object.getOwnPropertyDescriptors(obj) as Record<PropertyKey, PropertyDescriptor>;
    for (const key of Reflect.ownKeys(descriptors)) {
      const d = descriptors[key]!;
      if ('value' in d) {
        if (isObject(d.value)) stack.push(d.value);
      } else {
        if (d.get) stack.push(d.get);
        if (d.set) stack.push(d.set);
      }
    }
    if (inRuntime) for (let i = first; i < stack.length; i++) runtime.add(stack[i] as object);
    stack.push(Object.getPrototypeOf(obj));
  }
  for (const obj of seen) {
    if (typeof obj !== 'function') continue;
    const proto = (obj as { prototype?: unknown }).prototype;
    if (!isObject(proto)) continue;
    const names = obj === Object ? SHADOWED.object : obj === Function ? SHADOWED.function : isError(proto) ? SHADOWED.error : runtime.has(obj) ? SHADOWED.runtimeClass : [];
    for (const key of names!) allowShadowing(proto, key);
  }
  for (const obj of seen) if (obj !== globalThis) freezeOwn(obj);
}

const isError = (proto: object) => proto === Error.prototype || Object.prototype.isPrototypeOf.call(Error.prototype, proto);

/** The module namespace objects of the shared runtime, read through their (side-effect free) export getters. */
export function namespaceValues(namespaces: readonly object[]): unknown[] {
  const out: unknown[] = [];
  for (const ns of namespaces) {
    for (const key of Reflect.ownKeys(ns)) out.push((ns as Record<PropertyKey, unknown>)[key]);
    out.push(ns);
  }
  return out;
}

/** Per-run globals: the pristine set, the run whose globals are in place, and each run's differences. */
export class GlobalSwitch {
  private readonly pristine: Descriptors = new Map();
  private current: { globals?: Descriptors } | undefined;

  constructor() {
    for (const key of Reflect.ownKeys(globalThis)) this.pristine.set(key, Object.getOwnPropertyDescriptor(globalThis, key));
  }

  /** Puts `run`'s globals in place (a no-op when it is already the run in place). */
  enter(run: { globals?: Descriptors }): void {
    if (this.current === run) return;
    // Reading the globals of a vm context is slow (every key goes through Node's interceptors), so it is read once
    // per switch: what differs now is both the leaving run's globals and all that must be undone for the next.
    const now = this.differences();
    if (this.current) this.current.globals = now;
    this.undo(now);
    this.apply(run.globals);
    this.current = run;
  }

  /** What differs from the pristine globals now; undefined when nothing does. */
  private differences(): Descriptors | undefined {
    let diff: Descriptors | undefined;
    const g = globalThis as unknown as Record<PropertyKey, unknown>;
    const keys = Reflect.ownKeys(g);
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(g, key)!;
      const p = this.pristine.get(key);
      if (p && sameDescriptor(p, d)) continue;
      (diff ??= new Map()).set(key, d);
    }
    // Every pristine key still there was seen above; fewer keys seen than pristine ones means some were deleted.
    let pristineSeen = 0;
    for (const key of keys) if (this.pristine.has(key)) pristineSeen++;
    if (pristineSeen < this.pristine.size) {
      for (const key of this.pristine.keys()) if (!Object.prototype.hasOwnProperty.call(g, key)) (diff ??= new Map()).set(key, undefined);
    }
    return diff;
  }

  /** Back to the pristine globals from the state `diff` describes. */
  private undo(diff: Descriptors | undefined): void {
    if (!diff) return;
    const g = globalThis as unknown as Record<PropertyKey, unknown>;
    for (const key of diff.keys()) {
      const p = this.pristine.get(key);
      if (p) Object.defineProperty(g, key, p);
      else delete g[key];
    }
  }

  /** From the pristine globals to `diff` on top of them. */
  private apply(diff: Descriptors | undefined): void {
    if (!diff) return;
    const g = globalThis as unknown as Record<PropertyKey, unknown>;
    for (const [key, d] of diff) {
      if (d) Object.defineProperty(g, key, d);
      else delete g[key];
    }
  }
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return 'value' in a ? 'value' in b && Object.is(a.value, b.value) && a.writable === b.writable : a.get === b.get && a.set === b.set;
}
