import { Long, temporal } from '@durable/proto';
import { msToTimestampParts, timestampPartsToMs, msToProtoDuration, protoDurationToMs } from '@durable/common';

export const EventType = temporal.api.enums.v1.EventType;
export type EventType = temporal.api.enums.v1.EventType;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Failure = temporal.api.failure.v1.IFailure;

const HistoryEventType = temporal.api.history.v1.HistoryEvent;

const attrKeys = new Map<number, string>();
for (const [name, value] of Object.entries(EventType)) {
  if (typeof value !== 'number' || value === 0) continue;
  const words = name.replace(/^EVENT_TYPE_/, '').toLowerCase().split('_');
  attrKeys.set(value, words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('') + 'EventAttributes');
}

/** The oneof field that holds an event type's attributes, e.g. 'timerFiredEventAttributes'. */
export function attributesKey(type: EventType): keyof HistoryEvent {
  const key = attrKeys.get(type);
  if (!key) throw new Error(`unknown event type ${type}`);
  return key as keyof HistoryEvent;
}

export function encodeEvent(event: HistoryEvent): Uint8Array {
  return HistoryEventType.encode(event).finish();
}

export function decodeEvent(bytes: Uint8Array): temporal.api.history.v1.HistoryEvent {
  return HistoryEventType.decode(bytes);
}

export interface ProtoTime {
  seconds?: { toNumber(): number } | number | string | null;
  nanos?: number | null;
}

export interface ProtoTimeValue {
  seconds: Long;
  nanos: number;
}

export function timestamp(ms: number): ProtoTimeValue {
  const p = msToTimestampParts(ms);
  return { seconds: Long.fromNumber(p.seconds), nanos: p.nanos };
}

export function timestampMs(t: ProtoTime | null | undefined): number {
  if (!t) return 0;
  return timestampPartsToMs({ seconds: t.seconds ?? 0, nanos: t.nanos ?? 0 });
}

export function duration(ms: number): ProtoTimeValue {
  const p = msToProtoDuration(ms);
  return { seconds: Long.fromNumber(p.seconds), nanos: p.nanos };
}

export function durationMs(d: ProtoTime | null | undefined): number {
  if (!d) return 0;
  return protoDurationToMs({ seconds: d.seconds ?? 0, nanos: d.nanos ?? 0 });
}

/** Total bytes of payload data, for the blob size limit. */
export function payloadsSize(p: Payloads | null | undefined): number {
  let size = 0;
  for (const payload of p?.payloads ?? []) {
    size += payload.data?.length ?? 0;
    for (const v of Object.values(payload.metadata ?? {})) size += v.length;
  }
  return size;
}
