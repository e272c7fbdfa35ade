// Writes lib/vendor.js: @grpc/grpc-js and protobufjs (light, with its long) as one ES module. Loading them as ~110 separate
// CommonJS files cost ~50 ms of every process start (resolution and file reads, not their code). Run by the
// workspace build; lib/vendor.d.ts types it from the packages themselves.
import { build } from 'esbuild';

await build({
  stdin: {
    contents: [
      `export * as grpcJs from '@grpc/grpc-js';`,
      `import protobuf from 'protobufjs/light.js';`,
      // protobufjs bundles its own copy of long: export that one, so every Long is of one class.
      `export const Long = protobuf.util.Long;`,
      `export { protobuf };`,
    ].join('\n'),
    resolveDir: new URL('..', import.meta.url).pathname,
    sourcefile: 'vendor.js',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: new URL('../lib/vendor.js', import.meta.url).pathname,
  // Loaded by grpc-js only for the channelz and ORCA services, which Durable never registers.
  external: ['@grpc/proto-loader'],
  // The bundled CommonJS code calls require() for Node built-ins.
  banner: { js: `import { createRequire as __durableCreateRequire } from 'node:module';\nconst require = __durableCreateRequire(import.meta.url);` },
  legalComments: 'inline',
  logLevel: 'warning',
});
