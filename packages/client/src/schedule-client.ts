// client.schedule: create, describe, update, pause, trigger, backfill, list and delete schedules.
import { nanoid } from 'nanoid';
import { grpcJs, type temporal, type WorkflowService } from '@durable/proto';
import {
  decodePayloadMap,
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  encodePayloadMap,
  encodeSearchAttributes,
  mapFromPayloads,
  mapToPayloads,
  arrayFromPayloads,
  decodeOptionalPayloads,
  protoDurationToMs,
  markErrorClass,
  decodePriority,
  type LoadedDataConverter,
} from '@durable/common';
import { ValueError, isGrpcServiceError } from './errors.js';
import { rethrowGrpcError } from './grpc-errors.js';
import { decodeUserMetadataField, encodeArgs, encodeUserMetadata } from './payloads.js';
import { compileRetryPolicy, workflowStartRequest } from './workflow-options.js';
import { BaseClient, baseOptions, type BaseClientOptions } from './base-client.js';
import {
  decodeOverlap,
  decodeSpec,
  encodeOverlap,
  encodeSpec,
  scheduleDate,
  scheduleDuration,
  scheduleTimestamp,
  type Backfill,
  type ScheduleDescription,
  type ScheduleExecutionResult,
  type ScheduleOptions,
  type ScheduleOverlapPolicy,
  type ScheduleSummary,
  type ScheduleUpdateOptions,
} from './schedule-types.js';

const { status } = grpcJs;

/** create() found a schedule with this id. */
export class ScheduleAlreadyRunning extends Error {
  constructor(
    message: string,
    readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleAlreadyRunning, 'ScheduleAlreadyRunning');

export class ScheduleNotFoundError extends Error {
  constructor(
    message: string,
    readonly scheduleId: string,
  ) {
    super(message);
  }
}
markErrorClass(ScheduleNotFoundError, 'ScheduleNotFoundError');

export interface ScheduleHandle {
  readonly scheduleId: string;
  readonly client: ScheduleClient;
  describe(): Promise<ScheduleDescription>;
  update(updateFn: (previous: ScheduleDescription) => ScheduleUpdateOptions): Promise<void>;
  delete(): Promise<void>;
  trigger(overlap?: ScheduleOverlapPolicy): Promise<void>;
  backfill(options: Backfill | Backfill[]): Promise<void>;
  pause(note?: string): Promise<void>;
  unpause(note?: string): Promise<void>;
}

export interface ScheduleClientContext {
  readonly service: WorkflowService;
  readonly namespace: string;
  readonly identity: string;
  readonly dataConverter: LoadedDataConverter;
}

function results(list: temporal.api.schedule.v1.IScheduleActionResult[] | null | undefined): ScheduleExecutionResult[] {
  return (list ?? []).map((r) => ({
    scheduledAt: scheduleDate(r.scheduleTime)!,
    takenAt: scheduleDate(r.actualTime)!,
    action: { type: 'startWorkflow', workflow: { workflowId: r.startWorkflowResult?.workflowId ?? '', firstExecutionRunId: r.startWorkflowResult?.runId ?? '' } },
  }));
}

export type ScheduleClientOptions = BaseClientOptions;

export class ScheduleClient extends BaseClient {
  readonly options: { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter };
  private readonly ctx: ScheduleClientContext;

  constructor(options?: ScheduleClientOptions) {
    super(options);
    this.options = baseOptions(options, this.dataConverter);
    this.ctx = { service: this.connection.workflowService, namespace: this.options.namespace, identity: this.options.identity, dataConverter: this.dataConverter };
  }

  get workflowService(): WorkflowService {
    return this.ctx.service;
  }

  private rethrow(err: unknown, doing: string, scheduleId: string): never {
    if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) throw new ScheduleNotFoundError(err.details || `schedule ${scheduleId} not found`, scheduleId);
    rethrowGrpcError(err, `${doing} schedule ${scheduleId}`);
  }

