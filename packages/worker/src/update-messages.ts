// Update protocol messages: requests arrive with a workflow task and become DoUpdate jobs; the workflow's answers
// go back as acceptance, rejection and response messages (acceptance and response also as ProtocolMessage commands).
import { Long, temporal } from '@durable/proto';
import type { Command, Job } from '@durable/workflow/sandbox';
import { updateMessageId } from './commands.js';
import { updateJob } from './workflow-run.js';

type Message = temporal.api.protocol.v1.IMessage;
type Request = temporal.api.update.v1.IRequest;
const v1 = temporal.api.update.v1;

export interface DeliveredUpdate {
  message: Message;
  request: Request;
}

const typeUrl = (name: string) => `type.googleapis.com/${name}`;

function pack(name: string, bytes: Uint8Array) {
  // google.protobuf.Any in the generated schema keeps the proto field names.
  return { type_url: typeUrl(name), value: bytes } as temporal.api.protocol.v1.IMessage['body'];
}

/** DoUpdate jobs for the update requests a task carries. */
export function updateRequests(messages: Message[] | null | undefined): { jobs: Job[]; delivered: Map<string, DeliveredUpdate> } {
  const jobs: Job[] = [];
  const delivered = new Map<string, DeliveredUpdate>();
  for (const m of messages ?? []) {
    const url = (m.body as { type_url?: string } | null | undefined)?.type_url ?? '';
    if (!url.endsWith('temporal.api.update.v1.Request') || !m.body?.value) continue;
    const request = v1.Request.decode(m.body.value);
    const pid = m.protocolInstanceId ?? request.meta?.updateId ?? '';
    delivered.set(pid, { message: m, request });
    jobs.push(updateJob(pid, request, true));
  }
  return { jobs, delivered };
}

/** The messages answering the updates of this task. */
export function updateResponses(commands: Command[], delivered: Map<string, DeliveredUpdate>, identity: string): Message[] {
  const out: Message[] = [];
  for (const c of commands) {
    if (c.kind !== 'updateResponse') continue;
    const pid = c.protocolInstanceId;
    const d = delivered.get(pid);
    let body;
    if (c.accepted || c.rejected) {
      if (!d) continue;
      const seqEventId = Long.fromValue(d.message.eventId ?? 0);
      body = c.accepted
        ? pack('temporal.api.update.v1.Acceptance', v1.Acceptance.encode({ acceptedRequestMessageId: d.message.id, acceptedRequestSequencingEventId: seqEventId, acceptedRequest: d.request }).finish())
        : pack('temporal.api.update.v1.Rejection', v1.Rejection.encode({ rejectedRequestMessageId: d.message.id, rejectedRequestSequencingEventId: seqEventId, rejectedRequest: d.request, failure: c.rejected }).finish());
    } else {
      const outcome = c.failed ? { failure: c.failed } : { success: { payloads: c.completed ? [c.completed] : [] } };
      body = pack('temporal.api.update.v1.Response', v1.Response.encode({ meta: { updateId: pid, identity }, outcome }).finish());
    }
    out.push({ id: updateMessageId(c), protocolInstanceId: pid, body });
  }
  return out;
}
