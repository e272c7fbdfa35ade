// activities.ts with only the import changed (for our worker; compat.test.ts checks the rest is identical).
import { ApplicationFailure, CancelledFailure, Context } from '@durable/activity';

export const attempts = new Map<string, number>();

function count(key: string): number {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  return n;
}

export async function greet(name: string): Promise<string> {
  return `hello ${name}`;
}

export async function shout(text: string): Promise<string> {
  return text.toUpperCase();
}

export async function punctuate(text: string): Promise<string> {
  return `${text}!`;
}

export async function failsOnce(key: string): Promise<string> {
  const n = count(key);
  if (n === 1) throw new Error(`first attempt of ${key} fails`);
  return `succeeded on attempt ${Context.current().info.attempt}`;
}

export async function failsForGood(key: string): Promise<string> {
  count(key);
  throw ApplicationFailure.nonRetryable(`${key} cannot succeed`, 'Fatal');
}

export async function heartbeatThenHang(key: string): Promise<unknown> {
  const n = count(key);
  const ctx = Context.current();
  if (n === 1) {
    ctx.heartbeat({ progress: 42 });
    // Stop heartbeating: the server must time this attempt out and hand the details to the next one.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return 'should have timed out';
  }
  return { attempt: ctx.info.attempt, details: ctx.info.heartbeatDetails };
}

export async function waitForCancel(key: string): Promise<string> {
  count(key);
  const ctx = Context.current();
  for (;;) {
    ctx.heartbeat();
    try {
      await ctx.sleep(100);
    } catch (err) {
      if (err instanceof CancelledFailure) {
        attempts.set(`${key}:cancelled`, 1);
        throw err;
      }
      throw err;
    }
  }
}
