// Types of lib/vendor.js (which loads lib/vendor.cjs, built by scripts/build-vendor.mjs): the packages it bundles, as they are.
export * as grpcJs from '@grpc/grpc-js';
export { default as protobuf } from 'protobufjs/light.js';
export { default as Long } from 'long';
