// Local errors (they do not cross the wire as failures), with the names and shapes of @temporalio/common. Errors
// are created in the workflow sandbox (another realm) and inspected outside it, and users may mix our classes with
// the official ones, so `instanceof` is answered by a marker on the prototype chain instead of object identity.

const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null;

/**
 * Gives `cls` a realm-independent `instanceof` and a `name`. The marker is the one the official SDK sets, so an
 * error made by either SDK passes the other's check. Subclasses that users write keep ordinary `instanceof` (the
 * inherited hook only applies the marker test to the class it was installed on).
 */
export function markErrorClass(cls: abstract new (...args: never[]) => Error, name: string): void {
  const marker = Symbol.for(`__temporal_is${name}`);
  Object.defineProperty(cls.prototype, marker, { value: true });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: { prototype: object }, value: unknown): boolean {
      if (this !== cls) return isObject(value) && Object.prototype.isPrototypeOf.call(this.prototype, value);
      return isObject(value) && value[marker] === true;
    },
  });
}

/** A value the code cannot handle: an invalid option, an unknown enum value, a payload it cannot convert. */
export class ValueError extends Error {
  constructor(
    message: string | undefined,
    public override readonly cause?: unknown,
  ) {
    super(message ?? undefined);
  }
}
markErrorClass(ValueError, 'ValueError');

/** Raised when a value cannot be encoded or a payload cannot be decoded: says which and why. */
export class PayloadConverterError extends ValueError {}
markErrorClass(PayloadConverterError, 'PayloadConverterError');

/** An operation that the object's current state forbids, e.g. using a worker after it shut down. */
export class IllegalStateError extends Error {}
markErrorClass(IllegalStateError, 'IllegalStateError');

/** The server does not know the workflow (wrong id, closed for this call, or deleted after retention). */
export class WorkflowNotFoundError extends Error {
  constructor(
    message: string,
    public readonly workflowId: string,
    public readonly runId: string | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowNotFoundError, 'WorkflowNotFoundError');

/** The server does not know the namespace. */
export class NamespaceNotFoundError extends Error {
  constructor(public readonly namespace: string) {
    super(`Namespace not found: '${namespace}'`);
  }
}
markErrorClass(NamespaceNotFoundError, 'NamespaceNotFoundError');

/**
 * Thrown by an activity to leave its task open: the worker reports nothing, and the activity is completed later,
 * from anywhere, with the client's AsyncCompletionClient and the task token (or workflow and activity ids).
 */
export class CompleteAsyncError extends Error {}
markErrorClass(CompleteAsyncError, 'CompleteAsyncError');

/** A payload refers to external storage, but no ExternalStorage is configured on this data converter. */
export class ExternalStorageNotConfiguredError extends Error {
  constructor(message = 'Detected externally stored payload(s) but external storage is not configured.') {
    super(`[TMPRL1105] ${message}`);
  }
}
markErrorClass(ExternalStorageNotConfiguredError, 'ExternalStorageNotConfiguredError');

const looksLikeError = (e: unknown): e is Error =>
  isObject(e) && typeof e.name === 'string' && typeof e.message === 'string' && (e.stack == null || typeof e.stack === 'string');

/** `error.message` of an error-like value, the value itself when it is a string, else undefined. */
export function errorMessage(error: unknown): string | undefined {
  if (looksLikeError(error)) return error.message;
  return typeof error === 'string' ? error : undefined;
}

/** `error.code` when it is a string (Node system errors), else undefined. */
export function errorCode(error: unknown): string | undefined {
  return isObject(error) && typeof error.code === 'string' ? error.code : undefined;
}

export { looksLikeError as isError };
