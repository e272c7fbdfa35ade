// The official worker's logging interceptors: for activities, one that gives the context a logger (a custom one, or
// the Runtime's) tagged with the activity; for workflows, a pass-through whose getLogAttributes subclasses extend.
import { LoggerWithComposedMetadata, SdkComponent, type Logger } from '@durable/common';
import type { Context } from '@durable/activity';
import type { GetLogAttributesInput, Next, WorkflowExecuteInput, WorkflowInboundCallsInterceptor, WorkflowOutboundCallsInterceptor } from '@durable/workflow';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor } from './activity-interceptors.js';
import { activityLogAttributes } from './logger.js';
import { Runtime } from './runtime.js';

export class ActivityInboundLogInterceptor implements ActivityInboundCallsInterceptor {
  protected readonly logger: Logger;

  constructor(
    protected readonly ctx: Context,
    logger?: Logger,
  ) {
    this.logger = logger ?? Runtime.instance().logger;
    ctx.log = LoggerWithComposedMetadata.compose(this.logger, () => ({ sdkComponent: SdkComponent.activity, ...this.logAttributes() }));
  }

  /** What each line carries about the activity; subclasses may add to it. */
  protected logAttributes(): Record<string, unknown> {
    return activityLogAttributes(this.ctx.info);
  }

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return next(input);
  }
}

/** Workflow logs are routed by the runtime itself; subclasses override getLogAttributes to shape them. */
export class WorkflowLogInterceptor implements WorkflowInboundCallsInterceptor, WorkflowOutboundCallsInterceptor {
  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    return next(input);
  }

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return next(input);
  }
}

/** @deprecated upstream name of WorkflowLogInterceptor. */
export const WorkflowInboundLogInterceptor = WorkflowLogInterceptor;

