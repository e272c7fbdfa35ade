// The `durable workflow` group: every verb of the temporal CLI's workflow commands.
import type { CommandSpec, GroupSpec } from '../command.js';
import { workflowControlCommands } from './workflow-control.js';
import { workflowHistoryCommands } from './workflow-history-commands.js';
import { workflowReadCommands } from './workflow-read.js';
import { workflowResetCommands } from './workflow-reset.js';
import { workflowStartCommands } from './workflow-start.js';
import { workflowUpdateCommands } from './workflow-update.js';

export const workflowGroups: GroupSpec[] = [
  {
    path: 'workflow',
    summary: 'Start, list, inspect and operate on workflow executions',
    description: `Workflow commands work against any Temporal-compatible server: Durable's dev server, a Temporal cluster or Temporal Cloud.\n\nExample:\n  durable workflow list \\\n      --query "ExecutionStatus = 'Running'"`,
  },
  {
    path: 'workflow update',
    summary: 'Send updates to a workflow execution and follow them',
    description: `Example:\n  durable workflow update execute \\\n      --workflow-id YourWorkflowId \\\n      --name YourUpdate \\\n      --input '{"some": "json"}'`,
  },
];

export const workflowCommands: CommandSpec[] = [
  ...workflowStartCommands,
  ...workflowReadCommands,
  ...workflowControlCommands,
  ...workflowResetCommands,
  ...workflowUpdateCommands,
  ...workflowHistoryCommands,
];
