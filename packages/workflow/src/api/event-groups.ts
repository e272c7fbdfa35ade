// Event groups (experimental upstream): a marker attached to the commands made inside its scope (or given in an
// API call's `eventGroups` option), so the UI can show those history events as one group.
import { currentActivator } from '../runtime/state.js';
import { sha1Hex } from '../runtime/sha1.js';
import { eventGroupScope, type EventGroup } from '../runtime/event-groups.js';

export interface EventGroupMarker {
  /** Runs `fn` with this marker attached to every command it (and its continuations) makes; scopes nest. */
  withScope<T>(fn: () => Promise<T>): Promise<T>;
}

class LabelMarker implements EventGroupMarker {
  constructor(readonly group: EventGroup) {}
  withScope<T>(fn: () => Promise<T>): Promise<T> {
    currentActivator();
    const groups = new Map(eventGroupScope.getStore());
    groups.set(this.group.id, this.group);
    return eventGroupScope.run(groups, fn);
  }
}

/** A marker labelled `label`; its id defaults to a hash of the run and the label (the same on every replay). */
export function createEventGroup(label: string, options?: { id?: string }): EventGroupMarker {
  const activator = currentActivator();
  return new LabelMarker({ id: options?.id ?? sha1Hex(`${activator.info.originalExecutionRunId}${label}`), label });
}
