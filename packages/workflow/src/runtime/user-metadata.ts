// User metadata of commands (an activity's or timer's summary, a child's static summary and details): converted to
// payloads inside the run, with the workflow's payload converter, as the official workflow runtime does; the worker
// runs them through the codecs with the rest of the commands.
import type { PayloadConverter } from '@durable/common';
import type { UserMetadata } from './protocol.js';

export function toUserMetadata(pc: PayloadConverter, summary: string | undefined, details?: string): UserMetadata | undefined {
  if (summary == null && details == null) return undefined;
  return {
    summary: summary == null ? undefined : pc.toPayload(summary),
    details: details == null ? undefined : pc.toPayload(details),
  };
}
