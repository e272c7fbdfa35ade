// Temporal's TestService (time skipping), served by the dev server when it runs with a skipping clock.
import type { google } from '@durable/proto';
import { failedPrecondition } from '../model/errors.js';
import { durationMs, timestamp, timestampMs } from '../model/events.js';
import type { SkippingClock, TimeSkipper } from '../runtime/time-skipping.js';
import type { Handler } from './bind.js';

export function testHandlers(skipper: TimeSkipper, clock: SkippingClock): Record<string, Handler> {
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      throw failedPrecondition((err as Error).message);
    }
    return {};
  };
  return {
    LockTimeSkipping: () => guarded(() => skipper.lock()),
    UnlockTimeSkipping: () => guarded(() => skipper.unlock()),
    async SleepUntil(req: { timestamp?: google.protobuf.ITimestamp | null }, ctx) {
      await skipper.sleepUntil(timestampMs(req.timestamp), ctx.signal);
      return {};
    },
    async Sleep(req: { duration?: google.protobuf.IDuration | null }, ctx) {
      await skipper.sleepUntil(clock.now() + durationMs(req.duration), ctx.signal);
      return {};
    },
    async UnlockTimeSkippingWithSleep(req: { duration?: google.protobuf.IDuration | null }, ctx) {
      await skipper.sleepUntil(clock.now() + durationMs(req.duration), ctx.signal);
      return {};
    },
    GetCurrentTime: () => ({ time: timestamp(clock.now()) }),
  };
}
