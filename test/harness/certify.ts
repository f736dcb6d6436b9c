// Shared fixtures for the controller-certify tests: a real Identity server on 127.0.0.1 built from
// createIdentityService, a plain grpc-js client whose messages come from proto text written here from
// the wire spec's field numbers (§3.1) - not from podwire's identity.proto - and CSR/CA builders for
// the odd shapes (other curves, RSA, extra SANs, short-lived CAs) podwire's own pki never makes.
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { createIdentityService, type IdentityService, type IdentityServiceOptions } from '../../controller/identity-server.js';
import { x509 } from '../../proxy/pki/x509.js';
import { silentLogger } from '../../proxy/log.js';

// --- wire client -------------------------------------------------------------------------------

const TIMESTAMP_PROTO = `
syntax = "proto3";
package google.protobuf;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;
const IDENTITY_PROTO = `
syntax = "proto3";
package io.linkerd.proxy.identity;
message CertifyRequest {
  string identity = 1;
  bytes token = 2;
  bytes certificate_signing_request = 3;
}
message CertifyResponse {
  bytes leaf_certificate = 1;
  repeated bytes intermediate_certificates = 2;
  google.protobuf.Timestamp valid_until = 3;
}
`;
const root = new protobuf.Root();
protobuf.parse(TIMESTAMP_PROTO, root, { keepCase: true });
protobuf.parse(IDENTITY_PROTO, root, { keepCase: true });
root.resolveAll();
const RequestType = root.lookupType('io.linkerd.proxy.identity.CertifyRequest');
const ResponseType = root.lookupType('io.linkerd.proxy.identity.CertifyResponse');
const CERTIFY_PATH = '/io.linkerd.proxy.identity.Identity/Certify';

export interface WireRequest {
  identity?: string;
  token?: Buffer;
  certificate_signing_request?: Buffer;
}

export interface WireResponse {
  leaf: Buffer;
  intermediates: Buffer[];
  validUntilSeconds: number;
  validUntilNanos: number;
}

export type CertifyOutcome = { ok: true; res: WireResponse } | { ok: false; code: grpc.status; details: string };

export class WireClient {
  private readonly client: grpc.Client;
  constructor(addr: string) {
    this.client = new grpc.Client(addr, grpc.credentials.createInsecure());
  }

  certify(req: WireRequest): Promise<CertifyOutcome> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        CERTIFY_PATH,
        (r: WireRequest) => Buffer.from(RequestType.encode(RequestType.fromObject(r)).finish()),
        (b: Buffer) => ResponseType.toObject(ResponseType.decode(b), { longs: String, defaults: true }),
        req,
        (err: grpc.ServiceError | null, res?: Record<string, unknown>) => {
          if (err) return resolve({ ok: false, code: err.code, details: err.details });
          const ts = (res?.['valid_until'] ?? {}) as { seconds?: string; nanos?: number };
          resolve({
            ok: true,
            res: {
              leaf: Buffer.from(res?.['leaf_certificate'] as Uint8Array),
              intermediates: ((res?.['intermediate_certificates'] ?? []) as Uint8Array[]).map((b) => Buffer.from(b)),
              validUntilSeconds: Number(ts.seconds ?? 0),
              validUntilNanos: ts.nanos ?? 0,
            },
          });
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

/** Expect success and return the response, failing with the server's message otherwise. */
export function expectOk(out: CertifyOutcome): WireResponse {
  if (!out.ok) throw new Error(`Certify failed: ${grpc.status[out.code]}: ${out.details}`);
  return out.res;
}

// --- server ------------------------------------------------------------------------------------

export interface RunningIdentity {
  readonly svc: IdentityService;
  readonly client: WireClient;
  close(): Promise<void>;
}

export async function startIdentity(opts: Omit<IdentityServiceOptions, 'log'>): Promise<RunningIdentity> {
  const svc = await createIdentityService({ log: silentLogger(), ...opts });
  const server = new grpc.Server();
  svc.register(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const client = new WireClient(`127.0.0.1:${port}`);
  return {
    svc,
    client,
    close: async () => {
      client.close();
      await new Promise<void>((r) => server.tryShutdown(() => r()));
    },
  };
}

// --- CSRs and CAs of any shape -----------------------------------------------------------------

export type KeyKind = 'P-256' | 'P-384' | 'RSA';

export interface CsrSpec {
  /** Subject as JSON name, e.g. [{ CN: ['x'] }]; omitted = empty subject. */
  subject?: x509.JsonName;
  sans?: x509.JsonGeneralNames;
  key?: KeyKind;
}

const KEY_PARAMS: Record<KeyKind, { gen: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams; sign: webcrypto.EcdsaParams | webcrypto.Algorithm }> = {
  'P-256': { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams },
  'P-384': { gen: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } as webcrypto.EcdsaParams },
  RSA: {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
};

/** A DER CSR with exactly the given subject, SANs and key type. */
export async function makeCsr(spec: CsrSpec): Promise<Buffer> {
  const p = KEY_PARAMS[spec.key ?? 'P-256'];
  const keys = (await webcrypto.subtle.generateKey(p.gen, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...(spec.subject ? { name: spec.subject } : {}),
    keys,
    signingAlgorithm: p.sign,
    extensions: spec.sans ? [new x509.SubjectAlternativeNameExtension(spec.sans)] : [],
  });
  return Buffer.from(csr.rawData);
}

export interface TestCaCert {
  readonly certPem: string;
  readonly keyPem: string;
  readonly cert: X509Certificate;
}

/** A CA (self-signed without `parent`) with exact validity, for chain and clamp tests. */
export async function makeCa(cn: string, opts: { parent?: TestCaCert; notBefore: Date; notAfter: Date; pathLen?: number }): Promise<TestCaCert> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const parentCert = opts.parent ? new x509.X509Certificate(opts.parent.certPem) : undefined;
  const signingKey = opts.parent
    ? await webcrypto.subtle.importKey('pkcs8', createPrivateKey(opts.parent.keyPem).export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign'])
    : keys.privateKey;
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${cn}`,
    issuer: parentCert ? parentCert.subjectName : `CN=${cn}`,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(true, opts.pathLen ?? 2, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const certPem = cert.toString('pem') + '\n';
  return { certPem, keyPem: x509.PemConverter.encode(keyDer, 'PRIVATE KEY') + '\n', cert: new X509Certificate(certPem) };
}

export function toPem(der: Buffer): string {
  return x509.PemConverter.encode(der, 'CERTIFICATE') + '\n';
}
