import { ApplicationFailure, Context } from '@durable/activity';

/** Fails its first two attempts, so only the server's retries get it through; returns the attempt that succeeded. */
export async function failTwice(): Promise<number> {
  const { attempt } = Context.current().info;
  if (attempt < 3) throw ApplicationFailure.retryable(`attempt ${attempt} fails on purpose`);
  return attempt;
}
