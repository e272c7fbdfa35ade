// Payloads decoded for reading: JSON pretty-printed, other encodings named with their size, long ones cut short
// with a button to show all.
import { useState } from 'preact/hooks';
import type { PayloadJson, PayloadsJson } from '../api/types';
import { decodePayload, decodePayloads, payloadText, type Decoded } from '../lib/payloads';

const CUT = 1200;

function OnePayload({ decoded, label }: { decoded: Decoded; label?: string }) {
  const [all, setAll] = useState(false);
  const body = payloadText(decoded);
  const cut = !all && body.length > CUT;
  return (
    <div class="payload" aria-label={label}>
      {decoded.kind === 'bytes' && (
        <div class="payload-encoding">
          encoding <code>{decoded.encoding || 'none'}</code>, {decoded.size} bytes{decoded.text === undefined ? ' (binary)' : ''}
        </div>
      )}
      {decoded.kind === 'json' && decoded.messageType && (
        <div class="payload-encoding">
          protobuf <code>{decoded.messageType}</code>
        </div>
      )}
      {(decoded.kind !== 'bytes' || decoded.text !== undefined) && <pre class="code">{cut ? `${body.slice(0, CUT)}…` : body}</pre>}
      {body.length > CUT && (
        <button type="button" class="link-button" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show less' : `Show all (${body.length.toLocaleString()} characters)`}
        </button>
      )}
    </div>
  );
}

/** A Payloads field: each value, or "none". */
export function PayloadsView({ value, label, empty = 'none' }: { value: PayloadsJson; label?: string; empty?: string }) {
  const list = decodePayloads(value);
  if (!list.length) return <span class="muted">{empty}</span>;
  return (
    <div class="payloads" aria-label={label}>
      {list.map((d, i) => (
        <OnePayload key={i} decoded={d} label={list.length > 1 ? `${label ?? 'value'} ${i + 1}` : label} />
      ))}
    </div>
  );
}

export function PayloadView({ value, label }: { value: PayloadJson; label?: string }) {
  return <OnePayload decoded={decodePayload(value)} label={label} />;
}
