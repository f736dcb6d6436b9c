// How the discovery client reaches the controller: plaintext when no TLS material is given (the
// caller decides that, e.g. for loopback addresses as Linkerd does); otherwise mTLS with our
// identity certificate, verifying the controller like linkerd2-proxy does (spec §3.4/§9.3): the
// server certificate's DNS or URI SANs must contain the configured controller identity
// (LINKERD2_PROXY_DESTINATION_SVC_NAME), regardless of the host name we dialed.
import * as grpc from '@grpc/grpc-js';
import { makeCheckServerIdentity } from '../proxy/identity/verify.js';

export interface DestinationTls {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface ChannelSetup {
  readonly credentials: grpc.ChannelCredentials;
  readonly options: grpc.ChannelOptions;
  readonly plaintext: boolean;
}

/** Split "host:port" / "[v6]:port"; the host comes back without brackets. */
export function splitHostPort(addr: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(addr) ?? /^([^:[\]]+):(\d+)$/.exec(addr);
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`destination addr ${JSON.stringify(addr)} is not HOST:PORT`);
  }
  return { host: m[1]!, port };
}

export function channelSetup(addr: string, serverName: string | undefined, tls: DestinationTls | undefined): ChannelSetup {
  splitHostPort(addr);
  if (!tls) {
    return { credentials: grpc.credentials.createInsecure(), options: {}, plaintext: true };
  }
  if (!serverName) throw new Error('destination client: serverName (the controller identity) is required with tls');
  const credentials = grpc.credentials.createSsl(
    Buffer.from(tls.caPem),
    Buffer.from(tls.keyPem),
    Buffer.from(tls.certPem),
    { checkServerIdentity: makeCheckServerIdentity(serverName) },
  );
  return { credentials, options: { 'grpc.ssl_target_name_override': serverName }, plaintext: false };
}
