// Payload codecs on the worker: history payloads are decoded before the sandbox sees them, command payloads encoded
// after it produced them. The sandbox itself never runs codecs (they are async and may need Node APIs).
import { decodeFailure, decodeOptionalPayloads, decodePayloadMap, encodeFailure, encodeOptionalPayloads, encodePayloadMap, type PayloadCodec } from '@durable/common';
import type { temporal } from '@durable/proto';
import type { Command, Job, UserMetadata } from '@durable/workflow/sandbox';

type Event = temporal.api.history.v1.IHistoryEvent;
type Payloads = { payloads?: temporal.api.common.v1.IPayload[] | null } | null | undefined;

async function payloads(codecs: readonly PayloadCodec[], p: Payloads): Promise<Payloads> {
  return p ? { payloads: await decodeOptionalPayloads(codecs, p.payloads) } : p;
}

/** Decodes, in place, the payloads of the events the workflow reads. */
export async function decodeEvents(codecs: readonly PayloadCodec[], events: Event[]): Promise<void> {
  if (!codecs.length) return;
  for (const e of events) {
    const started = e.workflowExecutionStartedEventAttributes;
    if (started) {
      started.input = await payloads(codecs, started.input);
      started.lastCompletionResult = await payloads(codecs, started.lastCompletionResult);
      if (started.memo) started.memo = { fields: await decodePayloadMap(codecs, started.memo.fields) };
      if (started.continuedFailure) started.continuedFailure = await decodeFailure(codecs, started.continuedFailure);
    }
    const a =
      e.activityTaskCompletedEventAttributes ?? e.childWorkflowExecutionCompletedEventAttributes;
    if (a) a.result = await payloads(codecs, a.result);
    const f =
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.childWorkflowExecutionFailedEventAttributes;
    if (f?.failure) f.failure = await decodeFailure(codecs, f.failure);
    const d = e.activityTaskCanceledEventAttributes ?? e.childWorkflowExecutionCanceledEventAttributes;
    if (d) d.details = await payloads(codecs, d.details);
    const s = e.workflowExecutionSignaledEventAttributes;
    if (s) s.input = await payloads(codecs, s.input);
    const marker = e.markerRecordedEventAttributes;
    if (marker?.details?.result) marker.details.result = (await payloads(codecs, marker.details.result)) ?? marker.details.result;
    if (marker?.failure) marker.failure = await decodeFailure(codecs, marker.failure);
    const u = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (u) u.args = await payloads(codecs, u.args);
  }
}

/** Decodes the arguments of update requests delivered with a task. */
export async function decodeJobs(codecs: readonly PayloadCodec[], jobs: Job[]): Promise<void> {
  if (!codecs.length) return;
  for (const j of jobs) if (j.kind === 'doUpdate') j.args = (await decodeOptionalPayloads(codecs, j.args)) ?? [];
}

/** Encodes the payloads of commands (a copy; the sandbox's objects are left alone). */
export async function encodeCommands(codecs: readonly PayloadCodec[], commands: Command[]): Promise<Command[]> {
  if (!codecs.length) return commands;
  const list = async (ps: temporal.api.common.v1.IPayload[]) => (await encodeOptionalPayloads(codecs, ps)) ?? [];
  const map = async (m: Record<string, temporal.api.common.v1.IPayload> | undefined) => (m ? ((await encodePayloadMap(codecs, m)) ?? undefined) : undefined);
  const one = async (p: temporal.api.common.v1.IPayload | undefined) => (p ? (await list([p]))[0] : undefined);
  const metadata = async (m: UserMetadata | undefined): Promise<UserMetadata | undefined> => (m ? { summary: await one(m.summary), details: await one(m.details) } : undefined);
  return Promise.all(
    commands.map(async (c): Promise<Command> => {
      switch (c.kind) {
        case 'scheduleActivity':
          return { ...c, args: await list(c.args), userMetadata: await metadata(c.userMetadata) };
        case 'startTimer':
          return { ...c, userMetadata: await metadata(c.userMetadata) };
        case 'completeWorkflow':
          return { ...c, result: c.result ? (await list([c.result]))[0] : undefined };
        case 'failWorkflow':
          return { ...c, failure: await encodeFailure(codecs, c.failure) };
        case 'continueAsNew':
          return { ...c, args: await list(c.args), memo: await map(c.memo) };
        case 'startChild':
          return { ...c, args: await list(c.args), memo: await map(c.memo), userMetadata: await metadata(c.userMetadata) };
        case 'signalExternal':
          return { ...c, args: await list(c.args) };
        case 'modifyProperties':
          return { ...c, memo: (await map(c.memo)) ?? {} };
        case 'localActivityMarker':
          return {
            ...c,
            result: c.result ? (await list([c.result]))[0] : undefined,
            failure: c.failure ? await encodeFailure(codecs, c.failure) : undefined,
          };
        case 'updateResponse':
          return {
            ...c,
            completed: c.completed ? (await list([c.completed]))[0] : undefined,
            failed: c.failed ? await encodeFailure(codecs, c.failed) : undefined,
            rejected: c.rejected ? await encodeFailure(codecs, c.rejected) : undefined,
          };
        case 'respondToQuery':
          return {
            ...c,
            result: c.result ? (await list([c.result]))[0] : undefined,
            failure: c.failure ? await encodeFailure(codecs, c.failure) : undefined,
          };
        default:
          return c;
      }
    }),
  );
}
