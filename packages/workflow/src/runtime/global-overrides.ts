// The sandbox's deterministic globals, installed once per sandbox: Date and Math.random answer the run being
// activated (workflow time, seeded randomness), setTimeout is a durable timer, console goes to the worker's
// console outside replay, TextEncoder / TextDecoder are the runtime's own, and WeakRef / FinalizationRegistry
// (whose timing depends on the GC) are gone. AsyncLocalStorage is the runtime's own, as a global too: the official
// sandbox offers it there, and libraries written for it (OpenTelemetry's context manager) take it from there.
import { Utf8TextDecoder, Utf8TextEncoder } from '@durable/common';
import { AsyncLocalStorage } from './async-local-storage.js';
import { CancellationScope } from './scope.js';
import { currentActivator, maybeActivator } from './state.js';
import type { HostPort } from './host.js';
import type { Activator } from './activator.js';

// Kept before they are replaced: workflowInfo().unsafe offers them, outside replay.
export const wallClockNow: () => number = Date.now.bind(Date);
export const hostRandom: () => number = Math.random.bind(Math);

const timers = new WeakMap<Activator, { next: number; scopes: Map<number, CancellationScope> }>();

function format(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

export function installGlobalOverrides(port: HostPort): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const OriginalDate = Date;
  class WorkflowDate extends OriginalDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(currentActivator().now);
      else super(...(args as [number]));
    }
    static override now(): number {
      return currentActivator().now;
    }
  }
  Object.defineProperty(WorkflowDate, 'name', { value: 'Date' });
  Object.defineProperty(g, 'Date', { value: WorkflowDate, writable: false, configurable: false, enumerable: false });
  Math.random = () => currentActivator().currentRandom();
  delete g.WeakRef;
  delete g.FinalizationRegistry;
  g.TextEncoder = Utf8TextEncoder;
  g.TextDecoder = Utf8TextDecoder;
  g.AsyncLocalStorage = AsyncLocalStorage;

  const setTimeoutInWorkflow = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number => {
    const activator = currentActivator();
    const stack = activator.stackOf(setTimeoutInWorkflow);
    let state = timers.get(activator);
    if (!state) timers.set(activator, (state = { next: 0, scopes: new Map() }));
    const id = ++state.next;
    const scope = new CancellationScope({ cancellable: true });
    const scopes = state.scopes;
    scopes.set(id, scope);
    scope
      .run(() => activator.sleep(Math.max(0, Number(ms) || 0), activator.nextSeq('timer'), undefined, stack))
      .then(
        () => {
          scopes.delete(id);
          fn(...args);
        },
        () => scopes.delete(id),
      );
    return id;
  };
  g.setTimeout = setTimeoutInWorkflow;
  g.clearTimeout = (id: number): void => {
    const activator = maybeActivator();
    if (activator) timers.get(activator)?.scopes.get(id)?.cancel();
  };

  const write = (level: string) => (...args: unknown[]) => {
    const activator = maybeActivator();
    if (!activator || activator.info?.unsafe.isReplayingHistoryEvents !== false) return;
    const { workflowType, workflowId } = activator.info;
    port.console(level, `[${workflowType}(${workflowId})] ${args.map(format).join(' ')}`);
  };
  g.console = { log: write('log'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug'), trace: write('trace') };
}
