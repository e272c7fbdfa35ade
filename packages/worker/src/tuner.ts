// Worker tuning, in @temporalio/worker's shapes: how many workflow and activity tasks a worker runs at once. A slot
// supplier is fixed-size, resource-based (more slots while CPU and memory stay under targets, at least a minimum,
// at most a maximum, at most one new slot per ramp interval), or custom (the user's reserve/release functions).
import { cpus, freemem, totalmem } from 'node:os';
import { msToNumber, type Duration } from '@durable/common';

export interface ResourceBasedTunerOptions {
  /** Fraction (0–1) of the system's memory in use above which no further slot is given. */
  targetMemoryUsage: number;
  /** Fraction (0–1) of the system's CPU in use above which no further slot is given. */
  targetCpuUsage: number;
}

export interface ResourceBasedSlotOptions {
  minimumSlots?: number;
  maximumSlots?: number;
  /** Time between two slots given beyond the minimum. */
  rampThrottle?: Duration;
}

export interface WorkflowSlotInfo {
  type: 'workflow';
  workflowType: string;
  isSticky: boolean;
}
export interface ActivitySlotInfo {
  type: 'activity';
  activityType: string;
}
export interface LocalActivitySlotInfo {
  type: 'local-activity';
  activityType: string;
}
export interface NexusSlotInfo {
  type: 'nexus';
  service: string;
  operation: string;
}
export type SlotInfo = WorkflowSlotInfo | ActivitySlotInfo | LocalActivitySlotInfo | NexusSlotInfo;
/** What a custom supplier hands out; the worker gives it back when the slot is used and when it is released. */
export type SlotPermit = object;
export interface SlotReserveContext {
  slotType: SlotInfo['type'];
  taskQueue: string;
  workerIdentity: string;
  workerBuildId: string;
  isSticky: boolean;
}
export interface SlotMarkUsedContext<SI extends SlotInfo> {
  slotInfo: SI;
  permit: SlotPermit;
}
export interface SlotReleaseContext<SI extends SlotInfo> {
  slotInfo?: SI;
  permit: SlotPermit;
}
export interface CustomSlotSupplier<SI extends SlotInfo> {
  type: 'custom';
  reserveSlot(ctx: SlotReserveContext, abortSignal: AbortSignal): Promise<SlotPermit>;
  tryReserveSlot(ctx: SlotReserveContext): SlotPermit | null;
  markSlotUsed(ctx: SlotMarkUsedContext<SI>): void;
  releaseSlot(ctx: SlotReleaseContext<SI>): void;
}
export interface FixedSizeSlotSupplier {
  type: 'fixed-size';
  numSlots: number;
}
export type ResourceBasedSlotsForType = ResourceBasedSlotOptions & { type: 'resource-based' } & ({ tunerOptions: ResourceBasedTunerOptions } | { controller: ResourceBasedController });
export type SlotSupplier<SI extends SlotInfo> = ResourceBasedSlotsForType | FixedSizeSlotSupplier | CustomSlotSupplier<SI>;

export interface TunerHolder {
  workflowTaskSlotSupplier: SlotSupplier<WorkflowSlotInfo>;
  activityTaskSlotSupplier: SlotSupplier<ActivitySlotInfo>;
  localActivityTaskSlotSupplier: SlotSupplier<LocalActivitySlotInfo>;
  nexusTaskSlotSupplier?: SlotSupplier<NexusSlotInfo>;
}
interface ResourceBasedSlotsPerType {
  workflowTaskSlotOptions?: ResourceBasedSlotOptions;
  activityTaskSlotOptions?: ResourceBasedSlotOptions;
  localActivityTaskSlotOptions?: ResourceBasedSlotOptions;
  nexusTaskSlotOptions?: ResourceBasedSlotOptions;
}
export type ResourceBasedTuner = ResourceBasedSlotsPerType & { tunerOptions: ResourceBasedTunerOptions };
export type ResourceBasedTunerWithController = ResourceBasedSlotsPerType & { controller: ResourceBasedController };
export type WorkerTuner = ResourceBasedTuner | ResourceBasedTunerWithController | TunerHolder;

const fraction = (name: string, v: number) => {
  if (!(typeof v === 'number' && v > 0 && v <= 1)) throw new RangeError(`${name} must be a fraction in (0, 1], got ${String(v)}`);
  return v;
};

/** Watches the system's CPU and memory use against targets; one controller may be shared by several workers. */
export class ResourceBasedController {
  private lastCpu = cpuTimes();
  private cpuUsage = 0;

  private constructor(readonly options: ResourceBasedTunerOptions) {}

  static create(options: ResourceBasedTunerOptions): ResourceBasedController {
    fraction('targetMemoryUsage', options.targetMemoryUsage);
    fraction('targetCpuUsage', options.targetCpuUsage);
    return new ResourceBasedController({ ...options });
  }

  /** Whether CPU and memory use are both under their targets (CPU measured over the time since the last call). */
  hasCapacity(): boolean {
    const now = cpuTimes();
    const busy = now.busy - this.lastCpu.busy;
    const total = now.total - this.lastCpu.total;
    if (total > 0) {
      this.cpuUsage = busy / total;
      this.lastCpu = now;
    }
    const memoryUsage = 1 - freemem() / totalmem();
    return memoryUsage < this.options.targetMemoryUsage && this.cpuUsage < this.options.targetCpuUsage;
  }
}

/** Busy and total CPU time of all cores since boot (ms), for usage over an interval. */
export function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** Slots as the poll loops use them: taken before a poll, marked used when a task comes, released after it. */
export interface Slots {
  acquire(): Promise<SlotPermit>;
  /** A slot if one is free now, without waiting (for eager activities, which must not hold up their workflow task). */
  tryAcquire(): SlotPermit | undefined;
  markUsed(permit: SlotPermit, info: SlotInfo): void;
  release(permit: SlotPermit, info?: SlotInfo): void;
}

