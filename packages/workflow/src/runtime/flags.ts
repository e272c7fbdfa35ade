// The official SDK's language flags (@temporalio/workflow/lib/flags): each names a behaviour change that a run
// takes only if its history says it may. Durable's runtime has always behaved the newer way for every one of them,
// and its worker records all of them in a run's first workflow task, so in any run Durable runs they are all on.
// Interceptor packages written for the official SDK ask `getActivator().hasFlag(SdkFlags.X)` through a deep import
// the bundler maps here (OpenTelemetry's workflow interceptors do).
import { currentActivator } from './state.js';

export interface SdkFlag {
  readonly id: number;
  readonly default: boolean;
}

export const SdkFlags = {
  NonCancellableScopesAreShieldedFromPropagation: { id: 1, default: true },
  ProcessWorkflowActivationJobsAsSingleBatch: { id: 2, default: true },
  OpenTelemetryInterceptorsTracesInboundSignals: { id: 3, default: true },
  OpenTelemetryInterceptorsTracesLocalActivities: { id: 4, default: true },
  OpenTelemetryInterceporsAvoidsExtraYields: { id: 5, default: true },
  OpenTelemetryInterceptorsInstrumentsAllMethods: { id: 6, default: true },
} as const satisfies Record<string, SdkFlag>;

/** The ids the worker records as `langUsedFlags`. */
export const SDK_FLAG_IDS: readonly number[] = Object.values(SdkFlags).map((f) => f.id);

const known = new Set(SDK_FLAG_IDS);

/** The part of the official SDK's activator that interceptor packages use: whether a flag is on for this run. */
export interface WorkflowActivator {
  hasFlag(flag: SdkFlag): boolean;
}

const activatorView: WorkflowActivator = { hasFlag: (flag) => known.has(flag.id) };

/** The current run's activator, as `@temporalio/workflow/lib/global-attributes` offers it; throws outside a workflow. */
export function getActivator(): WorkflowActivator {
  currentActivator();
  return activatorView;
}
