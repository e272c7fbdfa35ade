// Options shared by clients starting workflows and workflows starting children: id reuse and conflict policies,
// workflow definition options (defineWorkflowOptions), and how a workflow's type name is found.
import { makeEnumConverters } from './enum-converters.js';
import type { PayloadTypeInfo } from './payload-converter.js';

export const WorkflowIdReusePolicy = {
  ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  /** @deprecated upstream: use WorkflowIdConflictPolicy.TERMINATE_EXISTING. */
  TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
  /** The protobuf spellings, accepted as the official SDK accepts them. */
  WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED: undefined,
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
} as const;
export type WorkflowIdReusePolicy = (typeof WorkflowIdReusePolicy)[keyof typeof WorkflowIdReusePolicy];

export const [encodeWorkflowIdReusePolicy, decodeWorkflowIdReusePolicy] = makeEnumConverters<Exclude<WorkflowIdReusePolicy, undefined>>(
  { UNSPECIFIED: 0, ALLOW_DUPLICATE: 1, ALLOW_DUPLICATE_FAILED_ONLY: 2, REJECT_DUPLICATE: 3, TERMINATE_IF_RUNNING: 4 },
  'WORKFLOW_ID_REUSE_POLICY_',
);

export const WorkflowIdConflictPolicy = {
  FAIL: 'FAIL',
  USE_EXISTING: 'USE_EXISTING',
  TERMINATE_EXISTING: 'TERMINATE_EXISTING',
} as const;
export type WorkflowIdConflictPolicy = (typeof WorkflowIdConflictPolicy)[keyof typeof WorkflowIdConflictPolicy];

export const [encodeWorkflowIdConflictPolicy, decodeWorkflowIdConflictPolicy] = makeEnumConverters<WorkflowIdConflictPolicy>(
  { UNSPECIFIED: 0, FAIL: 1, USE_EXISTING: 2, TERMINATE_EXISTING: 3 },
  'WORKFLOW_ID_CONFLICT_POLICY_',
);

/** What a workflow does with signal and update handlers still running when it completes. */
export const HandlerUnfinishedPolicy = {
  /** Log a warning naming the unfinished handlers, then abandon them. */
  WARN_AND_ABANDON: 'WARN_AND_ABANDON',
  /** Abandon them silently. */
  ABANDON: 'ABANDON',
} as const;
export type HandlerUnfinishedPolicy = (typeof HandlerUnfinishedPolicy)[keyof typeof HandlerUnfinishedPolicy];

export const VersioningBehavior = { PINNED: 'PINNED', AUTO_UPGRADE: 'AUTO_UPGRADE' } as const;
export type VersioningBehavior = (typeof VersioningBehavior)[keyof typeof VersioningBehavior];
export const [encodeVersioningBehavior, decodeVersioningBehavior] = makeEnumConverters<VersioningBehavior>(
  { UNSPECIFIED: 0, PINNED: 1, AUTO_UPGRADE: 2 },
  'VERSIONING_BEHAVIOR_',
);

export const InitialVersioningBehavior = { AUTO_UPGRADE: 'AUTO_UPGRADE', USE_RAMPING_VERSION: 'USE_RAMPING_VERSION' } as const;
export type InitialVersioningBehavior = (typeof InitialVersioningBehavior)[keyof typeof InitialVersioningBehavior];
export const [encodeInitialVersioningBehavior, decodeInitialVersioningBehavior] = makeEnumConverters<InitialVersioningBehavior>(
  { UNSPECIFIED: 0, AUTO_UPGRADE: 1, USE_RAMPING_VERSION: 2 },
  'CONTINUE_AS_NEW_VERSIONING_BEHAVIOR_',
);

export interface WorkerDeploymentVersion {
  readonly buildId: string;
  readonly deploymentName: string;
}
export type PinnedVersioningOverride = { pinnedTo: WorkerDeploymentVersion };
export type AutoUpgradeVersioningOverride = 'AUTO_UPGRADE';
export type VersioningOverride = PinnedVersioningOverride | AutoUpgradeVersioningOverride;

/** `deploymentName.buildId`, the form the server names a version by. */
export function toCanonicalString(version: WorkerDeploymentVersion): string {
  return `${version.deploymentName}.${version.buildId}`;
}

/** A version from its protobuf form; without a build id there is none. */
export function convertDeploymentVersion(v: { buildId?: string | null; deploymentName?: string | null } | null | undefined): WorkerDeploymentVersion | undefined {
  if (!v?.buildId) return undefined;
  return { buildId: v.buildId, deploymentName: v.deploymentName ?? '' };
}

