// client.taskQueue: worker build-id versioning of a task queue (deprecated upstream in favour of worker deployments,
// kept for code that uses it): version sets, their changes, and which build ids can still get tasks.
import { grpcJs, type temporal, type WorkflowService } from '@durable/proto';
import { makeEnumConverters, type LoadedDataConverter } from '@durable/common';
import { BaseClient, baseOptions, type BaseClientOptions } from './base-client.js';
import { BuildIdNotFoundError, ServiceError, isGrpcServiceError } from './errors.js';
import { rethrowKnownErrorTypes } from './grpc-errors.js';

const { status } = grpcJs;

/** Stands for "tasks not pinned to a build id" in reachability queries and answers. */
export const UnversionedBuildId = Symbol.for('__temporal_unversionedBuildId');
export type UnversionedBuildIdType = typeof UnversionedBuildId;

export type BuildIdOperation =
  | { operation: 'addNewIdInNewDefaultSet'; buildId: string }
  | { operation: 'addNewCompatibleVersion'; buildId: string; existingCompatibleBuildId: string; promoteSet?: boolean }
  | { operation: 'promoteSetByBuildId'; buildId: string }
  | { operation: 'promoteBuildIdWithinSet'; buildId: string }
  | { operation: 'mergeSets'; primaryBuildId: string; secondaryBuildId: string };

export interface BuildIdVersionSet {
  readonly buildIds: string[];
  readonly default: string;
}
export interface WorkerBuildIdVersionSets {
  readonly versionSets: BuildIdVersionSet[];
  readonly defaultSet: BuildIdVersionSet;
  readonly defaultBuildId: string;
}

export const ReachabilityType = {
  /** Can get tasks of workflows started from now on. */
  NEW_WORKFLOWS: 'NEW_WORKFLOWS',
  /** Can get tasks of workflows started before, open or closed. */
  EXISTING_WORKFLOWS: 'EXISTING_WORKFLOWS',
  OPEN_WORKFLOWS: 'OPEN_WORKFLOWS',
  CLOSED_WORKFLOWS: 'CLOSED_WORKFLOWS',
} as const;
export type ReachabilityType = (typeof ReachabilityType)[keyof typeof ReachabilityType];
export const [encodeTaskReachability, decodeTaskReachability] = makeEnumConverters<ReachabilityType>(
  { UNSPECIFIED: 0, NEW_WORKFLOWS: 1, EXISTING_WORKFLOWS: 2, OPEN_WORKFLOWS: 3, CLOSED_WORKFLOWS: 4 },
  'TASK_REACHABILITY_',
);

export type ReachabilityTypeResponse = ReachabilityType | 'NOT_FETCHED';
export interface BuildIdReachability {
  taskQueueReachability: Record<string, ReachabilityTypeResponse[]>;
}
export interface ReachabilityResponse {
  buildIdReachability: Record<string | UnversionedBuildIdType, BuildIdReachability>;
}
export interface ReachabilityOptions {
  buildIds?: (string | UnversionedBuildIdType)[];
  taskQueues?: string[];
  reachability?: ReachabilityType;
}

/** The API's answer as ReachabilityResponse: per build id (UnversionedBuildId for ''), per task queue. */
export function reachabilityResponseFromProto(resp: temporal.api.workflowservice.v1.IGetWorkerTaskReachabilityResponse): ReachabilityResponse {
  const out = {} as Record<string | UnversionedBuildIdType, BuildIdReachability>;
  for (const bir of resp.buildIdReachability ?? []) {
    const taskQueueReachability: Record<string, ReachabilityTypeResponse[]> = {};
    for (const tqr of bir.taskQueueReachability ?? []) {
      if (!tqr.taskQueue) continue;
      taskQueueReachability[tqr.taskQueue] = (tqr.reachability ?? []).map((r) => decodeTaskReachability(r) ?? 'NOT_FETCHED');
    }
    out[bir.buildId || UnversionedBuildId] = { taskQueueReachability };
  }
  return { buildIdReachability: out };
}

