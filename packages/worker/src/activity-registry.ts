// The worker's activity functions by type name, shared by the activity poller and the local activities. A task for
// a type the worker lacks fails as Temporal makes it fail (NotFoundError naming the registered types), and the
// worker says so at WARN, once per type: the failure alone is retried by the activity's retry policy in silence.
import { ApplicationFailure } from '@durable/common';
import type { Logger } from './logger.js';

export type ActivityFunction = (...args: unknown[]) => unknown;

export class ActivityRegistry {
  private readonly warned = new Set<string>();

  constructor(
    private readonly activities: Record<string, unknown>,
    private readonly logger: Logger,
    private readonly taskQueue: string,
  ) {}

  /** The registered type names (the functions of the activities object). */
  get names(): string[] {
    return Object.keys(this.activities).filter((k) => typeof this.activities[k] === 'function');
  }

  get(type: string): ActivityFunction | undefined {
    const fn = this.activities[type];
    return typeof fn === 'function' ? (fn as ActivityFunction) : undefined;
  }

  /** The failure for a task of an unregistered type; the first one of each type is also logged at WARN. */
  notFound(type: string, options: { nonRetryable?: boolean } = {}): ApplicationFailure {
    const registered = this.names;
    if (!this.warned.has(type)) {
      this.warned.add(type);
      this.logger.log(
        'WARN',
        `Activity type ${type} is not registered on this worker (task queue ${this.taskQueue}): its tasks fail until it is added to Worker.create({ activities }) or a worker that has it polls this task queue. Registered: ${registered.join(', ') || '(none)'}`,
        { activityType: type, taskQueue: this.taskQueue, registered },
      );
    }
    return ApplicationFailure.create({
      message: `Activity function ${type} is not registered on this worker, available activities: ${JSON.stringify(registered)}`,
      type: 'NotFoundError',
      nonRetryable: options.nonRetryable,
    });
  }
}
