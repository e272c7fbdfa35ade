// The temporal CLI's enum words (AllowDuplicate, TerminateExisting, Skip …) to the API's enum numbers and back.
import { temporal } from '@durable/proto';

const enums = temporal.api.enums.v1;

const screaming = (word: string) => word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[- ]/g, '_').toUpperCase();

/** The value of `EnumName` whose name is PREFIX_WORD, e.g. ('WorkflowIdReusePolicy', 'AllowDuplicate') -> 1. */
export function enumValue(name: keyof typeof enums, prefix: string, word: string): number {
  const values = enums[name] as unknown as Record<string, number>;
  const v = values[`${prefix}_${screaming(word)}`];
  if (v === undefined) throw new Error(`no ${name} value for ${word}`);
  return v;
}

/** `WORKFLOW_EXECUTION_STATUS_RUNNING` -> `Running`: an enum number as the temporal CLI prints it. */
export function enumWord(name: keyof typeof enums, value: number | null | undefined): string {
  const values = enums[name] as unknown as Record<number, string>;
  const full = values[value ?? 0];
  if (!full) return String(value ?? '');
  const words = full.split('_');
  const prefixWords = screaming(name).split('_').length;
  return words
    .slice(prefixWords)
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('');
}
