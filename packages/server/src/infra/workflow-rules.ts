// Workflow rules (CreateWorkflowRule and the rest): namespace-wide rules that act on an activity as it is about to
// start. A rule has a restricted visibility query on the workflow, a predicate on the activity and actions (today
// only: pause the activity). Temporal keeps them in the namespace's config; here they have a table, cached per
// namespace with their queries compiled, since every activity start reads them.
import type { temporal } from '@durable/proto';
import { storedWorkflowRule } from '../model/codecs.js';
import { invalidArgument } from '../model/errors.js';
import { timestampMs } from '../model/events.js';
import type { Store } from '../persistence/store.js';
import { compileListQuery, ListQueryError, type CompiledListQuery, type SearchAttributeType, type VisibilityValues } from './visibility/list-query.js';

type Rule = temporal.api.rules.v1.IWorkflowRule;

/** Temporal's `limit.maxIDLength` default, which it checks rule ids against. */
export const MAX_RULE_ID_LENGTH = 1000;

/** What a rule's visibility query may name (Temporal matches it against the run's mutable state, not visibility). */
const WORKFLOW_FIELDS = new Map<string, SearchAttributeType>([
  ['WorkflowId', 'Keyword'],
  ['WorkflowType', 'Keyword'],
  ['StartTime', 'Datetime'],
  ['ExecutionStatus', 'Keyword'],
]);

/**
 * What an activity predicate may name: Temporal's matcher's columns, and the two names the API's comment uses for
 * two of them (ActivityStatus, ActivityAttempt).
 */
const ACTIVITY_FIELDS = new Map<string, SearchAttributeType>([
  ['ActivityId', 'Keyword'],
  ['ActivityType', 'Keyword'],
  ['ActivityState', 'Keyword'],
  ['ActivityStatus', 'Keyword'],
  ['Attempts', 'Int'],
  ['ActivityAttempt', 'Int'],
  ['BackoffInterval', 'Int'],
  ['TaskQueue', 'Keyword'],
  ['StartedTime', 'Datetime'],
]);

/** An activity as a predicate sees it. */
export interface ActivityFacts {
  activityId: string;
  activityType: string;
  /** Scheduled, Started, Paused or CancelRequested */
  state: string;
  attempt: number;
  /** seconds between the previous attempt's end and this one's schedule (retries only) */
  backoffIntervalSec?: number;
  taskQueue: string;
  /** epoch ms; unset while no attempt runs */
  startedTime?: number;
}

/** A workflow as a rule's visibility query sees it; `status` is the WorkflowExecutionStatus number. */
export interface WorkflowFacts {
  workflowId: string;
  workflowType: string;
  startTime: number;
  status: number;
}

export function activityValues(a: ActivityFacts): VisibilityValues {
  return {
    ActivityId: a.activityId,
    ActivityType: a.activityType,
    ActivityState: a.state,
    ActivityStatus: a.state,
    Attempts: a.attempt,
    ActivityAttempt: a.attempt,
    BackoffInterval: a.backoffIntervalSec,
    TaskQueue: a.taskQueue,
    StartedTime: a.startedTime,
  };
}

/** A rule with its queries compiled. */
export class CompiledRule {
  private constructor(
    readonly rule: Rule,
    private readonly workflowQuery: CompiledListQuery,
    private readonly activityPredicate: CompiledListQuery,
    /** the request id that created it, for a retried CreateWorkflowRule */
    readonly requestId: string,
  ) {}

  /**
   * Checks a spec as CreateWorkflowRule (`needId`) or TriggerWorkflowRule takes it: INVALID_ARGUMENT saying what is
   * wrong. Temporal takes a rule with a bad query and logs the error each time it fails to match; a rule that can
   * never apply is refused here instead.
   */
  static compile(rule: Rule, requestId = '', needId = true): CompiledRule {
    const spec = rule.spec;
    if (!spec) throw invalidArgument('Rule Specification is not set.');
    if (needId && !spec.id) throw invalidArgument('Workflow Rule ID is not set.');
    if ((spec.id ?? '').length > MAX_RULE_ID_LENGTH) throw invalidArgument('Workflow Rule Id length exceeds limit.');
    const predicate = spec.activityStart?.predicate?.trim() ?? '';
    if (!predicate) {
      throw invalidArgument(
        "The rule has no activity_start predicate: set one on the activity, e.g. ActivityType = 'charge' (it may use " +
          `${[...ACTIVITY_FIELDS.keys()].join(', ')}).`,
      );
    }
    if (!spec.actions?.length || spec.actions.some((a) => !a.activityPause)) {
      throw invalidArgument('The rule needs actions, and activity_pause is the only action there is: add { activity_pause: {} }.');
    }
    const workflowQuery = compileOrRefuse('visibility_query', spec.visibilityQuery ?? '', WORKFLOW_FIELDS);
    const activityPredicate = compileOrRefuse('activity_start predicate', predicate, ACTIVITY_FIELDS);
    return new CompiledRule(rule, workflowQuery, activityPredicate, requestId);
  }

