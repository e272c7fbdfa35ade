/** The metrics a meter made, by name: one per name, of one kind (a counter cannot also be a gauge). */
export class MadeOnce {
  private readonly made = new Map<string, { kind: string; metric: unknown }>();

  /** The metric made for `name` before, or the one `make` makes now; another kind under that name fails. */
  get<M>(name: string, kind: string, make: () => M): M {
    const seen = this.made.get(name);
    if (seen) {
      if (seen.kind !== kind) throw new TypeError(`Metric ${name} is a ${seen.kind} already; it cannot also be a ${kind}`);
      return seen.metric as M;
    }
    const metric = make();
    this.made.set(name, { kind, metric });
    return metric;
  }
}
