// Trust-anchor bundles: the PEM file every proxy watches (PODWIRE_IDENTITY_TRUST_ANCHORS_FILE) and the
// controller's trustAnchorsFile. During a rotation the bundle holds the old and the new root; a
// mistake here is an outage, so building one is strict: only self-signed, currently valid CA
// certificates go in, a private key or a leaf is refused outright (a proxy would skip it with a
// warning and trust less than the operator thinks), and the same root listed twice is kept once.
import { X509Certificate } from 'node:crypto';
import { pemBlocks } from '../identity/credentials.js';
import { PkiError } from './certs.js';

/** One input file's text and where it came from (for error messages). */
export interface BundleInput {
  readonly source: string;
  readonly text: string;
}

export interface BundledAnchor {
  readonly subject: string;
  readonly fingerprint: string;
  readonly notAfter: Date;
  readonly source: string;
}

export interface TrustBundle {
  /** The anchors, PEM, in input order. */
  readonly pem: string;
  readonly anchors: readonly BundledAnchor[];
  /** Certificates left out because an earlier input already had them. */
  readonly duplicates: readonly (BundledAnchor & { readonly firstSource: string })[];
}

/** Combine the roots from `inputs` (each may hold several); throws PkiError naming the file and entry. */
export function buildTrustBundle(inputs: readonly BundleInput[], now = new Date()): TrustBundle {
  if (inputs.length === 0) throw new PkiError('no certificate files to bundle');
  const anchors: (BundledAnchor & { pem: string })[] = [];
  const duplicates: (BundledAnchor & { firstSource: string })[] = [];
  for (const input of inputs) {
    for (const { cert, pem, where } of readRoots(input, now)) {
      const entry = { subject: oneLine(cert.subject), fingerprint: cert.fingerprint256, notAfter: new Date(cert.validTo), source: where };
      const first = anchors.find((a) => a.fingerprint === entry.fingerprint);
      if (first) duplicates.push({ ...entry, firstSource: first.source });
      else anchors.push({ ...entry, pem });
    }
  }
  return {
    pem: anchors.map((a) => a.pem).join(''),
    anchors: anchors.map(({ pem: _pem, ...a }) => a),
    duplicates,
  };
}

function readRoots(input: BundleInput, now: Date): { cert: X509Certificate; pem: string; where: string }[] {
  const blocks = pemBlocks(input.text);
  if (blocks.length === 0) {
    throw new PkiError(`${input.source}: no PEM certificates found (expected "-----BEGIN CERTIFICATE-----" blocks)`);
  }
  return blocks.map((b, i) => {
    const where = blocks.length === 1 ? input.source : `${input.source} (certificate #${i + 1})`;
    if (b.label !== 'CERTIFICATE') {
      throw new PkiError(`${where}: is a "${b.label}" block; a trust bundle holds certificates only`);
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(b.pem);
    } catch (err) {
      throw new PkiError(`${where}: not a valid X.509 certificate (${(err as Error).message})`, { cause: err });
    }
    checkRoot(cert, where, now);
    // Re-encode so stray text inside the input file never reaches the bundle.
    return { cert, pem: cert.toString(), where };
  });
}

function checkRoot(cert: X509Certificate, where: string, now: Date): void {
  const subject = oneLine(cert.subject);
  if (!cert.ca) {
    throw new PkiError(`${where}: ${subject} is not a CA certificate (basicConstraints CA:FALSE); a leaf cannot be a trust anchor`);
  }
  if (!(cert.checkIssued(cert) && cert.verify(cert.publicKey))) {
    throw new PkiError(
      `${where}: ${subject} is an intermediate CA issued by ${oneLine(cert.issuer)}, not a self-signed root; ` +
        'TLS verification only ends at roots, so bundle the root it chains to instead',
    );
  }
  if (new Date(cert.validTo).getTime() < now.getTime()) {
    throw new PkiError(`${where}: ${subject} expired at ${new Date(cert.validTo).toISOString()}; leave it out of the bundle`);
  }
}

/** Node prints DNs one RDN per line. */
export function oneLine(dn: string | undefined): string {
  return (dn ?? '').replace(/\n/g, ', ');
}
