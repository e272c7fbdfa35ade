// Workflow code bundled with esbuild into one script the sandbox instantiates once per run. Imports of
// @temporalio/workflow become @durable/workflow, so workflow files written for the official SDK run unchanged;
// Node built-ins are refused, with the importing file and line, because they would break determinism.
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { cacheDirFor, entryPath, readEntry, writeEntry, type CachedOutput } from './bundle-cache.js';
import { SANDBOX_BUILD_OPTIONS, SHARED_LIBRARY_FILE } from './shared-library.js';

export interface BundleOptions {
  /** The module that exports the workflow functions. */
  workflowsPath: string;
  /** Modules to leave out of the bundle: importing them from workflow code throws at run time. */
  ignoreModules?: string[];
  /** Modules exporting `interceptors`, a WorkflowInterceptorsFactory applied to every run. */
  workflowInterceptorModules?: string[];
  /**
   * Reuse the output of an earlier bundling (in this or another process) when none of the files and directories it
   * came from changed, instead of running esbuild again; kept in node_modules/.cache/durable-workflow-bundles beside
   * the workflows. Default true.
   */
  cache?: boolean;
  /** Applied in order to these options before bundling (see BundlerPlugin). */
  plugins?: BundlerPlugin[];
}

/** A plugin that rewrites the options of a bundling (a WorkerPlugin may be one too). */
export interface BundlerPlugin {
  readonly name: string;
  /** Returns the bundle options to use in place of `options`. */
  configureBundler?(options: BundleOptions): BundleOptions;
}

export interface WorkflowBundle {
  code: string;
}

/** Raised when workflow code cannot be bundled; the message lists each problem with file:line. */
export class WorkflowBundleError extends Error {}
Object.defineProperty(WorkflowBundleError.prototype, 'name', { value: 'WorkflowBundleError' });

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

// The workflow API and runtime are evaluated once per sandbox and shared by every run; they are external to the
// per-run part, which only holds the user's modules (so module-level state in workflow code stays per run).
const SHARED: Record<string, string> = {
  '@temporalio/workflow': '@durable/workflow',
  '@durable/workflow': '@durable/workflow',
  '@temporalio/common': '@durable/common',
  '@durable/common': '@durable/common',
  // Deep imports of the official workflow package that its interceptor packages make (OpenTelemetry's): the SDK
  // flags and the activator asking for them, which @durable/workflow exports by the same names.
  '@temporalio/workflow/lib/flags': '@durable/workflow',
  '@temporalio/workflow/lib/global-attributes': '@durable/workflow',
};

// OpenTelemetry's interceptor packages import the workflow API through `workflow-imports`, stubs that throw
// outside a workflow; in a workflow bundle it is replaced by `workflow-imports-impl`, as the official bundler does.
const OTEL_WORKFLOW_IMPORTS = /[\\/](?:@temporalio|contrib)[\\/]interceptors-opentelemetry(?:-v2)?[\\/](?:src|lib)[\\/]workflow$/;

