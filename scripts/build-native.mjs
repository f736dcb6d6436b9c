#!/usr/bin/env node
// Builds podwire's SO_ORIGINAL_DST addon (native/) with the node-gyp that npm bundles; npm runs this
// as the package's `install` script, so `npm ci` on a fresh machine builds it.
//
// A failed build does not fail the install: podwire still runs without the addon (explicit
// forwards only) and says so at startup, which is what a VM without a compiler needs. The reason is
// printed loudly here and again by `podwire proxy` (proxy/transport/orig-dst-native.ts).
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
const result = spawnSync(cmd, [...args, 'rebuild', '--directory', path.join(root, 'native')], { stdio: 'inherit' });
if (result.status !== 0) {
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status}`;
  console.warn(`\npodwire: WARNING: the SO_ORIGINAL_DST addon did not build (${why}).`);
  console.warn('podwire: transparent interception (podwire init + iptables) will not work; explicit forwards still do.');
  console.warn('podwire: install python3, make and a C compiler, then run `npm run build:native`.\n');
}
