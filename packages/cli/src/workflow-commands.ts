// `durable workflow <verb>`: the Temporal CLI's workflow commands (start, execute, list, count, describe, show,
// signal, query, update execute, cancel, terminate) with its flag names, against any Temporal-compatible server.
import { Client, Connection, WorkflowFailedError, type WorkflowExecutionInfo } from '@durable/client';
import { defaultPayloadConverter, timestampPartsToMs, type Payload } from '@durable/common';
import { temporal } from '@durable/proto';
import { UsageError } from './args.js';

interface Io {
  out: { write(s: string): unknown };
  env: Record<string, string | undefined>;
}

const FLAG_ALIASES: Record<string, string> = {
  '-w': '--workflow-id',
  '-r': '--run-id',
  '-t': '--task-queue',
  '-i': '--input',
  '-q': '--query',
  '-n': '--namespace',
  '-o': '--output',
  '-f': '--follow',
};
const BOOLEAN = new Set(['--follow']);

export const WORKFLOW_USAGE = `Usage: durable workflow <verb> [flags]

Verbs (flags as the temporal CLI names them):
  start       --type T --task-queue Q [--workflow-id ID] [--input JSON ...]
  execute     like start, then waits and prints the result
  list        [--query Q] [--limit N]
  count       [--query Q]
  describe    --workflow-id ID [--run-id R]
  show        --workflow-id ID [--run-id R] [--follow]     history as a timeline
  signal      --workflow-id ID --name N [--input JSON ...]
  query       --workflow-id ID --name N [--input JSON ...]
  update execute --workflow-id ID --name N [--input JSON ...]
  cancel      --workflow-id ID [--run-id R]
  terminate   --workflow-id ID [--run-id R] [--reason R]

Common flags: --address host:port (env TEMPORAL_ADDRESS, default localhost:7233),
  --namespace N (env TEMPORAL_NAMESPACE, default 'default'), --output text|json, --api-key K (env TEMPORAL_API_KEY),
  --tls (on with an API key)
`;

function parse(argv: readonly string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    arg = FLAG_ALIASES[arg] ?? arg;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    if (BOOLEAN.has(arg) || arg === '--tls') {
      flags.set(arg, ['true']);
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`flag ${arg} needs a value`);
    }
    flags.set(arg, [...(flags.get(arg) ?? []), value]);
  }
  return flags;
}

const one = (flags: Map<string, string[]>, name: string) => flags.get(name)?.at(-1);
function required(flags: Map<string, string[]>, name: string): string {
  const v = one(flags, name);
  if (!v) throw new UsageError(`${name} is required`);
  return v;
}

function inputs(flags: Map<string, string[]>): unknown[] {
  return (flags.get('--input') ?? []).map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`--input must be JSON, got ${JSON.stringify(text)} (quote strings: '"text"')`);
    }
  });
}

function decode(p: Payload | null | undefined): unknown {
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return `<${Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() || 'payload'}>`;
  }
}

const time = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? new Date(timestampPartsToMs(t as Parameters<typeof timestampPartsToMs>[0])).toISOString() : '';

function infoJson(i: WorkflowExecutionInfo) {
  return {
    workflowId: i.workflowId,
    runId: i.runId,
    type: i.type,
    status: i.status.name,
    taskQueue: i.taskQueue,
    startTime: i.startTime.toISOString(),
    closeTime: i.closeTime?.toISOString(),
    historyLength: i.historyLength,
    memo: i.memo,
    searchAttributes: i.searchAttributes,
  };
}