  private async encodeSchedule(scheduleId: string, o: ScheduleUpdateOptions): Promise<temporal.api.schedule.v1.ISchedule> {
    const a = o.action;
    if (a?.type !== 'startWorkflow') throw new ValueError(`Schedule ${scheduleId}: the action must be { type: 'startWorkflow', … }`);
    const workflowType = typeof a.workflowType === 'string' ? a.workflowType : a.workflowType?.name;
    const workflowId = a.workflowId ?? `${scheduleId}-workflow`;
    const compiled = workflowStartRequest(workflowType ?? '', { ...a, workflowId, taskQueue: a.taskQueue });
    const dc = this.ctx.dataConverter;
    return {
      spec: encodeSpec(o.spec),
      action: {
        startWorkflow: {
          workflowId,
          workflowType: compiled.workflowType,
          taskQueue: compiled.taskQueue,
          input: { payloads: await encodeArgs(dc, `Schedule ${scheduleId}`, a.args ?? []) },
          workflowExecutionTimeout: compiled.workflowExecutionTimeout,
          workflowRunTimeout: compiled.workflowRunTimeout,
          workflowTaskTimeout: compiled.workflowTaskTimeout,
          retryPolicy: compileRetryPolicy(a.retry, 'action.retry'),
          memo: a.memo ? { fields: await encodePayloadMap(dc.payloadCodecs, mapToPayloads(dc.payloadConverter, a.memo)) } : undefined,
          searchAttributes:
            a.searchAttributes || a.typedSearchAttributes ? { indexedFields: encodeSearchAttributes(a.searchAttributes, a.typedSearchAttributes) } : undefined,
          userMetadata: await encodeUserMetadata(dc, a.staticSummary, a.staticDetails, { type: 'workflow', namespace: this.ctx.namespace, workflowId }),
          priority: compiled.priority,
        },
      },
      policies: {
        overlapPolicy: encodeOverlap(o.policies?.overlap),
        catchupWindow: scheduleDuration(o.policies?.catchupWindow),
        pauseOnFailure: o.policies?.pauseOnFailure,
      },
      state: {
        paused: o.state?.paused,
        notes: o.state?.note,
        limitedActions: o.state?.remainingActions !== undefined,
        remainingActions: o.state?.remainingActions as never,
      },
    };
  }