function sandboxPlugin(ignore: Set<string>): Plugin {
  return {
    name: 'durable-sandbox',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (ignore.has(args.path)) return { path: args.path, namespace: 'durable-ignored' };
        const shared = SHARED[args.path];
        if (shared) return { path: shared, external: true };
        if (/^\.\/workflow-imports(?:\.js)?$/.test(args.path) && OTEL_WORKFLOW_IMPORTS.test(args.resolveDir)) {
          return { path: join(args.resolveDir, 'workflow-imports-impl.js') };
        }
        if (builtins.has(args.path) || args.path.startsWith('node:')) {
          return {
            errors: [
              {
                text: `Workflow code cannot import the Node.js module '${args.path}': workflows must be deterministic. Move this work into an activity.`,
              },
            ],
          };
        }
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'durable-ignored' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`Module ${args.path} is ignored in the workflow bundle and cannot be used at run time`)});`,
        loader: 'js',
      }));
    },
  };
}

let sharedCode: string | undefined;

/**
 * The shared part, prebuilt by the package build (scripts/build-shared.mjs): it depends only on our own packages,
 * so bundling it again in every worker process would only add to the start time.
 */
function sharedLibrary(): string {
  if (sharedCode === undefined) {
    try {
      sharedCode = readFileSync(new URL(`./${SHARED_LIBRARY_FILE}`, import.meta.url), 'utf8');
    } catch (err) {
      throw new WorkflowBundleError(`The workflow runtime bundle ${SHARED_LIBRARY_FILE} is missing from @durable/worker: build the package first`, { cause: err });
    }
  }
  return sharedCode;
}

/** Bundles the workflows module and the workflow runtime into a script for WorkflowSandbox. */
export async function bundleWorkflowCode(given: BundleOptions): Promise<WorkflowBundle> {
  let options = given;
  for (const plugin of given.plugins ?? []) if (plugin.configureBundler) options = plugin.configureBundler(options);
  const workflowsPath = resolvePath(options.workflowsPath);
  // Once each: a plugin may add a module the worker's options already name (the official bundler dedupes too).
  const interceptorPaths = [...new Set((options.workflowInterceptorModules ?? []).map((p) => resolvePath(p)))];
  const ignoreModules = options.ignoreModules ?? [];
  const cacheDir = options.cache === false ? undefined : cacheDirFor(workflowsPath);
  const cacheFile = cacheDir && entryPath(cacheDir, cacheKey(workflowsPath, interceptorPaths, ignoreModules));
  let output = cacheFile ? readEntry(cacheFile) : undefined;
  if (!output) {
    const startedAt = Date.now();
    const built = await runEsbuild(workflowsPath, interceptorPaths, ignoreModules);
    output = built.output;
    if (cacheFile) writeEntry(cacheFile, built.inputs, output, startedAt);
  }
  return { code: assemble(output, workflowsPath) };
}

/**
 * Everything besides the files read that decides esbuild's output: the options, the versions of Node (its list of
 * built-in modules) and esbuild, and the code of this module (the plugin and the build options).
 */
function cacheKey(workflowsPath: string, interceptorPaths: string[], ignoreModules: string[]): string {
  const require = createRequire(import.meta.url);
  const esbuildVersion = (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  const self = [fileURLToPath(import.meta.url), fileURLToPath(new URL('./shared-library.js', import.meta.url))].map((f) => readFileSync(f, 'utf8'));
  return JSON.stringify({ workflowsPath, interceptorPaths, ignoreModules, node: process.version, esbuildVersion, self });
}

async function runEsbuild(workflowsPath: string, interceptorPaths: string[], ignoreModules: string[]): Promise<{ output: CachedOutput; inputs: string[] }> {
  const entry = [
    `export * as workflows from ${JSON.stringify(workflowsPath)};`,
    ...interceptorPaths.map((p, i) => `import * as interceptors${i} from ${JSON.stringify(p)};`),
    `export const interceptorModules = [${interceptorPaths.map((_, i) => `interceptors${i}`).join(', ')}];`,
  ].join('\n');
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      stdin: { contents: entry, resolveDir: dirname(workflowsPath), sourcefile: ENTRY_FILE, loader: 'js' },
      ...SANDBOX_BUILD_OPTIONS,
      // Packages with a browser build (OpenTelemetry's) give it through package.json's `browser` field: the sandbox
      // has no Node built-ins, and the official bundler (webpack) picks those builds too.
      platform: 'browser',
      mainFields: ['browser', 'module', 'main'],
      globalName: '__durableBundle',
      // The map follows the input files' own maps, so stack traces point at the user's TypeScript.
      sourcemap: 'external',
      sourcesContent: true,
      outfile: resolvePath(dirname(workflowsPath), BUNDLE_FILE),
      plugins: [sandboxPlugin(new Set(ignoreModules))],
      // The files read, for the cache.
      metafile: true,
    });
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    if (!errors) throw err;
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    throw new WorkflowBundleError(`Cannot bundle workflows from ${workflowsPath}:\n${lines.join('\n')}`);
  }
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))!.text;
  // Metafile inputs are relative to the working directory; the entry (named as if it were beside the workflows) and
  // ignored modules (in their own namespace) are not files.
  const entryPath = resolvePath(dirname(workflowsPath), ENTRY_FILE);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith('durable-ignored:'))
    .map((p) => resolvePath(p))
    .filter((p) => p !== entryPath);
  return { output: { js: file('.js').replace(/\/\/# sourceMappingURL=\S+\s*$/, ''), map: file('.map') }, inputs };
}

/** The sandbox script: the shared runtime, then the user's modules in a function that instantiates them per run. */
function assemble({ js: code, map }: CachedOutput, workflowsPath: string): string {
  const modules = `{ '@durable/workflow': __durableShared.workflow, '@durable/common': __durableShared.common }`;
  // The script evaluates to the runtime's entry points and sets no globals. The user's modules are wrapped in a
  // function, so each run gets fresh instances from the same compiled code; their imports of the workflow API
  // resolve to the shared instance.
  const head = [
    `(() => {`,
    sharedLibrary(),
    `const instantiate = function () {`,
    `  const __durableModules = ${modules};`,
    `  const require = (name) => { const m = __durableModules[name]; if (!m) throw new Error('Cannot load ' + name + ' in the workflow sandbox'); return m; };`,
    ``,
  ].join('\n');
  const tail = [
    `  return { workflows: __durableBundle.workflows, interceptorModules: __durableBundle.interceptorModules };`,
    `};`,
    `return { installHost: (port) => __durableShared.installHost(port, [__durableShared.workflow, __durableShared.common]), createRun: __durableShared.createRun, instantiate };`,
    `})()`,
  ].join('\n');
  return `${head}${code}\n${tail}\n${inlineSourceMap(map, head, dirname(workflowsPath))}\n`;
}

// The entry module, given to esbuild as its stdin.
const ENTRY_FILE = 'durable-workflow-entry.js';
// esbuild names the bundle's file for its map; the map's sources are made absolute from there.
const BUNDLE_FILE = 'durable-workflow-bundle.js';

/**
 * The user code's source map as an inline comment for the whole bundle: its lines are shifted past the runtime
 * placed before the user's code (each ';' starts a generated line with no mapping) and its sources made absolute.
 */
function inlineSourceMap(mapText: string, before: string, outdir: string): string {
  const map = JSON.parse(mapText) as { sources: string[]; mappings: string };
  const offset = before.split('\n').length - 1;
  map.sources = map.sources.map((source) => resolvePath(outdir, source));
  map.mappings = ';'.repeat(offset) + map.mappings;
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}
