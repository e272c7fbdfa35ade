import { appendFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Context } from '@durable/activity';

/**
 * Records this attempt in the external record (one line, appended: a killed worker leaves whole lines) and on
 * stdout, works a little, and returns `name:id:attempt`.
 */
export async function step(id: string, name: string): Promise<string> {
  const { attempt } = Context.current().info;
  const line = `${name}:${id}:${attempt}`;
  appendFileSync(process.env.CHAOS_RECORD!, `${line}\n`);
  process.stdout.write(`ran ${line}\n`);
  await delay(Math.floor(Math.random() * 100));
  return line;
}
