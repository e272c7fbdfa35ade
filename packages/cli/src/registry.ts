// Every command of `durable`, by group.
import type { CommandSpec, GroupSpec } from './command.js';
import { activityCommands, activityGroups } from './commands/activity.js';
import { batchTaskQueueCommands, batchTaskQueueGroups } from './commands/batch-task-queue.js';
import { configCommands, configGroups } from './commands/config.js';
import { envCommands, envGroups } from './commands/env.js';
import { operatorCommands, operatorGroups } from './commands/operator.js';
import { scheduleCommands, scheduleGroups } from './commands/schedule.js';
import { standaloneActivityCommands } from './commands/standalone-activity.js';
import { taskQueueConfigCommands, taskQueueConfigGroups } from './commands/task-queue-config.js';
import { taskQueueVersioningCommands, taskQueueVersioningGroups } from './commands/task-queue-versioning.js';
import { workerDeploymentCommands, workerDeploymentGroups } from './commands/worker-deployment.js';
import { workerCommands, workerGroups } from './commands/worker.js';
import { workflowCommands, workflowGroups } from './commands/workflow.js';
import type { Registry } from './run-cli.js';

export function createRegistry(extra: { groups: GroupSpec[]; commands: CommandSpec[] }): Registry {
  return {
    groups: [...workflowGroups, ...scheduleGroups, ...activityGroups, ...batchTaskQueueGroups, ...taskQueueConfigGroups, ...taskQueueVersioningGroups, ...operatorGroups, ...configGroups, ...envGroups, ...workerGroups, ...workerDeploymentGroups, ...extra.groups],
    commands: [...workflowCommands, ...scheduleCommands, ...activityCommands, ...standaloneActivityCommands, ...batchTaskQueueCommands, ...taskQueueConfigCommands, ...taskQueueVersioningCommands, ...operatorCommands, ...configCommands, ...envCommands, ...workerCommands, ...workerDeploymentCommands, ...extra.commands],
  };
}
