// The HTTP API's route table, derived from the schema: every google.api.http binding of a served service whose
// path is under /api/v1 becomes a route to the method's handler. Matching prefers literal segments over variables
// at the first place two templates differ, so `/workflows/{id}/history` wins over a variable in its place.
import { serviceMethods, type HttpRule, type RpcMethod, type ServiceName } from '@durable/proto';
import type { Handler } from '../grpc/call.js';

export const API_PREFIX = '/api/v1';

export interface Route {
  method: RpcMethod;
  verb: HttpRule['method'];
  /** the template as the schema spells it, e.g. `/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}` */
  template: string;
  /** '' (no body), '*' (the body is the request) or the snake_case field path the body fills */
  body: string;
  /** the request field path (snake_case segments) of each variable, in template order */
  variables: string[][];
  handler: Handler | undefined;
}

export interface PathParam {
  field: string[];
  value: string;
}

export type RouteMatch = { route: Route; params: PathParam[] } | { notAllowed: HttpRule['method'][] } | undefined;

interface Node {
  literals: Map<string, Node>;
  variable?: Node;
  routes: Map<string, Route>;
}

const newNode = (): Node => ({ literals: new Map(), routes: new Map() });

/** `/a/{x.y}/b` -> ['a', {x.y}, 'b']; only single-segment variables, the only kind Temporal's templates use. */
function parseTemplate(template: string): (string | string[])[] {
  if (!template.startsWith('/')) throw new Error(`HTTP template ${template} does not start with /`);
  return template
    .slice(1)
    .split('/')
    .map((segment) => {
      const v = /^\{([a-z0-9_.]+)\}$/.exec(segment);
      if (v) return v[1].split('.');
      if (/[{}*:]/.test(segment)) throw new Error(`HTTP template ${template}: segment ${segment} is not supported`);
      return segment;
    });
}

export class RouteTable {
  readonly routes: Route[] = [];
  private readonly root = newNode();

  constructor(services: { service: ServiceName; handlers: Record<string, Handler> }[], prefix = API_PREFIX) {
    for (const { service, handlers } of services) {
      for (const method of serviceMethods(service)) {
        for (const rule of method.http) {
          if (rule.path !== prefix && !rule.path.startsWith(`${prefix}/`)) continue;
          this.add({ method, verb: rule.method, template: rule.path, body: rule.body, variables: [], handler: handlers[method.name] });
        }
      }
    }
  }

  private add(route: Route): void {
    let node = this.root;
    for (const segment of parseTemplate(route.template)) {
      if (typeof segment === 'string') {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      } else {
        route.variables.push(segment);
        node = node.variable ??= newNode();
      }
    }
    // Two methods never share a template and verb in the schema; if one ever did, the first declared keeps it.
    if (node.routes.has(route.verb)) return;
    node.routes.set(route.verb, route);
    this.routes.push(route);
  }

  /**
   * The route for a request path (already split into percent-decoded segments): the match, `notAllowed` with the
   * verbs the path has when the request's verb is not one of them, or undefined when no template matches.
   */
  match(verb: string, segments: string[]): RouteMatch {
    const values: string[] = [];
    let allowed: HttpRule['method'][] | undefined;
    const walk = (node: Node, i: number): Route | undefined => {
      if (i === segments.length) {
        const route = node.routes.get(verb);
        if (!route && node.routes.size > 0) allowed ??= [...node.routes.keys()] as HttpRule['method'][];
        return route;
      }
      const literal = node.literals.get(segments[i]);
      const found = literal && walk(literal, i + 1);
      if (found) return found;
      if (!node.variable || segments[i] === '') return undefined;
      values.push(segments[i]);
      const viaVariable = walk(node.variable, i + 1);
      if (!viaVariable) values.pop();
      return viaVariable;
    };
    const route = walk(this.root, 0);
    if (route) return { route, params: route.variables.map((field, k) => ({ field, value: values[k] })) };
    return allowed ? { notAllowed: allowed } : undefined;
  }
}
