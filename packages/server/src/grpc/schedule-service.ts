// The Schedule RPCs of WorkflowService.
import type { temporal } from '@durable/proto';
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
  return {
    CreateSchedule(req: Req<'CreateScheduleRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const id = requireId(req.scheduleId);
      engine.transact((tx) => {
        scheduler.create(tx, ns, id, req.schedule ?? {}, {
          memo: req.memo ? storedMemo.encode(req.memo) : undefined,
          searchAttributes: req.searchAttributes ? storedSearchAttributes.encode(req.searchAttributes) : undefined,
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
      if (req.query) throw invalidArgument('Filtering schedules with a query is not supported by this server; list them all.');
      const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : 100;
      const after = req.nextPageToken?.length ? Buffer.from(req.nextPageToken).toString() : '';
      return engine.read((tx) => {
        const rows = tx.store.listSchedules(ns, after, pageSize + 1);
        const page = rows.slice(0, pageSize);
        return {
          schedules: page.map((row) => {
            const d = scheduler.describe(tx, row.schedule_id, JSON.parse(row.data));
            const s = d.schedule;
            return {
              scheduleId: row.schedule_id,
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
          nextPageToken: rows.length > pageSize ? Buffer.from(page[page.length - 1]!.schedule_id) : null,
        };
      });
    },

    CountSchedules(req: Req<'CountSchedulesRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      if (req.query) throw invalidArgument('Counting schedules with a query is not supported by this server; count them all.');
      return engine.read((tx) => ({ count: tx.store.listSchedules(ns, '', -1).length }));
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
