// The few things workflow code needs from the worker process, handed in once per sandbox by the host
// (@durable/workflow/sandbox). Every function takes and returns sandbox values or primitives only, and never throws
// a host-realm object, so no object of the host realm becomes reachable from workflow code.

export interface HostPort {
  /** The async-context frame current for this continuation (an object the sandbox stored), or undefined. */
  getFrame(): unknown;
  /** Runs `fn` with `frame` current for it and every continuation it starts; returns what `fn` returns. */
  runInFrame<T>(frame: unknown, fn: () => T): T;
  /** Makes `frame` current for the rest of this synchronous execution and its continuations. */
  enterFrame(frame: unknown): void;
  /** Wall-clock time in nanoseconds since the epoch, for log lines only (never workflow state). */
  timeOfDayNanos(): bigint;
  /** Writes a `console.*` line of workflow code (already formatted) to the worker's console. */
  console(level: string, line: string): void;
  /** The run the host is entering (a RunApi it got from createRun), handed over once; undefined otherwise. */
  takeRun(): unknown;
  /** Where a (1-based) position of the workflow bundle comes from, as `source:line:column`; undefined for runtime code. */
  sourcePosition(line: number, column: number): string | undefined;
  /** The text of an original source file (from the bundle's source map), for enhanced stack traces. */
  sourceText(path: string): string | undefined;
}

let port: HostPort | undefined;

/** Called once by the sandbox host, before any workflow code runs; a second call is refused. */
export function setHostPort(p: HostPort): void {
  if (port) throw new Error('The workflow runtime is already connected to its host');
  port = p;
}

/** The host port, or undefined when this code runs outside a sandbox (e.g. a client importing definitions). */
export function maybeHostPort(): HostPort | undefined {
  return port;
}
