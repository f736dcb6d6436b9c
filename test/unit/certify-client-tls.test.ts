// How IdentityClient reaches the Identity service: TLS verified against our trust anchors with the
// service's identity (LINKERD2_PROXY_IDENTITY_SVC_NAME) among the server certificate's SANs, whatever
// host was dialled; no client certificate (there is none yet); plaintext only when the caller asks
// (loopback); a deadline on every call. Real grpc-js servers on 127.0.0.1, certificates from podwire's pki.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService, identityServiceDefinition, type IdentityService } from '../../controller/identity-server.js';
import { createTokenValidator } from '../../controller/tokens.js';
import { CertifyCallError, IdentityClient } from '../../discovery-client/identity.js';
import { silentLogger } from '../../proxy/log.js';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { createCsr } from '../../proxy/pki/csr.js';

const IDENTITY_SVC = 'linkerd-identity.linkerd.serviceaccount.identity.linkerd.cluster.local';
const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';

let anchor: CertKeyPair;
let otherAnchor: CertKeyPair;
let svc: IdentityService;
let tlsAddr: string;
let plainAddr: string;
let silentAddr: string;
const servers: grpc.Server[] = [];

async function serve(creds: grpc.ServerCredentials, impl: grpc.UntypedServiceImplementation): Promise<string> {
  const server = new grpc.Server();
  server.addService(identityServiceDefinition(), impl);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? reject(e) : resolve(p))));
  servers.push(server);
  return `127.0.0.1:${port}`;
}

beforeAll(async () => {
  anchor = await createTrustAnchor();
  otherAnchor = await createTrustAnchor({ commonName: 'root.other.example' });
  const issuer = await createIssuer(anchor);
  svc = await createIdentityService({
    issuer, trustAnchorsPem: anchor.certPem, trustDomain: 'cluster.local', controlPlaneNamespace: 'linkerd',
    tokens: createTokenValidator([['tok', 'web.default']]), log: silentLogger(),
  });
  const serverLeaf = await createLeaf(issuer, { identities: [IDENTITY_SVC] });
  const certify = svc.implementation['Certify'] as grpc.handleUnaryCall<unknown, unknown>;
  tlsAddr = await serve(
    grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(serverLeaf.chainPem), private_key: Buffer.from(serverLeaf.keyPem) }], false),
    { Certify: certify },
  );
  plainAddr = await serve(grpc.ServerCredentials.createInsecure(), { Certify: certify });
  // Accepts the call and never answers.
  silentAddr = await serve(grpc.ServerCredentials.createInsecure(), { Certify: () => {} });
});
afterAll(() => {
  for (const s of servers) s.forceShutdown();
});

async function request() {
  const csr = await createCsr({ identity: WEB });
  return { identity: WEB, token: Buffer.from('tok'), csrDer: csr.csrDer };
}

describe('IdentityClient', () => {
  it('certifies over TLS (with no client certificate) when the server certificate names the identity service', async () => {
    const client = new IdentityClient({ addr: tlsAddr, tls: { serverName: IDENTITY_SVC, anchorsPem: anchor.certPem } });
    const plain = new IdentityClient({ addr: tlsAddr });
    try {
      const res = await client.certify(await request());
      expect(res.leafDer.length).toBeGreaterThan(0);
      expect(res.intermediatesDer).toHaveLength(1);
      expect(res.validUntil).toBeInstanceOf(Date);
      expect(client.plaintext).toBe(false);
      // The server really is TLS-only: plaintext gets nowhere.
      await expect(plain.certify(await request())).rejects.toThrow(/UNAVAILABLE/);
    } finally {
      client.close();
      plain.close();
    }
  });

  it('refuses a server whose certificate names another identity', async () => {
    const other = 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local';
    const client = new IdentityClient({ addr: tlsAddr, tls: { serverName: other, anchorsPem: anchor.certPem } });
    try {
      const err = await client.certify(await request()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CertifyCallError);
      expect((err as CertifyCallError).code).toBe(grpc.status.UNAVAILABLE);
      expect((err as Error).message).toContain(`Certify at ${tlsAddr} (${other}) failed`);
    } finally {
      client.close();
    }
  });

  it('refuses a server that does not chain to our anchors, and follows updated anchors', async () => {
    const client = new IdentityClient({ addr: tlsAddr, tls: { serverName: IDENTITY_SVC, anchorsPem: otherAnchor.certPem } });
    try {
      await expect(client.certify(await request())).rejects.toThrow(/UNAVAILABLE/);
      client.updateAnchors(otherAnchor.certPem + anchor.certPem);
      const res = await client.certify(await request());
      expect(res.leafDer.length).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  });

  it('talks plaintext when given no TLS settings, and passes the server status on', async () => {
    const client = new IdentityClient({ addr: plainAddr });
    try {
      expect(client.plaintext).toBe(true);
      const ok = await client.certify(await request());
      expect(ok.leafDer.length).toBeGreaterThan(0);
      const err = await client.certify({ ...(await request()), token: Buffer.from('unknown') }).catch((e: unknown) => e);
      expect((err as CertifyCallError).code).toBe(grpc.status.FAILED_PRECONDITION);
      expect((err as Error).message).toMatch(/\(plaintext\) failed: FAILED_PRECONDITION: authentication token could not be authenticated/);
    } finally {
      client.close();
    }
  });

  it('gives up on a call after its deadline', async () => {
    const client = new IdentityClient({ addr: silentAddr, deadlineMs: 200 });
    try {
      const err = await client.certify(await request()).catch((e: unknown) => e);
      expect((err as CertifyCallError).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    } finally {
      client.close();
    }
  });

  it('rejects a bad address up front and refuses calls once closed', async () => {
    expect(() => new IdentityClient({ addr: 'no-port' })).toThrow(/HOST:PORT/);
    const client = new IdentityClient({ addr: plainAddr });
    client.close();
    await expect(client.certify(await request())).rejects.toThrow(/closed/);
  });
});
