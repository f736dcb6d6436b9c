// Which trust anchor does a certificate chain lead to? `podwire pki verify` answers it for the files a
// proxy serves (tls.crt: leaf + issuer), which is the question of a trust-anchor rotation's step 4:
// before the old root leaves the bundles, every chain in use must lead to the new one. The walk is
// the one a proxy's TLS stack makes: from the leaf, through the certificates presented with it,
// to an anchor, each link by issuer name + key identifier and signature, each certificate in date.
import { X509Certificate } from 'node:crypto';
import { pemBlocks } from '../identity/credentials.js';
import { oneLine } from './bundle.js';

export type ChainVerdict =
  | { readonly ok: true; readonly leaf: X509Certificate; readonly path: readonly X509Certificate[]; readonly anchor: X509Certificate }
  | { readonly ok: false; readonly reason: string };

/** Longer than any mesh chain (anchor -> issuer -> leaf); stops loops in hostile input. */
const MAX_DEPTH = 8;

/** Parse every CERTIFICATE block of a PEM text; throws Error naming the entry that is broken. */
export function parseCertificates(text: string, what: string): X509Certificate[] {
  const blocks = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length === 0) throw new Error(`${what}: no PEM certificates found`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b.pem);
    } catch (err) {
      throw new Error(`${what}: certificate #${i + 1} is not a valid X.509 certificate (${(err as Error).message})`, { cause: err });
    }
  });
}

/** Walk `chain` (leaf first) to one of `anchors`, checking signatures and validity at `now`. */
export function chainToAnchor(chain: readonly X509Certificate[], anchors: readonly X509Certificate[], now = new Date()): ChainVerdict {
  const leaf = chain[0];
  if (!leaf) return { ok: false, reason: 'empty chain' };
  const pool = chain.slice(1);
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const expired = outOfDate(current, now);
    if (expired) return { ok: false, reason: expired };
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      const anchorExpired = outOfDate(anchor, now);
      return anchorExpired ? { ok: false, reason: anchorExpired } : { ok: true, leaf, path, anchor };
    }
    const next = pool.find((c) => c.ca && !path.includes(c) && issuedBy(current, c));
    if (!next) {
      return { ok: false, reason: `no trust anchor issued ${describe(current)} (its issuer: ${oneLine(current.issuer)})` };
    }
    path.push(next);
    current = next;
  }
  return { ok: false, reason: `chain is deeper than ${MAX_DEPTH}` };
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

function outOfDate(cert: X509Certificate, now: Date): string | undefined {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now < from) return `${describe(cert)} is not valid before ${from.toISOString()}`;
  if (now > to) return `${describe(cert)} expired at ${to.toISOString()}`;
  return undefined;
}

/** Subject, or the first SAN for subject-less (SPIFFE) leaves. */
export function describe(cert: X509Certificate): string {
  const subject = oneLine(cert.subject);
  if (subject) return subject;
  return cert.subjectAltName ? cert.subjectAltName.split(', ')[0]! : `serial ${cert.serialNumber}`;
}
