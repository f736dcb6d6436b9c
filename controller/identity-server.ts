// `io.linkerd.proxy.identity.Identity/Certify` for `podwire controller`: the gRPC face of certify.ts.
// createIdentityService returns a service definition + handlers to add to the same grpc.Server as
// the Destination service, and lets the controller swap the issuer (the topology file is watched and
// issuers rotate) and the token table at runtime without restarting the server.
//
// Status codes are Linkerd's (pkg/identity/service.go), see certify.ts for the full order. One choice
// the spec leaves open: a token that is not in the tokens file. Linkerd's validator reports a token
// the TokenReview did not authenticate as NotAuthenticated, and the service maps that to
// FAILED_PRECONDITION (not UNAUTHENTICATED); a token for another service account is also
// FAILED_PRECONDITION. podwire does the same for both, so a linkerd2-proxy (which treats every Certify
// failure alike and retries) and podwire's own client see identical behaviour from either controller.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../proxy/log.js';
import { certifyMethod } from '../discovery-client/identity.js';
import { certify, CertifyError, loadIssuer, type CertifyCode, type CertifyPolicy, type IssuerPem, type LoadedIssuer } from './certify.js';
import type { TokenValidator } from './tokens.js';

export type { IssuerPem } from './certify.js';

export const IDENTITY_SERVICE = 'io.linkerd.proxy.identity.Identity';
/** Linkerd's DefaultIssuanceLifetime and Helm's clockSkewAllowance. */
export const DEFAULT_ISSUANCE_LIFETIME_MS = 24 * 3_600_000;
export const DEFAULT_CLOCK_SKEW_MS = 20_000;

/** CertifyRequest / CertifyResponse as the generated codec hands them over (keepCase, bytes as Buffer). */
export interface PbCertifyRequest {
  identity?: string | null;
  token?: Buffer | null;
  certificate_signing_request?: Buffer | null;
}

export interface PbCertifyResponse {
  leaf_certificate: Buffer;
  intermediate_certificates: Buffer[];
  valid_until: { seconds: string; nanos: number };
}

export interface IdentityServiceOptions {
  /** The issuer CA (cert PEM may be followed by intermediates). Omitted: Certify answers UNAVAILABLE until setIssuer. */
  readonly issuer?: IssuerPem;
  /** PEM bundle of trust anchors; the issuer must chain to one of them. */
  readonly trustAnchorsPem: string;
  readonly issuanceLifetimeMs?: number;
  readonly clockSkewMs?: number;
  readonly trustDomain: string;
  readonly controlPlaneNamespace: string;
  readonly tokens: TokenValidator;
  readonly log: Logger;
  /** Clock for validity windows; tests pin it. */
  readonly now?: () => Date;
}

/** What the loaded issuer is, for logs and status pages. */
export interface IssuerInfo {
  readonly subject: string;
  /** Leaves issued now expire no later than this. */
  readonly chainNotAfter: Date;
}

export interface IdentityService {
  /** For grpc.Server#addService. */
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
  /** addService on `server` (convenience). */
  register(server: grpc.Server): void;
  /**
   * Load a new issuer (and optionally new trust anchors). Rejects with a clear error and keeps the
   * current issuer when the new one is broken or does not chain to the anchors. undefined unloads it.
   */
  setIssuer(issuer: IssuerPem | undefined, trustAnchorsPem?: string): Promise<void>;
  setTokens(tokens: TokenValidator): void;
  issuer(): IssuerInfo | undefined;
}

const GRPC_CODES: Readonly<Record<CertifyCode, grpc.status>> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  INTERNAL: grpc.status.INTERNAL,
};

let cachedDefinition: grpc.ServiceDefinition | undefined;

/** identity.proto's Identity service: the client's Certify definition (same static codec), server side. */
export function identityServiceDefinition(): grpc.ServiceDefinition {
  cachedDefinition ??= { Certify: certifyMethod() };
  return cachedDefinition;
}

