import { ListQueryError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

export { ListQueryError };

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** Temporal's system search attributes and their types (ExecutionStatus is a Keyword with enum values). */
export const SYSTEM_SEARCH_ATTRIBUTES: Readonly<Record<string, SearchAttributeType>> = Object.freeze({
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  ExecutionTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionDuration: 'Int',
  HistoryLength: 'Int',
  HistorySizeBytes: 'Int',
  StateTransitionCount: 'Int',
  ParentWorkflowId: 'Keyword',
  ParentRunId: 'Keyword',
  RootWorkflowId: 'Keyword',
  RootRunId: 'Keyword',
  BatcherUser: 'Keyword',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  TemporalChangeVersion: 'KeywordList',
  TemporalScheduledById: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalSchedulePaused: 'Bool',
  ScheduleId: 'Keyword',
  TemporalWorkerDeployment: 'Keyword',
  TemporalWorkerDeploymentVersion: 'Keyword',
  TemporalWorkflowVersioningBehavior: 'Keyword',
});

/**
 * One execution's visible values. Keyword/Text: string; Int/Double: number; Bool: boolean; Datetime: epoch ms;
 * KeywordList: string[]; ExecutionStatus: the enum number (1..7). Missing = NULL.
 */
export type VisibilityValues = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface CompiledListQuery {
  matches(values: VisibilityValues): boolean;
  groupBy?: 'ExecutionStatus';
}

type Predicate = (values: VisibilityValues) => boolean;
type Scalar = string | number | boolean;

const STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut', 'Paused'];
const MAX_DEPTH = 64;

const invalid = (msg: string) => new ListQueryError(`invalid query: ${msg}`);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Duration strings for ExecutionDuration, as Go's time.ParseDuration writes them ('1h30m', '100ms'). */
function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unitNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== consumed) return undefined;
    total += Number(m[1]) * unitNs[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly types: (name: string) => SearchAttributeType | undefined,
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.kind === 'keyword' && t.text === word;
  }
  private syntax(t: Token, expected: string): ListQueryError {
    const near = t.kind === 'end' ? 'end of query' : `'${t.text}'`;
    return new ListQueryError(`invalid query: syntax error at position ${t.pos + 1} near ${near}: expected ${expected}`);
  }
  private expectKeyword(word: string): void {
    const t = this.next();
    if (t.kind !== 'keyword' || t.text !== word) throw this.syntax(t, word);
  }

  parse(allowGroupBy: boolean): CompiledListQuery {
    let matches: Predicate = () => true;
    if (this.peek().kind !== 'end' && !this.isKeyword('GROUP') && !this.isKeyword('ORDER') && !this.isKeyword('LIMIT')) {
      matches = this.or();
    }
    let groupBy: 'ExecutionStatus' | undefined;
    if (this.isKeyword('GROUP')) {
      this.next();
      this.expectKeyword('BY');
      const t = this.next();
      if (t.kind !== 'ident') throw this.syntax(t, 'a search attribute name after GROUP BY');
      if (!allowGroupBy) throw invalid('GROUP BY is only supported by CountWorkflowExecutions');
      if (t.text !== 'ExecutionStatus') throw invalid(`GROUP BY is only supported for ExecutionStatus, not ${t.text}`);
      if (this.peek().kind === ',') throw invalid('GROUP BY supports a single search attribute');
      groupBy = 'ExecutionStatus';
    }
    if (this.isKeyword('ORDER')) throw invalid('ORDER BY is not supported by the dev server\'s SQL visibility store');
    if (this.isKeyword('LIMIT')) throw invalid('LIMIT is not supported; use the page size');
    const t = this.peek();
    if (t.kind !== 'end') throw this.syntax(t, 'AND, OR or the end of the query');
    return groupBy ? { matches, groupBy } : { matches };
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.isKeyword('OR')) {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (v) => parts.some((p) => p(v));
  }

  private and(): Predicate {
    const parts = [this.not()];
    while (this.isKeyword('AND')) {
      this.next();
      parts.push(this.not());
    }
    return parts.length === 1 ? parts[0] : (v) => parts.every((p) => p(v));
  }

  private not(): Predicate {
    if (this.isKeyword('NOT')) {
      this.next();
      const inner = this.nested(() => this.not());
      return (v) => !inner(v);
    }
    return this.primary();
  }

  private nested(fn: () => Predicate): Predicate {
    if (++this.depth > MAX_DEPTH) throw invalid(`expression nested more than ${MAX_DEPTH} levels deep`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private primary(): Predicate {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      const inner = this.nested(() => this.or());
      const close = this.next();
      if (close.kind !== ')') throw this.syntax(close, "')'");
      return inner;
    }
    if (t.kind !== 'ident') throw this.syntax(t, 'a search attribute name or (');
    this.next();
    return this.predicate(t.text);
  }

  private value(): Token {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number' || (t.kind === 'keyword' && (t.text === 'TRUE' || t.text === 'FALSE'))) return t;
    throw this.syntax(t, 'a value');
  }

  private predicate(name: string): Predicate {
    const type = this.types(name);
    if (!type) throw invalid(`unknown or unsupported search attribute name: ${name}`);
    const conv = (t: Token) => convertValue(name, type, t);
    const get = (v: VisibilityValues) => v[name];
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const op = t.text;
      const value = conv(this.value());
      return comparison(name, type, op, value, get);
    }
    if (this.isKeyword('IS')) {
      this.next();
      const negate = this.isKeyword('NOT');
      if (negate) this.next();
      this.expectKeyword('NULL');
      return negate ? (v) => isPresent(get(v)) : (v) => !isPresent(get(v));
    }
    const negate = this.isKeyword('NOT');
    if (negate) this.next();
    const kw = this.next();
    if (kw.kind === 'keyword' && kw.text === 'IN') {
      if (type === 'Text' || type === 'Bool') throw invalid(`operator 'IN' not allowed for ${type} attribute ${name}`);
      const open = this.next();
      if (open.kind !== '(') throw this.syntax(open, "'(' after IN");
      const values: Scalar[] = [conv(this.value())];
      while (this.peek().kind === ',') {
        this.next();
        values.push(conv(this.value()));
      }
      const close = this.next();
      if (close.kind !== ')') throw this.syntax(close, "')' to close IN");
      const anyEq = (v: VisibilityValues) => {
        const x = get(v);
        if (!isPresent(x)) return undefined;
        return Array.isArray(x) ? values.some((val) => x.includes(val as string)) : values.includes(x as Scalar);
      };
      return negate ? (v) => anyEq(v) === false : (v) => anyEq(v) === true;
    }
    if (kw.kind === 'keyword' && kw.text === 'BETWEEN') {
      if (type === 'Text' || type === 'Bool' || type === 'KeywordList') {
        throw invalid(`operator 'BETWEEN' not allowed for ${type} attribute ${name}`);
      }
      const lo = conv(this.value());
      this.expectKeyword('AND');
      const hi = conv(this.value());
      const inRange = (v: VisibilityValues) => {
        const x = get(v);
        if (!isPresent(x)) return undefined;
        return (x as Scalar) >= lo && (x as Scalar) <= hi;
      };
      return negate ? (v) => inRange(v) === false : (v) => inRange(v) === true;
    }
    if (kw.kind === 'keyword' && kw.text === 'STARTS_WITH') {
      if (type !== 'Keyword' || name === 'ExecutionStatus') {
        throw invalid(`operator 'STARTS_WITH' not allowed for ${type} attribute ${name}`);
      }
      const prefix = conv(this.value()) as string;
      const starts = (v: VisibilityValues) => {
        const x = get(v);
        return typeof x === 'string' ? x.startsWith(prefix) : undefined;
      };
      return negate ? (v) => starts(v) === false : (v) => starts(v) === true;
    }
    throw this.syntax(kw, 'a comparison operator, IN, BETWEEN, STARTS_WITH or IS');
  }
}

