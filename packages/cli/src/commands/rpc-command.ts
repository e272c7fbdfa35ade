// Commands that are one call to the server: build the request from the flags (checked before connecting), call,
// print the answer (proto3 JSON for scripts, key/value lines for people, or a custom text).
import type { CommandContext, CommandSpec } from '../command.js';
import type { ClientContext } from '../connect.js';
import type { Flags } from '../flags.js';
import type { OptionSpec } from '../option-spec.js';
import { keyValues } from '../printer.js';
import { protoJson } from '../proto-json.js';

export interface RpcCommand<Req> {
  path: string;
  summary: string;
  description: string;
  options?: OptionSpec[];
  args?: { name: string; required: boolean }[];
  /** The request, from flags and positionals; throws UsageError for bad combinations. */
  request(flags: Flags, args: string[]): Req;
  call(c: ClientContext, request: Req, ctx: CommandContext): Promise<object>;
  /** The answer's API type, for its JSON form. */
  responseType: string;
  /** What people see; default: the answer's fields, or `done` when it has none. */
  text?(response: object, ctx: CommandContext, request: Req): string;
  done?: string;
}

export function rpcCommand<Req>(spec: RpcCommand<Req>): CommandSpec {
  return {
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    options: spec.options,
    args: spec.args,
    validate: (flags, args) => void spec.request(flags, args),
    async run(ctx) {
      const request = spec.request(ctx.flags, ctx.args);
      const c = await ctx.client();
      const response = await spec.call(c, request, ctx);
      const json = protoJson(spec.responseType, response, ctx.flags);
      const empty = !json || (typeof json === 'object' && Object.keys(json).length === 0);
      ctx.print.object(empty && spec.done ? { ok: true } : json, spec.text ? spec.text(response, ctx, request) : empty ? (spec.done ?? 'Done') : keyValues(json, ctx.print.time));
    },
  };
}
