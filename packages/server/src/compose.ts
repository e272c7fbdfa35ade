// The composition root: the runtime, with the transitions and the scheduler wired into its hooks. Nothing below
// this file knows what happens when a run closes or a timer is due beyond its own layer.
import type { Clock } from './model/clock.js';
import type { DynamicConfig } from './model/dynamic-config.js';
import type { Logger } from './model/logger.js';
import { TimerKind } from './model/rows.js';
import type { Store } from './persistence/store.js';
import { Engine } from './runtime/engine.js';
import { Scheduler } from './schedules/scheduler.js';
import { fireTimer } from './transitions/fire-timer.js';
import { runClosed } from './transitions/relations.js';

export interface Composed {
  engine: Engine;
  scheduler: Scheduler;
}

export function compose(store: Store, clock: Clock, logger: Logger, config: DynamicConfig): Composed {
  const scheduler = new Scheduler();
  const engine = new Engine(store, clock, logger, config, {
    runClosed(run, status, outcome) {
      runClosed(run, status, outcome);
      scheduler.workflowClosed(run);
    },
    timerDue(tx, row) {
      if (row.kind === TimerKind.schedule) {
        scheduler.timerDue(tx, row);
        return;
      }
      const run = tx.run(row.run_id);
      if (run?.isOpen) fireTimer(run, row);
    },
  });
  return { engine, scheduler };
}
