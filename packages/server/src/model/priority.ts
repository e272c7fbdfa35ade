// Task priority and fairness, as Temporal's matching orders tasks: priority keys 1 (first) to 5, 3 when unset;
// within a priority level, fairness keys share dispatch by weight (1 when unset).
import type { temporal } from '@durable/proto';
import { invalidArgument } from './errors.js';

export type Priority = temporal.api.common.v1.IPriority;

export const PRIORITY_LEVELS = 5;
export const DEFAULT_PRIORITY_KEY = 3;
const FAIRNESS_KEY_MAX_LENGTH = 64;

/** The level a task dispatches at: 1..5, keys above the last level share it. */
export function priorityLevel(p: Priority | null | undefined): number {
  const key = p?.priorityKey ?? 0;
  return key <= 0 ? DEFAULT_PRIORITY_KEY : Math.min(key, PRIORITY_LEVELS);
}

export function fairnessWeight(p: Priority | null | undefined): number {
  const w = p?.fairnessWeight ?? 0;
  return w > 0 ? w : 1;
}

/** Fields set on `override` win; the rest come from `base` (an activity or child inherits its workflow's). */
export function mergePriority(base: Priority | null | undefined, override: Priority | null | undefined): Priority | undefined {
  if (!base) return plain(override);
  if (!override) return plain(base);
  return plain({
    priorityKey: override.priorityKey || base.priorityKey,
    fairnessKey: override.fairnessKey || base.fairnessKey,
    fairnessWeight: override.fairnessWeight || base.fairnessWeight,
  });
}

/** A JSON-safe copy with only the fields that are set (undefined when none is). */
export function plain(p: Priority | null | undefined): Priority | undefined {
  if (!p) return undefined;
  const out: Priority = {};
  if (p.priorityKey) out.priorityKey = p.priorityKey;
  if (p.fairnessKey) out.fairnessKey = p.fairnessKey;
  if (p.fairnessWeight) out.fairnessWeight = p.fairnessWeight;
  return Object.keys(out).length ? out : undefined;
}

/** Temporal's checks, with its messages. */
export function validatePriority(p: Priority | null | undefined): void {
  if (!p) return;
  if ((p.priorityKey ?? 0) < 0) throw invalidArgument("priority key can't be negative");
  if ((p.fairnessKey ?? '').length > FAIRNESS_KEY_MAX_LENGTH) throw invalidArgument('fairness key length exceeds limit');
  if ((p.fairnessWeight ?? 0) < 0) throw invalidArgument('must be greater than zero');
}
