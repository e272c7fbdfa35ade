// workflow show | trace | fix-history-json: a run's events, a live tree of a workflow and its children, and
// history files brought to the current JSON form.
import { readFileSync, writeFileSync } from 'node:fs';
import type { temporal} from '@durable/proto';
import { root, type protobuf } from '@durable/proto';
import type { CommandSpec } from '../command.js';
import type { ClientContext } from '../connect.js';
import { formatDuration, fromProtoTimestamp } from '../durations.js';
import { enumWord } from '../proto-enums.js';
import { protoJson } from '../proto-json.js';
import { UsageError } from '../usage-error.js';
import { CLOSE_EVENTS, describeEvent, fetchHistory, followHistory } from './history.js';
import { WORKFLOW_REFERENCE } from './shared.js';

const EVENT = 'temporal.api.history.v1.HistoryEvent';

interface TraceNode {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  duration?: string;
  children: TraceNode[];
}

/** The workflow and, down to `depth`, the children its history started. */
async function traceTree(c: ClientContext, workflowId: string, runId: string | undefined, depth: number, fold: Set<string>): Promise<TraceNode> {
  const d = await c.connection.workflowService.describeWorkflowExecution({ namespace: c.namespace, execution: { workflowId, runId } });
  const info = d.workflowExecutionInfo ?? {};
  const start = fromProtoTimestamp(info.startTime);
  const close = fromProtoTimestamp(info.closeTime);
  const status = enumWord('WorkflowExecutionStatus', info.status);
  const node: TraceNode = {
    workflowId,
    runId: info.execution?.runId ?? '',
    type: info.type?.name ?? '',
    status,
    duration: start ? formatDuration((close ?? new Date()).getTime() - start.getTime()) : undefined,
    children: [],
  };
  if (depth === 0 || fold.has(status.toLowerCase())) return node;
  const events = await fetchHistory(c, workflowId, node.runId);
  for (const e of events) {
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId) node.children.push(await traceTree(c, child.workflowId, child.runId ?? undefined, depth - 1, fold));
  }
  return node;
}

function renderTree(n: TraceNode, prefix = '', last = true, top = true): string {
  const line = `${top ? '' : `${prefix}${last ? '└── ' : '├── '}`}${n.status.padEnd(10)} ${n.type} ${n.workflowId}${n.duration ? ` (${n.duration})` : ''}`;
  const childPrefix = top ? '' : `${prefix}${last ? '    ' : '│   '}`;
  return [line, ...n.children.map((c, i) => renderTree(c, childPrefix, i === n.children.length - 1, false))].join('\n');
}

/** Old history JSON (enum values as PascalCase words, e.g. "WorkflowExecutionStarted") in the current form. */
export function fixHistoryJson(value: unknown, type: protobuf.Type = root.lookupType('temporal.api.history.v1.History')): unknown {
  if (Array.isArray(value)) return value.map((v) => fixHistoryJson(v, type));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.name === key || f.name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) === key);
    if (!field) {
      out[key] = v;
      continue;
    }
    const resolved = field.resolve().resolvedType;
    if (resolved && 'values' in resolved && !('fields' in resolved)) {
      const values = (resolved as protobuf.Enum).values;
      const fix = (x: unknown) => {
        if (typeof x !== 'string' || x in values) return x;
        const screaming = x.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
        return Object.keys(values).find((name) => name.endsWith(`_${screaming}`)) ?? x;
      };
      out[key] = Array.isArray(v) ? v.map(fix) : fix(v);
    } else if (resolved && 'fields' in resolved && !field.map) {
      out[key] = fixHistoryJson(v, resolved as protobuf.Type);
    } else if (resolved && 'fields' in resolved && field.map && v && typeof v === 'object') {
      out[key] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fixHistoryJson(x, resolved as protobuf.Type)]));
    } else out[key] = v;
  }
  return out;
}

