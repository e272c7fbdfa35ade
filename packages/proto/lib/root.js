// The Temporal API schema (from @temporalio/proto, split by scripts/build-schema.cjs), loaded lazily: a message,
// enum or service becomes a protobufjs reflection object, with every definition it needs, the first time code
// touches it. Building the whole API up front costs ~150 ms of every process start, mostly for messages a worker or
// client never uses.
import { readFileSync } from 'node:fs';
import { protobuf } from './vendor.js';

const schema = JSON.parse(readFileSync(new URL('./schema.json', import.meta.url), 'utf8'));

// protobufjs generates five functions for a message type on its first use (encode, decode, verify, fromObject,
// toObject); a worker or server only needs encode and decode for most types, and the generation is most of the
// first call's cost (a cold worker's first poll: decode 50 -> 27 ms here). This protobufjs is the copy bundled in
// vendor.js, private to Durable: encode and decode are generated alone, on first use; the other three still come
// from protobufjs's own setup, which also regenerates these two when it runs.
{
  const { Type, encoder, decoder, util, Writer, Reader } = protobuf;
  const prepare = (type) => {
    const root = type.root;
    if (root?._needsRecursiveFeatureResolution) {
      const edition = root._edition || type._edition;
      if (edition) root._resolveFeaturesRecursive(edition);
    }
    return type.fieldsArray.map((field) => field.resolve().resolvedType);
  };
  Type.prototype.encode = function encodeFirst(message, writer) {
    this.encode = encoder(this)({ Writer, types: prepare(this), util });
    return this.encode(message, writer);
  };
  Type.prototype.decode = function decodeFirst(reader, length) {
    this.decode = decoder(this)({ Reader, types: prepare(this), util, C: this.ctor });
    return this.decode(reader, length);
  };
  // Decoders read proto3 strings with stringVerify (UTF-8 checked), which protobufjs implements in JavaScript for
  // every reader: a string under 64 bytes comes out as a chain of 8-character pieces. Such strings cost ~4x their
  // memory for as long as they are held (a worker keeps ids, names and queues of every cached run) and are copied
  // flat again when hashed or compared. From a Buffer, Node decodes them natively into one flat string; only a
  // string with U+FFFD in it (malformed input decodes to it) takes protobufjs's own path, which refuses malformed
  // input as before.
  const { BufferReader } = protobuf;
  const verifyInJs = Reader.prototype.stringVerify;
  BufferReader.prototype.stringVerify = function stringVerifyNative() {
    const at = this.pos;
    const text = this.string();
    if (!text.includes('\uFFFD')) return text;
    this.pos = at;
    return verifyInJs.call(this);
  };
}

export const root = new protobuf.Root();

/** Definitions not built yet, by full name: the package namespace that will hold each and its JSON. */
const pending = new Map();
const namespaces = new Map([['', root]]);
/** Plain objects shaped like the packages (`temporal.api.common.v1.Payload`), as @temporalio/proto exports them. */
const facade = {};

function namespaceFor(pkg) {
  let ns = namespaces.get(pkg);
  if (ns) return ns;
  const dot = pkg.lastIndexOf('.');
  const parent = namespaceFor(dot < 0 ? '' : pkg.slice(0, dot));
  ns = new protobuf.Namespace(pkg.slice(dot + 1));
  parent.add(ns);
  namespaces.set(pkg, ns);
  return ns;
}

function facadeFor(pkg) {
  let obj = facade;
  for (const part of pkg.split('.')) obj = obj[part] ??= {};
  return obj;
}

function load(name) {
  const todo = [name];
  while (todo.length) {
    const next = todo.pop();
    const def = pending.get(next);
    if (!def) continue;
    pending.delete(next);
    def.namespace.addJSON({ [def.name]: def.json });
    // A service's methods name most messages of the API: they are built when a method is first resolved (below).
    if (def.json.methods) continue;
    for (const dep of schema.deps[next] ?? []) if (pending.has(dep)) todo.push(dep);
  }
}

// A method's request and response types are looked up when it is resolved (by a service's create(), resolveAll(),
// or code reading resolvedRequestType): the service's message types are built then, so that reading a service
// object (@durable/client exports WorkflowService and the other three) does not build nearly the whole API.
{
  const { resolve } = protobuf.Method.prototype;
  protobuf.Method.prototype.resolve = function resolveLoading() {
    if (!this.resolved && this.parent) for (const dep of schema.deps[this.parent.fullName.slice(1)] ?? []) load(dep);
    return resolve.call(this);
  };
}

for (const [pkg, { options, defs }] of Object.entries(schema.packages)) {
  const namespace = namespaceFor(pkg);
  if (options) namespace.setOptions(options);
  const face = facadeFor(pkg);
  for (const [name, json] of Object.entries(defs)) {
    const full = `${pkg}.${name}`;
    pending.set(full, { namespace, name, json });
    Object.defineProperty(face, name, {
      configurable: true,
      enumerable: true,
      get() {
        load(full);
        const obj = namespace.get(name);
        const value = obj instanceof protobuf.Enum ? obj.values : obj;
        Object.defineProperty(face, name, { value, configurable: true, enumerable: true, writable: false });
        return value;
      },
    });
  }
}

// Lookups by full name (error details, a service's methods, user code) build the definition first.
const lookup = root.lookup;
root.lookup = function lookupLoading(path, ...rest) {
  if (typeof path === 'string') load(path.startsWith('.') ? path.slice(1) : path);
  return lookup.call(this, path, ...rest);
};

/**
 * The methods of a service as the schema declares them, without building their message types. `options` are the
 * method's parsed options (protobufjs `parsedOptions`): unlike the flat `options` map, they keep every binding of
 * a repeated option such as google.api.http's additional_bindings.
 */
export function serviceSchema(service) {
  const dot = service.lastIndexOf('.');
  const json = schema.packages[service.slice(0, dot)]?.defs[service.slice(dot + 1)];
  if (!json?.methods) throw new Error(`The schema has no service ${service}`);
  const qualify = (type) => (type.includes('.') ? type : `${service.slice(0, dot)}.${type}`);
  return Object.entries(json.methods).map(([name, m]) => ({
    name,
    requestType: qualify(m.requestType),
    responseType: qualify(m.responseType),
    options: m.parsedOptions ?? [],
  }));
}

export const temporal = facade.temporal;
export const google = facade.google;
export const grpc = facade.grpc;
