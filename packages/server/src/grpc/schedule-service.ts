// The Schedule RPCs of WorkflowService.
import { toLong, type temporal } from '@durable/proto';
import { compile, searchValuesOf, withRegisteredTypes } from '../infra/visibility/visibility.js';
import { WorkflowStatus } from '../model/rows.js';
import { invalidArgument } from '../model/errors.js';
import type { Engine } from '../runtime/engine.js';
import type { Scheduler } from '../schedules/scheduler.js';
import { storedMemo, storedSearchAttributes } from '../model/codecs.js';
import { timestamp, timestampMs } from '../model/events.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

function requireId(id: string | null | undefined): string {
  if (!id) throw invalidArgument('ScheduleId is not set on request.');
  if (id.length > 1000) throw invalidArgument('ScheduleId exceeds length limit of 1000.');
  return id;
}

export function scheduleHandlers(engine: Engine, scheduler: Scheduler): Record<string, Handler> {
  const namespaces = engine.namespaces;

  /**
   * A list filter over schedules, as Temporal's visibility sees them: their custom search attributes,
   * TemporalSchedulePaused, and ScheduleId / WorkflowId (the schedule's id).
   */
  function scheduleFilter(ns: string, query: string | null | undefined) {
    if (!query) return () => true;
    const compiled = compile(namespaces, ns, query, false);
    return (id: string, d: ReturnType<Scheduler['describe']>) =>
      compiled.matches({
        ...searchValuesOf(namespaces, ns, d.searchAttributes),
        ScheduleId: id,
        WorkflowId: id,
        TemporalSchedulePaused: d.schedule.state?.paused ?? false,
        ExecutionStatus: WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      });
  }
  return {
    CreateSchedule(req: Req<'CreateScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      engine.transact((tx) => {
        scheduler.create(tx, ns, id, req.schedule ?? {}, {
          memo: req.memo ? storedMemo.encode(req.memo) : undefined,
          searchAttributes: req.searchAttributes ? storedSearchAttributes.encode(withRegisteredTypes(namespaces, ns, req.searchAttributes)!) : undefined,
        });
        if (req.initialPatch) scheduler.patch(tx, ns, id, req.initialPatch);
      });
      return { conflictToken: Buffer.from('1') };
    },

    DescribeSchedule(req: Req<'DescribeScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      return engine.read((tx) => scheduler.describe(tx, id, scheduler.mustLoad(tx, ns, id)));
    },

    UpdateSchedule(req: Req<'UpdateScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      engine.transact((tx) => scheduler.update(tx, ns, id, req.schedule ?? {}, req.conflictToken));
      return {};
    },

    PatchSchedule(req: Req<'PatchScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      engine.transact((tx) => scheduler.patch(tx, ns, id, req.patch ?? {}));
      return {};
    },

    DeleteSchedule(req: Req<'DeleteScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      engine.transact((tx) => scheduler.delete(tx, ns, id));
      return {};
    },

    ListSchedules(req: Req<'ListSchedulesRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const matches = scheduleFilter(ns, req.query);
      const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : 100;
      const after = req.nextPageToken?.length ? Buffer.from(req.nextPageToken).toString() : '';
      return engine.read((tx) => {
        const found: { id: string; d: ReturnType<Scheduler['describe']> }[] = [];
        let more = false;
        // Schedules in id order after the token, filtered, until a page and one more are found.
        for (let cursor = after; !more; ) {
          const rows = tx.store.listSchedules(ns, cursor, 200);
          for (const row of rows) {
            const d = scheduler.describe(tx, row.schedule_id, JSON.parse(row.data));
            if (!matches(row.schedule_id, d)) continue;
            if (found.length === pageSize) {
              more = true;
              break;
            }
            found.push({ id: row.schedule_id, d });
          }
          if (rows.length < 200) break;
          cursor = rows[rows.length - 1]!.schedule_id;
        }
        return {
          schedules: found.map(({ id, d }) => {
            const s = d.schedule;
            return {
              scheduleId: id,
              memo: d.memo,
              searchAttributes: d.searchAttributes,
              info: {
                spec: s.spec,
                workflowType: s.action?.startWorkflow?.workflowType,
                notes: s.state?.notes,
                paused: s.state?.paused,
                recentActions: d.info.recentActions,
                futureActionTimes: d.info.futureActionTimes,
              },
            };
          }),
          nextPageToken: more ? Buffer.from(found[found.length - 1]!.id) : null,
        };
      });
    },

    CountSchedules(req: Req<'CountSchedulesRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const matches = scheduleFilter(ns, req.query);
      return engine.read((tx) => {
        let count = 0;
        for (const row of tx.store.listSchedules(ns, '', -1)) {
          if (matches(row.schedule_id, scheduler.describe(tx, row.schedule_id, JSON.parse(row.data)))) count++;
        }
        return { count: toLong(count) };
      });
    },

    ListScheduleMatchingTimes(req: Req<'ListScheduleMatchingTimesRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      return engine.read((tx) => {
        const spec = scheduler.compiledSpec(tx, ns, id);
        return { startTime: spec.between(timestampMs(req.startTime) - 1, timestampMs(req.endTime), 1000).map((t) => timestamp(t)) };
      });
    },
  };
}
