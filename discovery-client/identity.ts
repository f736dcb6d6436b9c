// IdentityClient: podwire's client of Linkerd's Identity API, `io.linkerd.proxy.identity.Identity/
// Certify` (spec §3.1): a CSR and a service-account token in, a leaf and its intermediates out, all
// DER. The channel is set up the way linkerd2-proxy sets up its identity client:
// - TLS verified against our trust anchors, and the server certificate's SANs must contain the
//   configured identity service name (LINKERD2_PROXY_IDENTITY_SVC_NAME), whatever host was dialled;
// - no client certificate: asking for our first certificate is why we are calling;
// - plaintext when the caller passes no TLS settings (it does so for loopback addresses only).
// Every call has a deadline, so a hung control plane turns into a retry instead of a stuck refresh.
import * as grpc from '@grpc/grpc-js';
import { makeCheckServerIdentity } from '../proxy/identity/verify.js';
import { splitHostPort } from './credentials.js';
import { io } from './gen/proto.js';
import { methodDefinition } from './grpc-codec.js';
import { channelReconnectOptions } from './backoff.js';

export const IDENTITY_SERVICE = 'io.linkerd.proxy.identity.Identity';
/** Per-call deadline; Certify is one signature on the server, so this only trips on a hung peer. */
export const DEFAULT_CERTIFY_DEADLINE_MS = 10_000;

export interface IdentityClientTls {
  /** The identity service's identity; its certificate's DNS/URI SANs must contain it. */
  readonly serverName: string;
  /** PEM trust anchors the server's chain must verify against. */
  readonly anchorsPem: string;
}

export interface IdentityClientOptions {
  /** "host:port" or "[v6]:port". */
  readonly addr: string;
  /** Omitted: plaintext (loopback control planes only, as Linkerd does). */
  readonly tls?: IdentityClientTls | undefined;
  readonly deadlineMs?: number;
  /**
   * grpc-js's reconnect pacing for the channel. Keep its maximum at or below the refresh minimum:
   * otherwise, after a long outage, attempts would fail fast on a channel still backing off (up
   * to grpc-js's default 120 s) although the service is back.
   */
  readonly reconnectBackoff?: { readonly minMs: number; readonly maxMs: number };
}

export interface CertifyRequest {
  readonly identity: string;
  readonly token: Buffer;
  readonly csrDer: Buffer;
}

export interface CertifyResponse {
  readonly leafDer: Buffer;
  readonly intermediatesDer: readonly Buffer[];
  /** valid_until as the server sent it (undefined if absent); the leaf's own notAfter is authoritative. */
  readonly validUntil: Date | undefined;
}

/** A failed Certify call: the gRPC status (or a local failure) in words an operator can act on. */
export class CertifyCallError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CertifyCallError';
  }
}

/** What a certificate source needs from the client (tests substitute their own). */
export interface CertifyClient {
  certify(req: CertifyRequest): Promise<CertifyResponse>;
  /** Trust anchors changed: verify the server against these from the next call on. */
  updateAnchors?(anchorsPem: string): void;
  close(): void;
}

interface PbCertifyRequest {
  identity: string;
  token: Buffer;
  certificate_signing_request: Buffer;
}

interface PbCertifyResponse {
  leaf_certificate?: Uint8Array | null;
  intermediate_certificates?: Uint8Array[] | null;
  valid_until?: { seconds?: string | number | null; nanos?: number | null } | null;
}

let cachedMethod: grpc.MethodDefinition<PbCertifyRequest, PbCertifyResponse> | undefined;

/**
 * identity.proto's Certify method, built once per process on the generated static code. The
 * controller's Identity service (controller/identity-server.ts) serves the same definition.
 */
export function certifyMethod(): grpc.MethodDefinition<PbCertifyRequest, PbCertifyResponse> {
  cachedMethod ??= methodDefinition<PbCertifyRequest, PbCertifyResponse>({
    service: IDENTITY_SERVICE,
    name: 'Certify',
    request: io.linkerd.proxy.identity.CertifyRequest,
    requestName: 'CertifyRequest',
    response: io.linkerd.proxy.identity.CertifyResponse,
    responseName: 'CertifyResponse',
    responseStream: false,
  });
  return cachedMethod;
}

