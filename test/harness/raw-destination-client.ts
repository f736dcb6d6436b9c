// A Destination client that shares nothing with podwire's own codec: the messages are declared
// below from the field numbers in the spec (linkerd-wire.md §1.2-1.3), parsed by protobufjs, and
// the calls are made with grpc-js's generic makeServerStreamRequest. Tests built on it check what
// goes over the wire, not that podwire's encoder agrees with podwire's decoder.
//
// Decoded messages are plain objects with the spec's snake_case field names, unset fields absent,
// 64-bit integers as decimal strings; each message's raw bytes are kept too.
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package rawdst;

message GetDestination { string scheme = 1; string path = 2; string context_token = 3; }

message IPv6 { fixed64 first = 1; fixed64 last = 2; }
message IPAddress { oneof ip { fixed32 ipv4 = 1; IPv6 ipv6 = 2; } }
message TcpAddress { IPAddress ip = 1; uint32 port = 2; }

message Update { oneof update { WeightedAddrSet add = 1; AddrSet remove = 2; NoEndpoints no_endpoints = 3; } }
message AddrSet { repeated TcpAddress addrs = 1; }
message NoEndpoints { bool exists = 1; }
message WeightedAddrSet { repeated WeightedAddr addrs = 1; map<string, string> metric_labels = 2; }

message DnsLikeIdentity { string name = 1; }
message UriLikeIdentity { string uri = 1; }
message TlsIdentity {
  oneof strategy { DnsLikeIdentity dns_like_identity = 1; UriLikeIdentity uri_like_identity = 3; }
  DnsLikeIdentity server_name = 4;
}
message Empty {}
message OpaqueTransport { uint32 inbound_port = 1; }
message ProtocolHint { oneof protocol { Empty h2 = 1; Empty opaque = 3; } OpaqueTransport opaque_transport = 2; }
message AuthorityOverride { string authority_override = 1; }
message WeightedAddr {
  TcpAddress addr = 1;
  uint32 weight = 3;
  map<string, string> metric_labels = 4;
  TlsIdentity tls_identity = 5;
  ProtocolHint protocol_hint = 6;
  AuthorityOverride authority_override = 7;
}

message WeightedDst { string authority = 1; uint32 weight = 2; }
message DestinationProfile {
  repeated WeightedDst dst_overrides = 3;
  bool opaque_protocol = 4;
  string fully_qualified_name = 5;
  WeightedAddr endpoint = 6;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const GetDestination = root.lookupType('rawdst.GetDestination');
const Update = root.lookupType('rawdst.Update');
const DestinationProfile = root.lookupType('rawdst.DestinationProfile');

const SERVICE = '/io.linkerd.proxy.destination.Destination';
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: false, oneofs: false };

// Decoded shapes (only what the tests look at).
export interface RawIp {
  ipv4?: number;
  ipv6?: { first?: string; last?: string };
}
export interface RawTcpAddress {
  ip?: RawIp;
  port?: number;
}
export interface RawWeightedAddr {
  addr?: RawTcpAddress;
  weight?: number;
  metric_labels?: Record<string, string>;
  tls_identity?: { dns_like_identity?: { name?: string }; uri_like_identity?: { uri?: string }; server_name?: { name?: string } };
  protocol_hint?: { h2?: object; opaque?: object; opaque_transport?: { inbound_port?: number } };
  authority_override?: { authority_override?: string };
}
export interface RawUpdate {
  add?: { addrs?: RawWeightedAddr[]; metric_labels?: Record<string, string> };
  remove?: { addrs?: RawTcpAddress[] };
  no_endpoints?: { exists?: boolean };
}
export interface RawProfile {
  opaque_protocol?: boolean;
  fully_qualified_name?: string;
  endpoint?: RawWeightedAddr;
  dst_overrides?: { authority?: string; weight?: number }[];
}

export interface RawStatus {
  readonly code: grpc.status;
  readonly details: string;
}

export interface RawMessage<T> {
  readonly msg: T;
  readonly bytes: Buffer;
}

export class RawStream<T> {
  readonly received: RawMessage<T>[] = [];
  readonly status: Promise<RawStatus>;
  #read = 0;
  #ended: RawStatus | undefined;
  #wake: (() => void) | undefined;

  constructor(private readonly call: grpc.ClientReadableStream<RawMessage<T>>) {
    this.status = new Promise((resolve) => {
      call.on('status', (s: grpc.StatusObject) => {
        this.#ended = { code: s.code, details: s.details };
        this.#wake?.();
        resolve(this.#ended);
      });
    });
    call.on('data', (m: RawMessage<T>) => {
      this.received.push(m);
      this.#wake?.();
    });
    // Errors also arrive as 'status'; without a listener an 'error' event would throw.
    call.on('error', () => undefined);
  }

  /** The next unread message; rejects if the stream ends first or nothing comes within timeoutMs. */
  async next(timeoutMs = 5_000): Promise<T> {
    return (await this.nextRaw(timeoutMs)).msg;
  }

  async nextRaw(timeoutMs = 5_000): Promise<RawMessage<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.received[this.#read];
      if (m) {
        this.#read++;
        return m;
      }
      if (this.#ended) throw new Error(`stream ended (${grpc.status[this.#ended.code]} ${this.#ended.details}) with no further message`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs}ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Resolves if no unread message arrives for `ms`; rejects with the message otherwise. */
  async expectQuiet(ms: number): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    const m = this.received[this.#read];
    if (m) throw new Error(`expected no message, got ${JSON.stringify(m.msg)}`);
  }

  get unread(): number {
    return this.received.length - this.#read;
  }

  cancel(): void {
    this.call.cancel();
  }
}

export class RawDestinationClient {
  readonly #client: grpc.Client;

  constructor(addr: string, creds: grpc.ChannelCredentials = grpc.credentials.createInsecure(), options: grpc.ChannelOptions = {}) {
    this.#client = new grpc.Client(addr, creds, options);
  }

  get(path: string, contextToken = ''): RawStream<RawUpdate> {
    return this.#call<RawUpdate>('Get', path, contextToken, Update);
  }

  getProfile(path: string, contextToken = ''): RawStream<RawProfile> {
    return this.#call<RawProfile>('GetProfile', path, contextToken, DestinationProfile);
  }

  close(): void {
    this.#client.close();
  }

  #call<T>(method: string, path: string, contextToken: string, type: protobuf.Type): RawStream<T> {
    const request = { scheme: '', path, context_token: contextToken };
    const call = this.#client.makeServerStreamRequest<typeof request, RawMessage<T>>(
      `${SERVICE}/${method}`,
      (req) => Buffer.from(GetDestination.encode(GetDestination.fromObject(req)).finish()),
      (bytes: Buffer) => ({ msg: type.toObject(type.decode(bytes), TO_OBJECT) as T, bytes }),
      request,
    );
    return new RawStream<T>(call);
  }
}
