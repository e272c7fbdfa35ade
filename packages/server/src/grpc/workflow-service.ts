// WorkflowService: every RPC this server answers, by concern. Those with no handler answer UNIMPLEMENTED (README
// lists them, with why).
import type { Batcher } from '../batch/batcher.js';
import type { Engine } from '../runtime/engine.js';
import type { Scheduler } from '../schedules/scheduler.js';
import { activityExecutionHandlers } from './activity-execution-service.js';
import { batchHandlers } from './batch-service.js';
import type { Handler } from './bind.js';
import { clientHandlers } from './client-service.js';
import { buildIdVersioningHandlers, deploymentHandlers } from './deployment-service.js';
import { legacyVisibilityHandlers } from './legacy-visibility-service.js';
import { multiOperationHandlers } from './multi-operation-service.js';
import { notEnabledHandlers } from './not-enabled-service.js';
import { operatorControlHandlers } from './operator-service.js';
import { scheduleHandlers } from './schedule-service.js';
import { systemHandlers } from './system-service.js';
import { taskQueueHandlers } from './task-queue-service.js';
import { updateHandlers } from './update-service.js';
import { workerHandlers } from './worker-service.js';
import { workersHandlers } from './workers-service.js';
import { workflowRuleHandlers } from './workflow-rule-service.js';

export function workflowServiceHandlers(engine: Engine, scheduler: Scheduler, batcher: Batcher): Record<string, Handler> {
  return {
    ...systemHandlers(engine),
    ...clientHandlers(engine),
    ...legacyVisibilityHandlers(engine),
    ...workerHandlers(engine),
    ...updateHandlers(engine),
    ...multiOperationHandlers(engine),
    ...scheduleHandlers(engine, scheduler),
    ...taskQueueHandlers(engine),
    ...operatorControlHandlers(engine),
    ...batchHandlers(engine, batcher),
    ...workersHandlers(engine),
    ...activityExecutionHandlers(engine),
    ...deploymentHandlers(engine),
    ...buildIdVersioningHandlers(engine),
    ...workflowRuleHandlers(engine),
    ...notEnabledHandlers(),
  };
}
