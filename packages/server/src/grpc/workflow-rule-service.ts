// Workflow rules: CreateWorkflowRule, DescribeWorkflowRule, DeleteWorkflowRule, ListWorkflowRules and
// TriggerWorkflowRule. Answers and errors are Temporal's (service/frontend, the namespace handler's rule methods);
// `frontend.workflowRulesAPIsEnabled=false` switches them off with Temporal's UNIMPLEMENTED.
import type { temporal } from '@durable/proto';
import { CompiledRule } from '../infra/workflow-rules.js';
import { Code, failedPrecondition, invalidArgument, ServiceError, workflowCompleted } from '../model/errors.js';
import { timestamp } from '../model/events.js';
import type { Engine, Tx } from '../runtime/engine.js';
import { triggerRule } from '../run/workflow-rules.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

export function workflowRuleHandlers(engine: Engine): Record<string, Handler> {
  const { namespaces, rules, config } = engine;

  /** The namespace's name, once the switch is checked (Temporal checks it first). */
  function enabled(method: string, namespace: string | null | undefined): string {
    if (!config.bool('frontend.workflowRulesAPIsEnabled')) throw new ServiceError(Code.UNIMPLEMENTED, `method ${method} not supported`);
    return namespaces.get(namespace).name;
  }

  const afterCommit = (tx: Tx) => ({ afterCommit: (fn: () => void) => tx.effects.after.push(fn) });

  /**
   * force_scan: the new rule applied at once to the running workflows its query matches, in the create's
   * transaction. Temporal takes the flag without acting on it yet; the API says a batch job should do this.
   */
  function scan(tx: Tx, namespace: string, rule: CompiledRule): void {
    const open: string[] = [];
    for (const row of tx.store.visibilityIterate(namespace, undefined)) {
      // Open runs sort first (no close time); the first closed one ends them.
      if (row.close_time !== null) break;
      open.push(row.run_id);
    }
    for (const runId of open) {
      const run = tx.run(runId);
      if (run?.isOpen) triggerRule(run, rule);
    }
  }

  return {
    CreateWorkflowRule(req: Req<'CreateWorkflowRuleRequest'>) {
      const ns = enabled('CreateWorkflowRule', req.namespace);
      const created = engine.transact((tx) => {
        const rule = CompiledRule.compile(
          { spec: req.spec, createTime: timestamp(tx.now), createdByIdentity: req.identity ?? '', description: req.description ?? '' },
          req.requestId ?? '',
        );
        const saved = rules.create(afterCommit(tx), ns, rule, config.int('frontend.maxWorkflowRulesPerNamespace'), tx.now);
        if (req.forceScan && saved === rule) scan(tx, ns, rule);
        return saved;
      });
      return { rule: created.rule, jobId: '' };
    },

    DescribeWorkflowRule(req: Req<'DescribeWorkflowRuleRequest'>) {
      const ns = enabled('DescribeWorkflowRule', req.namespace);
      if (!req.ruleId) throw invalidArgument('Workflow Rule ID is not set.');
      const rule = rules.get(ns, req.ruleId);
      if (!rule) throw invalidArgument('Workflow Rule with this ID not Found.');
      return { rule: rule.rule };
    },

    DeleteWorkflowRule(req: Req<'DeleteWorkflowRuleRequest'>) {
      const ns = enabled('DeleteWorkflowRule', req.namespace);
      if (!req.ruleId) throw invalidArgument('Workflow Rule ID is not set.');
      engine.transact((tx) => rules.delete(afterCommit(tx), ns, req.ruleId));
      return {};
    },

    ListWorkflowRules(req: Req<'ListWorkflowRulesRequest'>) {
      const ns = enabled('ListWorkflowRules', req.namespace);
      // Every rule in one page, as Temporal answers (a namespace holds few: frontend.maxWorkflowRulesPerNamespace).
      return { rules: rules.all(ns).map((r) => r.rule), nextPageToken: null };
    },

    /**
     * The rule (stored, by id, or given inline) applied now to the pending activities of one workflow: `applied` when
     * it paused at least one. Temporal declares this RPC but answers UNIMPLEMENTED so far.
     */
    TriggerWorkflowRule(req: Req<'TriggerWorkflowRuleRequest'>) {
      const ns = enabled('TriggerWorkflowRule', req.namespace);
      if (!req.execution?.workflowId) throw invalidArgument('WorkflowId is not set on request.');
      let rule: CompiledRule;
      if (req.id) {
        const stored = rules.get(ns, req.id);
        if (!stored) throw invalidArgument('Workflow Rule with this ID not Found.');
        if (stored.isExpired(engine.now())) {
          throw failedPrecondition(`Workflow rule ${req.id} has expired and no longer applies; create a new rule, or pass a spec inline.`);
        }
        rule = stored;
      } else if (req.spec) {
        // The inline spec's id and expiration time are not used.
        rule = CompiledRule.compile({ spec: { ...req.spec, expirationTime: null }, createdByIdentity: req.identity ?? '' }, '', false);
      } else {
        throw invalidArgument('Either the id of a workflow rule or a rule spec must be set on request.');
      }
      const applied = engine.transact((tx) => {
        const run = tx.resolve(ns, req.execution!.workflowId!, req.execution!.runId);
        if (!run.isOpen) throw workflowCompleted();
        return triggerRule(run, rule);
      });
      return { applied };
    },
  };
}
