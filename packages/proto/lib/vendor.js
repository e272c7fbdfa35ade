// @grpc/grpc-js and protobufjs as Durable's packages load them: lib/vendor.cjs (built by scripts/build-vendor.mjs),
// compiled with a V8 code cache. Node 20 caches no compiled module code between processes, and compiling these
// 840 KB is most of what loading them costs: with the cache an import of @durable/worker takes ~15 ms less CPU.
// The cache lives beside the workflow bundle cache, in the nearest node_modules/.cache (it holds code compiled from
// this package's own file, so it is trusted as node_modules is); V8 checks that it matches this source, this V8
// and its flags, and compiles from source when it does not. A cache that cannot be read or written only costs time.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('./vendor.cjs', import.meta.url));

function cacheDir() {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      if (statSync(join(dir, 'node_modules')).isDirectory()) return join(dir, 'node_modules', '.cache', 'durable-compile');
    } catch {
      // No node_modules here: look one level up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** This process's options, less the code of `-e` / `-p` (a script, not an option V8 compiles by). */
function compileOptions() {
  const out = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if (['-e', '--eval', '-p', '--print', '-pe'].includes(args[i])) i++;
    else if (!/^--(eval|print)=/.test(args[i])) out.push(args[i]);
  }
  return out;
}

// Each Node version and set of options has its own file; the directory keeps the most recently written few, so
// processes started with ever different options (profilers, debuggers) cannot fill the disk with them.
const KEEP_CACHES = 6;

/** The cache file for this build of vendor.cjs (size and mtime) under this Node and its flags, which V8 checks too. */
function cachePaths() {
  const dir = cacheDir();
  if (!dir) return undefined;
  const { size, mtimeMs } = statSync(file);
  const runtime = createHash('sha1')
    .update([process.version, process.arch, ...compileOptions(), process.env.NODE_OPTIONS ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 12);
  return { dir, runtime, path: join(dir, `vendor-${runtime}-${size}-${Math.floor(mtimeMs)}.bin`) };
}

const cache = cachePaths();
let cachedData;
try {
  if (cache) cachedData = readFileSync(cache.path);
} catch {
  // First start with this build (or no cache): compiled from source below, and the cache written.
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
  filename: file,
  cachedData,
});
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));

if (cache && (!cachedData || script.cachedDataRejected)) {
  // Made after the code ran: it then holds the functions compiled while loading too, not only the top level.
  try {
    mkdirSync(cache.dir, { recursive: true });
    const prefix = `vendor-${cache.runtime}-`;
    const others = [];
    for (const name of readdirSync(cache.dir)) {
      if (!name.startsWith('vendor-') || !name.endsWith('.bin')) continue;
      if (name.startsWith(prefix)) rmSync(join(cache.dir, name), { force: true });
      else others.push({ name, at: statSync(join(cache.dir, name)).mtimeMs });
    }
    others.sort((a, b) => b.at - a.at);
    for (const { name } of others.slice(KEEP_CACHES - 1)) rmSync(join(cache.dir, name), { force: true });
    const tmp = `${cache.path}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cache.path);
  } catch {
    // A read-only or full disk: the next start compiles from source again.
  }
}

export const { grpcJs, protobuf, Long } = module.exports;
