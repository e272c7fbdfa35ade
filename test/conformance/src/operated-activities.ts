// An activity for the operator-control tests (official worker only: it reads the official Context's
// cancellationDetails, which says why the server stopped an attempt).
import { Context } from '@temporalio/activity';

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
