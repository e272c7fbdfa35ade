// The namespace's workflow rules, applied to a run's activity where Temporal applies them: when a first attempt is
// about to be handed to a worker, when a failed attempt is about to be retried and when its retry is due. A rule
// that matches pauses the activity, as PauseActivity would, with the rule named as who paused it.
import type { ActivityState } from '../model/run-state.js';
import type { ActivityFacts, CompiledRule, WorkflowFacts } from '../infra/workflow-rules.js';
import type { RunContext } from './run-context.js';

export function activityFacts(a: ActivityState): ActivityFacts {
  let state = 'Scheduled';
  if (a.paused) state = 'Paused';
  else if (a.startedTime > 0) state = 'Started';
  else if (a.cancelRequested) state = 'CancelRequested';
  const scheduled = a.nextAttemptTime || a.currentScheduledTime;
  return {
    activityId: a.activityId,
    activityType: a.activityType,
    state,
    attempt: a.attempt,
    backoffIntervalSec: a.attempt >= 2 && a.lastAttemptCompleteTime ? Math.floor((scheduled - a.lastAttemptCompleteTime) / 1000) : undefined,
    taskQueue: a.taskQueue,
    startedTime: a.startedTime || undefined,
  };
}

export function workflowFacts(ctx: RunContext): WorkflowFacts {
  return { workflowId: ctx.workflowId, workflowType: ctx.row.workflow_type, startTime: ctx.row.start_time, status: ctx.row.status };
}

/** Applies one rule to one activity; true when it paused it (a paused activity is left as it is). */
export function applyRule(ctx: RunContext, a: ActivityState, rule: CompiledRule): boolean {
  if (a.paused || !rule.pausesActivity || !rule.matches(workflowFacts(ctx), activityFacts(a))) return false;
  a.paused = true;
  // Temporal reports the rule's creator and description as who paused it and why.
  a.pauseInfo = {
    time: ctx.now,
    identity: rule.rule.createdByIdentity ?? '',
    reason: rule.rule.description ?? '',
    requestId: '',
    ruleId: rule.id,
  };
  return true;
}

/** Applies the namespace's rules in force to an activity about to start; true when one paused it. */
export function applyWorkflowRules(ctx: RunContext, a: ActivityState): boolean {
  if (a.paused || ctx.isStandaloneActivity) return false;
  return ctx.host.rules.active(ctx.namespace, ctx.now).some((rule) => applyRule(ctx, a, rule));
}

/** TriggerWorkflowRule: the rule applied to every pending activity of the run now; true when it paused one. */
export function triggerRule(ctx: RunContext, rule: CompiledRule): boolean {
  let applied = false;
  for (const a of Object.values(ctx.state.activities)) if (applyRule(ctx, a, rule)) applied = true;
  return applied;
}
