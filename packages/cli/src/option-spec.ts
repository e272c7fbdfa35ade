// A flag as a command declares it: name, type, help and where its value may come from.
export type OptionType = 'string' | 'bool' | 'int' | 'float' | 'duration' | 'timestamp' | 'string[]' | 'enum' | 'enum[]';

export interface OptionSpec {
  name: string;
  /** one letter, as `-w` */
  short?: string;
  type: OptionType;
  description: string;
  /** the values an enum flag takes (matched without regard to case) */
  values?: readonly string[];
  required?: boolean;
  /** shown in help; applied when the flag is not given */
  default?: string;
  /** the environment variable read when the flag is not given */
  env?: string;
  /** other names of the flag, as `--type` for `--name` */
  aliases?: string[];
  /** the value's name in help, as `ID` in `--workflow-id ID` */
  meta?: string;
}
