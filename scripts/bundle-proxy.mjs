// Bundles the sidecar (`podwire proxy`: proxy/cli/proxy-command.ts and everything it imports,
// dependencies included) into one minified file, dist/proxy/podwire-proxy.mjs, which
// dist/proxy/main.js loads for the `proxy` command. One file instead of ~150 modules halves the
// proxy's JS heap at idle (fewer module records, wrappers and source strings): about 10 MB less
// resident memory per sidecar (bench/idle-rss.ts measures it). Runs after tsc in `npm run build`;
// tsc still typechecks and emits dist/ for every other command, the tests and the bench.
// The bundle sits in dist/proxy/ like main.js, so the paths found relative to the running file
// (the native addon, package.json for the version) resolve as before.
//
// Protobuf: the sidecar's gRPC clients and the transport-header codec use the generated static code
// (discovery-client/gen/), which needs only protobufjs/minimal. Two things keep the rest out
// (issue 13; full protobufjs and proto-loader cost about 6 MB of idle RSS):
// - grpc-js requires @grpc/proto-loader (and through it full protobufjs) lazily, only to serve the
//   channelz admin service or to talk ORCA load reports; the sidecar runs no gRPC server and uses
//   pick_first, so the bundle gets a stub that says so if it is ever called;
// - after the build, the metafile (written next to the bundle) must show no proto-loader input and
//   no protobufjs file that protobufjs/minimal.js does not itself import; otherwise the build fails.
//   test/e2e/lean-sidecar.test.ts checks the same metafile.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PROTO_LOADER_STUB = `module.exports.loadSync = function loadSync() {
  throw new Error('podwire: @grpc/proto-loader is left out of the sidecar bundle (grpc-js needs it only for channelz admin and ORCA, which the sidecar does not use)');
};`;

/** @type {import('esbuild').Plugin} */
const stubProtoLoader = {
  name: 'stub-proto-loader',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: '@grpc/proto-loader', namespace: 'podwire-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'podwire-stub' }, () => ({ contents: PROTO_LOADER_STUB, loader: 'js' }));
  },
};

/** Bundle inputs that must not be there: proto-loader, and protobufjs beyond what minimal.js reaches. */
function forbiddenInputs(metafile) {
  const reachable = new Set();
  const todo = ['node_modules/protobufjs/minimal.js'];
  while (todo.length > 0) {
    const file = todo.pop();
    if (reachable.has(file) || !metafile.inputs[file]) continue;
    reachable.add(file);
    todo.push(...metafile.inputs[file].imports.map((i) => i.path));
  }
  return Object.keys(metafile.inputs).filter(
    (f) => f.includes('node_modules/@grpc/proto-loader/') || (f.startsWith('node_modules/protobufjs/') && !reachable.has(f)),
  );
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['proxy/cli/proxy-command.ts'],
  outfile: 'dist/proxy/podwire-proxy.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Whitespace and syntax only: identifiers keep their names, so stack traces and the error types
  // pino logs (err.constructor.name) stay readable without esbuild's keepNames. keepNames did the
  // same by wrapping every function expression in a helper that redefines its `name` with
  // Object.defineProperty, which switches each closure to a dictionary of properties when it is
  // created: about 10 per proxied connection, each with a NameDictionary (--log-maps on a flat-mux
  // pair under new connections). Without them the pair's user CPU per connection fell ~25%
  // (commit 9b03b5e, with tcp-connect-options.ts). The unrenamed bundle is ~0.4 MB larger (1.7 MB)
  // and the idle proxy no larger (61.2 MB RSS, 61.6 before).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  // The bundled CommonJS packages (grpc-js, protobufjs, pino, prom-client) call require() for
  // Node's built-ins; an ES module has no require, so give it one.
  banner: { js: "import { createRequire as __podwireCreateRequire } from 'node:module'; const require = __podwireCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [stubProtoLoader],
  metafile: true,
});
writeFileSync(path.join(root, 'dist/proxy/podwire-proxy.meta.json'), JSON.stringify(result.metafile));
const forbidden = forbiddenInputs(result.metafile);
if (forbidden.length > 0) {
  console.error(`bundle-proxy: the sidecar bundle must not contain these (see the comment at the top):\n  ${forbidden.join('\n  ')}`);
  process.exit(1);
}
