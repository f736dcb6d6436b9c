// Cross-signing an issuer under a new trust anchor, for trust-anchor rotation. The result is a second
// certificate for the *same* CA: the old issuer's subject, public key and extensions (so its Subject
// Key Identifier too), signed by the new anchor. Every leaf the old issuer key ever signed names that
// subject and key id as its issuer, so it verifies against either issuer certificate: under the old
// anchor through the original, under the new anchor through the cross-signed one. The issuer keeps
// its key; only the certificate a workload presents next to its leaf decides which root it leads to.
import { x509 } from './x509.js';
import { CLOCK_SKEW_MS, PkiError, SIGN_ALG, clampTo, loadSigner, randomSerial, type CertKeyPair } from './certs.js';

export interface CrossSignOptions {
  /** Lifetime from now; default: until the old issuer certificate's own notAfter. Clamped to the anchor's. */
  readonly validSeconds?: number;
  /** Clock (tests). */
  readonly now?: Date;
}

const AKI_OID = '2.5.29.35';

/**
 * A certificate for `issuer`'s subject and key, issued by `anchor`. Returns that certificate with the
 * issuer's own (unchanged) private key, so the pair is a complete CA for `pki leaf` or the controller.
 */
export async function crossSignIssuer(issuer: CertKeyPair, anchor: CertKeyPair, opts: CrossSignOptions = {}): Promise<CertKeyPair> {
  const old = await loadSigner(issuer, 'issuer');
  const parent = await loadSigner(anchor, 'anchor');
  requireCa(old.cert, 'issuer');
  requireCa(parent.cert, 'anchor');
  if (await selfSigned(old.cert)) {
    throw new PkiError(
      `issuer certificate (${old.cert.subject}) is a self-signed root; cross-sign the issuer beneath it ` +
        '(the new anchor allows one issuer level, not an old root plus its issuer)',
    );
  }
  if (Buffer.from(old.cert.publicKey.rawData).equals(Buffer.from(parent.cert.publicKey.rawData))) {
    throw new PkiError(`issuer and anchor share one key (${parent.cert.subject}): pass the new anchor's directory as --anchor`);
  }
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const wanted = opts.validSeconds !== undefined ? new Date(now.getTime() + opts.validSeconds * 1000) : old.cert.notAfter;
  const notAfter = clampTo(wanted, parent.cert.notAfter);
  if (notAfter.getTime() <= now.getTime()) {
    throw new PkiError(
      `the cross-signed issuer would already be expired (not after ${notAfter.toISOString()}): ` +
        'the old issuer or the new anchor has expired; pass --valid to choose a lifetime, or issue a new issuer',
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: old.cert.subjectName,
    issuer: parent.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: old.cert.publicKey,
    signingKey: parent.key,
    signingAlgorithm: SIGN_ALG,
    // Verbatim copies keep the Subject Key Identifier byte-identical even when another tool (step,
    // openssl, cert-manager) made the old issuer: leaves carry it as their Authority Key Identifier.
    extensions: [...old.cert.extensions.filter((e) => e.type !== AKI_OID), await authorityKeyId(parent.cert)],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: issuer.keyPem };
}

function requireCa(cert: x509.X509Certificate, role: string): void {
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca !== true) {
    throw new PkiError(`${role} certificate (${cert.subject}) is not a CA certificate (no basicConstraints CA:TRUE)`);
  }
}

async function selfSigned(cert: x509.X509Certificate): Promise<boolean> {
  return cert.subject === cert.issuer && (await cert.verify({ signatureOnly: true }).catch(() => false));
}

/** Point at the anchor by its own Subject Key Identifier when it has one (what verifiers match). */
async function authorityKeyId(anchor: x509.X509Certificate): Promise<x509.Extension> {
  const ski = anchor.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? new x509.AuthorityKeyIdentifierExtension(ski.keyId) : x509.AuthorityKeyIdentifierExtension.create(anchor.publicKey);
}
