/**
 * @durable/workflow/sandbox: the Node side of workflow execution. One node:vm context per worker holds the compiled
 * bundle; each run gets its own instance of the bundle's modules, and determinism (Date, Math.random, timers) is
 * routed to the run being activated. Activations are synchronous, so only one run is current at a time.
 */
import vm from 'node:vm';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activation, ActivationCompletion, LogSink, RunApi, Workflows, WorkflowInterceptorsFactory } from '../runtime/index.js';

export type { Activation, ActivationCompletion, Command, Job, Resolution, InitializeWorkflow, ScheduleLocalActivity, LocalActivityMarker } from '../runtime/index.js';

interface BundleInstance {
  workflows: Workflows;
  interceptorModules: { interceptors?: WorkflowInterceptorsFactory }[];
  createRun(workflows: Workflows, log: LogSink, interceptors: WorkflowInterceptorsFactory[]): RunApi;
}

interface SandboxGlobals {
  __durableFactory?: () => BundleInstance;
  __durableRun?: RunApi;
  __durableInput?: Activation;
  __durableOutput?: unknown;
}

// Installed once per context: Date and Math.random read the current run; no WeakRef / FinalizationRegistry,
// whose timing depends on the garbage collector.
const DETERMINISM = `(() => {
  const host = globalThis.__durableHost;
  delete globalThis.__durableHost;
  const OriginalDate = globalThis.Date;
  class Date extends OriginalDate {
    constructor(...args) {
      if (args.length === 0) super(host.now());
      else super(...args);
    }
    static now() { return host.now(); }
  }
  Object.defineProperty(globalThis, 'Date', { value: Date, writable: false, configurable: false });
  Math.random = () => host.random();
  delete globalThis.WeakRef;
  delete globalThis.FinalizationRegistry;
  globalThis.setTimeout = (fn, ms, ...args) => host.setTimeout(fn, ms, args);
  globalThis.clearTimeout = (id) => host.clearTimeout(id);
  const log = (level) => (...args) => host.console(level, args);
  globalThis.console = { log: log('INFO'), info: log('INFO'), warn: log('WARN'), error: log('ERROR'), debug: log('DEBUG'), trace: log('TRACE') };
})();`;

const activateScript = new vm.Script('globalThis.__durableRun.activate(globalThis.__durableInput)', { filename: 'durable:activate' });
const unblockScript = new vm.Script('globalThis.__durableOutput = globalThis.__durableRun.tryUnblockConditions()', { filename: 'durable:unblock' });

export interface WorkflowSandboxOptions {
  /** Where workflow `log` / `console` lines go. Default: console of the worker process. */
  log?: LogSink;
  /** How long one activation may run before it is treated as a deadlock. Default 5 s. */
  activationTimeoutMs?: number;
}

/** Raised when workflow code does not yield within the activation timeout (an infinite loop, a busy wait). */
export class DeadlockError extends Error {}
Object.defineProperty(DeadlockError.prototype, 'name', { value: 'DeadlockError' });

export class WorkflowSandbox {
  private readonly context: vm.Context & SandboxGlobals;
  private current: RunApi | undefined;
  private readonly log: LogSink;
  private readonly timeout: number;

  constructor(bundleCode: string, options: WorkflowSandboxOptions = {}) {
    this.log = options.log ?? ((level, message, attrs) => console.log(`[workflow ${level}] ${message}`, attrs));
    this.timeout = options.activationTimeoutMs ?? 5000;
    const run = () => {
      if (!this.current) throw new Error('Workflow code ran outside an activation');
      return this.current;
    };
    const host = {
      now: () => run().now(),
      random: () => run().random(),
      setTimeout: (fn: (...a: unknown[]) => void, ms: number, args: unknown[]) => run().setTimeout(fn, ms, args),
      clearTimeout: (id: number) => run().clearTimeout(id),
      console: (level: string, args: unknown[]) => run().console(level, args),
    };
    this.context = vm.createContext(
      { __durableHost: host, __durableAsyncLocalStorage: AsyncLocalStorage, TextEncoder, TextDecoder },
      { microtaskMode: 'afterEvaluate' },
    ) as vm.Context & SandboxGlobals;
    vm.runInContext(DETERMINISM, this.context, { filename: 'durable:determinism' });
    new vm.Script(bundleCode, { filename: 'workflow-bundle.js' }).runInContext(this.context);
    if (typeof this.context.__durableFactory !== 'function') {
      throw new TypeError('The workflow bundle does not define __durableFactory: build it with bundleWorkflowCode');
    }
  }

  /** A new run with its own instance of the workflow modules. */
  createRun(): SandboxRun {
    const instance = this.context.__durableFactory!();
    const factories = instance.interceptorModules.map((m) => m.interceptors).filter((f): f is WorkflowInterceptorsFactory => typeof f === 'function');
    return new SandboxRun(this, instance.createRun(instance.workflows, this.log, factories));
  }

  /** Runs one activation to quiescence: jobs, then microtasks and conditions until nothing changes. */
  activate(run: RunApi, activation: Activation): ActivationCompletion {
    const ctx = this.context;
    this.current = run;
    ctx.__durableRun = run;
    ctx.__durableInput = activation;
    try {
      // Each entry with a timeout starts a watchdog thread (~0.1 ms, more under load), so user code is entered with
      // one only where it runs: the jobs with their microtasks, and condition predicates when there are any.
      // Checking for conditions and collecting the commands run only our runtime, called directly.
      const opts = { timeout: this.timeout };
      activateScript.runInContext(ctx, opts);
      while (run.hasConditions()) {
        unblockScript.runInContext(ctx, opts);
        if (ctx.__durableOutput === 0) break;
      }
      return run.conclude();
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new DeadlockError(`Potential deadlock: workflow code did not yield within ${this.timeout} ms`);
      }
      throw err;
    } finally {
      this.current = undefined;
      ctx.__durableRun = undefined;
      ctx.__durableInput = undefined;
      ctx.__durableOutput = undefined;
    }
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
