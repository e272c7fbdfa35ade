// The composition root: the runtime, with the transitions and the scheduler wired into its hooks. Nothing below
// this file knows what happens when a run closes or a timer is due beyond its own layer.
import type { Clock } from './model/clock.js';
import type { DynamicConfig } from './model/dynamic-config.js';
import type { Logger } from './model/logger.js';
import { TimerKind } from './model/rows.js';
import type { Store } from './persistence/store.js';
import type { ServerMetrics } from './infra/metrics.js';
import { Engine } from './runtime/engine.js';
import { Scheduler } from './schedules/scheduler.js';
import { Batcher } from './batch/batcher.js';
import { fireTimer } from './transitions/fire-timer.js';
import { runClosed } from './transitions/relations.js';

export interface Composed {
  engine: Engine;
  scheduler: Scheduler;
  batcher: Batcher;
}

export function compose(store: Store, clock: Clock, logger: Logger, metrics: ServerMetrics, config: DynamicConfig): Composed {
  const scheduler = new Scheduler(metrics);
  // Each operation of a batch runs in a transaction of its own, so one that fails undoes only itself.
  const batcher = new Batcher({ transact: (fn) => engine.transact(fn) }, config, logger);
  const engine: Engine = new Engine(store, clock, logger, metrics, config, {
    runClosed(run, status, outcome) {
      runClosed(run, status, outcome);
      scheduler.workflowClosed(run);
    },
    timerDue(tx, row) {
      if (row.kind === TimerKind.schedule) {
        scheduler.timerDue(tx, row);
        return;
      }
      if (row.kind === TimerKind.batch) {
        batcher.timerDue(tx, row);
        return;
      }
      const run = tx.run(row.run_id);
      if (run?.isOpen) fireTimer(run, row);
    },
  });
  return { engine, scheduler, batcher };
}
