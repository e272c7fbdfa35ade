// Batch operations (StartBatchOperation and the rest): a job resolves its query or list to executions when it
// starts, stores them, and works through them a slice at a time from a durable timer, at most
// `maxOperationsPerSecond` (else `worker.batcherRPS`, 50) per second. Each operation is a transaction of its own:
// one that fails (a workflow already closed, say) is counted and the job goes on. Progress is saved with each slice,
// so a job survives a restart of the server and does not repeat what it did.
import { temporal, toLong } from '@durable/proto';
import type { DynamicConfig } from '../model/dynamic-config.js';
import { alreadyExists, notFound, ServiceError, Code, invalidArgument, workflowCompleted } from '../model/errors.js';
import { timestamp } from '../model/events.js';
import { TimerKind, type TimerRow } from '../model/rows.js';
import type { Logger } from '../model/logger.js';
import type { BatchTarget } from '../persistence/batch-tables.js';
import { compile, rowValues, visibilityValues as valuesOf } from '../infra/visibility/visibility.js';
import { Entity } from '../model/rows.js';
import type { Tx } from '../run/run-context.js';
import { BatchState, decodeRequest, encodeRequest, ExecutionType, operationOf, validateBatchRequest, type BatchJob } from './batch-job.js';
import { applyOperation, targetsWorkflow } from './operations.js';

type StartRequest = temporal.api.workflowservice.v1.IStartBatchOperationRequest;

/** How the batcher runs each operation: in a transaction of its own (the runtime's). */
export interface BatchRunner {
  transact<T>(fn: (tx: Tx) => T): T;
}

const MIN_TICK_MS = 100;
const timerRunId = (namespace: string, jobId: string) => `batch\u0000${namespace}\u0000${jobId}`;

export class Batcher {
  constructor(
    private readonly runner: BatchRunner,
    private readonly config: DynamicConfig,
    private readonly logger: Logger,
  ) {}

  load(tx: Tx, namespace: string, jobId: string): BatchJob | undefined {
    const data = tx.store.batches.get(namespace, jobId);
    return data ? (JSON.parse(data) as BatchJob) : undefined;
  }

  mustLoad(tx: Tx, namespace: string, jobId: string): BatchJob {
    if (!jobId) throw invalidArgument('JobId is not set on request.');
    const job = this.load(tx, namespace, jobId);
    if (!job) throw notFound(`Batch operation ${jobId} not found in namespace ${namespace}.`);
    return job;
  }

  private save(tx: Tx, job: BatchJob): void {
    tx.store.batches.put(job.namespace, job.jobId, job.startTime, JSON.stringify(job));
  }

  start(tx: Tx, req: StartRequest): void {
    validateBatchRequest(req);
    const namespace = req.namespace!;
    const jobId = req.jobId!;
    if (this.load(tx, namespace, jobId)) throw alreadyExists(`Batch operation ${jobId} already exists in namespace ${namespace}.`);
    const running = tx.store.batches.all(namespace).filter((d) => (JSON.parse(d) as BatchJob).state === BatchState.BATCH_OPERATION_STATE_RUNNING);
    if (running.length >= this.config.int('frontend.MaxConcurrentBatchOperationPerNamespace')) {
      throw new ServiceError(Code.RESOURCE_EXHAUSTED, 'Max concurrent batch operations is reached', {
        type: 'temporal.api.errordetails.v1.ResourceExhaustedFailure',
        value: {
          cause: temporal.api.enums.v1.ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT,
          scope: temporal.api.enums.v1.ResourceExhaustedScope.RESOURCE_EXHAUSTED_SCOPE_NAMESPACE,
        },
      });
    }
    const op = operationOf(req);
    const total = this.resolveTargets(tx, namespace, jobId, req);
    const job: BatchJob = {
      namespace,
      jobId,
      type: op.type,
      request: encodeRequest(req),
      state: BatchState.BATCH_OPERATION_STATE_RUNNING,
      startTime: tx.now,
      total,
      completed: 0,
      failed: 0,
      next: 0,
      identity: op.identity,
      reason: req.reason ?? '',
      query: req.visibilityQuery ?? '',
      rps: req.maxOperationsPerSecond && req.maxOperationsPerSecond > 0 ? req.maxOperationsPerSecond : this.config.int('worker.batcherRPS'),
      wakeGen: 0,
    };
    this.arm(tx, job, tx.now);
    this.save(tx, job);
  }