  async create(options: ScheduleOptions): Promise<ScheduleHandle> {
    const { scheduleId } = options;
    if (!scheduleId) throw new ValueError('A schedule needs a scheduleId');
    const schedule = await this.encodeSchedule(scheduleId, options);
    const dc = this.ctx.dataConverter;
    const st = options.state;
    try {
      await this.ctx.service.createSchedule({
        namespace: this.ctx.namespace,
        scheduleId,
        schedule,
        identity: this.ctx.identity,
        requestId: nanoid(),
        memo: options.memo ? { fields: await encodePayloadMap(dc.payloadCodecs, mapToPayloads(dc.payloadConverter, options.memo)) } : undefined,
        searchAttributes:
          options.searchAttributes || options.typedSearchAttributes
            ? { indexedFields: encodeSearchAttributes(options.searchAttributes, options.typedSearchAttributes) }
            : undefined,
        initialPatch:
          st?.triggerImmediately || st?.backfill?.length
            ? {
                triggerImmediately: st.triggerImmediately ? { overlapPolicy: encodeOverlap(options.policies?.overlap) } : undefined,
                backfillRequest: (st.backfill ?? []).map(backfillRequest),
              }
            : undefined,
      });
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS) {
        throw new ScheduleAlreadyRunning('Schedule already exists and is running', scheduleId);
      }
      rethrowGrpcError(err, `Failed to create schedule ${scheduleId}`);
    }
    return this.getHandle(scheduleId);
  }

  getHandle(scheduleId: string): ScheduleHandle {
    const { service, namespace, identity } = this.ctx;
    const patch = async (p: temporal.api.schedule.v1.ISchedulePatch, doing: string) => {
      try {
        await service.patchSchedule({ namespace, scheduleId, patch: p, identity, requestId: nanoid() });
      } catch (err) {
        this.rethrow(err, doing, scheduleId);
      }
    };
    return {
      scheduleId,
      client: this,
      describe: () => this.describe(scheduleId),
      update: async (updateFn) => {
        const previous = await this.describe(scheduleId);
        const schedule = await this.encodeSchedule(scheduleId, updateFn(previous));
        try {
          await service.updateSchedule({ namespace, scheduleId, schedule, conflictToken: previous.raw.conflictToken, identity, requestId: nanoid() });
        } catch (err) {
          this.rethrow(err, 'Failed to update', scheduleId);
        }
      },
      delete: async () => {
        try {
          await service.deleteSchedule({ namespace, scheduleId, identity });
        } catch (err) {
          this.rethrow(err, 'Failed to delete', scheduleId);
        }
      },
      trigger: (overlap) => patch({ triggerImmediately: { overlapPolicy: encodeOverlap(overlap ?? 'ALLOW_ALL') } }, 'Failed to trigger'),
      backfill: (options) => patch({ backfillRequest: (Array.isArray(options) ? options : [options]).map(backfillRequest) }, 'Failed to backfill'),
      pause: (note) => patch({ pause: note ?? 'Paused via client' }, 'Failed to pause'),
      unpause: (note) => patch({ unpause: note ?? 'Unpaused via client' }, 'Failed to unpause'),
    };
  }

  private async describe(scheduleId: string): Promise<ScheduleDescription> {
    let raw;
    try {
      raw = await this.ctx.service.describeSchedule({ namespace: this.ctx.namespace, scheduleId });
    } catch (err) {
      this.rethrow(err, 'Failed to describe', scheduleId);
    }
    const dc = this.ctx.dataConverter;
    const s = raw.schedule ?? {};
    const a = s.action?.startWorkflow ?? {};
    const info = raw.info ?? {};
    const num = (v: unknown) => Number(v ?? 0);
    const memoOf = async (m: temporal.api.common.v1.IMemo | null | undefined) =>
      mapFromPayloads(dc.payloadConverter, await decodePayloadMap(dc.payloadCodecs, m?.fields));
    const retry = a.retryPolicy
      ? {
          initialInterval: protoDurationToMs(a.retryPolicy.initialInterval),
          backoffCoefficient: a.retryPolicy.backoffCoefficient ?? undefined,
          maximumInterval: protoDurationToMs(a.retryPolicy.maximumInterval),
          maximumAttempts: a.retryPolicy.maximumAttempts ?? undefined,
          nonRetryableErrorTypes: a.retryPolicy.nonRetryableErrorTypes ?? [],
        }
      : undefined;
    return {
      scheduleId,
      spec: decodeSpec(s.spec),
      action: {
        type: 'startWorkflow',
        workflowType: a.workflowType?.name ?? '',
        workflowId: a.workflowId ?? '',
        taskQueue: a.taskQueue?.name ?? '',
        args: arrayFromPayloads(dc.payloadConverter, await decodeOptionalPayloads(dc.payloadCodecs, a.input?.payloads)),
        memo: await memoOf(a.memo),
        searchAttributes: decodeSearchAttributes(a.searchAttributes?.indexedFields),
        typedSearchAttributes: decodeTypedSearchAttributes(a.searchAttributes?.indexedFields),
        retry,
        workflowExecutionTimeout: protoDurationToMs(a.workflowExecutionTimeout) || undefined,
        workflowRunTimeout: protoDurationToMs(a.workflowRunTimeout) || undefined,
        workflowTaskTimeout: protoDurationToMs(a.workflowTaskTimeout) || undefined,
        staticSummary: await decodeUserMetadataField(dc, a.userMetadata?.summary),
        staticDetails: await decodeUserMetadataField(dc, a.userMetadata?.details),
        priority: decodePriority(a.priority),
      },
      policies: {
        overlap: decodeOverlap(s.policies?.overlapPolicy),
        catchupWindow: protoDurationToMs(s.policies?.catchupWindow),
        pauseOnFailure: Boolean(s.policies?.pauseOnFailure),
      },
      memo: await memoOf(raw.memo),
      searchAttributes: decodeSearchAttributes(raw.searchAttributes?.indexedFields),
      typedSearchAttributes: decodeTypedSearchAttributes(raw.searchAttributes?.indexedFields),
      state: {
        paused: Boolean(s.state?.paused),
        note: s.state?.notes || undefined,
        remainingActions: s.state?.limitedActions ? num(s.state.remainingActions) : undefined,
      },
      info: {
        recentActions: results(info.recentActions),
        nextActionTimes: (info.futureActionTimes ?? []).map((t) => scheduleDate(t)!),
        numActionsTaken: num(info.actionCount),
        numActionsMissedCatchupWindow: num(info.missedCatchupWindow),
        numActionsSkippedOverlap: num(info.overlapSkipped),
        createdAt: scheduleDate(info.createTime)!,
        lastUpdatedAt: scheduleDate(info.updateTime),
        runningActions: (info.runningWorkflows ?? []).map((w) => ({
          type: 'startWorkflow' as const,
          workflow: { workflowId: w.workflowId ?? '', firstExecutionRunId: w.runId ?? '' },
        })),
      },
      raw,
    };
  }

  /** Every schedule of the namespace, page by page. */
  list(options: { pageSize?: number; query?: string } = {}): AsyncIterable<ScheduleSummary> {
    const { service, namespace, dataConverter: dc } = this.ctx;
    return {
      async *[Symbol.asyncIterator]() {
        let nextPageToken: Uint8Array | undefined;
        do {
          let res;
          try {
            res = await service.listSchedules({ namespace, maximumPageSize: options.pageSize ?? 100, nextPageToken, query: options.query });
          } catch (err) {
            rethrowGrpcError(err, 'Failed to list schedules');
          }
          for (const e of res.schedules ?? []) {
            yield {
              scheduleId: e.scheduleId ?? '',
              spec: decodeSpec(e.info?.spec),
              action: e.info?.workflowType?.name ? { type: 'startWorkflow', workflowType: e.info.workflowType.name } : undefined,
              memo: mapFromPayloads(dc.payloadConverter, await decodePayloadMap(dc.payloadCodecs, e.memo?.fields)),
              searchAttributes: decodeSearchAttributes(e.searchAttributes?.indexedFields),
              state: { paused: Boolean(e.info?.paused), note: e.info?.notes || undefined },
              info: { recentActions: results(e.info?.recentActions), nextActionTimes: (e.info?.futureActionTimes ?? []).map((t) => scheduleDate(t)!) },
            };
          }
          nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
        } while (nextPageToken);
      },
    };
  }
}

function backfillRequest(b: Backfill): temporal.api.schedule.v1.IBackfillRequest {
  if (!(b.start instanceof Date) || !(b.end instanceof Date) || b.end < b.start) throw new ValueError('A backfill needs start <= end, both Dates');
  return { startTime: scheduleTimestamp(b.start), endTime: scheduleTimestamp(b.end), overlapPolicy: encodeOverlap(b.overlap) };
}
