// workflow list | count | describe | result | query | stack | metadata: reading a workflow's state.
import type { temporal } from '@durable/proto';
import type { CommandContext, CommandSpec, OptionSpec } from '../command.js';
import { fromProtoTimestamp } from '../durations.js';
import { keyJsonPayloads, payloadOptions, inputPayloads, payloadValues } from '../payloads.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { protoJson, WS } from '../proto-json.js';
import { closeOutcome, followHistory } from './history.js';
import { checkCounts, collectPages, WORKFLOW_REFERENCE } from './shared.js';
import { describeText, pollersOf } from './workflow-describe.js';

type Info = temporal.api.workflow.v1.IWorkflowExecutionInfo;

const QUERY_MODIFIERS: OptionSpec[] = [
  { name: 'reject-condition', type: 'enum', values: ['not_open', 'not_completed_cleanly'], description: 'Refuse to query a workflow that is closed, or that did not complete.' },
  { name: 'headers', type: 'string[]', meta: 'KEY=JSON', description: 'Header sent with the query. Repeatable.' },
];

const row = (i: Info) => ({
  status: enumWord('WorkflowExecutionStatus', i.status),
  workflowId: i.execution?.workflowId ?? '',
  type: i.type?.name ?? '',
  startTime: fromProtoTimestamp(i.startTime),
});

async function query(ctx: CommandContext, name: string, args: temporal.api.common.v1.IPayload[]): Promise<unknown[]> {
  const reject = ctx.flags.string('reject-condition');
  const header = keyJsonPayloads(ctx.flags, 'headers');
  const c = await ctx.client();
  const r = await c.connection.workflowService.queryWorkflow({
    namespace: c.namespace,
    execution: { workflowId: ctx.flags.string('workflow-id'), runId: ctx.flags.string('run-id') },
    query: { queryType: name, queryArgs: { payloads: args }, header: header && { fields: header } },
    queryRejectCondition: reject ? enumValue('QueryRejectCondition', 'QUERY_REJECT_CONDITION', reject === 'not_open' ? 'NotOpen' : 'NotCompletedCleanly') : undefined,
  });
  if (r.queryRejected) throw new Error(`query rejected: the workflow is ${enumWord('WorkflowExecutionStatus', r.queryRejected.status)}`);
  return payloadValues(r.queryResult, ctx.flags.bool('no-json-shorthand-payloads'));
}

