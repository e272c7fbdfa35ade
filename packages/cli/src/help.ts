// --help for the program, a group and a command, from their declarations.
import type { CommandSpec, GroupSpec } from './command.js';
import type { OptionSpec } from './option-spec.js';

function optionLine(o: OptionSpec): [string, string] {
  const meta = o.type === 'bool' ? '' : ` ${o.meta ?? (o.type === 'enum' || o.type === 'enum[]' ? o.values!.join('|') : o.type === 'string[]' ? 'VALUE' : o.type.toUpperCase())}`;
  const left = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${meta}`;
  const extras = [
    o.required ? 'required' : '',
    o.default !== undefined && o.type !== 'bool' ? `default ${o.default}` : '',
    o.env ? `env ${o.env}` : '',
    o.aliases?.length ? `also --${o.aliases.join(', --')}` : '',
  ].filter(Boolean);
  return [left, `${o.description}${extras.length ? ` (${extras.join('; ')})` : ''}`];
}

function columns(rows: [string, string][], indent = '  '): string {
  const width = Math.min(40, Math.max(...rows.map(([l]) => l.length))) + 2;
  return rows.map(([l, r]) => (l.length >= width ? `${indent}${l}\n${indent}${' '.repeat(width)}${r}` : `${indent}${l.padEnd(width)}${r}`)).join('\n');
}

export function commandHelp(c: CommandSpec, globals: { title: string; options: OptionSpec[] }[]): string {
  const args = (c.args ?? []).map((a) => (a.required ? ` ${a.name}` : ` [${a.name}]`)).join('');
  const parts = [`${c.summary}.`, c.description.trim(), `Usage:\n  durable ${c.path}${args} [flags]`];
  if (c.options?.length) parts.push(`Flags:\n${columns(c.options.map(optionLine))}`);
  for (const g of globals) parts.push(`${g.title}:\n${columns(g.options.map(optionLine))}`);
  return `${parts.join('\n\n')}\n`;
}

export function groupHelp(g: GroupSpec, children: { name: string; summary: string }[]): string {
  const parts = [`${g.summary}.`, g.description.trim(), `Usage:\n  durable ${g.path} <command> [flags]`, `Commands:\n${columns(children.map((c) => [c.name, c.summary]))}`];
  parts.push(`Run "durable ${g.path} <command> --help" for a command's flags.`);
  return `${parts.join('\n\n')}\n`;
}
