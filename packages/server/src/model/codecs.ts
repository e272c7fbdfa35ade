// Conversions written once: messages kept as base64 text inside run and schedule state, and retry policies between
// their proto form (commands, events, requests) and the millisecond form the retry logic uses.
import { temporal } from '@durable/proto';
import { retryPolicyWithDefaults, type ResolvedRetryPolicy as RetryPolicy } from '@durable/common';
import { duration, durationMs } from './events.js';

interface MessageType<I, T> {
  encode(message: I): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

export interface StoredCodec<I, T> {
  encode(message: I): string;
  decode(text: string | undefined): T | undefined;
}

export const bytesToText = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const textToBytes = (text: string): Buffer => Buffer.from(text, 'base64');

/** A message type kept as base64 text in JSON state; an absent or empty text decodes to undefined. */
function stored<I, T>(type: MessageType<I, T>): StoredCodec<I, T> {
  return {
    encode: (message) => bytesToText(type.encode(message).finish()),
    decode: (text) => (text ? type.decode(textToBytes(text)) : undefined),
  };
}

const { common, failure, history, update, schedule, taskqueue, workflow, activity, rules } = temporal.api;
export const storedPayloads = stored(common.v1.Payloads);
export const storedFailure = stored(failure.v1.Failure);
export const storedEvent = stored(history.v1.HistoryEvent);
export const storedOutcome = stored(update.v1.Outcome);
export const storedSchedule = stored(schedule.v1.Schedule);
export const storedMemo = stored(common.v1.Memo);
export const storedSearchAttributes = stored(common.v1.SearchAttributes);
export const storedTaskQueueConfig = stored(taskqueue.v1.TaskQueueConfig);
export const storedVersioningOverride = stored(workflow.v1.VersioningOverride);
export const storedActivityOutcome = stored(activity.v1.ActivityExecutionOutcome);
export const storedWorkflowRule = stored(rules.v1.WorkflowRule);

/** A retry policy from its proto form, with Temporal's defaults for what is unset (throws RetryPolicyError). */
export function retryPolicyFromProto(p: temporal.api.common.v1.IRetryPolicy | null | undefined): RetryPolicy {
  return retryPolicyWithDefaults({
    initialIntervalMs: durationMs(p?.initialInterval),
    backoffCoefficient: p?.backoffCoefficient ?? 0,
    maximumIntervalMs: durationMs(p?.maximumInterval),
    maximumAttempts: p?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: p?.nonRetryableErrorTypes ?? [],
  });
}

/** A workflow's retry policy: none unless one was given (workflows do not retry by default, activities do). */
export function workflowRetryPolicy(p: temporal.api.common.v1.IRetryPolicy | null | undefined): RetryPolicy | undefined {
  if (!p || Object.keys(p).length === 0) return undefined;
  return retryPolicyFromProto(p);
}

export function retryPolicyToProto(p: RetryPolicy): temporal.api.common.v1.IRetryPolicy {
  return {
    initialInterval: duration(p.initialIntervalMs),
    backoffCoefficient: p.backoffCoefficient,
    maximumInterval: duration(p.maximumIntervalMs),
    maximumAttempts: p.maximumAttempts,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes,
  };
}
