// Retrying gRPC calls, in @temporalio/client's shapes: which failures are transient, how long to wait between
// attempts, and a grpc-js interceptor that retries a unary call (for ConnectionOptions.interceptors).
import type { Interceptor, StatusObject } from '@grpc/grpc-js';
import { grpcJs } from '@durable/proto';

const { status, InterceptingCall, ListenerBuilder, RequesterBuilder } = grpcJs;

export interface GrpcRetryOptions {
  /** How long to wait before attempt `attempt + 1`, in ms. */
  delayFunction: (attempt: number, status: StatusObject) => number;
  /** Whether to make another attempt after `attempt` ended with `status`. */
  retryableDecider: (attempt: number, status: StatusObject) => boolean;
}

export interface BackoffOptions {
  /** Attempts in all. Default 10. */
  maxAttempts: number;
  /** Growth of the delay per attempt. Default 1.7. */
  factor: number;
  /** Spread of the delay, as a fraction (0.2: ±20%). */
  maxJitter: number;
  initialIntervalMs(status: StatusObject): number;
  maxIntervalMs(status: StatusObject): number;
}

// A throttled server (RESOURCE_EXHAUSTED) is given longer before the next attempt.
const initialIntervalMs = ({ code }: StatusObject) => (code === status.RESOURCE_EXHAUSTED ? 1000 : 100);

/** Exponential backoff with jitter over the retryable failures (isRetryableError). */
export function defaultGrpcRetryOptions(options: Partial<BackoffOptions> = {}): GrpcRetryOptions {
  const maxAttempts = options.maxAttempts ?? 10;
  const factor = options.factor ?? 1.7;
  const maxJitter = options.maxJitter ?? 0.2;
  const initial = options.initialIntervalMs ?? initialIntervalMs;
  const max = options.maxIntervalMs ?? (() => 5_000);
  return {
    delayFunction: (attempt, st) => Math.min(max(st), factor ** attempt * initial(st)) * (1 - maxJitter + Math.random() * maxJitter * 2),
    retryableDecider: (attempt, st) => attempt < maxAttempts && isRetryableError(st),
  };
}

const RETRYABLE = new Set<number>([status.UNKNOWN, status.RESOURCE_EXHAUSTED, status.UNAVAILABLE, status.ABORTED, status.DATA_LOSS, status.OUT_OF_RANGE]);

/** Whether a failed call may succeed if made again (transport resets included, TLS alerts excluded). */
export function isRetryableError(st: Pick<StatusObject, 'code' | 'details'>): boolean {
  if (st.code === status.INTERNAL) {
    if (/RST_STREAM with code 0|Call ended without gRPC status/i.test(st.details)) return true;
    return /RST_STREAM with code 2/i.test(st.details) && !/SSL alert number/i.test(st.details);
  }
  return RETRYABLE.has(st.code);
}

/** A grpc-js interceptor that makes a unary call again while `retryOptions` say so. */
export function makeGrpcRetryInterceptor(retryOptions: GrpcRetryOptions): Interceptor {
  return (options, nextCall) => {
    let sent: unknown;
    let received: unknown;
    let deliver: ((message: unknown) => void) | undefined;
    const requester = new RequesterBuilder()
      .withStart((metadata, _listener, next) => {
        let attempt = 1;
        const listener = new ListenerBuilder()
          .withOnReceiveMessage((message, nextMessage) => {
            received = message;
            deliver = nextMessage;
          })
          .withOnReceiveStatus((first, nextStatus) => {
            const settle = (st: StatusObject) => {
              if (retryOptions.retryableDecider(attempt, st)) {
                setTimeout(() => {
                  attempt++;
                  const call = nextCall(options);
                  call.start(metadata, { onReceiveMessage: (m: unknown) => (received = m), onReceiveStatus: settle });
                  call.sendMessage(sent);
                  call.halfClose();
                }, retryOptions.delayFunction(attempt, st));
              } else {
                if (deliver) deliver(received);
                nextStatus(st);
              }
            };
            settle(first);
          })
          .build();
        next(metadata, listener);
      })
      .withSendMessage((message, next) => {
        sent = message;
        next(message);
      })
      .build();
    return new InterceptingCall(nextCall(options), requester);
  };
}
