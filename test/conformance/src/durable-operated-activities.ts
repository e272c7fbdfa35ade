// operated-activities.ts for our worker, with only the import changed: it reads our Context's cancellationDetails,
// which must say why the server stopped an attempt as the official one does.
import { Context } from '@durable/activity';

/** Attempts of heartbeatsUntilStopped, by key. */
export const operatedAttempts = new Map<string, number>();

/** Heartbeats until the server says stop (cancel, pause or reset), and records why; later attempts finish at once. */
export async function heartbeatsUntilStopped(key: string): Promise<string> {
  const n = (operatedAttempts.get(key) ?? 0) + 1;
  operatedAttempts.set(key, n);
  const ctx = Context.current();
  if (n > 1) return `done on attempt ${ctx.info.attempt}`;
  for (;;) {
    ctx.heartbeat(n);
    try {
      await ctx.sleep(50);
    } catch (err) {
      stopDetails.set(key, { ...ctx.cancellationDetails });
      throw err;
    }
  }
}

/** Why an attempt of heartbeatsUntilStopped stopped, by key. */
export const stopDetails = new Map<string, unknown>();
