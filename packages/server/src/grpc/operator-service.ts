// An operator's controls over running workflows: pause, unpause, reset and re-option their activities; pause and
// unpause the workflow; change its options (versioning override, priority).
import type { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import type { Engine, Tx } from '../runtime/engine.js';
import { pauseActivities, resetActivities, unpauseActivities, updateActivitiesOptions } from '../transitions/activity-operations.js';
import { pauseWorkflow, unpauseWorkflow, updateWorkflowOptions } from '../transitions/workflow-controls.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type Execution = temporal.api.common.v1.IWorkflowExecution | null | undefined;

export function operatorControlHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;

  function run(tx: Tx, namespace: string | null | undefined, execution: Execution) {
    const ns = namespaces.get(namespace).name;
    if (!execution?.workflowId) throw invalidArgument('WorkflowId is not set on request.');
    return tx.resolve(ns, execution.workflowId, execution.runId);
  }

  return {
    PauseActivity(req: Req<'PauseActivityRequest'>) {
      engine.transact((tx) => pauseActivities(run(tx, req.namespace, req.execution), { id: req.id, type: req.type }, req));
      return {};
    },

    UnpauseActivity(req: Req<'UnpauseActivityRequest'>) {
      engine.transact((tx) =>
        unpauseActivities(run(tx, req.namespace, req.execution), { id: req.id, type: req.type, all: req.unpauseAll }, req),
      );
      return {};
    },

    ResetActivity(req: Req<'ResetActivityRequest'>) {
      engine.transact((tx) => resetActivities(run(tx, req.namespace, req.execution), { id: req.id, type: req.type, all: req.matchAll }, req));
      return {};
    },

    UpdateActivityOptions(req: Req<'UpdateActivityOptionsRequest'>) {
      const activityOptions = engine.transact((tx) =>
        updateActivitiesOptions(run(tx, req.namespace, req.execution), { id: req.id, type: req.type, all: req.matchAll }, req),
      );
      return { activityOptions };
    },

    PauseWorkflowExecution(req: Req<'PauseWorkflowExecutionRequest'>) {
      engine.transact((tx) => pauseWorkflow(run(tx, req.namespace, { workflowId: req.workflowId, runId: req.runId }), req));
      return {};
    },

    UnpauseWorkflowExecution(req: Req<'UnpauseWorkflowExecutionRequest'>) {
      engine.transact((tx) => unpauseWorkflow(run(tx, req.namespace, { workflowId: req.workflowId, runId: req.runId }), req));
      return {};
    },

    UpdateWorkflowExecutionOptions(req: Req<'UpdateWorkflowExecutionOptionsRequest'>) {
      return engine.transact((tx) => updateWorkflowOptions(run(tx, req.namespace, req.workflowExecution), req));
    },
  };
}
