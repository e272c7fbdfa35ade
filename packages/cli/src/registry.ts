// Every command of `durable`, by group.
import type { CommandSpec, GroupSpec } from './command.js';
import { workflowCommands, workflowGroups } from './commands/workflow.js';
import type { Registry } from './run-cli.js';

export function createRegistry(extra: { groups: GroupSpec[]; commands: CommandSpec[] }): Registry {
  return {
    groups: [...workflowGroups, ...extra.groups],
    commands: [...workflowCommands, ...extra.commands],
  };
}