export const workflowHistoryCommands: CommandSpec[] = [
  {
    path: 'workflow show',
    summary: 'Show the event history of a workflow execution',
    description: `One line per event with what matters about it: inputs of the workflow, of signals and updates, timer durations, results and failures. --follow prints events as they happen until the run closes. JSON output is the history as Temporal's tools read it (save it for runReplayHistory).\n\nExample:\n  durable workflow show \\\n      --workflow-id YourWorkflowId \\\n      --follow`,
    options: [
      ...WORKFLOW_REFERENCE,
      { name: 'follow', short: 'f', type: 'bool', description: 'Keep printing events as they are written, until the run closes.' },
      { name: 'detailed', type: 'bool', description: 'Print every field of each event (proto3 JSON, one event a line).' },
      { name: 'reverse', type: 'bool', description: 'Newest event first (not with --follow).' },
    ],
    validate(flags) {
      if (flags.bool('follow') && flags.bool('reverse')) throw new UsageError('--reverse cannot be combined with --follow');
    },
    async run(ctx) {
      const c = await ctx.client();
      const workflowId = ctx.flags.required('workflow-id');
      const runId = ctx.flags.string('run-id');
      const line = (e: temporal.api.history.v1.IHistoryEvent) =>
        ctx.flags.bool('detailed') ? JSON.stringify(protoJson(EVENT, e, ctx.flags)) : describeEvent(e, ctx.print.time);
      if (ctx.flags.bool('follow')) {
        await followHistory(c, workflowId, runId, (e) => ctx.print.item(protoJson(EVENT, e, ctx.flags), line(e)));
        return;
      }
      const events = await fetchHistory(c, workflowId, runId, ctx.flags.bool('reverse'));
      if (ctx.print.format === 'jsonl') for (const e of events) ctx.print.item(protoJson(EVENT, e, ctx.flags), '');
      else ctx.print.object({ events: events.map((e) => protoJson(EVENT, e, ctx.flags)) }, events.map(line).join('\n'));
    },
  },
  {
    path: 'workflow trace',
    summary: 'Show a live tree of a workflow execution and its child workflows',
    description: `Prints the workflow and its children (status, type, ID, duration) and prints it again as they change, until the workflow closes.\n\nExample:\n  durable workflow trace \\\n      --workflow-id YourWorkflowId`,
    options: [
      ...WORKFLOW_REFERENCE,
      { name: 'fold', type: 'string[]', meta: 'STATUS', description: 'Leave out the children of workflows with this status (running, completed, failed, canceled, terminated, timedout, continuedasnew). Repeatable.' },
      { name: 'no-fold', type: 'bool', description: 'Fold nothing.' },
      { name: 'depth', type: 'int', default: '-1', description: 'Levels of children to show (-1: all).' },
      { name: 'concurrency', type: 'int', default: '10', description: 'Accepted for compatibility (children are fetched one by one).' },
    ],
    async run(ctx) {
      const c = await ctx.client();
      const workflowId = ctx.flags.required('workflow-id');
      const runId = ctx.flags.string('run-id');
      const fold = new Set(ctx.flags.bool('no-fold') ? [] : ctx.flags.list('fold').map((s) => s.toLowerCase()));
      const depth = ctx.flags.number('depth') ?? -1;
      let shown = '';
      for (;;) {
        const tree = await traceTree(c, workflowId, runId, depth, fold);
        const text = renderTree(tree);
        if (text !== shown) {
          ctx.print.item(tree, `${shown ? '\n' : ''}${text}`);
          shown = text;
        }
        if (tree.status !== 'Running') return tree.status === 'Completed' ? 0 : 1;
        // Wait for the root's next event (a child starting or closing writes one), or a few seconds for deeper changes.
        await c.connection.withDeadline(Date.now() + 3000, async () => {
          const history = await fetchHistory(c, workflowId, tree.runId);
          const last = history.at(-1);
          if (last && CLOSE_EVENTS.has(last.eventType ?? 0)) return;
          await followHistoryAfter(c, workflowId, tree.runId, history.length).catch(() => undefined);
        });
      }
    },
  },
  {
    path: 'workflow fix-history-json',
    summary: 'Rewrite a history JSON file written by older tools into the current form',
    description: `Older tools wrote enum values as words ("WorkflowExecutionStarted"); the current form names them in full ("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"). Reads --source and writes --target (or stdout).\n\nExample:\n  durable workflow fix-history-json \\\n      --source original.json \\\n      --target fixed.json`,
    connects: false,
    options: [
      { name: 'source', short: 's', type: 'string', required: true, meta: 'PATH', description: 'The history file to read.' },
      { name: 'target', short: 't', type: 'string', meta: 'PATH', description: 'The file to write (default: stdout).' },
    ],
    async run(ctx) {
      const source = ctx.flags.required('source');
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(source, 'utf8'));
      } catch (err) {
        throw new UsageError(`--source ${source}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(err as Error).message})`}`);
      }
      const fixed = `${JSON.stringify(fixHistoryJson(parsed), null, 2)}\n`;
      const target = ctx.flags.string('target');
      if (target) {
        writeFileSync(target, fixed);
        ctx.print.line(`Wrote ${target}`);
      } else ctx.io.out.write(fixed);
    },
  },
];

/** Returns when the run has a new event after the first `known` ones (long poll). */
async function followHistoryAfter(c: ClientContext, workflowId: string, runId: string, known: number): Promise<void> {
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    followHistory(c, workflowId, runId, () => {
      if (++seen > known) resolve();
    }).then(() => resolve(), reject);
  });
}
