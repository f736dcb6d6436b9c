// Regenerates discovery-client/gen/proto.js and proto.d.ts (`npm run proto`): protobufjs static code
// for the .proto files the sidecar speaks (Destination, inbound policy, Identity, the transport
// header), so the sidecar needs neither @grpc/proto-loader nor full protobufjs (reflection plus the
// .proto parser) at run time; the generated code needs only protobufjs/minimal. That saves about
// 6 MB of idle RSS per sidecar (issue 13).
// The output is committed so CI and the container build need no codegen step;
// test/unit/proto-gen.test.ts runs this script into a temp dir and fails if the committed files differ.
// tsconfig.json has allowJs and lists discovery-client/gen/*.js so that tsc copies proto.js into
// dist/ beside the modules importing it (checkJs stays off; the types come from proto.d.ts).
//
// Usage: node scripts/gen-proto.mjs [--out-dir DIR]   (default: discovery-client/gen)
//
// pbjs options, and why:
// - static-module with our own ES-module wrapper (scripts/proto-wrapper.js): pbjs' es6 wrapper does
//   `import * as $protobuf from "protobufjs/minimal"`, which Node's ESM loader can't resolve (no
//   extension, no exports map) and whose namespace would lack Reader/Writer (CommonJS module); a
//   default import of protobufjs/minimal.js gets module.exports in Node, esbuild and vitest alike.
// - --keep-case: snake_case field names, the shapes proto-loader gave with keepCase (wire.ts).
// - --no-service/--no-verify/--no-delimited/--no-typeurl: grpc-js does the RPC framing and the
//   clients never verify, so those functions would be dead code in the bundle.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const { pbjs, pbts } = require('protobufjs-cli');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROTO_DIR = 'discovery-client/proto';
const PROTOS = ['destination.proto', 'inbound.proto', 'identity.proto', 'header.proto'];

const HEADER = `// GENERATED FILE, do not edit: \`npm run proto\` (scripts/gen-proto.mjs, protobufjs-cli pbjs -t static-module
// --keep-case, then pbts) writes it from discovery-client/proto/{${PROTOS.map((p) => p.replace('.proto', '')).join(',')}}.proto.
// test/unit/proto-gen.test.ts fails when it is out of date.
`;

function parseOutDir(argv) {
  const i = argv.indexOf('--out-dir');
  return path.resolve(root, i >= 0 && argv[i + 1] ? argv[i + 1] : 'discovery-client/gen');
}

async function generate(outDir) {
  mkdirSync(outDir, { recursive: true });
  const js = path.join(outDir, 'proto.js');
  const dts = path.join(outDir, 'proto.d.ts');
  // pbjs resolves the wrapper and the imports relative to the working directory.
  process.chdir(root);
  await promisify(pbjs.main)([
    '-t', 'static-module',
    '-w', 'scripts/proto-wrapper.js',
    '--es6',
    '--dependency', 'protobufjs/minimal.js',
    '--keep-case',
    '--no-service', '--no-verify', '--no-delimited', '--no-typeurl',
    '-p', PROTO_DIR,
    ...PROTOS.map((p) => path.join(PROTO_DIR, p)),
    '-o', js,
  ]);
  await promisify(pbts.main)([js, '-o', dts]);
  for (const file of [js, dts]) writeFileSync(file, HEADER + readFileSync(file, 'utf8'));
}

await generate(parseOutDir(process.argv.slice(2)));
