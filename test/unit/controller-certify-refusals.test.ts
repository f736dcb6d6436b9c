// Every way Certify says no, over real gRPC with a client built from the spec's field numbers: the
// status code Linkerd would use and a message naming the problem.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuer, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { createCsr } from '../../proxy/pki/csr.js';
import { createTokenValidator } from '../../controller/tokens.js';
import { expectOk, makeCsr, startIdentity, type CertifyOutcome, type RunningIdentity, type WireRequest } from '../harness/certify.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const DB = 'db.payments.serviceaccount.identity.linkerd.cluster.local';
const base = {
  trustDomain: 'cluster.local',
  controlPlaneNamespace: 'linkerd',
  tokens: createTokenValidator([
    ['tok-web', 'web.default'],
    ['tok-db', 'db.payments'],
  ]),
};
const CN = (cn: string) => [{ CN: [cn] }];
const dns = (value: string) => ({ type: 'dns' as const, value });

let anchor: CertKeyPair;
let issuer: CertKeyPair;
let id: RunningIdentity;
let goodCsr: Buffer;

beforeAll(async () => {
  anchor = await createTrustAnchor();
  issuer = await createIssuer(anchor);
  id = await startIdentity({ ...base, issuer, trustAnchorsPem: anchor.certPem });
  goodCsr = (await createCsr({ identity: WEB })).csrDer;
});
afterAll(async () => id?.close());

function ask(req: Partial<WireRequest>): Promise<CertifyOutcome> {
  return id.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: goodCsr, ...req });
}

function expectRefused(out: CertifyOutcome, code: grpc.status, message: RegExp): void {
  if (out.ok) throw new Error(`expected ${grpc.status[code]}, but a certificate was issued`);
  expect({ code: grpc.status[out.code], details: out.details }).toEqual({ code: grpc.status[code], details: expect.stringMatching(message) });
}

describe('Certify refusals: INVALID_ARGUMENT for missing or unreadable input', () => {
  it('control: the baseline request is accepted', async () => {
    expectOk(await ask({}));
  });

  it('empty identity', async () => {
    expectRefused(await ask({ identity: '' }), grpc.status.INVALID_ARGUMENT, /missing identity/);
  });

  it('empty token', async () => {
    expectRefused(await ask({ token: Buffer.alloc(0) }), grpc.status.INVALID_ARGUMENT, /missing token/);
  });

  it('empty CSR', async () => {
    expectRefused(await ask({ certificate_signing_request: Buffer.alloc(0) }), grpc.status.INVALID_ARGUMENT, /missing certificate signing request/);
  });

  it('garbage CSR bytes, and a PEM CSR where DER is required', async () => {
    expectRefused(await ask({ certificate_signing_request: Buffer.from('definitely not DER') }), grpc.status.INVALID_ARGUMENT, /CSR is not a valid DER PKCS#10/);
    const pem = Buffer.from(`-----BEGIN CERTIFICATE REQUEST-----\n${goodCsr.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`);
    expectRefused(await ask({ certificate_signing_request: pem }), grpc.status.INVALID_ARGUMENT, /CSR is not a valid DER PKCS#10 certificate request \(got PEM; send DER\)/);
    // DER-looking but wrong: another structure, and a truncated CSR.
    expectRefused(await ask({ certificate_signing_request: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]) }), grpc.status.INVALID_ARGUMENT, /CSR is not a valid DER PKCS#10/);
    expectRefused(await ask({ certificate_signing_request: goodCsr.subarray(0, goodCsr.length - 10) }), grpc.status.INVALID_ARGUMENT, /CSR is not a valid DER PKCS#10/);
  });
});

describe('Certify refusals: FAILED_PRECONDITION for CSR content', () => {
  it('DNS SAN for another identity', async () => {
    const csr = (await createCsr({ identity: DB })).csrDer;
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, new RegExp(`CSR name does not match requested identity: csr=${DB}; req=${WEB}`));
  });

  it('two DNS SANs', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB), dns('extra.example.com')] });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /exactly one DNS SAN, found 2 \(.*extra\.example\.com\)/);
  });

  it('no SAN at all', async () => {
    const csr = await makeCsr({ subject: CN(WEB) });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /exactly one DNS SAN, found 0/);
  });

  it('a URI SAN (so SPIFFE IDs cannot be requested), with or without the DNS SAN', async () => {
    const spiffe = { type: 'url' as const, value: 'spiffe://cluster.local/ns/default/sa/web' };
    const withDns = await makeCsr({ subject: CN(WEB), sans: [dns(WEB), spiffe] });
    expectRefused(await ask({ certificate_signing_request: withDns }), grpc.status.FAILED_PRECONDITION, /URI SANs are not allowed \(found spiffe:\/\/cluster\.local\/ns\/default\/sa\/web\)/);
    const only = await makeCsr({ sans: [spiffe] });
    expectRefused(await ask({ certificate_signing_request: only }), grpc.status.FAILED_PRECONDITION, /URI SANs are not allowed.*exactly one DNS SAN, found 0/);
  });

  it('an email SAN', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB), { type: 'email', value: 'web@example.com' }] });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /email SANs are not allowed \(found web@example\.com\)/);
  });

  it('an IP SAN', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB), { type: 'ip', value: '10.1.2.3' }] });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /IP SANs are not allowed \(found 10\.1\.2\.3\)/);
  });

  it('other SAN types (otherName UPN) too', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB), { type: 'upn', value: 'web@corp' }] });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /SANs other than DNS are not allowed \(found upn:web@corp\)/);
  });

  it('a CN that is neither empty nor the identity', async () => {
    const csr = await makeCsr({ subject: CN('admin.example.com'), sans: [dns(WEB)] });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /invalid CommonName: admin\.example\.com/);
  });

  it('a P-384 key', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB)], key: 'P-384' });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /CSR key must be ECDSA P-256, got ECDSA P-384/);
  });

  it('an RSA key', async () => {
    const csr = await makeCsr({ subject: CN(WEB), sans: [dns(WEB)], key: 'RSA' });
    expectRefused(await ask({ certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /CSR key must be ECDSA P-256, got RSA 2048-bit/);
  });

  it('a CSR whose signature does not verify (proof of key possession fails)', async () => {
    // The last bytes of a DER CSR are the ECDSA signature's `s` integer: flip one bit in it.
    const sigTampered = Buffer.from(goodCsr);
    sigTampered[sigTampered.length - 5]! ^= 0x01;
    expectRefused(await ask({ certificate_signing_request: sigTampered }), grpc.status.FAILED_PRECONDITION, /CSR signature does not verify/);
  });
});

