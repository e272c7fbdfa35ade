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

/** A run; its modules are instantiated on its first entry (so their top-level code runs timed, as workflow code). */
export function createRun(instantiate: () => RunModules, hostOptions: HostRunOptions = {}): RunApi {
  const given = copyFromHost(hostOptions);
  let activator: Activator | undefined;
  let loaded: Activation | undefined;
  // This run's own globals while another run is in place (see GlobalSwitch).
  const globalsOfRun: { globals?: Map<PropertyKey, PropertyDescriptor | undefined> } = {};
  const start = (): Activator => {
    // The run's activator is current before its modules are instantiated, so their top-level code runs in workflow
    // context, as upstream: OpenTelemetry's workflow module checks inWorkflowContext() there to install the
    // globals it needs. The activator reads the workflows and interceptor factories only when the run starts.
    const workflows: Workflows = {};
    const interceptors: WorkflowInterceptorsFactory[] = [];
    const options: RunOptions = {
      interceptors,
      replaySinks: new Set(given.replaySinks ?? []),
      failureErrorTypeNames: given.failureErrorTypeNames ?? [],
      stacksWhileReplaying: given.stacksWhileReplaying === true,
    };
    const a = new Activator(workflows, options, unsafe);
    setActivator(a);
    const modules = instantiate();
    Object.assign(workflows, modules.workflows);
    for (const m of modules.interceptorModules) if (typeof m.interceptors === 'function') interceptors.push(m.interceptors);
    return a;
  };
  const current = (): Activator => {
    if (!activator) throw new Error('The run was concluded before it was entered');
    // Runs share this runtime; entering a run makes it the current one. Activations are synchronous (and drained
    // before the next), so every continuation of a run executes while that run is current.
    setActivator(activator);
    return activator;
  };
  return {
    load(activation) {
      loaded = copyFromHost(activation);
    },
    enter() {
      globals?.enter(globalsOfRun);
      if (!activator) activator = start();
      const a = current();
      const activation = loaded;
      if (!activation) return a.tryUnblockConditions();
      loaded = undefined;
      try {
        a.activate(activation);
      } catch (err) {
        a.failTask(err);
      }
      return 0;
    },
    hasConditions: () => activator?.hasConditions() ?? false,
    conclude: () => current().conclude(),
  };
}

export type * from './protocol.js';
export { ActivityCancellationType } from './protocol.js';
export type { Workflows } from './activator.js';
export type { HostPort } from './host.js';
export type * from './interceptors.js';
