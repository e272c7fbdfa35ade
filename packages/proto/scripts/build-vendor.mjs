// Writes lib/vendor.cjs: @grpc/grpc-js and protobufjs (light, with its long) as one CommonJS file. Loading them as
// ~110 separate CommonJS files cost ~50 ms of every process start (resolution and file reads, not their code).
// lib/vendor.js loads it (with a V8 code cache, see there); lib/vendor.d.ts types it from the packages themselves.
// Run by the workspace build.
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
  format: 'cjs',
  target: 'node20',
  outfile: new URL('../lib/vendor.cjs', import.meta.url).pathname,
  // Loaded by grpc-js only for the channelz and ORCA services, which Durable never registers.
  external: ['@grpc/proto-loader'],
  legalComments: 'inline',
  logLevel: 'warning',
});
