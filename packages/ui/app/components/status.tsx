import { statusName } from '../lib/format';

/** A workflow status as a coloured label; the text carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: string | undefined }) {
  const name = statusName(status);
  return <span class={`status status-${name.toLowerCase()}`}>{name === 'ContinuedAsNew' ? 'Continued as new' : name === 'TimedOut' ? 'Timed out' : name}</span>;
}
