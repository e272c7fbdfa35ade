// Values that leave the sandbox for code of the worker process (sink arguments, workflow info for sinks) are copied
// into plain data first: no functions, getters, proxies or symbol-keyed members (such as a custom `inspect`) go
// out, so host code that formats them never calls back into workflow code with host objects in hand.

// The one symbol key kept: the time a workflow log line was made (the worker's loggers read it).
const LOG_TIMESTAMP = Symbol.for('log_timestamp');
const MAX_DEPTH = 64;

export function copyForHost(value: unknown, depth = 0, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (depth > MAX_DEPTH) return '[too deep]';
  const next = depth + 1;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out.push(copyForHost(value[i], next, seen));
    return out;
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(copyForHost(k, next, seen), copyForHost(v, next, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const v of value) out.add(copyForHost(v, next, seen));
    return out;
  }
  const plain = !(value instanceof Error);
  const out: Record<string | symbol, unknown> = plain ? {} : errorShell(value as Error);
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d)) continue;
    const copied = copyForHost(d.value, next, seen);
    // Plain assignment is several times faster than defineProperty, but a name the (frozen) prototype has would
    // set the prototype, go through a shadowing accessor, or be refused as read-only.
    if (plain && !(key in Object.prototype)) out[key] = copied;
    else Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
  }
  const at = Object.getOwnPropertyDescriptor(value, LOG_TIMESTAMP);
  if (at && typeof at.value === 'bigint') out[LOG_TIMESTAMP] = at.value;
  return out;
}

/** A plain Error carrying the original's name, message and stack (own data, not accessors or subclass members). */
function errorShell(err: Error): Record<string | symbol, unknown> {
  const message = safeRead(err, 'message');
  const shell = new Error(typeof message === 'string' ? message : String(message));
  for (const key of ['name', 'stack'] as const) {
    const v = safeRead(err, key);
    if (typeof v === 'string') Object.defineProperty(shell, key, { value: v, enumerable: false, writable: true, configurable: true });
  }
  const cause = safeRead(err, 'cause');
  if (cause !== undefined) Object.defineProperty(shell, 'cause', { value: copyForHost(cause, 1), enumerable: false, writable: true, configurable: true });
  return shell as unknown as Record<string | symbol, unknown>;
}

function safeRead(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Data handed in by the host (activations, options), rebuilt from sandbox-realm objects: arrays, plain objects
 * (own enumerable data), byte arrays and primitives. Host prototypes, methods and accessors stay outside.
 */
export function copyFromHost<T>(value: T): T {
  return importValue(value, 0) as T;
}

function importValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth > MAX_DEPTH) throw new RangeError('Data handed to the workflow sandbox is nested too deeply');
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = importValue(value[i], depth + 1);
    return out;
  }
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && 'value' in d && typeof d.value !== 'function') out[key] = importValue(d.value, depth + 1);
  }
  return out;
}