export const workflowReadCommands: CommandSpec[] = [
  {
    path: 'workflow list',
    summary: 'List workflow executions, optionally filtered with a list filter',
    description: `Lists workflows, newest first.\n\nExample:\n  durable workflow list \\\n      --query "ExecutionStatus = 'Running' AND WorkflowType = 'YourWorkflow'" \\\n      --limit 10`,
    options: [
      { name: 'query', short: 'q', type: 'string', description: 'List filter, e.g. "WorkflowType = \'orderWorkflow\'".' },
      { name: 'archived', type: 'bool', description: 'List archived workflows instead.' },
      { name: 'limit', type: 'int', description: 'Show at most this many.' },
      { name: 'page-size', type: 'int', description: 'How many to fetch per request.' },
    ],
    validate: (flags) => checkCounts(flags, ['limit', 'page-size']),
    async run(ctx) {
      const limit = ctx.flags.number('limit') ?? Infinity;
      const c = await ctx.client();
      const infos: Info[] = await collectPages(async (nextPageToken) => {
        const request = { namespace: c.namespace, query: ctx.flags.string('query') ?? '', pageSize: ctx.flags.number('page-size') ?? Math.min(1000, limit), nextPageToken };
        const page = ctx.flags.bool('archived')
          ? await c.connection.workflowService.listArchivedWorkflowExecutions(request)
          : await c.connection.workflowService.listWorkflowExecutions(request);
        return { items: page.executions, nextPageToken: page.nextPageToken };
      }, limit);
      const rows = infos.slice(0, limit);
      ctx.print.table(
        rows,
        [
          { title: 'Status', value: (i) => row(i).status },
          { title: 'WorkflowId', value: (i) => row(i).workflowId },
          { title: 'Type', value: (i) => row(i).type },
          { title: 'StartTime', value: (i) => row(i).startTime },
        ],
        (i) => protoJson('temporal.api.workflow.v1.WorkflowExecutionInfo', i, ctx.flags),
      );
    },
  },
  {
    path: 'workflow count',
    summary: 'Count workflow executions, optionally filtered and grouped',
    description: `Counts workflows matching a list filter; "GROUP BY ExecutionStatus" counts each status.\n\nExample:\n  durable workflow count \\\n      --query "GROUP BY ExecutionStatus"`,
    options: [{ name: 'query', short: 'q', type: 'string', description: 'List filter, optionally with GROUP BY ExecutionStatus.' }],
    async run(ctx) {
      const c = await ctx.client();
      const r = await c.connection.workflowService.countWorkflowExecutions({ namespace: c.namespace, query: ctx.flags.string('query') ?? '' });
      const groups = (r.groups ?? []).map((g) => `  ${JSON.stringify(payloadValues({ payloads: g.groupValues }))}: ${String(g.count)}`);
      ctx.print.object(protoJson(WS('CountWorkflowExecutionsResponse'), r, ctx.flags), [`Total: ${String(r.count ?? 0)}`, ...groups].join('\n'));
    },
  },
  {
    path: 'workflow describe',
    summary: 'Show a workflow execution: status, pending activities and children, and the task queue\'s workers',
    description: `Shows a workflow's state. A pending activity shows its attempt and last failure; the task queue's pollers tell whether a worker is there to run it.\n\nExample:\n  durable workflow describe \\\n      --workflow-id YourWorkflowId`,
    options: [
      ...WORKFLOW_REFERENCE,
      { name: 'reset-points', type: 'bool', description: 'Show only the points the workflow can be reset to.' },
      { name: 'raw', type: 'bool', description: 'Print the server\'s answer as it is (proto3 JSON).' },
    ],
    async run(ctx) {
      const c = await ctx.client();
      const d = await c.connection.workflowService.describeWorkflowExecution({
        namespace: c.namespace,
        execution: { workflowId: ctx.flags.string('workflow-id'), runId: ctx.flags.string('run-id') },
      });
      if (ctx.flags.bool('reset-points')) {
        const points = d.workflowExtendedInfo?.resetRunId ? [] : (d.workflowExecutionInfo?.autoResetPoints?.points ?? []);
        ctx.print.table(
          points,
          [
            { title: 'BuildId', value: (p) => p.buildId },
            { title: 'RunId', value: (p) => p.runId },
            { title: 'EventId', value: (p) => String(p.firstWorkflowTaskCompletedId) },
            { title: 'CreateTime', value: (p) => fromProtoTimestamp(p.createTime) },
            { title: 'Resettable', value: (p) => p.resettable },
          ],
          (p) => protoJson('temporal.api.workflow.v1.ResetPointInfo', p, ctx.flags),
        );
        return;
      }
      const json = protoJson(WS('DescribeWorkflowExecutionResponse'), d, ctx.flags);
      if (ctx.flags.bool('raw')) {
        ctx.print.object(json, JSON.stringify(json, null, 2));
        return;
      }
      const pollers = await pollersOf(c, d.executionConfig?.taskQueue?.name ?? d.workflowExecutionInfo?.taskQueue ?? '');
      ctx.print.object({ ...(json as object), taskQueuePollers: pollers }, describeText(d, pollers, ctx.print.time));
    },
  },
  {
    path: 'workflow result',
    summary: 'Wait for a workflow execution to close and show its result',
    description: `Waits until the run closes and prints its result, or its failure (exit 1).\n\nExample:\n  durable workflow result \\\n      --workflow-id YourWorkflowId`,
    options: WORKFLOW_REFERENCE,
    async run(ctx) {
      const c = await ctx.client();
      const workflowId = ctx.flags.required('workflow-id');
      const close = await followHistory(c, workflowId, ctx.flags.string('run-id'), () => undefined);
      const outcome = closeOutcome(close);
      ctx.print.object(
        { workflowId, ...outcome },
        `Results:\n  Status  ${outcome.status.toUpperCase()}\n${outcome.result !== undefined ? `  Result  ${JSON.stringify(outcome.result)}\n` : ''}${outcome.failure ? `  Failure  ${outcome.failure}\n` : ''}${outcome.newRunId ? `  NewRunId  ${outcome.newRunId}\n` : ''}`,
      );
      return outcome.status === 'Completed' ? 0 : 1;
    },
  },
  {
    path: 'workflow query',
    summary: 'Ask a workflow execution for state through one of its query handlers',
    description: `Runs a query handler of the workflow and prints what it returns.\n\nExample:\n  durable workflow query \\\n      --workflow-id YourWorkflowId \\\n      --name YourQuery \\\n      --input '{"some": "json"}'`,
    options: [{ name: 'name', type: 'string', required: true, aliases: ['type'], description: 'Query name.' }, ...WORKFLOW_REFERENCE, ...QUERY_MODIFIERS, ...payloadOptions()],
    validate: (flags) => void inputPayloads(flags),
    async run(ctx) {
      const values = await query(ctx, ctx.flags.required('name'), inputPayloads(ctx.flags));
      const result = values.length === 1 ? values[0] : values;
      ctx.print.object({ queryResult: result }, `Query result:\n  ${JSON.stringify(result)}`);
    },
  },
  {
    path: 'workflow stack',
    summary: 'Show where a workflow execution is waiting (its stack trace)',
    description: `Queries the workflow's built-in __stack_trace: the awaits it is blocked on, with file and line.\n\nExample:\n  durable workflow stack \\\n      --workflow-id YourWorkflowId`,
    options: [...WORKFLOW_REFERENCE, QUERY_MODIFIERS[0]],
    async run(ctx) {
      const [stack] = await query(ctx, '__stack_trace', []);
      ctx.print.object({ stackTrace: stack }, String(stack || '(the worker reported no stack trace)'));
    },
  },
  {
    path: 'workflow metadata',
    summary: 'Show the handlers a workflow execution declares and its current details',
    description: `Queries the workflow's built-in __temporal_workflow_metadata: its query, signal and update handlers with their descriptions, and the details it reports.\n\nExample:\n  durable workflow metadata \\\n      --workflow-id YourWorkflowId`,
    options: [...WORKFLOW_REFERENCE, ...QUERY_MODIFIERS],
    async run(ctx) {
      const [metadata] = await query(ctx, '__temporal_workflow_metadata', []);
      const m = (metadata ?? {}) as { definition?: { type?: string; queryDefinitions?: { name: string; description?: string }[]; signalDefinitions?: { name: string; description?: string }[]; updateDefinitions?: { name: string; description?: string }[] }; currentDetails?: string };
      const list = (title: string, defs: { name: string; description?: string }[] = []) => (defs.length ? [`${title}:`, ...defs.map((d) => `  ${d.name}${d.description ? `  ${d.description}` : ''}`)] : []);
      const def = m.definition ?? {};
      ctx.print.object(metadata, [`Type: ${def.type ?? ''}`, ...list('Queries', def.queryDefinitions), ...list('Signals', def.signalDefinitions), ...list('Updates', def.updateDefinitions), ...(m.currentDetails ? [`Current details: ${m.currentDetails}`] : [])].join('\n'));
    },
  },
];