function isPresent(x: unknown): boolean {
  return x !== undefined && x !== null && !(Array.isArray(x) && x.length === 0);
}

function convertValue(name: string, type: SearchAttributeType, t: Token): Scalar {
  const mismatch = () => invalid(`invalid value ${t.kind === 'string' ? `'${t.text}'` : t.text} for ${type} attribute ${name}`);
  if (name === 'ExecutionStatus') {
    if (t.kind === 'number') {
      const n = Number(t.text);
      if (!Number.isInteger(n) || n < 1 || n > STATUSES.length) throw mismatch();
      return n;
    }
    const i = STATUSES.findIndex((s) => s.toLowerCase() === t.text.toLowerCase());
    if (t.kind !== 'string' || i < 0) {
      throw invalid(`invalid ExecutionStatus value '${t.text}': expected one of ${STATUSES.join(', ')}`);
    }
    return i + 1;
  }
  if (name === 'ExecutionDuration' && t.kind === 'string') {
    const ns = parseGoDuration(t.text);
    if (ns === undefined) throw mismatch();
    return ns;
  }
  switch (type) {
    case 'Keyword':
    case 'Text':
    case 'KeywordList':
      if (t.kind !== 'string') throw mismatch();
      return t.text;
    case 'Int': {
      const n = t.kind === 'number' ? Number(t.text) : NaN;
      if (!Number.isInteger(n)) throw mismatch();
      return n;
    }
    case 'Double': {
      const n = t.kind === 'number' ? Number(t.text) : NaN;
      if (Number.isNaN(n)) throw mismatch();
      return n;
    }
    case 'Bool':
      if (t.kind === 'keyword') return t.text === 'TRUE';
      if (t.kind === 'string' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
      throw mismatch();
    case 'Datetime': {
      if (t.kind === 'number') {
        const n = Number(t.text);
        if (!Number.isInteger(n)) throw mismatch();
        return Math.floor(n / 1e6);
      }
      const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(t.text);
      const ms = ok ? Date.parse(t.text) : NaN;
      if (Number.isNaN(ms)) throw invalid(`invalid value '${t.text}' for Datetime attribute ${name}: expected RFC3339, e.g. 2024-01-02T15:04:05Z`);
      return ms;
    }
  }
}

function comparison(
  name: string,
  type: SearchAttributeType,
  op: string,
  value: Scalar,
  get: (v: VisibilityValues) => unknown,
): Predicate {
  const ordered = op !== '=' && op !== '!=';
  if (ordered && (type === 'Bool' || type === 'KeywordList' || type === 'Text')) {
    throw invalid(`operator '${op}' not allowed for ${type} attribute ${name}`);
  }
  if (type === 'KeywordList') {
    const has = (v: VisibilityValues) => {
      const x = get(v);
      return Array.isArray(x) ? (x.length ? x.includes(value as string) : undefined) : undefined;
    };
    return op === '=' ? (v) => has(v) === true : (v) => has(v) === false;
  }
  if (type === 'Text') {
    const wanted = words(value as string);
    const match = (v: VisibilityValues) => {
      const x = get(v);
      if (typeof x !== 'string') return undefined;
      const have = new Set(words(x));
      return wanted.every((w) => have.has(w));
    };
    return op === '=' ? (v) => match(v) === true : (v) => match(v) === false;
  }
  const cmp: Record<string, (a: Scalar, b: Scalar) => boolean> = {
    '=': (a, b) => a === b,
    '!=': (a, b) => a !== b,
    '>': (a, b) => a > b,
    '>=': (a, b) => a >= b,
    '<': (a, b) => a < b,
    '<=': (a, b) => a <= b,
  };
  const f = cmp[op];
  return (v) => {
    const x = get(v);
    return isPresent(x) && f(x as Scalar, value);
  };
}

/**
 * Parses and type-checks a list filter; the returned `matches` never throws. With `systemAttributes: false` only the
 * given fields exist (a workflow rule's restricted query, its activity predicate).
 */
export function compileListQuery(
  query: string,
  customAttributes: ReadonlyMap<string, SearchAttributeType>,
  options: { allowGroupBy?: boolean; systemAttributes?: boolean } = {},
): CompiledListQuery {
  const system = options.systemAttributes ?? true;
  const types = (name: string) => (system ? SYSTEM_SEARCH_ATTRIBUTES[name] : undefined) ?? customAttributes.get(name);
  return new Parser(tokenize(query ?? ''), types).parse(options.allowGroupBy ?? false);
}
