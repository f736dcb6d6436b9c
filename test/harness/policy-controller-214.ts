// A stand-in for Linkerd 2.14's policy controller, for tests: a real gRPC server on loopback
// serving io.linkerd.proxy.inbound.InboundServerPolicies from a hand-written table of Server
// messages (not podwire's controller code). Like a 2.14 controller it understands only the
// `<namespace>:<pod>` workload its injector writes, and fails anything else (the JSON form of
// later releases) with INTERNAL. A test can make it fail every request with a status, end the
// streams it has open, and read back the workloads it was sent, byte for byte.
import * as grpc from '@grpc/grpc-js';
import { inboundPolicyDefinitions, type PbPortSpec, type PbServer } from '../../discovery-client/policy-wire.js';

export interface PolicyController214 {
  readonly addr: string;
  /** Every PortSpec.workload received, as sent. */
  readonly workloads: string[];
  /** Answer every request with `code` from now on (undefined: serve normally). */
  failWith(code: grpc.status | undefined): void;
  /** End every open WatchPort stream with `code` (the proxy then reconnects). */
  endStreams(code: grpc.status): void;
  openStreams(): number;
  close(): Promise<void>;
}

/** The policy for `<namespace>:<pod>` and port, keyed `shop:web-1:8080`. */
export type PolicyTable = Readonly<Record<string, PbServer>>;

/** A Server that admits, on every IPv4 and IPv6 network, only mesh clients with these identities. */
export function serverAllowingIdentities(serverName: string, identities: readonly string[]): PbServer {
  const meta = (kind: string, name: string) => ({ group: 'policy.linkerd.io', kind, name });
  const all = [{ net: { ip: { ipv4: 0 }, prefix_len: 0 } }, { net: { ip: { ipv6: { first: '0', last: '0' } }, prefix_len: 0 } }];
  return {
    protocol: { opaque: {} },
    authorizations: [{
      networks: all,
      authentication: { meshTLS: { identities: { identities: identities.map((name) => ({ name })), suffixes: [] } } },
      labels: meta('authorizationpolicy', `${serverName}-allow`),
      metadata: { resource: meta('authorizationpolicy', `${serverName}-allow`) },
    }],
    labels: meta('server', serverName),
  } as PbServer;
}

/** 2.14's parse: exactly `<namespace>:<pod>`; anything else is an internal error there. */
function parseWorkload214(text: string): { ns: string; pod: string } | undefined {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/.exec(text);
  return m ? { ns: m[1]!, pod: m[3]! } : undefined;
}

export async function startPolicyController214(listen: string, table: PolicyTable): Promise<PolicyController214> {
  const workloads: string[] = [];
  const streams = new Set<grpc.ServerWritableStream<PbPortSpec, PbServer>>();
  let failing: grpc.status | undefined;

  const answer = (req: PbPortSpec): PbServer | grpc.StatusObject => {
    const workload = req.workload ?? '';
    workloads.push(workload);
    const status = (code: grpc.status, details: string): grpc.StatusObject => ({ code, details, metadata: new grpc.Metadata() });
    if (failing !== undefined) return status(failing, 'stand-in told to fail');
    const ref = parseWorkload214(workload);
    if (!ref) return status(grpc.status.INTERNAL, `failed to parse workload ${JSON.stringify(workload)}`);
    const server = table[`${ref.ns}:${ref.pod}:${req.port}`];
    return server ?? status(grpc.status.NOT_FOUND, `no pod ${ref.ns}/${ref.pod} port ${req.port}`);
  };
  const isStatus = (a: PbServer | grpc.StatusObject): a is grpc.StatusObject => 'code' in a;

  const server = new grpc.Server();
  server.addService(inboundPolicyDefinitions().service, {
    GetPort: (call: grpc.ServerUnaryCall<PbPortSpec, PbServer>, cb: grpc.sendUnaryData<PbServer>) => {
      const a = answer(call.request);
      if (isStatus(a)) cb(a);
      else cb(null, a);
    },
    WatchPort: (call: grpc.ServerWritableStream<PbPortSpec, PbServer>) => {
      const a = answer(call.request);
      if (isStatus(a)) {
        call.emit('error', a);
        return;
      }
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
      call.on('close', () => streams.delete(call));
      call.write(a);
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const host = listen.slice(0, listen.lastIndexOf(':'));
  return {
    addr: `${host}:${port}`,
    workloads,
    failWith: (code) => {
      failing = code;
    },
    endStreams: (code) => {
      for (const call of [...streams]) {
        streams.delete(call);
        call.emit('error', { code, details: 'stand-in ended the stream', metadata: new grpc.Metadata() });
      }
    },
    openStreams: () => streams.size,
    close: () => new Promise<void>((resolve) => {
      for (const call of streams) call.end();
      server.tryShutdown(() => resolve());
      setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1_000).unref();
    }),
  };
}
