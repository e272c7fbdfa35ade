// Flags and steps several command groups share: which workflow a command targets, batch operations over a
// --query, confirmations, and failures shown as one chain.
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@durable/common';
import type { temporal } from '@durable/proto';
import type { CommandContext, OptionSpec } from '../command.js';
import type { Flags } from '../flags.js';
import { UsageError } from '../usage-error.js';

type Failure = temporal.api.failure.v1.IFailure;

export const workflowIdOption = (required: boolean, note = ''): OptionSpec => ({ name: 'workflow-id', short: 'w', type: 'string', required, meta: 'ID', description: `Workflow ID.${note}` });
export const runIdOption: OptionSpec = { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID (default: the latest run).' };
export const WORKFLOW_REFERENCE: OptionSpec[] = [workflowIdOption(true), runIdOption];
export const yesOption = (what: string): OptionSpec => ({ name: 'yes', short: 'y', type: 'bool', description: `Do not ask before ${what}.` });
export const reasonOption = (what: string): OptionSpec => ({ name: 'reason', type: 'string', description: `Why ${what} (recorded with it; default names you).` });

/** --workflow-id or --query (a batch over the matching workflows), as the temporal CLI's "single or batch" set. */
export const SINGLE_OR_BATCH: OptionSpec[] = [
  workflowIdOption(false, ' Set this or --query.'),
  { name: 'query', short: 'q', type: 'string', description: 'List filter selecting the workflows of a batch operation. Set this or --workflow-id.' },
  { name: 'run-id', short: 'r', type: 'string', meta: 'ID', description: 'Run ID (only with --workflow-id).' },
  reasonOption('the batch runs'),
  yesOption('starting a batch operation'),
  { name: 'rps', type: 'float', description: 'Requests per second a batch operation may make.' },
  { name: 'headers', type: 'string[]', meta: 'KEY=JSON', description: 'Headers sent with the request. Repeatable.' },
];

/** Checks --workflow-id / --query / --run-id / --yes / --rps combinations. */
export function checkSingleOrBatch(flags: Flags): void {
  const id = flags.string('workflow-id');
  const query = flags.string('query');
  if (!id && !query) throw new UsageError('set --workflow-id or --query');
  if (id && query) throw new UsageError('set --workflow-id or --query, not both');
  if (query && flags.string('run-id')) throw new UsageError('--run-id cannot be used with --query');
  if (!query && flags.has('rps')) throw new UsageError('--rps needs --query');
}

export function defaultReason(what: string): string {
  return `${what} by ${process.env.USER ?? process.env.USERNAME ?? 'unknown user'} with durable`;
}

/** Asks on a terminal, or requires --yes when nobody can answer. */
export async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  if (ctx.flags.bool('yes')) return true;
  if (!process.stdin.isTTY) throw new UsageError(`${question} Add --yes to confirm (nobody can answer here).`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} y/N `)).trim());
  } finally {
    rl.close();
  }
}

type BatchOperation = Omit<temporal.api.workflowservice.v1.IStartBatchOperationRequest, 'namespace' | 'jobId' | 'visibilityQuery' | 'reason'>;

/** Starts a batch job over the workflows --query selects, after a count and a confirmation. */
export async function startBatch(ctx: CommandContext, verb: string, operation: BatchOperation): Promise<number> {
  const query = ctx.flags.required('query');
  const { connection, namespace, identity } = await ctx.client();
  const { count } = await connection.workflowService.countWorkflowExecutions({ namespace, query });
  if (!(await confirm(ctx, `Start a batch to ${verb} ${String(count)} workflow(s) matching ${JSON.stringify(query)}?`))) {
    ctx.print.line('Batch not started.');
    return 1;
  }
  const jobId = randomUUID();
  await connection.workflowService.startBatchOperation({
    namespace,
    jobId,
    visibilityQuery: query,
    reason: ctx.flags.string('reason') ?? defaultReason(`${verb} (batch)`),
    maxOperationsPerSecond: ctx.flags.number('rps'),
    ...withIdentity(operation, identity),
  });
  ctx.print.object({ batchJobId: jobId, matched: Number(count) }, `Started batch for job ID: ${jobId}`);
  return 0;
}

function withIdentity(op: BatchOperation, identity: string): BatchOperation {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(op)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { identity, ...v } : v;
  return out as BatchOperation;
}

/** "message: cause: cause", the way a failure chain reads. */
export function failureText(f: Failure | null | undefined): string {
  const parts: string[] = [];
  for (let x = f, depth = 0; x && depth < 10; x = x.cause, depth++) {
    const type = x.applicationFailureInfo?.type;
    parts.push(`${x.message || '(no message)'}${type ? ` (${type})` : ''}`);
  }
  return parts.join(': ');
}

/** A failure as JSON: message, type, stack and cause. */
export function failureJson(f: Failure | null | undefined): unknown {
  if (!f) return undefined;
  return { message: f.message, type: f.applicationFailureInfo?.type || undefined, source: f.source || undefined, stackTrace: f.stackTrace || undefined, cause: failureJson(f.cause) };
}

/** The flags of a start's UI text and dispatch priority, shared by workflow and standalone activity starts. */
export const METADATA_AND_PRIORITY_OPTIONS: OptionSpec[] = [
  { name: 'static-summary', type: 'string', description: 'One-line summary shown in UIs.' },
  { name: 'static-details', type: 'string', description: 'Details shown in UIs.' },
  { name: 'priority-key', type: 'int', description: 'Priority 1 (first) to 5 (last); default 3.' },
  { name: 'fairness-key', type: 'string', description: 'Fairness key for proportional dispatch.' },
  { name: 'fairness-weight', type: 'float', description: 'Weight of the fairness key (0.001-1000).' },
];

/** userMetadata and priority of a start request, from --static-summary/details and --priority-key/fairness-*. */
export function metadataAndPriority(flags: Flags): { userMetadata?: temporal.api.sdk.v1.IUserMetadata; priority?: temporal.api.common.v1.IPriority } {
  const priorityKey = flags.number('priority-key');
  if (priorityKey !== undefined && (priorityKey < 1 || priorityKey > 5)) throw new UsageError(`--priority-key expects 1 to 5, got ${priorityKey}`);
  const summary = flags.string('static-summary');
  const details = flags.string('static-details');
  return {
    userMetadata:
      summary || details
        ? { summary: summary ? defaultPayloadConverter.toPayload(summary) : undefined, details: details ? defaultPayloadConverter.toPayload(details) : undefined }
        : undefined,
    priority:
      priorityKey !== undefined || flags.string('fairness-key') || flags.has('fairness-weight')
        ? { priorityKey, fairnessKey: flags.string('fairness-key'), fairnessWeight: flags.number('fairness-weight') }
        : undefined,
  };
}

/** Count flags (--limit, --page-size) that must be at least 1 when given. */
export function checkCounts(flags: Flags, names: string[]): void {
  for (const f of names) if ((flags.number(f) ?? 1) < 1) throw new UsageError(`--${f} must be at least 1`);
}

/**
 * The items of a paged list RPC, page after page until the server has no more or `limit` are in hand (the last page
 * may bring more: callers slice).
 */
export async function collectPages<T>(
  fetchPage: (nextPageToken: Uint8Array | undefined) => Promise<{ items: T[] | null | undefined; nextPageToken?: Uint8Array | null }>,
  limit = Infinity,
): Promise<T[]> {
  const items: T[] = [];
  let token: Uint8Array | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(page.items ?? []));
    token = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (token && items.length < limit);
  return items;
}
