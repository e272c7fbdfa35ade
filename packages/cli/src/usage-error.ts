/** A command line the program cannot run as typed: exit code 2, and a pointer to the command's help. */
export class UsageError extends Error {
  override name = 'UsageError';
}
