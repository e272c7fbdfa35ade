import { randomUUID } from 'node:crypto';
import { temporal } from '@durable/proto';
import { ServiceError, Code } from '../model/errors.js';
import { TaskKind } from '../model/rows.js';
import { queueKey, type Matching } from '../infra/matching.js';
import type { QueryRegistryPort } from '../ports/run-ports.js';

export interface QueryOutcome {
  answer?: temporal.api.common.v1.IPayloads | null;
  errorMessage?: string;
  failure?: temporal.api.failure.v1.IFailure | null;
}

interface PendingQuery {
  id: string;
  runId: string;
  namespace: string;
  workflowId: string;
  query: temporal.api.query.v1.IWorkflowQuery;
  phase: 'waiting' | 'attached' | 'legacy';
  settle: (outcome: QueryOutcome | ServiceError) => void;
}

/**
 * Queries are not durable: a caller waits on its RPC. A query rides on the run's next workflow task when one is
 * coming, and otherwise becomes a legacy query task answered with RespondQueryTaskCompleted.
 */
export class QueryManager implements QueryRegistryPort {
  private readonly byRun = new Map<string, Map<string, PendingQuery>>();
  private readonly byId = new Map<string, PendingQuery>();
  private readonly legacy = new Map<string, PendingQuery[]>();

  constructor(private readonly matching: Matching) {}

  /** Registers a query; `legacyQueue` set means dispatch it as a query task now. */
  submit(
    ctx: { namespace: string; workflowId: string; runId: string },
    query: temporal.api.query.v1.IWorkflowQuery,
    legacyQueue: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<QueryOutcome> {
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const done = (outcome: QueryOutcome | ServiceError) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.remove(q);
        if (outcome instanceof ServiceError) reject(outcome);
        else resolve(outcome);
      };
      const q: PendingQuery = { id, runId: ctx.runId, namespace: ctx.namespace, workflowId: ctx.workflowId, query, phase: 'waiting', settle: done };
      const timer = setTimeout(
        () => done(new ServiceError(Code.DEADLINE_EXCEEDED, `query ${query.queryType} of workflow ${ctx.workflowId} was not answered in ${timeoutMs} ms: is a worker polling its task queue?`)),
        timeoutMs,
      );
      const onAbort = () => done(new ServiceError(Code.CANCELLED, 'query canceled by the caller'));
      signal?.addEventListener('abort', onAbort);
      let forRun = this.byRun.get(ctx.runId);
      if (!forRun) {
        forRun = new Map();
        this.byRun.set(ctx.runId, forRun);
      }
      forRun.set(id, q);
      this.byId.set(id, q);
      if (legacyQueue !== undefined) this.dispatchLegacy(q, legacyQueue);
    });
  }

  private remove(q: PendingQuery): void {
    this.byId.delete(q.id);
    const forRun = this.byRun.get(q.runId);
    forRun?.delete(q.id);
    if (forRun?.size === 0) this.byRun.delete(q.runId);
  }

  private dispatchLegacy(q: PendingQuery, queue: string): void {
    q.phase = 'legacy';
    const key = queueKey(q.namespace, TaskKind.workflow, queue);
    let list = this.legacy.get(key);
    if (!list) {
      list = [];
      this.legacy.set(key, list);
    }
    list.push(q);
    this.matching.notify(key);
  }

  waiting(runId: string): Record<string, temporal.api.query.v1.IWorkflowQuery> {
    const out: Record<string, temporal.api.query.v1.IWorkflowQuery> = {};
    for (const q of this.byRun.get(runId)?.values() ?? []) if (q.phase === 'waiting') out[q.id] = q.query;
    return out;
  }

  attached(runId: string, queryIds: string[]): void {
    const forRun = this.byRun.get(runId);
    for (const id of queryIds) {
      const q = forRun?.get(id);
      if (q?.phase === 'waiting') q.phase = 'attached';
    }
  }

  answer(runId: string, results: Record<string, temporal.api.query.v1.IWorkflowQueryResult>): void {
    const forRun = this.byRun.get(runId);
    for (const [id, r] of Object.entries(results)) {
      const q = forRun?.get(id);
      if (!q) continue;
      const failed = r.resultType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_FAILED;
      q.settle(failed ? { errorMessage: r.errorMessage ?? '', failure: r.failure } : { answer: r.answer });
    }
  }

  taskEnded(runId: string, legacyQueue: string | undefined): void {
    const forRun = this.byRun.get(runId);
    if (!forRun) return;
    for (const q of forRun.values()) if (q.phase === 'attached') q.phase = 'waiting';
    if (legacyQueue === undefined) return;
    for (const q of [...forRun.values()]) if (q.phase === 'waiting') this.dispatchLegacy(q, legacyQueue);
  }

  runClosed(runId: string, taskQueue: string): void {
    for (const q of [...(this.byRun.get(runId)?.values() ?? [])]) if (q.phase !== 'legacy') this.dispatchLegacy(q, taskQueue);
  }

  /** The next live legacy query task of a queue. */
  takeLegacy(key: string): { id: string; runId: string; query: temporal.api.query.v1.IWorkflowQuery } | undefined {
    const list = this.legacy.get(key);
    while (list && list.length > 0) {
      const q = list.shift()!;
      if (this.byId.get(q.id) === q) return q;
    }
    return undefined;
  }

  respond(queryId: string, outcome: QueryOutcome): boolean {
    const q = this.byId.get(queryId);
    if (!q) return false;
    q.settle(outcome);
    return true;
  }

  close(): void {
    for (const q of [...this.byId.values()]) q.settle(new ServiceError(Code.UNAVAILABLE, 'server is shutting down'));
  }
}
