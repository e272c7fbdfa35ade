/**
 * @durable/workflow/runtime: the entry the sandbox host uses — one copy per sandbox, shared by its runs (each run's
 * state lives in its Activator). Not for workflow code.
 */
import { Activator, unsafeRandomSource, type RunOptions, type Workflows } from './activator.js';
import { installGlobalOverrides, hostRandom, wallClockNow } from './global-overrides.js';
import { copyFromHost } from './host-copy.js';
import { maybeHostPort, setHostPort, type HostPort } from './host.js';
import { GlobalSwitch, deepFreeze, namespaceValues } from './isolation.js';
import { installStackTraces } from './stack-traces.js';
import { setActivator } from './state.js';
import type { WorkflowInterceptorsFactory } from './interceptors.js';
import type { Activation, ActivationCompletion } from './protocol.js';

/** The user's modules, instantiated for one run. */
export interface RunModules {
  workflows: Workflows;
  interceptorModules: { interceptors?: WorkflowInterceptorsFactory }[];
}

export interface RunApi {
  /** Copies an activation (host data) in; the next enter() applies it. */
  load(activation: Activation): void;
  /** Called inside the host's timed entry: applies the loaded activation (answers 0), else unblocks conditions (answers how many). */
  enter(): number;
  /** Whether any condition() is waiting; without one, there is nothing for enter() to unblock. */
  hasConditions(): boolean;
  conclude(): ActivationCompletion;
}

/** What the host passes for a run: data only (it is copied into the sandbox). */
export interface HostRunOptions {
  /** `iface.fn` of the sinks to call for calls made while replaying. */
  replaySinks?: string[];
  /** Worker option workflowFailureErrorTypes: error class names that fail the workflow instead of its task. */
  failureErrorTypeNames?: string[];
  /** See RunOptions.stacksWhileReplaying. */
  stacksWhileReplaying?: boolean;
}

/** The entry the host's timed script calls: runs the run it handed over. */
function enter(): number | undefined {
  const run = maybeHostPort()?.takeRun() as RunApi | undefined;
  return run?.enter();
}

let globals: GlobalSwitch | undefined;

/**
 * Connects this sandbox's runtime to its host, installs the deterministic globals, then freezes the built-ins and
 * the shared runtime's exports (`namespaces`: the workflow API and common modules) and records the pristine
 * globals each run starts from. Once per sandbox.
 */
export function installHost(port: HostPort, namespaces: readonly object[] = []): void {
  setHostPort(port);
  installGlobalOverrides(port);
  installStackTraces(port);
  Object.defineProperty(globalThis, '__durableEnter', { value: enter, writable: false, enumerable: false, configurable: false });
  const builtIns = Reflect.ownKeys(globalThis)
    .filter((key) => key !== 'globalThis')
    .map((key) => Object.getOwnPropertyDescriptor(globalThis, key)?.value as unknown);
  deepFreeze(builtIns, namespaceValues(namespaces));
  globals = new GlobalSwitch();
}

const unsafe = { random: unsafeRandomSource(hostRandom), now: wallClockNow };

/** The replay sinks of the last run created: a worker names the same ones for every run, which then share one set. */
let sharedReplaySinks: { key: string; set: ReadonlySet<string> } | undefined;

function replaySinkSet(names: readonly string[] = []): ReadonlySet<string> {
  const key = names.join('\0');
  if (sharedReplaySinks?.key !== key) sharedReplaySinks = { key, set: new Set(names) };
  return sharedReplaySinks.set;
}

/**
 * A run; its modules are instantiated on its first entry (so their top-level code runs timed, as workflow code). A
 * class, not an object of closures: a worker holds one per cached run, and methods shared on the prototype cost
 * nothing per run.
 */
class Run implements RunApi {
  private activator: Activator | undefined;
  private loaded: Activation | undefined;
  /** This run's own globals while another run is in place (see GlobalSwitch). */
  private readonly globalsOfRun: { globals?: Map<PropertyKey, PropertyDescriptor | undefined> } = {};

  private readonly replaySinks: ReadonlySet<string>;
  private readonly failureErrorTypeNames: string[];
  private readonly stacksWhileReplaying: boolean;

  constructor(
    private readonly instantiate: () => RunModules,
    given: HostRunOptions,
  ) {
    this.replaySinks = replaySinkSet(given.replaySinks);
    this.failureErrorTypeNames = given.failureErrorTypeNames ?? [];
    this.stacksWhileReplaying = given.stacksWhileReplaying === true;
  }

  private start(): Activator {
    // The run's activator is current before its modules are instantiated, so their top-level code runs in workflow
    // context, as upstream: OpenTelemetry's workflow module checks inWorkflowContext() there to install the
    // globals it needs. The activator reads the workflows and interceptor factories only when the run starts.
    const workflows: Workflows = {};
    const interceptors: WorkflowInterceptorsFactory[] = [];
    const options: RunOptions = {
      interceptors,
      replaySinks: this.replaySinks,
      failureErrorTypeNames: this.failureErrorTypeNames,
      stacksWhileReplaying: this.stacksWhileReplaying,
    };
    const a = new Activator(workflows, options, unsafe);
    setActivator(a);
    const modules = this.instantiate();
    Object.assign(workflows, modules.workflows);
    for (const m of modules.interceptorModules) if (typeof m.interceptors === 'function') interceptors.push(m.interceptors);
    return a;
  }

  private current(): Activator {
    if (!this.activator) throw new Error('The run was concluded before it was entered');
    // Runs share this runtime; entering a run makes it the current one. Activations are synchronous (and drained
    // before the next), so every continuation of a run executes while that run is current.
    setActivator(this.activator);
    return this.activator;
  }

  load(activation: Activation): void {
    this.loaded = copyFromHost(activation);
  }

  enter(): number {
    globals?.enter(this.globalsOfRun);
    if (!this.activator) this.activator = this.start();
    const a = this.current();
    const activation = this.loaded;
    if (!activation) return a.tryUnblockConditions();
    this.loaded = undefined;
    try {
      a.activate(activation);
    } catch (err) {
      a.failTask(err);
    }
    return 0;
  }

  hasConditions(): boolean {
    return this.activator?.hasConditions() ?? false;
  }

  conclude(): ActivationCompletion {
    return this.current().conclude();
  }
}

export function createRun(instantiate: () => RunModules, hostOptions: HostRunOptions = {}): RunApi {
  return new Run(instantiate, copyFromHost(hostOptions));
}

export type * from './protocol.js';
export { ActivityCancellationType } from './protocol.js';
export type { Workflows } from './activator.js';
export type { HostPort } from './host.js';
export type * from './interceptors.js';
