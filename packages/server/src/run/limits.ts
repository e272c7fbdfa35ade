// Temporal's per-run limits, read from dynamic config: when a run should continue-as-new, when it has grown past
// what the server keeps (it is then terminated), how many activities, children, signals and cancel requests it may
// have pending, and how large a payload may be.
import { temporal } from '@durable/proto';
import type { DynamicConfig } from '../model/dynamic-config.js';
import { invalidArgument } from '../model/errors.js';
import { payloadsSize, type Payloads } from '../model/events.js';
import type { RunContext } from './run-context.js';

const Reason = temporal.api.enums.v1.SuggestContinueAsNewReason;

/** Temporal's termination reasons for a run past its history limits (common/util.go). */
export const HISTORY_SIZE_EXCEEDED = 'Workflow history size exceeds limit.';
export const HISTORY_COUNT_EXCEEDED = 'Workflow history count exceeds limit.';

/**
 * Whether the workflow task about to start should suggest continue-as-new: the history (up to this task's Started
 * event, whose id is the count) has reached `limit.historyCount.suggestContinueAsNew` or its size
 * `limit.historySize.suggestContinueAsNew`.
 */
export function continueAsNewSuggestion(ctx: RunContext): { suggestContinueAsNew: boolean; suggestContinueAsNewReasons: number[] } {
  const config = ctx.host.config;
  const reasons: number[] = [];
  if (ctx.row.history_size >= config.int('limit.historySize.suggestContinueAsNew')) reasons.push(Reason.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE);
  if (ctx.state.nextEventId >= config.int('limit.historyCount.suggestContinueAsNew')) reasons.push(Reason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS);
  return { suggestContinueAsNew: reasons.length > 0, suggestContinueAsNewReasons: reasons };
}

/** The reason Temporal terminates an open run whose history is past an error limit, or undefined. */
export function historyLimitExceeded(config: DynamicConfig, run: { isOpen: boolean; row: { history_size: number }; state: { nextEventId: number } }): string | undefined {
  if (!run.isOpen) return undefined;
  if (run.row.history_size > config.int('limit.historySize.error')) return HISTORY_SIZE_EXCEEDED;
  if (run.state.nextEventId - 1 > config.int('limit.historyCount.error')) return HISTORY_COUNT_EXCEEDED;
  return undefined;
}

/** Past the warn limits: worth a line in the server's log, as Temporal logs it. */
export function historyOverWarnLimit(config: DynamicConfig, run: { row: { history_size: number }; state: { nextEventId: number } }): boolean {
  return run.row.history_size > config.int('limit.historySize.warn') || run.state.nextEventId - 1 > config.int('limit.historyCount.warn');
}

/** A payload over `limit.blobSize.error` is refused with Temporal's error. */
export function checkBlobSize(config: DynamicConfig, p: Payloads | null | undefined): void {
  if (payloadsSize(p) > config.int('limit.blobSize.error')) throw invalidArgument('Blob data size exceeds limit.');
}

export function blobTooLarge(config: DynamicConfig, size: number): boolean {
  return size > config.int('limit.blobSize.error');
}

/** Temporal's message when a run already has as many of something pending as it may. */
export function pendingLimitMessage(what: string, pending: number, limit: number): string | undefined {
  if (limit <= 0 || pending < limit) return undefined;
  return `the number of ${what}, ${pending}, has reached the per-workflow limit of ${limit}`;
}

/** The memo of a start or an upsert over `limit.memoSize.error` is refused with Temporal's error. */
export function checkMemoSize(config: DynamicConfig, memo: temporal.api.common.v1.IMemo | null | undefined): void {
  if (!memo) return;
  const size = temporal.api.common.v1.Memo.encode(memo).finish().length;
  if (size > config.int('limit.memoSize.error')) throw invalidArgument('Memo size exceeds limit.');
}
