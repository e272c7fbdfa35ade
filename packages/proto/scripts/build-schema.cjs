// Writes lib/schema.json: the Temporal API schema from @temporalio/proto, split into top-level definitions with the
// definitions each one needs. The runtime loads a definition (and what it needs) only when code first touches it:
// building protobufjs reflection objects for the whole API costs ~150 ms at start, most of it for messages a worker
// never sends. Run by the workspace build.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const protos = require('@temporalio/proto');
const { Type, Service, Namespace } = require('protobufjs/light');

// Not part of the gRPC API we speak: the SDK core's bridge messages and the Cloud operations API.
const LEFT_OUT = ['coresdk', 'temporal.api.cloud'];

const root = protos.root ?? protos;
const real = root.lookup('temporal').root;
real.resolveAll();

const isPackage = (ns) => ns instanceof Namespace && !(ns instanceof Type) && !(ns instanceof Service);
const fullName = (obj) => obj.fullName.replace(/^\./, '');
const leftOut = (name) => LEFT_OUT.some((p) => name === p || name.startsWith(`${p}.`));

/** The package-level definition that holds obj (itself, or the message it is nested in). */
function topLevel(obj) {
  while (obj.parent && !isPackage(obj.parent)) obj = obj.parent;
  return fullName(obj);
}

function needs(def, into) {
  if (def instanceof Type) {
    for (const field of def.fieldsArray) {
      const t = field.resolve().resolvedType;
      if (t) into.add(topLevel(t));
    }
    for (const nested of def.nestedArray) needs(nested, into);
  } else if (def instanceof Service) {
    for (const m of def.methodsArray) {
      m.resolve();
      into.add(topLevel(m.resolvedRequestType));
      into.add(topLevel(m.resolvedResponseType));
    }
  }
  return into;
}

const packages = {};
const deps = {};
(function walk(ns) {
  for (const child of ns.nestedArray) {
    const name = fullName(child);
    if (leftOut(name)) continue;
    if (isPackage(child)) {
      walk(child);
      continue;
    }
    const pkg = fullName(ns);
    packages[pkg] ??= { options: ns.options, defs: {} };
    packages[pkg].defs[child.name] = child.toJSON();
    const d = [...needs(child, new Set())].filter((n) => n !== name);
    if (d.some(leftOut)) throw new Error(`${name} needs a definition that is left out: ${d.filter(leftOut).join(', ')}`);
    if (d.length) deps[name] = d;
  }
})(real);

const out = join(__dirname, '..', 'lib', 'schema.json');
writeFileSync(out, JSON.stringify({ packages, deps }));
console.log(`wrote ${out}: ${Object.keys(packages).length} packages`);
