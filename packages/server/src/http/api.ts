// Temporal's HTTP API (`/api/v1/...`) as a node:http request handler: each route runs the same handler as its gRPC
// method through callHandler, with requests and responses in proto3 JSON and payload shorthand. Errors are answered
// as Temporal's frontend answers them (grpc-gateway's HTTP status for the gRPC code, body google.rpc.Status).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { grpcJs, root, type ServiceName } from '@durable/proto';
import { ServiceError } from '../model/errors.js';
import { callHandler, errorStatus, type CallContext, type CallSite, type Handler } from '../grpc/call.js';
import { encodedEvents } from '../model/encoded-history.js';
import { decodeEvent } from '../model/events.js';
import { JsonInputError } from './json-read.js';
import type { Json, JsonOptions } from './json-schema.js';
import { messageToJson } from './json-write.js';
import { buildRequest } from './request.js';
import { API_PREFIX, RouteTable, type Route } from './routes.js';

const { status: Code, Metadata } = grpcJs;

/** As Temporal's frontend limits HTTP API request bodies (gRPC's default message size). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** grpc-gateway's HTTPStatusFromCode. */
const HTTP_STATUS: Record<number, number> = {
  [Code.OK]: 200,
  [Code.CANCELLED]: 499,
  [Code.UNKNOWN]: 500,
  [Code.INVALID_ARGUMENT]: 400,
  [Code.DEADLINE_EXCEEDED]: 504,
  [Code.NOT_FOUND]: 404,
  [Code.ALREADY_EXISTS]: 409,
  [Code.PERMISSION_DENIED]: 403,
  [Code.RESOURCE_EXHAUSTED]: 429,
  [Code.FAILED_PRECONDITION]: 400,
  [Code.ABORTED]: 409,
  [Code.OUT_OF_RANGE]: 400,
  [Code.UNIMPLEMENTED]: 501,
  [Code.INTERNAL]: 500,
  [Code.UNAVAILABLE]: 503,
  [Code.DATA_LOSS]: 500,
  [Code.UNAUTHENTICATED]: 401,
};

export interface HttpApiOptions {
  /** the services whose `/api/v1` bindings are served, with the handlers their gRPC methods use */
  services: { service: ServiceName; handlers: Record<string, Handler> }[];
  /** the commit gate, log and metrics of the calls (its transport is 'http') */
  site: CallSite;
}

/**
 * Answers a request under `/api/v1` and returns true; returns false, touching nothing, for any other path, so a
 * listener that serves other things (the web UI's files) can mount it in front of them.
 */
export type HttpApiHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface HttpApi {
  handle: HttpApiHandler;
  /** Serves the API on a listener of its own: other paths are answered 404 in the API's error shape. */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Aborts every call in progress (long polls answer at once) and resolves when each has answered or its client left. */
  close(): Promise<void>;
  readonly routes: readonly Route[];
}

/** An answer about the HTTP request itself (route, body), made before any handler runs. */
class HttpError extends ServiceError {}

type Format = JsonOptions & { pretty: boolean };