export class IdentityClient implements CertifyClient {
  #client: grpc.Client;
  #tls: IdentityClientTls | undefined;
  readonly #addr: string;
  readonly #deadlineMs: number;
  readonly #channelOptions: grpc.ChannelOptions;
  readonly #method = certifyMethod();
  #closed = false;

  constructor(opts: IdentityClientOptions) {
    splitHostPort(opts.addr);
    this.#addr = opts.addr;
    this.#tls = opts.tls;
    this.#deadlineMs = opts.deadlineMs ?? DEFAULT_CERTIFY_DEADLINE_MS;
    this.#channelOptions = opts.reconnectBackoff ? channelReconnectOptions(opts.reconnectBackoff) : {};
    this.#client = this.#newClient();
  }

  get plaintext(): boolean {
    return this.#tls === undefined;
  }

  certify(req: CertifyRequest): Promise<CertifyResponse> {
    if (this.#closed) return Promise.reject(new CertifyCallError(grpc.status.CANCELLED, 'identity client is closed'));
    const message: PbCertifyRequest = { identity: req.identity, token: req.token, certificate_signing_request: req.csrDer };
    return new Promise((resolve, reject) => {
      this.#client.makeUnaryRequest(
        this.#method.path,
        this.#method.requestSerialize,
        this.#method.responseDeserialize,
        message,
        { deadline: Date.now() + this.#deadlineMs },
        (err: grpc.ServiceError | null, res?: PbCertifyResponse) => {
          if (err) return reject(this.#callError(err));
          try {
            resolve(decodeResponse(res));
          } catch (e) {
            reject(new CertifyCallError(grpc.status.INTERNAL, `Certify at ${this.#addr} returned ${(e as Error).message}`));
          }
        },
      );
    });
  }

  /** New anchors: later calls verify the server against them (a fresh channel; in-flight calls finish). */
  updateAnchors(anchorsPem: string): void {
    if (this.#closed || !this.#tls || this.#tls.anchorsPem === anchorsPem) return;
    this.#tls = { ...this.#tls, anchorsPem };
    const old = this.#client;
    this.#client = this.#newClient();
    old.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.close();
  }

  #newClient(): grpc.Client {
    if (!this.#tls) return new grpc.Client(this.#addr, grpc.credentials.createInsecure(), this.#channelOptions);
    const credentials = grpc.credentials.createSsl(Buffer.from(this.#tls.anchorsPem), null, null, {
      checkServerIdentity: makeCheckServerIdentity(this.#tls.serverName),
    });
    // SNI = the service identity, as linkerd2-proxy sends; the host name dialled is not checked.
    return new grpc.Client(this.#addr, credentials, { ...this.#channelOptions, 'grpc.ssl_target_name_override': this.#tls.serverName });
  }

  #callError(err: grpc.ServiceError): CertifyCallError {
    const code = grpc.status[err.code] ?? String(err.code);
    const where = `${this.#addr}${this.#tls ? ` (${this.#tls.serverName})` : ' (plaintext)'}`;
    return new CertifyCallError(err.code, `Certify at ${where} failed: ${code}: ${err.details || err.message}`, { cause: err });
  }
}

function decodeResponse(res: PbCertifyResponse | undefined): CertifyResponse {
  const leaf = res?.leaf_certificate;
  if (!leaf || leaf.length === 0) throw new Error('an empty leaf_certificate');
  const seconds = res?.valid_until?.seconds;
  const validUntil = seconds === undefined || seconds === null ? undefined : new Date(Number(seconds) * 1000 + Math.floor((res?.valid_until?.nanos ?? 0) / 1e6));
  return {
    leafDer: Buffer.from(leaf),
    intermediatesDer: (res?.intermediate_certificates ?? []).map((b) => Buffer.from(b)),
    validUntil,
  };
}
