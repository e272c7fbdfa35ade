// durable batch list | describe | terminate, and durable task-queue describe | list-partition.
import type { CommandSpec, GroupSpec } from '../command.js';
import { fromProtoTimestamp } from '../durations.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { WS } from '../proto-json.js';
import { UsageError } from '../usage-error.js';
import { rpcCommand } from './rpc-command.js';
import { defaultReason } from './shared.js';
import { temporal } from '@durable/proto';

const TQ = { name: 'task-queue', short: 't', type: 'string' as const, required: true, description: 'Task queue name.' };

export const batchTaskQueueGroups: GroupSpec[] = [
  { path: 'batch', summary: 'List, show and stop batch jobs', description: 'Batch jobs are started by workflow commands given --query (cancel, terminate, signal, delete, reset, update-options).\n\nExample:\n  durable batch list' },
  { path: 'task-queue', summary: 'Show task queues (workers, partitions), their config and build-ID versioning', description: 'Example:\n  durable task-queue describe \\\n      --task-queue YourTaskQueue' },
];

export const batchTaskQueueCommands: CommandSpec[] = [
  rpcCommand({
    path: 'batch list',
    summary: 'List batch jobs',
    description: 'Example:\n  durable batch list',
    options: [{ name: 'limit', type: 'int', description: 'Show at most this many.' }],
    request: (flags) => ({ pageSize: flags.number('limit') ?? 100 }),
    call: (c, r) => c.connection.workflowService.listBatchOperations({ ...r, namespace: c.namespace }),
    responseType: WS('ListBatchOperationsResponse'),
    text: (r) => {
      const list = (r as temporal.api.workflowservice.v1.IListBatchOperationsResponse).operationInfo ?? [];
      return ['JobId  State', ...list.map((o) => `${o.jobId}  ${enumWord('BatchOperationState', o.state)}`)].join('\n');
    },
  }),
  rpcCommand({
    path: 'batch describe',
    summary: 'Show a batch job\'s progress',
    description: 'Example:\n  durable batch describe \\\n      --job-id YourJobId',
    options: [{ name: 'job-id', type: 'string', required: true, description: 'Batch job ID.' }],
    request: (flags) => ({ jobId: flags.string('job-id') }),
    call: (c, r) => c.connection.workflowService.describeBatchOperation({ ...r, namespace: c.namespace }),
    responseType: WS('DescribeBatchOperationResponse'),
  }),
  rpcCommand({
    path: 'batch terminate',
    summary: 'Stop a batch job (what it did stays done)',
    description: 'Example:\n  durable batch terminate \\\n      --job-id YourJobId \\\n      --reason "Wrong query"',
    options: [{ name: 'job-id', type: 'string', required: true, description: 'Batch job ID.' }, { name: 'reason', type: 'string', required: true, description: 'Why it is stopped.' }],
    request: (flags) => ({ jobId: flags.string('job-id'), reason: flags.string('reason') ?? defaultReason('stopped') }),
    call: (c, r) => c.connection.workflowService.stopBatchOperation({ ...r, namespace: c.namespace, identity: c.identity }),
    responseType: WS('StopBatchOperationResponse'),
    text: (_r, _c, req) => `Terminated batch job ${req.jobId}`,
  }),
  {
    path: 'task-queue describe',
    summary: 'Show the workers polling a task queue',
    description: 'Lists the pollers of the task queue, for workflow and activity tasks, with when each last polled.\n\nExample:\n  durable task-queue describe \\\n      --task-queue YourTaskQueue',
    options: [
      TQ,
      { name: 'task-queue-type', type: 'enum[]', values: ['workflow', 'activity', 'nexus'], description: 'Task types to show (default workflow and activity). Repeatable.' },
      { name: 'partitions-legacy', type: 'int', default: '1', description: 'Partitions to ask about, 1 through N.' },
      { name: 'disable-stats', type: 'bool', description: 'Accepted for compatibility.' },
      { name: 'legacy-mode', type: 'bool', description: 'Accepted for compatibility (pollers are always listed).' },
    ],
    validate(flags) {
      if ((flags.number('partitions-legacy') ?? 1) < 1) throw new UsageError('--partitions-legacy must be at least 1');
    },
    async run(ctx) {
      const name = ctx.flags.required('task-queue');
      const types = ctx.flags.list('task-queue-type');
      const c = await ctx.client();
      const rows: { type: string; partition: number; identity: string; lastAccessTime?: Date; ratePerSecond?: number }[] = [];
      for (const type of types.length ? types : ['workflow', 'activity']) {
        for (let partition = 0; partition < (ctx.flags.number('partitions-legacy') ?? 1); partition++) {
          const r = await c.connection.workflowService.describeTaskQueue({
            namespace: c.namespace,
            taskQueue: { name: partition ? `/_sys/${name}/${partition}` : name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            taskQueueType: enumValue('TaskQueueType', 'TASK_QUEUE_TYPE', type),
          });
          for (const p of r.pollers ?? []) {
            rows.push({ type, partition, identity: p.identity ?? '', lastAccessTime: fromProtoTimestamp(p.lastAccessTime), ratePerSecond: p.ratePerSecond ?? undefined });
          }
        }
      }
      if (!rows.length && ctx.print.format === 'text') {
        ctx.print.line(`No worker polls task queue "${name}" (start a worker on it)`);
        return;
      }
      ctx.print.table(rows, [
        { title: 'TaskQueueType', value: (r) => r.type },
        { title: 'Partition', value: (r) => r.partition },
        { title: 'Identity', value: (r) => r.identity },
        { title: 'LastAccessTime', value: (r) => r.lastAccessTime },
        { title: 'RatePerSecond', value: (r) => r.ratePerSecond },
      ]);
    },
  },
  rpcCommand({
    path: 'task-queue list-partition',
    summary: 'List a task queue\'s partitions and the hosts that own them',
    description: 'Example:\n  durable task-queue list-partition \\\n      --task-queue YourTaskQueue',
    options: [TQ],
    request: (flags) => ({ taskQueue: { name: flags.string('task-queue'), kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL } }),
    call: (c, r) => c.connection.workflowService.listTaskQueuePartitions({ ...r, namespace: c.namespace }),
    responseType: WS('ListTaskQueuePartitionsResponse'),
  }),
];