  get id(): string {
    return this.rule.spec?.id ?? '';
  }

  /** epoch ms after which the rule no longer applies; undefined: never expires */
  get expiresAt(): number | undefined {
    const t = this.rule.spec?.expirationTime;
    return t ? timestampMs(t) : undefined;
  }

  isExpired(now: number): boolean {
    const at = this.expiresAt;
    return at !== undefined && at < now;
  }

  /** Whether the rule acts on this activity of this workflow (expiry aside). */
  matches(workflow: WorkflowFacts, activity: ActivityFacts): boolean {
    const wf: VisibilityValues = {
      WorkflowId: workflow.workflowId,
      WorkflowType: workflow.workflowType,
      StartTime: workflow.startTime,
      ExecutionStatus: workflow.status,
    };
    return this.workflowQuery.matches(wf) && this.activityPredicate.matches(activityValues(activity));
  }

  get pausesActivity(): boolean {
    return (this.rule.spec?.actions ?? []).some((a) => a.activityPause);
  }
}

function compileOrRefuse(what: string, query: string, fields: ReadonlyMap<string, SearchAttributeType>): CompiledListQuery {
  try {
    return compileListQuery(query, fields, { systemAttributes: false });
  } catch (err) {
    if (!(err instanceof ListQueryError)) throw err;
    throw invalidArgument(`The rule's ${what} is not valid: ${err.message}. It may use ${[...fields.keys()].join(', ')}.`);
  }
}

type RuleStore = Pick<Store, 'listWorkflowRules' | 'insertWorkflowRule' | 'deleteWorkflowRule'>;

/** Where a change to the rules is written: the store now, the cache once the transaction is committed. */
export interface RuleWrite {
  afterCommit(fn: () => void): void;
}

export class WorkflowRules {
  private readonly cache = new Map<string, CompiledRule[]>();

  constructor(private readonly store: RuleStore) {}

  /** The namespace's rules, oldest first (expired ones too, until deleted, as Temporal lists them). */
  all(namespace: string): CompiledRule[] {
    let list = this.cache.get(namespace);
    if (!list) {
      list = this.load(namespace);
      this.cache.set(namespace, list);
    }
    return list;
  }

  /** From the store, which a write transaction sees with its own changes (the cache has only committed ones). */
  private load(namespace: string): CompiledRule[] {
    return this.store
      .listWorkflowRules(namespace)
      .map((r) => CompiledRule.compile(storedWorkflowRule.decode(r.data)!, r.requestId))
      .sort((a, b) => createdMs(a) - createdMs(b) || (a.id < b.id ? -1 : 1));
  }

  get(namespace: string, id: string): CompiledRule | undefined {
    return this.all(namespace).find((r) => r.id === id);
  }

  /** The rules that apply at `now`. */
  active(namespace: string, now: number): CompiledRule[] {
    return this.all(namespace).filter((r) => !r.isExpired(now));
  }

  /**
   * Adds a rule. At `max` rules the one that expired first makes room, as in Temporal; with none expired the
   * request is refused. The same request again (same request id) answers the rule it created.
   */
  create(tx: RuleWrite, namespace: string, rule: CompiledRule, max: number, now: number): CompiledRule {
    let list = this.load(namespace);
    const existing = list.find((r) => r.id === rule.id);
    if (existing) {
      if (rule.requestId && existing.requestId === rule.requestId) return existing;
      throw invalidArgument('Workflow Rule with this ID already exists.');
    }
    if (list.length >= max) {
      const expired = list.filter((r) => r.isExpired(now)).sort((a, b) => a.expiresAt! - b.expiresAt!)[0];
      if (expired) {
        this.store.deleteWorkflowRule(namespace, expired.id);
        list = list.filter((r) => r !== expired);
      }
    }
    if (list.length >= max) {
      throw invalidArgument(
        `Workflow Rule limit exceeded. Max: ${max}. Delete a rule first, or raise frontend.maxWorkflowRulesPerNamespace.`,
      );
    }
    this.store.insertWorkflowRule(namespace, rule.id, rule.requestId, storedWorkflowRule.encode(rule.rule));
    tx.afterCommit(() => this.cache.delete(namespace));
    return rule;
  }

  /** Removes a rule; INVALID_ARGUMENT (Temporal's answer) when there is none with that id. */
  delete(tx: RuleWrite, namespace: string, id: string): void {
    if (!this.load(namespace).some((r) => r.id === id)) throw invalidArgument('Workflow Rule with this ID not Found.');
    this.store.deleteWorkflowRule(namespace, id);
    tx.afterCommit(() => this.cache.delete(namespace));
  }
}

const createdMs = (r: CompiledRule): number => timestampMs(r.rule.createTime);