export const SuggestContinueAsNewReason = {
  HISTORY_SIZE_TOO_LARGE: 'HISTORY_SIZE_TOO_LARGE',
  TOO_MANY_HISTORY_EVENTS: 'TOO_MANY_HISTORY_EVENTS',
  TOO_MANY_UPDATES: 'TOO_MANY_UPDATES',
} as const;
export type SuggestContinueAsNewReason = (typeof SuggestContinueAsNewReason)[keyof typeof SuggestContinueAsNewReason];

/** Options a workflow declares about itself (defineWorkflowOptions / setWorkflowOptions). */
export interface WorkflowDefinitionOptions {
  versioningBehavior?: VersioningBehavior;
  /** Errors of these classes fail the workflow instead of failing (and retrying) the workflow task. */
  failureExceptionTypes?: Array<new (...args: never[]) => Error>;
}
export type WorkflowDefinitionOptionsOrGetter = WorkflowDefinitionOptions | (() => WorkflowDefinitionOptions);
export interface WorkflowStaticOptions {
  typeInfo?: PayloadTypeInfo;
}
export interface WorkflowDefinitionConfig {
  workflowDefinitionOptions?: WorkflowDefinitionOptionsOrGetter;
  staticOptions?: WorkflowStaticOptions;
}
type AsyncFunction<Args extends unknown[], R> = (...args: Args) => Promise<R>;
export interface WorkflowFunctionWithOptions<Args extends unknown[], R> extends AsyncFunction<Args, R> {
  workflowDefinitionOptions: WorkflowDefinitionOptionsOrGetter;
}
export interface WorkflowFunctionWithStaticOptions<Args extends unknown[], R> extends AsyncFunction<Args, R> {
  staticOptions: WorkflowStaticOptions;
}

export function isWorkflowFunctionWithOptions(obj: unknown): obj is WorkflowFunctionWithOptions<unknown[], unknown> {
  return typeof obj === 'function' && Object.prototype.hasOwnProperty.call(obj, 'workflowDefinitionOptions');
}

export function isWorkflowFunctionWithStaticOptions(obj: unknown): obj is WorkflowFunctionWithStaticOptions<unknown[], unknown> {
  if (typeof obj !== 'function' || !Object.prototype.hasOwnProperty.call(obj, 'staticOptions')) return false;
  const { staticOptions } = obj as { staticOptions?: unknown };
  return typeof staticOptions === 'object' && staticOptions !== null;
}

export interface ActivityDefinitionOptions {
  typeInfo?: PayloadTypeInfo;
}
export function isActivityFunctionWithOptions(value: unknown): value is ((...args: never[]) => unknown) & { activityDefinitionOptions: ActivityDefinitionOptions } {
  if (typeof value !== 'function' || !Object.prototype.hasOwnProperty.call(value, 'activityDefinitionOptions')) return false;
  const { activityDefinitionOptions } = value as { activityDefinitionOptions?: unknown };
  return typeof activityDefinitionOptions === 'object' && activityDefinitionOptions !== null;
}

export interface WorkflowTypeOptions {
  type: string;
  typeInfo?: PayloadTypeInfo;
}

/** The workflow type name (a string as given, or the function's name) and the type information declared for it. */
export function extractWorkflowTypeAndConfig(workflowTypeOrFunc: string | ((...args: never[]) => unknown), callSiteTypeInfo?: PayloadTypeInfo): WorkflowTypeOptions {
  if (typeof workflowTypeOrFunc === 'string') return { type: workflowTypeOrFunc, typeInfo: callSiteTypeInfo };
  if (typeof workflowTypeOrFunc !== 'function') {
    throw new TypeError(`Invalid workflow type: expected either a string or a function, got '${typeof workflowTypeOrFunc}'`);
  }
  if (!workflowTypeOrFunc.name) throw new TypeError('Invalid workflow type: the workflow function is anonymous');
  if (callSiteTypeInfo !== undefined) {
    throw new TypeError(
      'Workflow type information cannot be given at the call site with a workflow function: declare it with defineWorkflowOptions(fn, { staticOptions: { typeInfo } }), or pass the workflow type as a string',
    );
  }
  return {
    type: workflowTypeOrFunc.name,
    typeInfo: isWorkflowFunctionWithStaticOptions(workflowTypeOrFunc) ? workflowTypeOrFunc.staticOptions.typeInfo : undefined,
  };
}

export function extractWorkflowType(workflowTypeOrFunc: string | ((...args: never[]) => unknown)): string {
  return extractWorkflowTypeAndConfig(workflowTypeOrFunc).type;
}
