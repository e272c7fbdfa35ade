import { UsageError } from './usage-error.js';

/** Options of `durable server start-dev`, named as the Temporal CLI names them. */
export interface StartDevOptions {
  port: number;
  /** Temporal's HTTP API; undefined = the gRPC port + 10 (7243 beside 7233), as Temporal's CLI had it */
  httpPort?: number;
  ip: string;
  namespaces: string[];
  dbFilename?: string;
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** the web UI's port; undefined = gRPC port + 1000 (8233), as Temporal's */
  uiPort?: number;
  /** no web UI */
  headless: boolean;
  /** Prometheus metrics at /metrics on this port; undefined = none */
  metricsPort?: number;
  dynamicConfig: Record<string, string>;
  searchAttributes: Record<string, string>;
  /** flags accepted for compatibility that change nothing here */
  ignored: string[];
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'never'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export { UsageError };

type FlagKind = 'value' | 'boolean';
interface Flag {
  kind: FlagKind;
  apply(o: StartDevOptions, value: string, flag: string): void;
}

function keyValue(value: string, flag: string, what: string): [string, string] {
  const i = value.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} expects ${what}, got ${JSON.stringify(value)}`);
  return [value.slice(0, i), value.slice(i + 1)];
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`${flag} expects a port number 0-65535, got ${JSON.stringify(value)}`);
  return n;
}

const ignoredValue: Flag = { kind: 'value', apply: (o, _v, flag) => o.ignored.push(flag) };

const FLAGS: Record<string, Flag> = {
  '--port': { kind: 'value', apply: (o, v, f) => (o.port = port(v, f)) },
  '--http-port': { kind: 'value', apply: (o, v, f) => (o.httpPort = port(v, f)) },
  '--ip': { kind: 'value', apply: (o, v) => (o.ip = v) },
  '--namespace': { kind: 'value', apply: (o, v) => o.namespaces.push(v) },
  '--db-filename': { kind: 'value', apply: (o, v) => (o.dbFilename = v) },
  '--log-level': {
    kind: 'value',
    apply: (o, v, f) => {
      if (!(LOG_LEVELS as readonly string[]).includes(v)) {
        throw new UsageError(`${f} expects one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(v)}`);
      }
      o.logLevel = v as LogLevel;
    },
  },
  '--log-format': {
    kind: 'value',
    apply: (o, v, f) => {
      if (v !== 'json' && v !== 'pretty') throw new UsageError(`${f} expects json or pretty, got ${JSON.stringify(v)}`);
      o.logFormat = v;
    },
  },
  '--headless': { kind: 'boolean', apply: (o) => (o.headless = true) },
  '--dynamic-config-value': {
    kind: 'value',
    apply: (o, v, f) => {
      const [k, val] = keyValue(v, f, 'KEY=VALUE');
      o.dynamicConfig[k] = val;
    },
  },
  '--search-attribute': {
    kind: 'value',
    apply: (o, v, f) => {
      const [k, val] = keyValue(v, f, 'NAME=TYPE');
      o.searchAttributes[k] = val;
    },
  },
  '--ui-port': { kind: 'value', apply: (o, v, f) => (o.uiPort = port(v, f)) },
  '--ui-ip': ignoredValue,
  '--ui-public-path': ignoredValue,
  '--metrics-port': { kind: 'value', apply: (o, v, f) => (o.metricsPort = port(v, f)) },
  '--sqlite-pragma': ignoredValue,
  '--ui-asset-path': ignoredValue,
  '--ui-codec-endpoint': ignoredValue,
  '--log-config': { kind: 'boolean', apply: (o, _v, f) => o.ignored.push(f) },
};

const ALIASES: Record<string, string> = { '-p': '--port', '-n': '--namespace', '-f': '--db-filename' };

export function parseStartDevArgs(argv: readonly string[]): StartDevOptions {
  const o: StartDevOptions = {
    port: 7233,
    ip: '127.0.0.1',
    namespaces: [],
    logLevel: 'info',
    logFormat: 'pretty',
    headless: false,
    dynamicConfig: {},
    searchAttributes: {},
    ignored: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = ALIASES[eq > 0 ? arg.slice(0, eq) : arg] ?? (eq > 0 ? arg.slice(0, eq) : arg);
    const flag = FLAGS[name];
    if (!flag) throw new UsageError(`unknown flag ${JSON.stringify(arg)} for "server start-dev"`);
    if (flag.kind === 'boolean') {
      if (eq > 0 && !/^(true|false)$/.test(arg.slice(eq + 1))) throw new UsageError(`${name} takes no value, got ${JSON.stringify(arg)}`);
      if (eq < 0 || arg.slice(eq + 1) === 'true') flag.apply(o, 'true', name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
    }
    flag.apply(o, value, name);
  }
  return o;
}

export const START_DEV_USAGE = `Usage: durable server start-dev [flags]

Starts the Durable dev server: Temporal's gRPC API and its HTTP API on one SQLite database, and a web UI.

Flags (as "temporal server start-dev" names them):
  -p, --port PORT                 gRPC port (default 7233; 0 picks a free one)
      --http-port PORT            HTTP API port, /api/v1/... (default: the gRPC port + 10, so 7243, or a free
                                  port when that one is taken; 0 picks a free one)
      --ip ADDRESS                address to bind (default 127.0.0.1)
  -n, --namespace NAME            namespace to create besides "default" (repeatable)
  -f, --db-filename FILE          SQLite file to persist to (default: in memory)
      --log-level LEVEL           debug | info | warn | error | never (default info)
      --log-format FORMAT         pretty | json (default pretty)
      --ui-port PORT              web UI port, with the HTTP API beside it (default: the gRPC port + 1000, so
                                  8233, or a free port when that one is taken; 0 picks a free one)
      --headless                  no web UI
      --metrics-port PORT         Prometheus metrics at http://IP:PORT/metrics (default: none; 0 picks a free one)
      --dynamic-config-value K=V  Temporal dynamic config (repeatable; unknown keys are warned about)
      --search-attribute NAME=TYPE  custom search attribute (Keyword, Text, Int, Double, Bool, Datetime, KeywordList)
`;
