// gRPC method definitions built on the committed protobufjs static code (discovery-client/gen/,
// `npm run proto`), in place of @grpc/proto-loader. proto-loader parses the .proto files at startup
// with full protobufjs (parser + reflection); the static code needs only protobufjs/minimal, which
// saves about 6 MB of idle RSS per sidecar (issue 13). grpc-js itself is unchanged.
//
// The (de)serializers do exactly what proto-loader's do: fromObject + encode on the way out,
// decode + toObject with the options below on the way in. Together with --keep-case at generation
// time (proto-loader's keepCase) that yields the same plain objects as before, so decode.ts,
// encode.ts and policy-codec.ts did not change: snake_case names, 64-bit integers as decimal strings
// (no Long objects leak out), enums as their names, unset fields absent (defaults: false; that also
// leaves empty repeated/map fields absent), bytes as the Buffer slices protobufjs reads from the
// Buffer grpc-js hands over, and a virtual string naming the set member of each oneof.
import type * as grpc from '@grpc/grpc-js';

/** toObject options, proto-loader's LOADER_OPTIONS minus the parts that only concern .proto parsing. */
export const CONVERSION_OPTIONS = Object.freeze({ longs: String, enums: String, defaults: false, oneofs: true });

/** What grpc-codec needs from a generated message class (every pbjs static class has these). */
export interface StaticMessageType {
  fromObject(object: { [k: string]: unknown }): unknown;
  encode(message: never): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: never, options?: typeof CONVERSION_OPTIONS): { [k: string]: unknown };
}

type Encode<T> = (value: T) => Buffer;
type Decode<T> = (bytes: Buffer) => T;

function serializer<T>(type: StaticMessageType, what: string): Encode<T> {
  return (value: T): Buffer => {
    // proto-loader refuses arrays the same way: fromObject would silently take their indices as fields.
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${what} structure, got array instead`);
    const bytes = type.encode(type.fromObject(value as { [k: string]: unknown }) as never).finish();
    // protobufjs' Node writer already returns a Buffer; grpc-js requires one.
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer<T>(type: StaticMessageType): Decode<T> {
  return (bytes: Buffer): T => type.toObject(type.decode(bytes) as never, CONVERSION_OPTIONS) as T;
}

export interface MethodSpec {
  /** Fully qualified service name, e.g. io.linkerd.proxy.destination.Destination. */
  readonly service: string;
  /** Method name as in the .proto, e.g. Get. */
  readonly name: string;
  readonly request: StaticMessageType;
  readonly response: StaticMessageType;
  readonly requestName: string;
  readonly responseName: string;
  readonly responseStream: boolean;
}

/**
 * One method, with both the client side (requestSerialize/responseDeserialize) and the server side
 * (requestDeserialize/responseSerialize) filled in, as proto-loader's definitions were: the
 * controller and the tests' fake servers add the same definitions to a grpc.Server.
 */
export function methodDefinition<Req, Res>(spec: MethodSpec): grpc.MethodDefinition<Req, Res> {
  return {
    path: `/${spec.service}/${spec.name}`,
    requestStream: false,
    responseStream: spec.responseStream,
    requestSerialize: serializer<Req>(spec.request, spec.requestName),
    requestDeserialize: deserializer<Req>(spec.request),
    responseSerialize: serializer<Res>(spec.response, spec.responseName),
    responseDeserialize: deserializer<Res>(spec.response),
    // proto-loader sets it (lower camel case); grpc-js' client constructors use it for method aliases.
    originalName: spec.name.charAt(0).toLowerCase() + spec.name.slice(1),
  };
}