/** One line per event: id, time, type and what matters about it. */
export function describeEvent(e: temporal.api.history.v1.IHistoryEvent): string {
  const type = (temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? String(e.eventType))
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  const detail: string[] = [];
  const j = (v: unknown) => JSON.stringify(v);
  const a = e.workflowExecutionStartedEventAttributes;
  if (a) detail.push(`type=${a.workflowType?.name}`, `input=${j((a.input?.payloads ?? []).map(decode))}`);
  const s = e.activityTaskScheduledEventAttributes;
  if (s) detail.push(`activity=${s.activityType?.name}`, `id=${s.activityId}`);
  if (e.activityTaskCompletedEventAttributes) detail.push(`result=${j(decode(e.activityTaskCompletedEventAttributes.result?.payloads?.[0]))}`);
  const failure = e.activityTaskFailedEventAttributes?.failure ?? e.workflowExecutionFailedEventAttributes?.failure ?? e.workflowTaskFailedEventAttributes?.failure;
  if (failure) detail.push(`failure=${j(failure.message)}`);
  if (e.timerStartedEventAttributes) detail.push(`timer=${e.timerStartedEventAttributes.timerId}`);
  if (e.workflowExecutionSignaledEventAttributes) detail.push(`signal=${e.workflowExecutionSignaledEventAttributes.signalName}`);
  if (e.workflowExecutionCompletedEventAttributes) detail.push(`result=${j(decode(e.workflowExecutionCompletedEventAttributes.result?.payloads?.[0]))}`);
  if (e.workflowExecutionTerminatedEventAttributes) detail.push(`reason=${j(e.workflowExecutionTerminatedEventAttributes.reason)}`);
  const child = e.startChildWorkflowExecutionInitiatedEventAttributes;
  if (child) detail.push(`child=${child.workflowType?.name}`, `id=${child.workflowId}`);
  return `${String(e.eventId).padStart(5)}  ${time(e.eventTime)}  ${type}${detail.length ? `  ${detail.join(' ')}` : ''}`;
}