  /** Stores the executions the job will act on, in order; returns how many. */
  private resolveTargets(tx: Tx, namespace: string, jobId: string, req: StartRequest): number {
    let seq = 0;
    const add = (kind: number, businessId: string, runId: string) =>
      tx.store.batches.addTarget(namespace, jobId, { seq: seq++, kind, business_id: businessId, run_id: runId });
    if (req.visibilityQuery && operationOf(req).targets === 'activity') {
      const query = compile(tx.namespaces, namespace, req.visibilityQuery, false, Entity.activity);
      const matched: { activityId: string; runId: string }[] = [];
      for (const row of tx.store.visibilityIterate(namespace, undefined, Entity.activity)) {
        if (query.matches(rowValues(row))) matched.push({ activityId: row.workflow_id, runId: row.run_id });
      }
      for (const m of matched) add(ExecutionType.EXECUTION_TYPE_ACTIVITY, m.activityId, m.runId);
    } else if (req.visibilityQuery) {
      const query = compile(tx.namespaces, namespace, req.visibilityQuery, false);
      const request = decodeRequest(encodeRequest(req));
      // Read every match before writing: the database cannot write while a read is still iterating.
      const matched: { workflowId: string; runId: string }[] = [];
      for (const row of tx.store.visibilityIterate(namespace, undefined)) {
        if (query.matches(valuesOf(row))) matched.push({ workflowId: row.workflow_id, runId: row.run_id });
      }
      for (const m of matched) if (targetsWorkflow(tx, request, m.runId)) add(ExecutionType.EXECUTION_TYPE_WORKFLOW, m.workflowId, m.runId);
    }
    for (const e of req.executions ?? []) add(ExecutionType.EXECUTION_TYPE_WORKFLOW, e.workflowId ?? '', e.runId ?? '');
    for (const e of req.targetExecutions ?? []) add(e.type ?? 0, e.businessId ?? '', e.runId ?? '');
    return seq;
  }

  private arm(tx: Tx, job: BatchJob, at: number): void {
    job.wakeGen++;
    tx.store.insertTimer(at, timerRunId(job.namespace, job.jobId), TimerKind.batch, job.wakeGen, 0);
    tx.effects.timerAt = Math.min(tx.effects.timerAt, at);
  }

  /** The job's timer: the next slice of operations, then the next wake-up or the end. */
  timerDue(tx: Tx, row: TimerRow): void {
    const [, namespace, jobId] = row.run_id.split('\u0000');
    const job = this.load(tx, namespace!, jobId!);
    if (!job || job.wakeGen !== row.ref || job.state !== BatchState.BATCH_OPERATION_STATE_RUNNING) return;
    const intervalMs = Math.max(MIN_TICK_MS, 1000 / job.rps);
    const slice = Math.max(1, Math.round((job.rps * intervalMs) / 1000));
    const request = decodeRequest(job.request);
    const targets = tx.store.batches.targets(job.namespace, job.jobId, job.next, slice);
    for (const target of targets) this.applyOne(job, request, target);
    job.next += targets.length;
    if (job.next >= job.total) {
      job.state = BatchState.BATCH_OPERATION_STATE_COMPLETED;
      job.closeTime = tx.now;
    } else {
      this.arm(tx, job, tx.now + intervalMs);
    }
    this.save(tx, job);
  }

  private applyOne(job: BatchJob, request: temporal.api.workflowservice.v1.StartBatchOperationRequest, target: BatchTarget): void {
    try {
      this.runner.transact((tx) => applyOperation(tx, job.namespace, job.jobId, request, target));
      job.completed++;
    } catch (err) {
      job.failed++;
      if (!(err instanceof ServiceError)) {
        this.logger.error('batch operation failed on an execution', { jobId: job.jobId, target: target.business_id, error: String(err) });
      }
    }
  }

  /** StopBatchOperation: the job ends where it is, as failed (Temporal terminates its batch workflow). */
  stop(tx: Tx, namespace: string, jobId: string, reason: string): void {
    if (!reason) throw invalidArgument('Reason is not set on request.');
    const job = this.mustLoad(tx, namespace, jobId);
    if (job.state !== BatchState.BATCH_OPERATION_STATE_RUNNING) throw workflowCompleted();
    job.state = BatchState.BATCH_OPERATION_STATE_FAILED;
    job.closeTime = tx.now;
    job.wakeGen++;
    this.save(tx, job);
  }

  describe(job: BatchJob): temporal.api.workflowservice.v1.IDescribeBatchOperationResponse {
    const req = decodeRequest(job.request);
    const executions = [
      ...(req.executions ?? []).map((e) => ({ type: ExecutionType.EXECUTION_TYPE_WORKFLOW, businessId: e.workflowId, runId: e.runId })),
      ...(req.targetExecutions ?? []),
    ];
    return {
      operationType: job.type,
      jobId: job.jobId,
      state: job.state,
      startTime: timestamp(job.startTime),
      closeTime: job.closeTime !== undefined ? timestamp(job.closeTime) : null,
      totalOperationCount: toLong(job.total),
      completeOperationCount: toLong(job.completed),
      failureOperationCount: toLong(job.failed),
      identity: job.identity,
      reason: job.reason,
      query: job.query,
      executions,
    };
  }

  list(tx: Tx, namespace: string, pageSize: number, token: Uint8Array | null | undefined) {
    let after: { start: number; jobId: string } | undefined;
    if (token?.length) {
      try {
        after = JSON.parse(Buffer.from(token).toString('utf8')) as { start: number; jobId: string };
      } catch {
        throw invalidArgument('Invalid NextPageToken: not a token issued by this server.');
      }
    }
    const size = pageSize > 0 ? pageSize : 100;
    const rows = tx.store.batches.page(namespace, after, size + 1);
    const page = rows.slice(0, size).map((r) => JSON.parse(r.data) as BatchJob);
    const last = page.at(-1);
    return {
      operationInfo: page.map((j) => ({
        jobId: j.jobId,
        state: j.state,
        startTime: timestamp(j.startTime),
        closeTime: j.closeTime !== undefined ? timestamp(j.closeTime) : null,
        operationType: j.type,
      })),
      nextPageToken: rows.length > size && last ? Buffer.from(JSON.stringify({ start: last.startTime, jobId: last.jobId })) : null,
    };
  }
}
