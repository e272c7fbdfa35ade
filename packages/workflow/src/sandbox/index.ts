/**
 * @durable/workflow/sandbox: the Node side of workflow execution. One node:vm context per worker holds the compiled
 * bundle (the workflow runtime and the user's code); each run gets its own instance of the user's modules, and
 * determinism (Date, Math.random, timers) follows the run being entered. Activations are synchronous, so only one
 * run is current at a time. The context receives no object of this realm: the runtime talks to it through a
 * port of functions that take and return sandbox values or primitives.
 */
import vm from 'node:vm';
import { SourceMap } from 'node:module';
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultFailureConverter, defaultPayloadConverter } from '@durable/common';
import type { Activation, ActivationCompletion, HostPort, HostRunOptions, RunApi, RunModules } from '../runtime/index.js';

export type {
  Activation,
  ActivationCompletion,
  Command,
  Job,
  Resolution,
  InitializeWorkflow,
  ScheduleLocalActivity,
  UserMetadata,
  LocalActivityMarker,
  SinkCall,
  HostRunOptions,
} from '../runtime/index.js';
export { SDK_FLAG_IDS } from '../runtime/flags.js';

/** What evaluating a workflow bundle answers (see bundleWorkflowCode). */
interface BundleExports {
  installHost(port: HostPort): void;
  createRun(instantiate: () => RunModules, options: HostRunOptions): RunApi;
  instantiate(): RunModules;
}

const enterScript = new vm.Script('__durableEnter()', { filename: 'durable:enter' });

export interface WorkflowSandboxOptions {
  /** How long one entry into workflow code may run before it is treated as a deadlock. Default 5 s. */
  activationTimeoutMs?: number;
  /** Where `console.*` lines of workflow code go (outside replay). Default: this process's console. */
  console?: (level: string, line: string) => void;
}

/** Raised when workflow code does not yield within the activation timeout (an infinite loop, a busy wait). */
export class DeadlockError extends Error {}
Object.defineProperty(DeadlockError.prototype, 'name', { value: 'DeadlockError' });

const writeConsole = (level: string, line: string) => {
  const method = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log;
  method(line);
};

export class WorkflowSandbox {
  private readonly context: vm.Context;
  private readonly bundle: BundleExports;
  private readonly timeout: number;
  // Carries the runtime's async-context frames (sandbox objects) across await inside the context.
  private readonly frames = new AsyncLocalStorage<unknown>();
  private nextRun: RunApi | undefined;

  constructor(bundleCode: string, options: WorkflowSandboxOptions = {}) {
    this.timeout = options.activationTimeoutMs ?? 5000;
    const out = options.console ?? writeConsole;
    // Each function catches what it might throw in this realm: a host error reaching workflow code would hand it
    // this realm's constructors.
    const port: HostPort = {
      getFrame: () => this.frames.getStore(),
      runInFrame: (frame, fn) => this.frames.run(frame, fn),
      enterFrame: (frame) => this.frames.enterWith(frame),
      timeOfDayNanos: () => BigInt(Date.now()) * 1_000_000n,
      console: (level, line) => {
        try {
          out(String(level), String(line));
        } catch {
          // A console that cannot be written is not the workflow's problem.
        }
      },
      takeRun: () => {
        const run = this.nextRun;
        this.nextRun = undefined;
        return run;
      },
      sourcePosition: (line, column) => sources()?.position(line, column),
      sourceText: (path) => sources()?.text(String(path)),
    };
    // Read when a stack is first mapped: parsing the map costs ~10 ms of a worker's start, and most workers never
    // map a stack.
    let parsed: { sources: BundleSources | undefined } | undefined;
    const sources = () => (parsed ??= { sources: BundleSources.of(bundleCode) }).sources;
    // A null-prototype object: the context's global falls back to it for missing names, and an ordinary object's
    // inherited members (constructor, toString …) would be this realm's functions.
    this.context = vm.createContext(Object.create(null) as object, { microtaskMode: 'afterEvaluate' });
    const exports = new vm.Script(bundleCode, { filename: 'workflow-bundle.js' }).runInContext(this.context) as BundleExports | undefined;
    if (typeof exports?.installHost !== 'function' || typeof exports.instantiate !== 'function') {
      throw new TypeError('The workflow bundle does not evaluate to the runtime entry points: build it with bundleWorkflowCode of this version');
    }
    this.bundle = exports;
    exports.installHost(port);
  }

  /** A new run, with its own instance of the workflow modules (made when it is first entered). */
  createRun(options: HostRunOptions = {}): SandboxRun {
    return new SandboxRun(this, this.bundle.createRun(this.bundle.instantiate, options));
  }

  /** One timed entry into the run; the microtasks it queued are drained before it returns. */
  private enter(run: RunApi): number {
    this.nextRun = run;
    try {
      return this.frames.run(undefined, () => enterScript.runInContext(this.context, { timeout: this.timeout }) as number);
    } catch (err) {
      if ((err as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new DeadlockError(`Potential deadlock: workflow code did not yield within ${this.timeout} ms`);
      }
      throw err;
    } finally {
      this.nextRun = undefined;
    }
  }

  /** Runs one activation to quiescence: jobs, then microtasks and conditions until nothing changes. */
  activate(run: RunApi, activation: Activation): ActivationCompletion {
    run.load(activation);
    try {
      // Each timed entry starts a watchdog thread (~0.1 ms, more under load), so workflow code is entered only where
      // it runs: the jobs with their microtasks, and condition predicates when there are any.
      this.enter(run);
      while (run.hasConditions()) {
        if (this.enter(run) === 0) break;
      }
    } catch (err) {
      if (err instanceof DeadlockError) throw err;
      // Thrown before the run could catch it (its modules failed to load): the task fails with it.
      return { commands: [], sinkCalls: [], taskFailure: defaultFailureConverter.errorToFailure(err, defaultPayloadConverter) };
    }
    return run.conclude();
  }
}

/** The bundle's inline source map (see bundleWorkflowCode): positions in the user's code back to their sources. */
class BundleSources {
  private constructor(
    private readonly map: SourceMap,
    private readonly contents: Map<string, string>,
  ) {}

  static of(bundleCode: string): BundleSources | undefined {
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(bundleCode);
    if (!m) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      const contents = new Map<string, string>();
      payload.sources.forEach((source, i) => {
        const text = payload.sourcesContent?.[i];
        if (typeof text === 'string') contents.set(source, text);
      });
      return new BundleSources(new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), contents);
    } catch {
      // A bundle with an unreadable map still runs; its stack traces show bundle positions.
      return undefined;
    }
  }

  /** `source:line:column` (1-based) of a 1-based bundle position, when it lies on a line of the user's code. */
  position(line: number, column: number): string | undefined {
    try {
      const e = this.map.findEntry(Number(line) - 1, Number(column) - 1) as { generatedLine?: number; originalSource?: string; originalLine?: number; originalColumn?: number };
      if (e.originalSource === undefined || e.generatedLine !== Number(line) - 1) return undefined;
      return `${e.originalSource}:${(e.originalLine ?? 0) + 1}:${(e.originalColumn ?? 0) + 1}`;
    } catch {
      return undefined;
    }
  }

  text(path: string): string | undefined {
    return this.contents.get(path);
  }
}

export class SandboxRun {
  constructor(
    private readonly sandbox: WorkflowSandbox,
    private readonly api: RunApi,
  ) {}

  activate(activation: Activation): ActivationCompletion {
    return this.sandbox.activate(this.api, activation);
  }
}