const PERMIT: SlotPermit = Object.freeze({});

/** A fixed number of slots. */
export class FixedSlots implements Slots {
  private waiters: (() => void)[] = [];
  constructor(private free: number) {}
  acquire(): Promise<SlotPermit> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(PERMIT);
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(PERMIT)));
  }
  tryAcquire(): SlotPermit | undefined {
    if (this.free <= 0) return undefined;
    this.free--;
    return PERMIT;
  }
  markUsed(): void {}
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

// While resources are short, a waiting poller looks again this often.
const RECHECK_MS = 100;

class ResourceBasedSlots implements Slots {
  private used = 0;
  private lastGiven = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly rampMs: number;
  private wake: (() => void) | undefined;

  constructor(
    private readonly controller: ResourceBasedController,
    options: Required<ResourceBasedSlotOptions>,
  ) {
    this.min = options.minimumSlots;
    this.max = options.maximumSlots;
    this.rampMs = msToNumber(options.rampThrottle);
  }

  async acquire(): Promise<SlotPermit> {
    for (;;) {
      const now = Date.now();
      const permit = this.tryAcquire();
      if (permit) return permit;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(RECHECK_MS, this.rampMs - (now - this.lastGiven)));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
  tryAcquire(): SlotPermit | undefined {
    const now = Date.now();
    if (!(this.used < this.min || (this.used < this.max && now - this.lastGiven >= this.rampMs && this.controller.hasCapacity()))) return undefined;
    this.used++;
    this.lastGiven = now;
    return PERMIT;
  }
  markUsed(): void {}
  release(): void {
    this.used--;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

class CustomSlots<SI extends SlotInfo> implements Slots {
  private readonly abort = new AbortController();
  constructor(
    private readonly supplier: CustomSlotSupplier<SI>,
    private readonly ctx: SlotReserveContext,
  ) {}
  acquire(): Promise<SlotPermit> {
    return this.supplier.reserveSlot(this.ctx, this.abort.signal);
  }
  tryAcquire(): SlotPermit | undefined {
    return this.supplier.tryReserveSlot(this.ctx) ?? undefined;
  }
  markUsed(permit: SlotPermit, info: SlotInfo): void {
    this.supplier.markSlotUsed({ permit, slotInfo: info as SI });
  }
  release(permit: SlotPermit, info?: SlotInfo): void {
    this.supplier.releaseSlot({ permit, slotInfo: info as SI | undefined });
  }
}

// The official defaults for resource-based slots, per kind of task.
const DEFAULTS = {
  workflow: { minimumSlots: 2, maximumSlots: 1000, rampThrottle: 0 },
  activity: { minimumSlots: 1, maximumSlots: 2000, rampThrottle: 50 },
};

const isHolder = (t: WorkerTuner): t is TunerHolder => 'workflowTaskSlotSupplier' in t;

/** The slots of one kind of task under `tuner`. */
export function tunedSlots(tuner: WorkerTuner, kind: 'workflow' | 'activity', ctx: Omit<SlotReserveContext, 'slotType'>): Slots {
  const supplier: SlotSupplier<SlotInfo> = isHolder(tuner)
    ? kind === 'workflow'
      ? tuner.workflowTaskSlotSupplier
      : tuner.activityTaskSlotSupplier
    : {
        type: 'resource-based',
        ...(kind === 'workflow' ? tuner.workflowTaskSlotOptions : tuner.activityTaskSlotOptions),
        ...('controller' in tuner ? { controller: tuner.controller } : { tunerOptions: tuner.tunerOptions }),
      };
  switch (supplier.type) {
    case 'fixed-size':
      if (!Number.isInteger(supplier.numSlots) || supplier.numSlots < 1) throw new RangeError(`numSlots must be a positive integer, got ${supplier.numSlots}`);
      return new FixedSlots(supplier.numSlots);
    case 'custom':
      return new CustomSlots(supplier, { ...ctx, slotType: kind });
    case 'resource-based': {
      const controller = 'controller' in supplier ? supplier.controller : ResourceBasedController.create(supplier.tunerOptions);
      const d = DEFAULTS[kind];
      return new ResourceBasedSlots(controller, {
        minimumSlots: supplier.minimumSlots ?? d.minimumSlots,
        maximumSlots: supplier.maximumSlots ?? d.maximumSlots,
        rampThrottle: supplier.rampThrottle ?? d.rampThrottle,
      });
    }
  }
}

/**
 * Reports a worker's slots as they are used and released (`temporal_worker_task_slots_used`, and
 * `…_available` when the number of slots is fixed, as core reports them).
 */
export class MeteredSlots implements Slots {
  private used = 0;

  constructor(
    private readonly slots: Slots,
    private readonly max: number | undefined,
    private readonly report: (available: number | undefined, used: number) => void,
  ) {
    report(max, 0);
  }

  acquire(): Promise<SlotPermit> {
    return this.slots.acquire();
  }
  tryAcquire(): SlotPermit | undefined {
    return this.slots.tryAcquire();
  }
  markUsed(permit: SlotPermit, info: SlotInfo): void {
    this.slots.markUsed(permit, info);
    this.changed(+1);
  }
  release(permit: SlotPermit, info?: SlotInfo): void {
    this.slots.release(permit, info);
    if (info) this.changed(-1);
  }

  private changed(by: number): void {
    this.used += by;
    this.report(this.max === undefined ? undefined : this.max - this.used, this.used);
  }
}
