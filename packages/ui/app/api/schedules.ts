// Schedule and namespace routes of the HTTP API.
import { apiDelete, apiGet, apiPath, apiPost, IDENTITY, requestId } from './http';
import type { DescribeScheduleResponse, NamespaceInfo, ScheduleListEntry } from './types';

export function listSchedules(ns: string, nextPageToken?: string): Promise<{ schedules?: ScheduleListEntry[]; nextPageToken?: string }> {
  return apiGet(apiPath('namespaces', ns, 'schedules'), { maximumPageSize: 100, nextPageToken });
}

export function describeSchedule(ns: string, scheduleId: string): Promise<DescribeScheduleResponse> {
  return apiGet(apiPath('namespaces', ns, 'schedules', scheduleId));
}

export type SchedulePatch = { pause: string } | { unpause: string } | { triggerImmediately: { overlapPolicy?: string } };

export function patchSchedule(ns: string, scheduleId: string, patch: SchedulePatch): Promise<object> {
  return apiPost(apiPath('namespaces', ns, 'schedules', scheduleId, 'patch'), { patch, identity: IDENTITY, requestId: requestId() });
}

export function deleteSchedule(ns: string, scheduleId: string): Promise<object> {
  return apiDelete(apiPath('namespaces', ns, 'schedules', scheduleId), { identity: IDENTITY });
}

export function listNamespaces(): Promise<{ namespaces?: NamespaceInfo[]; nextPageToken?: string }> {
  return apiGet(apiPath('namespaces'), { pageSize: 100 });
}