export function createHttpApi(options: HttpApiOptions): HttpApi {
  const table = new RouteTable(options.services);
  /** calls in progress: aborting one ends its long poll; the promise settles when its connection is done with it */
  const inFlight = new Map<AbortController, Promise<void>>();
  const statusType = () => root.lookupType('google.rpc.Status');

  function send(res: ServerResponse, httpStatus: number, body: Json, pretty: boolean, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body, null, pretty ? 2 : undefined);
    res.writeHead(httpStatus, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  function sendError(res: ServerResponse, err: ServiceError, format: Format, httpStatus = HTTP_STATUS[err.code] ?? 500, headers?: Record<string, string>): void {
    let body: Json;
    try {
      body = messageToJson(statusType(), errorStatus(err), format);
    } catch {
      body = { code: err.code, message: err.message };
    }
    send(res, httpStatus, body, format.pretty, headers);
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    if (rawPath !== API_PREFIX && !rawPath.startsWith(`${API_PREFIX}/`)) return false;
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    // Temporal's switches: `?pretty` indents, `?noPayloadShorthand` (or an Accept of
    // application/json+no-payload-shorthand) turns the payload shorthand off for the request and the response.
    const accept = req.headers.accept ?? '';
    const format = {
      pretty: query.has('pretty') || accept.includes('+pretty'),
      payloadShorthand: !(query.has('noPayloadShorthand') || accept.includes('no-payload-shorthand')),
    };
    const started = Date.now();
    options.site.logger.debug('http api call', { method: req.method, path: rawPath });
    res.on('finish', () => options.site.logger.debug('http api answer', { method: req.method, path: rawPath, status: res.statusCode, ms: Date.now() - started }));
    serve(req, res, rawPath, query, format).catch((err: unknown) => {
      options.site.logger.error('http api request failed', { path: rawPath, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      sendError(res, new ServiceError(Code.INTERNAL, `request failed: ${err instanceof Error ? err.message : String(err)}`), format);
    });
    return true;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, rawPath: string, query: URLSearchParams, format: Format): Promise<void> {
    let segments: string[];
    try {
      segments = rawPath.slice(1).split('/').map(decodeURIComponent);
    } catch {
      req.resume();
      sendError(res, new HttpError(Code.INVALID_ARGUMENT, `malformed percent-encoding in the path ${rawPath}`), format);
      return;
    }
    const verb = req.method ?? 'GET';
    const match = table.match(verb, segments);
    if (!match || 'notAllowed' in match) {
      req.resume();
      if (!match) return sendError(res, new HttpError(Code.NOT_FOUND, `Not Found: no HTTP API route ${verb} ${rawPath}`), format);
      const allow = match.notAllowed.join(', ');
      // grpc-gateway answers a path served for other verbs 405, with gRPC code UNIMPLEMENTED in the body.
      return sendError(res, new HttpError(Code.UNIMPLEMENTED, `Method Not Allowed: ${rawPath} takes ${allow}, not ${verb}`), format, 405, { allow });
    }
    const { route, params } = match;
    let request: object;
    try {
      const body = route.body ? await readBody(req) : (req.resume(), undefined);
      request = buildRequest(route, params, query, body, format);
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err, format);
      if (err instanceof JsonInputError) {
        return sendError(res, new HttpError(Code.INVALID_ARGUMENT, `invalid ${route.method.name} request: ${err.message}`), format);
      }
      // A recursive message (a failure's cause chain, a Struct) nested deeper than the stack goes.
      if (err instanceof RangeError) return sendError(res, new HttpError(Code.INVALID_ARGUMENT, `invalid ${route.method.name} request: nested too deeply`), format);
      throw err;
    }
    const abort = new AbortController();
    inFlight.set(
      abort,
      new Promise<void>((done) =>
        // The client going away ends a long poll early; nobody is left to read its answer.
        res.on('close', () => {
          inFlight.delete(abort);
          if (!res.writableFinished) abort.abort();
          done();
        }),
      ),
    );
    const ctx: CallContext = { signal: abort.signal, deadline: Infinity, metadata: new Metadata() };
    callHandler(route.method.name, route.handler, request, ctx, options.site, (err, response) => {
      if (err) return sendError(res, err, format);
      let body: Json;
      try {
        body = messageToJson(route.method.responseType, withDecodedHistory(response!), format);
      } catch (e) {
        options.site.logger.error('http api response could not be written as JSON', { method: route.method.name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        return sendError(res, new ServiceError(Code.INTERNAL, `${route.method.name}: the response could not be written as JSON: ${e instanceof Error ? e.message : String(e)}`), format);
      }
      send(res, 200, body, format.pretty);
    });
  }

  return {
    handle,
    serve(req, res) {
      if (handle(req, res)) return;
      req.resume();
      sendError(res, new HttpError(Code.NOT_FOUND, `Not Found: the HTTP API is under ${API_PREFIX}/`), { pretty: false, payloadShorthand: true });
    },
    async close() {
      const answered = [...inFlight.values()];
      for (const abort of inFlight.keys()) abort.abort();
      await Promise.all(answered);
    },
    routes: table.routes,
  };
}

/** Histories that handlers give in stored form (protobuf bytes per event) become events the JSON writer can read. */
function withDecodedHistory(response: object): object {
  const events = encodedEvents((response as { history?: unknown }).history);
  return events ? { ...response, history: { events: events.map(decodeEvent) } } : response;
}

/** The JSON body, or undefined when there is none; malformed or oversized bodies are INVALID_ARGUMENT. */
function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is still read to its end (and dropped), so the connection can carry the answer.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new HttpError(Code.INVALID_ARGUMENT, `the request body is larger than ${MAX_BODY_BYTES} bytes`));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text) as unknown);
      } catch (err) {
        reject(new HttpError(Code.INVALID_ARGUMENT, `malformed JSON in the request body: ${(err as Error).message}`));
      }
    });
  });
}
