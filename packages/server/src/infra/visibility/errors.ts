/** A list filter that cannot be run: the server answers INVALID_ARGUMENT with this message. */
export class ListQueryError extends Error {
  override name = 'ListQueryError';
}
