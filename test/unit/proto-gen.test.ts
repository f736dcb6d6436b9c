// The committed protobufjs static code (discovery-client/gen/, `npm run proto`) and the gRPC method
// definitions built on it (grpc-codec.ts) in place of @grpc/proto-loader:
// - the committed files are what scripts/gen-proto.mjs generates now, so nobody edits them by hand
//   or changes a .proto without regenerating;
// - every RPC of the services the sidecar calls has a definition with the right path and streaming,
//   and its (de)serializers give byte for byte and object for object what reflection over the same
//   .proto gives with proto-loader's old options, so the plain objects decode.ts, encode.ts and
//   policy-codec.ts see keep their shape (a swapped message class or a lost option fails here).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import protobuf from 'protobufjs';
import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { PROTO_DIR } from '../../discovery-client/proto-path.js';
import { CONVERSION_OPTIONS } from '../../discovery-client/grpc-codec.js';
import { destinationDefinitions } from '../../discovery-client/wire.js';
import { inboundPolicyDefinitions } from '../../discovery-client/policy-wire.js';
import { certifyMethod } from '../../discovery-client/identity.js';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GEN_DIR = path.join(REPO_ROOT, 'discovery-client/gen');

describe('generated protobuf code', () => {
  it('is up to date with discovery-client/proto (run `npm run proto` if not)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'podwire-proto-gen-'));
    try {
      await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts/gen-proto.mjs'), '--out-dir', out], { cwd: REPO_ROOT });
      for (const file of ['proto.js', 'proto.d.ts']) {
        const [fresh, committed] = await Promise.all([readFile(path.join(out, file), 'utf8'), readFile(path.join(GEN_DIR, file), 'utf8')]);
        expect(fresh === committed, `discovery-client/gen/${file} is stale: run \`npm run proto\``).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});

// Reflection over the same files, as proto-loader did (keepCase).
const root = new protobuf.Root().loadSync(
  ['destination.proto', 'inbound.proto', 'identity.proto'].map((f) => path.join(PROTO_DIR, f)),
  { keepCase: true },
).resolveAll();

/** A message with every field set (the first member of each oneof), nested messages 3 deep. */
function sample(type: protobuf.Type, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of type.fieldsArray) {
    if (f.partOf && f.partOf.oneof[0] !== f.name) continue;
    let v: unknown;
    if (f.resolvedType instanceof protobuf.Type) {
      if (depth >= 3) continue;
      v = sample(f.resolvedType, depth + 1);
    } else if (f.resolvedType instanceof protobuf.Enum) {
      const names = Object.keys(f.resolvedType.values);
      v = names[names.length - 1];
    } else {
      v = scalar(f.type, f.id);
    }
    if (f instanceof protobuf.MapField) v = { [f.keyType === 'string' ? 'k' : '7']: v };
    else if (f.repeated) v = [v, v];
    out[f.name] = v;
  }
  return out;
}

function scalar(type: string, id: number): unknown {
  if (type === 'string') return `s${id}`;
  if (type === 'bool') return true;
  if (type === 'bytes') return Buffer.from([id, 0xff]);
  if (type === 'double' || type === 'float') return 1.5;
  // Above 2^53 for the 64-bit types: a Long mishap would lose the low digits.
  if (/64$/.test(type)) return type.startsWith('s') && !type.startsWith('sfixed') ? '-9007199254740993' : '18446744073709551615';
  return id;
}

/** The definitions the sidecar's clients (and the controller) use, with the .proto service each comes from. */
const DEFINITIONS: [service: string, defs: Record<string, grpc.MethodDefinition<object, object>>][] = [
  ['io.linkerd.proxy.destination.Destination', destinationDefinitions().service as Record<string, grpc.MethodDefinition<object, object>>],
  ['io.linkerd.proxy.inbound.InboundServerPolicies', inboundPolicyDefinitions().service as Record<string, grpc.MethodDefinition<object, object>>],
  ['io.linkerd.proxy.identity.Identity', { Certify: certifyMethod() as unknown as grpc.MethodDefinition<object, object> }],
];

describe.each(DEFINITIONS)('%s definitions', (serviceName, defs) => {
  const service = root.lookupService(serviceName);

  it('cover every RPC of the .proto service, with its path and streaming', () => {
    expect(Object.keys(defs).sort()).toEqual(service.methodsArray.map((m) => m.name).sort());
    for (const m of service.methodsArray) {
      const def = defs[m.name]!;
      expect(def.path).toBe(`/${serviceName}/${m.name}`);
      expect(def.requestStream).toBe(!!m.requestStream);
      expect(def.responseStream).toBe(!!m.responseStream);
    }
  });

  it('encode and decode like reflection with proto-loader\'s options', () => {
    for (const m of service.methodsArray) {
      const def = defs[m.name]!;
      for (const [type, serialize, deserialize] of [
        [root.lookupType(m.requestType), def.requestSerialize, def.requestDeserialize],
        [root.lookupType(m.responseType), def.responseSerialize, def.responseDeserialize],
      ] as const) {
        const message = sample(type);
        const expectedBytes = Buffer.from(type.encode(type.fromObject(message)).finish());
        const bytes = serialize(message);
        expect(bytes.equals(expectedBytes), `${m.name} ${type.name} bytes`).toBe(true);
        expect(deserialize(bytes), `${m.name} ${type.name} object`).toEqual(type.toObject(type.decode(expectedBytes), CONVERSION_OPTIONS));
      }
    }
  });
});
