// The event groups (api/event-groups.ts) current for the code running now; every command made gets them.
import { AsyncLocalStorage } from './async-local-storage.js';

export interface EventGroup {
  id: string;
  label: string;
}

export const eventGroupScope = new AsyncLocalStorage<ReadonlyMap<string, EventGroup>>();

export function eventGroupsInScope(): EventGroup[] | undefined {
  const groups = eventGroupScope.getStore();
  return groups?.size ? [...groups.values()] : undefined;
}
