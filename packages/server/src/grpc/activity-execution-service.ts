// The RPCs of standalone activities (StartActivityExecution and the rest, as @temporalio/client's ActivityClient
// calls them). The pause, unpause, reset and options RPCs also reach a workflow's activity when given its workflow id.
import type { temporal } from '@durable/proto';
import { countRows, listRows } from '../infra/visibility/visibility.js';
import { invalidArgument } from '../model/errors.js';
import { Entity } from '../model/rows.js';
import type { Engine, Tx } from '../runtime/engine.js';
import { pauseActivities, resetActivities, unpauseActivities, updateActivitiesOptions } from '../transitions/activity-operations.js';
import {
  activityExecutionInfo,
  activityExecutionInput,
  activityListInfo,
  cancelActivityExecution,
  deleteActivityExecution,
  pauseActivityExecution,
  resetActivityExecution,
  resolveActivityExecution,
  standaloneOutcome,
  startActivityExecution,
  terminateActivityExecution,
  unpauseActivityExecution,
  updateActivityExecutionOptions,
} from '../transitions/activity-executions.js';
import type { CallContext, Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

/** A caller without a deadline is answered after this long with what there is, and asks again. */
const LONG_POLL_MS = 20_000;

interface ById {
  namespace?: string | null;
  activityId?: string | null;
  runId?: string | null;
  workflowId?: string | null;
}

export function activityExecutionHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;

  const standalone = (tx: Tx, req: ById) => resolveActivityExecution(tx, namespaces.get(req.namespace).name, req.activityId, req.runId);
  /** A workflow's activity, when the request names the workflow. */
  const inWorkflow = (tx: Tx, req: ById) => {
    if (!req.activityId) throw invalidArgument('activityId is not set');
    return tx.resolve(namespaces.get(req.namespace).name, req.workflowId!, req.runId);
  };

  /** Waits until the execution's state differs from `seen` (or the long poll ends), then reads it. */
  async function longPoll<T>(req: ById, ctx: CallContext, read: (tx: Tx) => { version: string; value: T }, seen?: string): Promise<T> {
    const deadline = Math.min(engine.now() + LONG_POLL_MS, ctx.deadline - 500);
    for (;;) {
      const { version, value, runId } = engine.read((tx) => ({ ...read(tx), runId: standalone(tx, req).runId }));
      if (seen === undefined || version !== seen || engine.now() >= deadline || ctx.signal.aborted) return value;
      await engine.waitForHistory(runId, deadline - engine.now(), ctx.signal);
    }
  }

  return {
    StartActivityExecution(req: Req<'StartActivityExecutionRequest'>) {
      namespaces.get(req.namespace);
      return engine.transact((tx) => startActivityExecution(tx, req, engine.config));
    },

    async DescribeActivityExecution(req: Req<'DescribeActivityExecutionRequest'>, ctx) {
      const seen = req.longPollToken?.length ? Buffer.from(req.longPollToken).toString('utf8') : undefined;
      return longPoll(
        req,
        ctx,
        (tx) => {
          const run = standalone(tx, req);
          const version = `${run.runId}:${run.row.history_length}:${run.row.status}:${run.state.standalone!.heartbeatCount}`;
          return {
            version,
            value: {
              runId: run.runId,
              info: activityExecutionInfo(run, { heartbeatDetails: req.includeHeartbeatDetails, lastFailure: req.includeLastFailure }),
              input: req.includeInput ? activityExecutionInput(run) : null,
              outcome: req.includeOutcome ? standaloneOutcome(run) : null,
              longPollToken: Buffer.from(version),
            },
          };
        },
        seen,
      );
    },

    async PollActivityExecution(req: Req<'PollActivityExecutionRequest'>, ctx) {
      return longPoll(
        req,
        ctx,
        (tx) => {
          const run = standalone(tx, req);
          const outcome = standaloneOutcome(run);
          return { version: outcome ? 'closed' : 'open', value: { runId: run.runId, outcome } };
        },
        'open',
      );
    },

    ListActivityExecutions(req: Req<'ListActivityExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const { items, nextPageToken } = listRows(engine.store, namespaces, ns, Entity.activity, req.query ?? '', req.pageSize, req.nextPageToken, activityListInfo);
      return { executions: items, nextPageToken };
    },

    CountActivityExecutions(req: Req<'CountActivityExecutionsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return countRows(engine.store, namespaces, ns, req.query ?? '', Entity.activity);
    },

    RequestCancelActivityExecution(req: Req<'RequestCancelActivityExecutionRequest'>) {
      engine.transact((tx) => cancelActivityExecution(standalone(tx, req), req));
      return {};
    },

    TerminateActivityExecution(req: Req<'TerminateActivityExecutionRequest'>) {
      engine.transact((tx) => terminateActivityExecution(standalone(tx, req), req));
      return {};
    },

    DeleteActivityExecution(req: Req<'DeleteActivityExecutionRequest'>) {
      engine.transact((tx) => deleteActivityExecution(standalone(tx, req)));
      return {};
    },

    PauseActivityExecution(req: Req<'PauseActivityExecutionRequest'>) {
      engine.transact((tx) => {
        if (req.workflowId) pauseActivities(inWorkflow(tx, req), { id: req.activityId }, req);
        else pauseActivityExecution(standalone(tx, req), req);
      });
      return {};
    },

    UnpauseActivityExecution(req: Req<'UnpauseActivityExecutionRequest'>) {
      engine.transact((tx) => {
        if (req.workflowId) unpauseActivities(inWorkflow(tx, req), { id: req.activityId }, req);
        else unpauseActivityExecution(standalone(tx, req), req);
      });
      return {};
    },

    ResetActivityExecution(req: Req<'ResetActivityExecutionRequest'>) {
      engine.transact((tx) => {
        if (req.workflowId) resetActivities(inWorkflow(tx, req), { id: req.activityId }, req);
        else resetActivityExecution(standalone(tx, req), req);
      });
      return {};
    },

    UpdateActivityExecutionOptions(req: Req<'UpdateActivityExecutionOptionsRequest'>) {
      const activityOptions = engine.transact((tx) =>
        req.workflowId
          ? updateActivitiesOptions(inWorkflow(tx, req), { id: req.activityId }, req)
          : updateActivityExecutionOptions(standalone(tx, req), req),
      );
      return { activityOptions };
    },
  };
}
