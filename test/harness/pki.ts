// Test PKI fixtures built with podwire's own pki library: one mesh CA with leaves for the usual roles,
// plus the broken cases identity code must reject (unrelated CA, wrong SAN, expired).
// Key generation is cheap but not free, so the PEMs are made once per process and only the files
// are written per call (each test gets its own directory it may modify).
import path from 'node:path';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair, type LeafBundle } from '../../proxy/pki/certs.js';
import { writeCaFiles, writeLeafFiles, writePemFile, CERT_MODE } from '../../proxy/pki/files.js';

export const IDS = {
  client: 'client.default.serviceaccount.identity.linkerd.cluster.local',
  server: 'server.default.serviceaccount.identity.linkerd.cluster.local',
  other: 'other.default.serviceaccount.identity.linkerd.cluster.local',
  impostor: 'impostor.default.serviceaccount.identity.linkerd.cluster.local',
  spiffeClient: 'spiffe://cluster.local/ns/default/sa/client',
} as const;

export type LeafRole = 'client' | 'server' | 'other' | 'spiffeClient' | 'wrongCa' | 'wrongSan' | 'expired';

export interface TestLeaf extends LeafBundle {
  /** The identity the test would configure as localId / expect from this leaf. */
  readonly id: string;
  readonly dir: string;
  /** tls.crt: leaf + issuer chain. */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TestCa {
  readonly anchor: CertKeyPair;
  readonly issuer: CertKeyPair;
  /** Anchor certificate PEM (the trust bundle). */
  readonly anchorsPem: string;
  readonly anchorsFile: string;
}

export interface TestPki {
  readonly dir: string;
  /** The mesh CA everything except wrongCa chains to. */
  readonly ca: TestCa;
  /** An unrelated CA; leaves.wrongCa is signed by it. */
  readonly otherCa: TestCa;
  /**
   * client/server/other/spiffeClient: good leaves of the mesh CA.
   * wrongCa: `client`'s identity, but issued by otherCa.
   * wrongSan: mesh CA, SAN `impostor…`, but `id` says `client` (what a test would wrongly configure).
   * expired: `client`'s identity, mesh CA, expired an hour ago.
   */
  readonly leaves: Readonly<Record<LeafRole, TestLeaf>>;
}

interface Material {
  ca: { anchor: CertKeyPair; issuer: CertKeyPair };
  otherCa: { anchor: CertKeyPair; issuer: CertKeyPair };
  leaves: Record<LeafRole, LeafBundle & { id: string }>;
}

let cached: Promise<Material> | undefined;

/** Write a fresh copy of the per-process test PKI under `tmpDir`. */
export async function makeTestPki(tmpDir: string): Promise<TestPki> {
  cached ??= generate();
  const m = await cached;
  const ca = writeCa(path.join(tmpDir, 'ca'), m.ca);
  const otherCa = writeCa(path.join(tmpDir, 'other-ca'), m.otherCa);
  const leaves = {} as Record<LeafRole, TestLeaf>;
  for (const [role, bundle] of Object.entries(m.leaves) as [LeafRole, Material['leaves'][LeafRole]][]) {
    const paths = writeLeafFiles(path.join(tmpDir, role), bundle);
    leaves[role] = { ...bundle, dir: paths.dir, certFile: paths.certFile, keyFile: paths.keyFile };
  }
  return { dir: tmpDir, ca, otherCa, leaves };
}

/** Make a fresh leaf from the mesh issuer (e.g. a rotated certificate for the same identity). */
export async function issueLeaf(identities: string[], opts: { validSeconds?: number } = {}): Promise<LeafBundle> {
  cached ??= generate();
  const m = await cached;
  return createLeaf(m.ca.issuer, { identities, ...opts });
}

function writeCa(dir: string, pair: { anchor: CertKeyPair; issuer: CertKeyPair }): TestCa {
  writeCaFiles(path.join(dir, 'anchor'), pair.anchor);
  writeCaFiles(path.join(dir, 'issuer'), pair.issuer);
  const anchorsFile = path.join(dir, 'trust-anchors.pem');
  writePemFile(anchorsFile, pair.anchor.certPem, CERT_MODE);
  return { ...pair, anchorsPem: pair.anchor.certPem, anchorsFile };
}

async function generate(): Promise<Material> {
  const ca = await makeCa('root.linkerd.cluster.local');
  const otherCa = await makeCa('root.other-mesh.example');
  const hourAgo = Date.now() - 3_600_000;
  const leaf = (issuer: CertKeyPair, ids: string[], id = ids[0]!) => createLeaf(issuer, { identities: ids }).then((b) => ({ ...b, id }));
  const [client, server, other, spiffeClient, wrongCa, wrongSan, expired] = await Promise.all([
    leaf(ca.issuer, [IDS.client]),
    leaf(ca.issuer, [IDS.server]),
    leaf(ca.issuer, [IDS.other]),
    leaf(ca.issuer, [IDS.spiffeClient]),
    leaf(otherCa.issuer, [IDS.client]),
    leaf(ca.issuer, [IDS.impostor], IDS.client),
    createLeaf(ca.issuer, { identities: [IDS.client], notBefore: new Date(hourAgo - 3_600_000), validSeconds: 3600 }).then((b) => ({ ...b, id: IDS.client })),
  ]);
  return { ca, otherCa, leaves: { client, server, other, spiffeClient, wrongCa, wrongSan, expired } };
}

async function makeCa(cn: string): Promise<{ anchor: CertKeyPair; issuer: CertKeyPair }> {
  const anchor = await createTrustAnchor({ commonName: cn });
  const issuer = await createIssuer(anchor, { commonName: `identity.${cn}` });
  return { anchor, issuer };
}
