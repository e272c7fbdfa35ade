// Stack traces of workflow code, mapped to the user's sources: every error's `stack` (through the sandbox's own
// Error.prepareStackTrace), and the stacks of the work a run is waiting on, captured when the work was started, for
// the built-in queries __stack_trace and __enhanced_stack_trace (in the official SDK's formats).
import type { HostPort } from './host.js';

export interface StackTraceSDKInfo {
  name: string;
  version: string;
}
/** A piece of a source file, for the UI to show around a location. */
export interface StackTraceFileSlice {
  line_offset: number;
  content: string;
}
export interface StackTraceFileLocation {
  file_path?: string;
  line?: number;
  column?: number;
  function_name?: string;
  internal_code: boolean;
}
export interface StackTrace {
  locations: StackTraceFileLocation[];
}
export interface EnhancedStackTrace {
  sdk: StackTraceSDKInfo;
  sources: Record<string, StackTraceFileSlice[]>;
  stacks: StackTrace[];
}

export const SDK_INFO: StackTraceSDKInfo = { name: 'typescript', version: '0.1.0' };

/** The structural face of V8's CallSite (the sandbox has no type for it). */
interface CallSite {
  getFileName(): string | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  getTypeName(): string | null;
  getMethodName(): string | null;
  isConstructor(): boolean;
  isAsync?(): boolean;
  toString(): string;
}

/** Where the stack of a piece of pending work was taken; its `stack` is the user's frames (structured). */
export class PendingStack {
  declare readonly stack: StackTraceFileLocation[];
}

const BUNDLE_FILE = 'workflow-bundle.js';
// Deep enough for the user's callers of an API, shallow enough to keep replay fast: V8 pays for every frame it
// collects (a sleep in a replay of thousands of timers is measured in the bench).
const PENDING_DEPTH = 8;

/** A public API function (or class) whose frame, and the runtime's frames above it, a stack leaves out. */
export type StackEntry = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);

let port: HostPort | undefined;

function callSiteName(site: CallSite): string | undefined {
  const type = site.getTypeName();
  const method = site.getMethodName();
  const fn = site.getFunctionName();
  if (type && method && !fn) return `${type}.${method}`;
  if (site.isConstructor() && fn) return `new ${fn}`;
  return fn ?? undefined;
}

/** The user's location of a frame, or undefined for a frame of the runtime or of the platform. */
function userLocation(site: CallSite): StackTraceFileLocation | undefined {
  if (site.getFileName() !== BUNDLE_FILE) return undefined;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!port || line === null || column === null) return undefined;
  const mapped = port.sourcePosition(line, column);
  if (!mapped) return undefined;
  const m = /^(.*):(\d+):(\d+)$/.exec(mapped);
  if (!m) return undefined;
  return { file_path: m[1], line: Number(m[2]), column: Number(m[3]), function_name: callSiteName(site), internal_code: false };
}

function formatFrame(site: CallSite): string {
  const loc = userLocation(site);
  if (!loc) return `    at ${site.toString()}`;
  const where = `${loc.file_path}:${loc.line}:${loc.column}`;
  const prefix = site.isAsync?.() ? 'async ' : '';
  return loc.function_name ? `    at ${prefix}${loc.function_name} (${where})` : `    at ${prefix}${where}`;
}

function header(error: unknown): string {
  try {
    return String(error);
  } catch {
    return 'Error';
  }
}

/** Installs the sandbox's Error.prepareStackTrace; called before the built-ins are frozen (it stays as it is). */
export function installStackTraces(hostPort: HostPort): void {
  port = hostPort;
  Object.defineProperty(Error, 'prepareStackTrace', {
    value(error: unknown, sites: CallSite[]): unknown {
      if (error instanceof PendingStack) return sites.map(userLocation).filter((l): l is StackTraceFileLocation => l !== undefined);
      return [header(error), ...sites.map(formatFrame)].join('\n');
    },
    writable: false,
    enumerable: false,
    configurable: false,
  });
}

/**
 * Takes the stack of the code that called `entry` (the API the user called), to report later should the work it
 * starts still be pending; the frames above `entry` are the runtime's, not worth collecting.
 */
export function captureStack(entry: StackEntry = captureStack): PendingStack {
  const holder = new PendingStack();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = PENDING_DEPTH;
  Error.captureStackTrace(holder, entry as (...args: never[]) => unknown);
  Error.stackTraceLimit = limit;
  return holder;
}

const formatLocation = (l: StackTraceFileLocation) => `    at ${l.function_name ? `${l.function_name} (${l.file_path}:${l.line}:${l.column})` : `${l.file_path}:${l.line}:${l.column}`}`;

/** The first user frame of `holder`, as ` at fn (file:line:col)`, for messages. */
export function describeOrigin(holder: PendingStack | undefined): string {
  const first = holder?.stack[0];
  return first ? ` at ${formatLocation(first).trim().slice(3)}` : '';
}

/** The stacks of pending work (each taken when the work started), distinct and in the order given. */
function distinct(holders: Iterable<PendingStack>): StackTraceFileLocation[][] {
  const seen = new Set<string>();
  const out: StackTraceFileLocation[][] = [];
  for (const h of holders) {
    const stack = h.stack;
    const key = stack.map(formatLocation).join('\n');
    if (!stack.length || seen.has(key)) continue;
    seen.add(key);
    out.push(stack);
  }
  return out;
}

/** The answers of the two stack trace queries, from the stacks of a run's pending work. */
export class StackTraces {
  constructor(private readonly pending: () => Iterable<PendingStack>) {}

  formatted(): string {
    return distinct(this.pending())
      .map((stack) => stack.map(formatLocation).join('\n'))
      .join('\n\n');
  }

  enhanced(): EnhancedStackTrace {
    const stacks = distinct(this.pending());
    const sources: Record<string, StackTraceFileSlice[]> = {};
    for (const stack of stacks) {
      for (const { file_path } of stack) {
        if (!file_path || sources[file_path]) continue;
        const content = port?.sourceText(file_path);
        if (content !== undefined) sources[file_path] = [{ line_offset: 0, content }];
      }
    }
    return { sdk: SDK_INFO, stacks: stacks.map((locations) => ({ locations })), sources };
  }
}