function versionSets(resp: temporal.api.workflowservice.v1.IGetWorkerBuildIdCompatibilityResponse): WorkerBuildIdVersionSets {
  const sets = (resp.majorVersionSets ?? []).map((set): BuildIdVersionSet => {
    const ids = set.buildIds ?? [];
    if (!ids.length) throw new ServiceError('The server sent a compatible version set without build ids');
    return { buildIds: ids, default: ids[ids.length - 1]! };
  });
  const defaultSet = sets[sets.length - 1]!;
  return { versionSets: sets, defaultSet, defaultBuildId: defaultSet.default };
}

export type TaskQueueClientOptions = BaseClientOptions;

export class TaskQueueClient extends BaseClient {
  readonly options: { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter };

  constructor(options?: TaskQueueClientOptions) {
    super(options);
    this.options = baseOptions(options, this.dataConverter);
  }

  get workflowService(): WorkflowService {
    return this.connection.workflowService;
  }

  /** Changes the task queue's version sets. */
  async updateBuildIdCompatibility(taskQueue: string, operation: BuildIdOperation): Promise<void> {
    const request: temporal.api.workflowservice.v1.IUpdateWorkerBuildIdCompatibilityRequest = { namespace: this.options.namespace, taskQueue };
    switch (operation.operation) {
      case 'addNewIdInNewDefaultSet':
        request.addNewBuildIdInNewDefaultSet = operation.buildId;
        break;
      case 'addNewCompatibleVersion':
        request.addNewCompatibleBuildId = { newBuildId: operation.buildId, existingCompatibleBuildId: operation.existingCompatibleBuildId, makeSetDefault: operation.promoteSet };
        break;
      case 'promoteSetByBuildId':
        request.promoteSetByBuildId = operation.buildId;
        break;
      case 'promoteBuildIdWithinSet':
        request.promoteBuildIdWithinSet = operation.buildId;
        break;
      case 'mergeSets':
        request.mergeSets = { primarySetBuildId: operation.primaryBuildId, secondarySetBuildId: operation.secondaryBuildId };
        break;
      default:
        throw new TypeError(`Unknown build id operation ${JSON.stringify(operation)}`);
    }
    await this.call('updating build id compatibility', () => this.workflowService.updateWorkerBuildIdCompatibility(request));
  }

  /** The task queue's version sets, or undefined when it has none. (The official spelling of the name.) */
  async getBuildIdCompatability(taskQueue: string): Promise<WorkerBuildIdVersionSets | undefined> {
    const resp = await this.call('fetching build id compatibility', () => this.workflowService.getWorkerBuildIdCompatibility({ namespace: this.options.namespace, taskQueue }));
    return resp.majorVersionSets?.length ? versionSets(resp) : undefined;
  }

  /** Which of `buildIds` can still get tasks on `taskQueues`. */
  async getReachability(options: ReachabilityOptions): Promise<ReachabilityResponse> {
    const resp = await this.call('fetching build id reachability', () =>
      this.workflowService.getWorkerTaskReachability({
        namespace: this.options.namespace,
        taskQueues: options.taskQueues,
        buildIds: options.buildIds?.map((id) => (id === UnversionedBuildId ? '' : id)),
        reachability: encodeTaskReachability(options.reachability),
      }),
    );
    return reachabilityResponseFromProto(resp);
  }

  private async call<R>(doing: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      if (!isGrpcServiceError(err)) throw new ServiceError(`Unexpected error ${doing}`, { cause: err });
      rethrowKnownErrorTypes(err);
      if (err.code === status.NOT_FOUND) throw new BuildIdNotFoundError(err.details || 'Build Id not found');
      throw new ServiceError(`Unexpected error ${doing}: ${err.details || err.message}`, { cause: err });
    }
  }
}
