// Certificates for every scenario from podwire's own pki: one ECDSA P-256 trust anchor and issuer,
// and a leaf per proxy. HAProxy wants certificate chain and key in one PEM file, so that is written too.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { writeLeafFiles, writePemFile, CERT_MODE } from '../../proxy/pki/files.js';

export interface BenchLeaf {
  readonly identity: string;
  /** Leaf + issuer chain. */
  readonly certFile: string;
  readonly keyFile: string;
  /** Chain followed by the key (HAProxy's `crt`). */
  readonly combinedFile: string;
}

export interface BenchPki {
  readonly anchorsFile: string;
  issue(name: string, identity: string): Promise<BenchLeaf>;
}

export async function createBenchPki(dir: string): Promise<BenchPki> {
  const anchor = await createTrustAnchor({ commonName: 'root.bench.podwire' });
  const issuer: CertKeyPair = await createIssuer(anchor, { commonName: 'identity.linkerd.bench.podwire' });
  const anchorsFile = path.join(dir, 'trust-anchors.pem');
  writePemFile(anchorsFile, anchor.certPem, CERT_MODE);
  return {
    anchorsFile,
    async issue(name, identity) {
      const bundle = await createLeaf(issuer, { identities: [identity] });
      const paths = writeLeafFiles(path.join(dir, 'certs', name), bundle);
      const combinedFile = path.join(paths.dir, 'combined.pem');
      writeFileSync(combinedFile, bundle.chainPem.trimEnd() + '\n' + bundle.keyPem, { mode: 0o600 });
      return { identity, certFile: paths.certFile, keyFile: paths.keyFile, combinedFile };
    },
  };
}

/** Linkerd's identity form, in the bench's trust domains. */
export function benchIdentity(sa: string, ns: string, trustDomain: string): string {
  return `${sa}.${ns}.serviceaccount.identity.linkerd.${trustDomain}`;
}