export async function runWorkflowCommand(argv: readonly string[], io: Io): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'update') {
    const sub = rest.shift();
    if (sub !== 'execute') throw new UsageError(`durable workflow update ${sub ?? ''}: only "update execute" is supported`);
  }
  if (!verb || verb === '--help' || verb === '-h') {
    io.out.write(WORKFLOW_USAGE);
    return 0;
  }
  const flags = parse(rest);
  const json = one(flags, '--output') === 'json';
  const output = one(flags, '--output') ?? 'text';
  if (!['text', 'json'].includes(output)) throw new UsageError(`--output must be text or json, got ${output}`);
  const address = one(flags, '--address') ?? io.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = one(flags, '--namespace') ?? io.env.TEMPORAL_NAMESPACE ?? 'default';
  const apiKey = one(flags, '--api-key') ?? io.env.TEMPORAL_API_KEY;
  const print = (text: string, data: unknown) => io.out.write(json ? `${JSON.stringify(data, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);

  const connection = await Connection.connect({ address, apiKey, tls: one(flags, '--tls') ? true : undefined });
  try {
    const client = new Client({ connection, namespace });
    const handle = () => client.workflow.getHandle(required(flags, '--workflow-id'), one(flags, '--run-id'));
    switch (verb) {
      case 'start':
      case 'execute': {
        const type = required(flags, '--type');
        const taskQueue = required(flags, '--task-queue');
        const workflowId = one(flags, '--workflow-id') ?? `${type}-${Date.now()}`;
        const h = await client.workflow.start(type, { taskQueue, workflowId, args: inputs(flags) });
        const started = { workflowId, runId: h.firstExecutionRunId, type, namespace, taskQueue };
        if (verb === 'start') {
          print(`Running execution:\n  WorkflowId  ${workflowId}\n  RunId       ${h.firstExecutionRunId}\n  Type        ${type}\n  Namespace   ${namespace}\n  TaskQueue   ${taskQueue}`, started);
          return 0;
        }
        try {
          const result = await h.result();
          print(`Running execution:\n  WorkflowId  ${workflowId}\n  RunId       ${h.firstExecutionRunId}\nResults:\n  Status      COMPLETED\n  Result      ${JSON.stringify(result)}`, { ...started, status: 'COMPLETED', result });
          return 0;
        } catch (err) {
          if (!(err instanceof WorkflowFailedError)) throw err;
          const message = err.cause?.message ?? err.message;
          print(`Running execution:\n  WorkflowId  ${workflowId}\nResults:\n  Status      FAILED\n  Failure     ${message}`, { ...started, status: 'FAILED', failure: message });
          return 1;
        }
      }
      case 'list': {
        const limit = Number(one(flags, '--limit') ?? Infinity);
        const rows: WorkflowExecutionInfo[] = [];
        for await (const info of client.workflow.list({ query: one(flags, '--query') })) {
          rows.push(info);
          if (rows.length >= limit) break;
        }
        const text = [
          `${'Status'.padEnd(16)}${'WorkflowId'.padEnd(40)}${'Type'.padEnd(24)}StartTime`,
          ...rows.map((r) => `${r.status.name.padEnd(16)}${r.workflowId.padEnd(40)}${r.type.padEnd(24)}${r.startTime.toISOString()}`),
        ].join('\n');
        print(text, rows.map(infoJson));
        return 0;
      }
      case 'count': {
        const c = await client.workflow.count(one(flags, '--query'));
        const groups = c.groups.map((g) => `  ${JSON.stringify(g.groupValues.flat())}: ${g.count}`);
        print([`Total: ${c.count}`, ...groups].join('\n'), c);
        return 0;
      }
      case 'describe': {
        const d = await handle().describe();
        const info = infoJson(d);
        const pending = d.raw.description.pendingActivities ?? [];
        print(
          [
            'Execution Info:',
            ...Object.entries(info)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => `  ${k.padEnd(16)}${typeof v === 'object' ? JSON.stringify(v) : String(v)}`),
            ...(pending.length ? ['Pending Activities:', ...pending.map((p) => `  ${p.activityType?.name} (id ${p.activityId}, attempt ${p.attempt})`)] : []),
          ].join('\n'),
          { ...info, pendingActivities: pending.map((p) => ({ activityId: p.activityId, activityType: p.activityType?.name, attempt: p.attempt })) },
        );
        return 0;
      }
      case 'show': {
        const h = handle();
        if (!one(flags, '--follow')) {
          const events = (await h.fetchHistory()).events ?? [];
          print(events.map(describeEvent).join('\n'), temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.create({ events: events as temporal.api.history.v1.HistoryEvent[] }), { longs: String, enums: String, bytes: String }));
          return 0;
        }
        // --follow: print events as they are written, until the run closes.
        let token: Uint8Array | undefined;
        for (;;) {
          const page = await connection.workflowService.getWorkflowExecutionHistory({
            namespace,
            execution: { workflowId: h.workflowId, runId: h.runId },
            waitNewEvent: true,
            nextPageToken: token,
          });
          for (const e of page.history?.events ?? []) io.out.write(`${json ? JSON.stringify(temporal.api.history.v1.HistoryEvent.toObject(e as temporal.api.history.v1.HistoryEvent, { longs: String, enums: String })) : describeEvent(e)}\n`);
          if (!page.nextPageToken?.length) return 0;
          token = page.nextPageToken;
        }
      }
      case 'signal':
        await handle().signal(required(flags, '--name'), ...inputs(flags));
        print('Signal workflow succeeded', { signaled: true });
        return 0;
      case 'query': {
        const result = await handle().query(required(flags, '--name'), ...inputs(flags));
        print(`Query result:\n  ${JSON.stringify(result)}`, { queryResult: result });
        return 0;
      }
      case 'update': {
        const result = await handle().executeUpdate(required(flags, '--name'), { args: inputs(flags), updateId: one(flags, '--update-id') });
        print(`Update result:\n  ${JSON.stringify(result)}`, { updateResult: result });
        return 0;
      }
      case 'cancel':
        await handle().cancel();
        print('Cancellation requested', { cancelRequested: true });
        return 0;
      case 'terminate':
        await handle().terminate(one(flags, '--reason') ?? 'terminated by durable workflow terminate');
        print('Workflow terminated', { terminated: true });
        return 0;
      default:
        throw new UsageError(`unknown workflow verb ${JSON.stringify(verb)}`);
    }
  } finally {
    await connection.close();
  }
}
