// Startup checks of the identity files, reported like environment errors: every problem at once,
// each under the variable that points at the file, with the path, what is wrong and what to do
// (proxy-command.ts prints them and exits 2, as for a bad variable). File mode reads the
// certificate, key and trust anchors and runs every credential check (credentials.ts); Certify mode
// checks the trust anchors (its key and certificate come later, from the identity directory and the
// identity service). Nothing is kept: the identity store loads the files again when the proxy starts.
import fs from 'node:fs';
import type { ConfigProblem, IdentityConfig } from '../config.js';
import { credentialProblems, type CredentialInput } from './credentials.js';
import type { IdentityError } from './id.js';

const CERT_VAR = 'PODWIRE_IDENTITY_CERT_FILE';
const KEY_VAR = 'PODWIRE_IDENTITY_KEY_FILE';
const ANCHORS_FILE_VAR = 'PODWIRE_IDENTITY_TRUST_ANCHORS_FILE';
const ANCHORS_INLINE_VAR = 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS';
const LOCAL_NAME_VAR = 'LINKERD2_PROXY_IDENTITY_LOCAL_NAME';
/** What ConfigError shows as the value of the inline anchors variable (never the PEM itself). */
const INLINE_PEM = '<inline PEM>';

/** One input: the variable naming it, its value as shown, and its text when it could be read. */
interface Source {
  readonly name: string;
  readonly shown: string;
  readonly text?: string;
}

export function identityFileProblems(cfg: IdentityConfig, now: Date = new Date()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const read = (name: string, file: string): Source => {
    try {
      return { name, shown: file, text: fs.readFileSync(file, 'utf8') };
    } catch (err) {
      problems.push({ name, value: file, why: unreadable(err as NodeJS.ErrnoException) });
      return { name, shown: file };
    }
  };
  // Read in the order they are listed (certificate, key, anchors), so the report is in that order.
  const chain = cfg.mode === 'files' ? read(CERT_VAR, cfg.certFile) : { name: CERT_VAR, shown: '' };
  const key = cfg.mode === 'files' ? read(KEY_VAR, cfg.keyFile) : { name: KEY_VAR, shown: '' };
  const anchors = cfg.trustAnchorsFile !== undefined
    ? read(ANCHORS_FILE_VAR, cfg.trustAnchorsFile)
    : { name: ANCHORS_INLINE_VAR, shown: INLINE_PEM, text: cfg.trustAnchorsPem ?? '' };
  const sources: Record<Exclude<CredentialInput, 'localId'>, Source> = { chain, key, anchors };
  const found = credentialProblems({
    chainPem: chain.text ?? '',
    keyPem: key.text ?? '',
    anchorsPem: anchors.text ?? '',
    localId: cfg.localName,
    now,
  });
  for (const { input, error } of found) {
    if (input === 'localId') continue; // config.ts has checked the name itself
    const source = sources[input];
    if (source.text === undefined) continue; // unreadable (already reported) or not a file here (Certify)
    problems.push({ name: source.name, value: source.shown, why: `${error.message}; ${whatToDo(error, sources, cfg.localName)}` });
  }
  return problems;
}

function unreadable(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file: check the path (in a pod, the secret volume\'s mount path and key name)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: make it readable by the user the proxy runs as (uid ${process.getuid?.() ?? '?'})`;
    case 'EISDIR':
      return 'is a directory: point the variable at the file inside it';
    default:
      return `cannot be read (${err.message})`;
  }
}

function whatToDo(error: IdentityError, s: Record<Exclude<CredentialInput, 'localId'>, Source>, localName: string): string {
  switch (error.code) {
    case 'no_certificate':
    case 'bad_certificate':
      return 'it must hold the PEM leaf certificate followed by its intermediates (a TLS secret\'s tls.crt)';
    case 'bad_key':
    case 'unsupported_key':
      return 'it must hold the leaf\'s unencrypted PEM ECDSA P-256 private key (a TLS secret\'s tls.key)';
    case 'key_mismatch':
      return `it is not the key of the certificate in ${s.chain.name} (${s.chain.shown}): point both variables at the same pair, or issue a certificate for this key`;
    case 'identity_not_in_certificate':
      return `issue a certificate for ${localName}, or set ${LOCAL_NAME_VAR} to the identity the certificate carries`;
    case 'expired':
    case 'not_yet_valid':
      return s.anchors.text !== undefined && error.message.startsWith('trust anchor')
        ? 'replace the trust anchors with the mesh\'s current ones'
        : 'issue a current certificate (e.g. `podwire pki` or the mesh\'s issuer); a replaced file is picked up without a restart once the proxy runs';
    case 'untrusted':
      return `it must be issued, through the intermediates in the file, by one of the trust anchors in ${s.anchors.name}${s.anchors.shown === INLINE_PEM ? '' : ` (${s.anchors.shown})`}: add the missing intermediates, or fix the anchors`;
    case 'no_trust_anchors':
      return 'it must hold the mesh\'s trust anchors as PEM CERTIFICATE blocks (the bundle every proxy of the mesh trusts)';
    default:
      return 'fix the file and start the proxy again';
  }
}
