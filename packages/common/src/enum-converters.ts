// Public enums are `as const` objects of strings ('REJECT_DUPLICATE'); the API speaks protobuf numbers
// (WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE = 3). One pair of converters per enum, with the official SDK's rules.
import { ValueError } from './errors.js';

export type EnumEncoder<K extends string> = (input: K | `${string}_${K}` | number | null | undefined) => number | undefined;
export type EnumDecoder<K extends string> = (input: number | null | undefined) => K | undefined;

/**
 * `codes` maps each short name to its protobuf number (and UNSPECIFIED to 0 when the enum has one). Encoding takes a
 * short name, the prefixed protobuf name or a number, and refuses anything else with a ValueError. Decoding turns 0
 * (unspecified) and null into undefined, and a number it does not know into `unknown_<n>` instead of failing, so a
 * newer server's values do not break an older client.
 */
export function makeEnumConverters<K extends string>(codes: Record<K, number> & { UNSPECIFIED?: 0 }, prefix: string): [EnumEncoder<K>, EnumDecoder<K>] {
  const names = new Map<number, K>();
  for (const [name, code] of Object.entries(codes) as [K, number][]) if (name !== 'UNSPECIFIED') names.set(code, name);
  const hasUnspecified = 'UNSPECIFIED' in codes;
  const encode: EnumEncoder<K> = (input) => {
    if (input === null || input === undefined) return undefined;
    if (typeof input === 'number') return input;
    if (typeof input !== 'string') throw new ValueError(`Invalid enum value: '${String(input)}' of type ${typeof input}`);
    const short = input.startsWith(prefix) ? input.slice(prefix.length) : input;
    if (Object.prototype.hasOwnProperty.call(codes, short)) return (codes as Record<string, number>)[short];
    throw new ValueError(`Invalid enum value: '${input}'`);
  };
  const decode: EnumDecoder<K> = (input) => {
    if (input === null || input === undefined) return undefined;
    if (typeof input !== 'number') throw new ValueError(`Invalid proto enum value: '${String(input)}' of type ${typeof input}`);
    if (input === 0 && hasUnspecified) return undefined;
    return names.get(input) ?? (`unknown_${input}` as K);
  };
  return [encode, decode];
}
