// The one place the app talks to the server: Temporal's HTTP API under /api/v1 on the page's own origin.

/** An error answer of the HTTP API: the HTTP status and Temporal's `{code, message}` body. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    /** gRPC status code from the body, when the server sent one */
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }

  get unimplemented(): boolean {
    return this.code === 12 || this.status === 501;
  }

  get notFound(): boolean {
    return this.code === 5 || this.status === 404;
  }
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

const BASE = '/api/v1';

/** Path segments are encoded one by one: workflow ids may contain slashes, spaces or anything else. */
export function apiPath(...segments: string[]): string {
  return segments.map((s) => '/' + encodeURIComponent(s)).join('');
}

function url(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    // A flag such as noPayloadShorthand is on by being present.
    search.set(k, v === true ? '' : String(v));
  }
  const qs = search.toString().replace(/=(&|$)/g, '$1');
  return BASE + path + (qs ? `?${qs}` : '');
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = (body ?? {}) as { code?: number; message?: string };
    const message = err.message || text.trim() || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, typeof err.code === 'number' ? err.code : undefined, message);
  }
  if (body === undefined) throw new ApiError(res.status, undefined, `the server answered something that is not JSON`);
  return body as T;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export async function apiGet<T>(path: string, params?: QueryParams, options: RequestOptions = {}): Promise<T> {
  return parse<T>(await fetch(url(path, params), { signal: options.signal, headers: { Accept: 'application/json' } }));
}

export async function apiPost<T>(path: string, body: unknown, params?: QueryParams): Promise<T> {
  return parse<T>(
    await fetch(url(path, params), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export async function apiDelete<T>(path: string, params?: QueryParams): Promise<T> {
  return parse<T>(await fetch(url(path, params), { method: 'DELETE', headers: { Accept: 'application/json' } }));
}

export function requestId(): string {
  return crypto.randomUUID();
}

/** Sent as `identity` with every change, so history shows where it came from. */
export const IDENTITY = 'durable-ui';