describe('Certify refusals: FAILED_PRECONDITION for the token', () => {
  it('an unknown token', async () => {
    expectRefused(await ask({ token: Buffer.from('tok-nobody') }), grpc.status.FAILED_PRECONDITION, /authentication token could not be authenticated/);
  });

  it("another service account's token", async () => {
    expectRefused(await ask({ token: Buffer.from('tok-db') }), grpc.status.FAILED_PRECONDITION, new RegExp(`requested identity did not match provided token: requested=${WEB}; found=${DB}`));
  });

  it('a token whose <sa>.<ns> is right but for another trust domain or control-plane namespace', async () => {
    const other = 'web.default.serviceaccount.identity.linkerd.other.domain';
    const csr = (await createCsr({ identity: other })).csrDer;
    expectRefused(await ask({ identity: other, certificate_signing_request: csr }), grpc.status.FAILED_PRECONDITION, /did not match provided token/);
  });
});

describe('Certify refusals: UNAVAILABLE without an issuer', () => {
  it('answers UNAVAILABLE until an issuer is loaded, serves after setIssuer, and again after unloading', async () => {
    const svc = await startIdentity({ ...base, trustAnchorsPem: anchor.certPem });
    try {
      const req = { identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: goodCsr };
      expectRefused(await svc.client.certify(req), grpc.status.UNAVAILABLE, /cert issuer not ready yet/);
      expect(svc.svc.issuer()).toBeUndefined();
      await svc.svc.setIssuer(issuer);
      expect(svc.svc.issuer()?.subject).toBe('CN=identity.linkerd.cluster.local');
      expectOk(await svc.client.certify(req));
      await svc.svc.setIssuer(undefined);
      expectRefused(await svc.client.certify(req), grpc.status.UNAVAILABLE, /cert issuer not ready yet/);
    } finally {
      await svc.close();
    }
  });

  it('answers UNAVAILABLE once the loaded issuer chain has expired, instead of minting dead certificates', async () => {
    const root = await createTrustAnchor({ commonName: 'root.expiring' });
    const iss = await createIssuer(root, { validDays: 1 });
    let now = new Date();
    const svc = await startIdentity({ ...base, issuer: iss, trustAnchorsPem: root.certPem, now: () => now });
    try {
      const req = { identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: goodCsr };
      expectOk(await svc.client.certify(req));
      now = new Date(now.getTime() + 2 * 86_400_000);
      expectRefused(await svc.client.certify(req), grpc.status.UNAVAILABLE, /issuer chain expired at .*; rotate the issuer/);
    } finally {
      await svc.close();
    }
  });
});

describe('Certify refusals: INTERNAL when the token check itself breaks', () => {
  it('reports INTERNAL, not a crash or a hang', async () => {
    const tokens = () => {
      throw new Error('token store unreadable');
    };
    const svc = await startIdentity({ ...base, tokens, issuer, trustAnchorsPem: anchor.certPem });
    try {
      const out = await svc.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: goodCsr });
      expectRefused(out, grpc.status.INTERNAL, /error validating token for .*: token store unreadable/);
    } finally {
      await svc.close();
    }
  });
});