/** Build the Identity service. Throws (IssuerError) if the initial issuer is unusable. */
export async function createIdentityService(opts: IdentityServiceOptions): Promise<IdentityService> {
  const policy = checkPolicy(opts);
  const now = opts.now ?? (() => new Date());
  const log = opts.log;
  let anchorsPem = opts.trustAnchorsPem;
  let tokens = opts.tokens;
  let issuer: LoadedIssuer | undefined = opts.issuer ? await loadIssuer(opts.issuer, anchorsPem, now()) : undefined;
  // A slow load must not overwrite a newer one that finished first.
  let generation = 0;

  const handleCertify = (call: grpc.ServerUnaryCall<PbCertifyRequest, PbCertifyResponse>, callback: grpc.sendUnaryData<PbCertifyResponse>): void => {
    const req = call.request;
    const requested = req.identity ?? '';
    // Snapshot like Linkerd's RLock: a rotation mid-request doesn't mix two issuers.
    certify({ identity: req.identity, token: req.token, csrDer: req.certificate_signing_request }, { issuer, tokens, policy, now: now() })
      .then((c) => {
        log.info({ identity: c.identity, validUntil: c.validUntil.toISOString(), peer: call.getPeer() }, 'certified');
        callback(null, {
          leaf_certificate: c.leafDer,
          intermediate_certificates: [...c.intermediatesDer],
          valid_until: { seconds: String(Math.floor(c.validUntil.getTime() / 1000)), nanos: 0 },
        });
      })
      .catch((err: unknown) => {
        const e = err instanceof CertifyError ? err : new CertifyError('INTERNAL', `certify failed: ${(err as Error)?.message ?? String(err)}`);
        const level = e.code === 'INTERNAL' ? 'error' : 'info';
        log[level]({ identity: requested, code: e.code, peer: call.getPeer(), err: e.message }, 'certify refused');
        callback({ code: GRPC_CODES[e.code], details: e.message });
      });
  };

  const definition = identityServiceDefinition();
  const implementation: grpc.UntypedServiceImplementation = { Certify: handleCertify as grpc.handleUnaryCall<unknown, unknown> };
  return {
    definition,
    implementation,
    register: (server) => server.addService(definition, implementation),
    async setIssuer(next, nextAnchorsPem) {
      const gen = ++generation;
      const pem = nextAnchorsPem ?? anchorsPem;
      const loaded = next ? await loadIssuer(next, pem, now()) : undefined;
      if (gen !== generation) return;
      issuer = loaded;
      anchorsPem = pem;
      log.info(loaded ? { issuer: loaded.cert.subject, chainNotAfter: loaded.chainNotAfter.toISOString() } : {}, loaded ? 'identity issuer updated' : 'identity issuer unloaded');
    },
    setTokens(next) {
      tokens = next;
    },
    issuer: () => (issuer ? { subject: issuer.cert.subject, chainNotAfter: issuer.chainNotAfter } : undefined),
  };
}

function checkPolicy(opts: IdentityServiceOptions): CertifyPolicy {
  const issuanceLifetimeMs = opts.issuanceLifetimeMs ?? DEFAULT_ISSUANCE_LIFETIME_MS;
  const clockSkewMs = opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  if (!(issuanceLifetimeMs > 0)) throw new Error(`identity: issuance lifetime must be positive, got ${issuanceLifetimeMs}ms`);
  if (!(clockSkewMs >= 0)) throw new Error(`identity: clock skew allowance must be >= 0, got ${clockSkewMs}ms`);
  if (!opts.trustDomain) throw new Error('identity: trust domain is empty');
  if (!opts.controlPlaneNamespace) throw new Error('identity: control-plane namespace is empty');
  return { trustDomain: opts.trustDomain, controlPlaneNamespace: opts.controlPlaneNamespace, issuanceLifetimeMs, clockSkewMs };
}
