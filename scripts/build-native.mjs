#!/usr/bin/env node
// Builds podwire's SO_ORIGINAL_DST addon (native/) with the node-gyp that npm bundles; npm runs this
// as the package's `install` script, so `npm ci` on a fresh machine builds it.
//
// A failed build does not fail the install: podwire still runs without the addon (explicit
// forwards only) and says so at startup, which is what a VM without a compiler needs. The reason is
// printed loudly here and again by `podwire proxy` (proxy/transport/orig-dst-native.ts).
//
// node-gyp's own output (~45 lines of gyp info) is captured and shown only when the build fails,
// where it is the evidence; a good build prints one line. PODWIRE_BUILD_VERBOSE=1 shows it always.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.platform !== 'linux') {
  console.warn(`podwire: skipping the SO_ORIGINAL_DST addon on ${process.platform} (Linux only); transparent interception is unavailable`);
  process.exit(0);
}
// Inside npm scripts npm puts its bundled node-gyp on PATH and names it in npm_config_node_gyp.
const gypJs = process.env.npm_config_node_gyp;
const [cmd, args] = gypJs ? [process.execPath, [gypJs]] : ['node-gyp', []];
const verbose = process.env.PODWIRE_BUILD_VERBOSE === '1';
const result = spawnSync(cmd, [...args, 'rebuild', '--directory', path.join(root, 'native')], {
  stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 * 1024 * 1024,
});
if (result.status === 0) {
  console.log('podwire: built the SO_ORIGINAL_DST addon (native/build/Release)');
} else {
  // stdout and stderr separately, in that order: node-gyp writes its errors to stderr last.
  if (!verbose) for (const out of [result.stdout, result.stderr]) if (out?.length) process.stderr.write(out);
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status}`;
  console.warn(`\npodwire: WARNING: the SO_ORIGINAL_DST addon did not build (${why}).`);
  console.warn('podwire: transparent interception (podwire init + iptables) will not work; explicit forwards still do.');
  console.warn('podwire: install python3, make and a C compiler, then run `npm run build:native`.\n');
}
