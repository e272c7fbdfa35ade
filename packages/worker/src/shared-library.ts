// The workflow API and runtime (@durable/workflow, @durable/common) as one script, evaluated once per sandbox and
// shared by every run. Built with the package (scripts/build-shared.mjs), read by the bundler.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const SHARED_LIBRARY_FILE = 'workflow-runtime.js';

/** esbuild options for code that runs in the sandbox: one script, no platform built-ins. */
export const SANDBOX_BUILD_OPTIONS = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  // `module` is the bundlers' condition for a package's ESM build (esbuild adds it only when no conditions are given,
  // webpack by default). Without it a package such as @opentelemetry/semantic-conventions comes in as CommonJS: all
  // of its thousands of constants are evaluated, and copied once per ESM importer, every time a run instantiates its
  // modules (~8 ms a run for the OpenTelemetry interceptors); its ESM build is tree-shaken to the few constants used.
  conditions: ['module', 'import', 'default'],
  target: 'es2022',
  logLevel: 'silent',
} satisfies BuildOptions;

/** Bundles the shared part; defines `__durableShared.{workflow, common, installHost, createRun}`. */
export async function buildSharedLibrary(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: [
        `import * as workflow from '@durable/workflow';`,
        `import * as common from '@durable/common';`,
        `import { createRun, installHost } from '@durable/workflow/runtime';`,
        `export { workflow, common, createRun, installHost };`,
      ].join('\n'),
      resolveDir: dirname(fileURLToPath(import.meta.resolve('@durable/workflow'))),
      sourcefile: 'durable-shared.js',
      loader: 'js',
    },
    ...SANDBOX_BUILD_OPTIONS,
    globalName: '__durableShared',
  });
  return result.outputFiles[0]!.text;
}
