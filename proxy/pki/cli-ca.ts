// `podwire pki anchor | issuer | cross-sign | leaf`: one certificate at a time, each read from and
// written to CA directories (ca.crt + ca.key) or workload directories (tls.crt + tls.key). issuer
// and cross-sign also print the `identity:` section that points `podwire controller` at the result.
import { createIssuer, createLeaf, createTrustAnchor, DEFAULT_ANCHOR_DAYS, DEFAULT_ISSUER_DAYS } from './certs.js';
import { crossSignIssuer } from './cross-sign.js';
import { caPaths, readCaFiles, writeCaFiles, writeLeafFiles } from './files.js';
import {
  COMMON_OPTIONS, DAY_S, SNIPPET_HELP, SNIPPET_OPTIONS,
  cn, days, emitSnippet, identitiesOf, optionalPath, overwrite, pathFlag, report, seconds, validSeconds,
  type Subcommand, type Values,
} from './cli-args.js';

const anchor: Subcommand = {
  summary: 'create a self-signed trust anchor       -> DIR/ca.crt, DIR/ca.key',
  help: `Usage: podwire pki anchor --out DIR [--common-name CN] [--valid 3650d] [--force]

Create a self-signed trust anchor (root CA) and write DIR/ca.crt and DIR/ca.key (mode 0600).
For a trust-anchor rotation, this is the new root (step 1 in README "Rotating trust anchors").

Options:
  --out DIR            directory to write to (created if missing)
  --common-name CN     subject CN (default root.linkerd.cluster.local)
  --valid DURATION     lifetime, e.g. 3650d, 8760h (default ${DEFAULT_ANCHOR_DAYS}d)
  --force              overwrite existing files
  -h, --help           show this help
`,
  options: { out: { type: 'string' }, 'common-name': { type: 'string' }, valid: { type: 'string' }, ...COMMON_OPTIONS },
  required: ['out'],
  async run(v, io) {
    const pair = await createTrustAnchor({ ...cn(v), validDays: days(v, DEFAULT_ANCHOR_DAYS) });
    report(io, writeCaFiles(pathFlag(v, 'out'), pair, overwrite(v)));
  },
};

const issuer: Subcommand = {
  summary: 'create an issuer signed by an anchor    -> DIR/ca.crt, DIR/ca.key',
  help: `Usage: podwire pki issuer --anchor DIR --out DIR [--common-name CN] [--valid 365d] [--force]
                          [--topology-snippet FILE] [--trust-anchors FILE] [--tokens-file FILE]

Create an issuer (intermediate CA, pathLen 0) signed by the trust anchor in --anchor DIR
(ca.crt + ca.key) and write DIR/ca.crt and DIR/ca.key (mode 0600). Then print the identity:
section of a 'podwire controller' topology that signs workload certificates with it.
For a trust-anchor rotation, '--anchor NEW_ANCHOR_DIR' re-issues the issuer under the new root
(a new key; compare 'podwire pki cross-sign', which keeps the old one).

Options:
  --anchor DIR         directory holding the anchor's ca.crt and ca.key
  --out DIR            directory to write to (created if missing)
  --common-name CN     subject CN (default identity.linkerd.cluster.local)
  --valid DURATION     lifetime, e.g. 365d (default ${DEFAULT_ISSUER_DAYS}d; clamped to the anchor's)
  --force              overwrite existing files
${SNIPPET_HELP}
  -h, --help           show this help
`,
  options: {
    anchor: { type: 'string' }, out: { type: 'string' }, 'common-name': { type: 'string' }, valid: { type: 'string' },
    ...SNIPPET_OPTIONS, ...COMMON_OPTIONS,
  },
  required: ['anchor', 'out'],
  async run(v, io) {
    const opts = { ...cn(v), validDays: days(v, DEFAULT_ISSUER_DAYS) }; // flags before any IO
    const anchorDir = pathFlag(v, 'anchor');
    const snippet = snippetFlags(v, anchorDir);
    const pair = await createIssuer(readCaFiles(anchorDir), opts);
    const written = writeCaFiles(pathFlag(v, 'out'), pair, overwrite(v));
    report(io, written);
    emitSnippet(v, io, { ...snippet, issuerCertFile: written.certFile, issuerKeyFile: written.keyFile });
  },
};

const crossSign: Subcommand = {
  summary: 'cross-sign an issuer under a new anchor -> DIR/ca.crt, DIR/ca.key (same key)',
  help: `Usage: podwire pki cross-sign --issuer OLD_ISSUER_DIR --anchor NEW_ANCHOR_DIR --out DIR [--valid DURATION]
                              [--force] [--topology-snippet FILE] [--trust-anchors FILE] [--tokens-file FILE]

Issue a second certificate for an existing issuer, signed by a new trust anchor: same subject,
same public key and key identifier, new parent. Writes DIR/ca.crt (the cross-signed certificate)
and DIR/ca.key (a copy of the issuer's key, mode 0600), so DIR works wherever an issuer
directory does ('podwire pki leaf --issuer DIR', the controller's issuerCertFile/issuerKeyFile).
Then prints the controller's identity: section for it.

Every leaf the issuer key signed (before or after) verifies under the new anchor when presented
with DIR/ca.crt, and under the old anchor with the old issuer certificate. Use it when the issuer
key must stay (it lives in an HSM, Vault or an external CA), or to move existing leaves to the new
anchor without re-issuing them (tls.crt = the leaf, then DIR/ca.crt). Otherwise
'podwire pki issuer --anchor NEW_ANCHOR_DIR' (a new key) is simpler. See README "Rotating trust
anchors".

Options:
  --issuer DIR         the existing issuer's directory (ca.crt + ca.key)
  --anchor DIR         the new trust anchor's directory (ca.crt + ca.key)
  --out DIR            directory to write to (created if missing)
  --valid DURATION     lifetime from now (default: until the old issuer certificate expires;
                       clamped to the anchor's)
  --force              overwrite existing files
${SNIPPET_HELP}
  -h, --help           show this help
`,
  options: {
    issuer: { type: 'string' }, anchor: { type: 'string' }, out: { type: 'string' }, valid: { type: 'string' },
    ...SNIPPET_OPTIONS, ...COMMON_OPTIONS,
  },
  required: ['issuer', 'anchor', 'out'],
  async run(v, io) {
    const opts = validSeconds(v); // flags before any IO
    const anchorDir = pathFlag(v, 'anchor');
    const snippet = snippetFlags(v, anchorDir);
    const pair = await crossSignIssuer(readCaFiles(pathFlag(v, 'issuer')), readCaFiles(anchorDir), opts);
    const written = writeCaFiles(pathFlag(v, 'out'), pair, overwrite(v));
    report(io, written);
    emitSnippet(v, io, { ...snippet, issuerCertFile: written.certFile, issuerKeyFile: written.keyFile });
  },
};

const leaf: Subcommand = {
  summary: 'create a workload certificate           -> DIR/tls.crt (leaf+issuer), DIR/tls.key',
  help: `Usage: podwire pki leaf --issuer DIR --identity ID [--identity ID…] --out DIR [--valid 24h] [--force]

Create a workload certificate signed by the issuer in --issuer DIR (ca.crt + ca.key) and write
DIR/tls.crt (leaf followed by the issuer: what the proxy serves) and DIR/tls.key (mode 0600).
With --force on a proxy's watched files, the proxy rotates to it without a restart.

Options:
  --issuer DIR         directory holding the issuer's ca.crt and ca.key
  --identity ID        a Linkerd identity, e.g. web.default.serviceaccount.identity.linkerd.cluster.local
                       (DNS SAN; the first one is also the CN) or spiffe://td/ns/default/sa/web (URI SAN).
                       Repeat for several SANs.
  --out DIR            directory to write to (created if missing)
  --valid DURATION     lifetime, e.g. 24h, 90m, 7d (default 24h; clamped to the issuer's)
  --force              overwrite existing files
  -h, --help           show this help
`,
  options: {
    issuer: { type: 'string' }, identity: { type: 'string', multiple: true }, out: { type: 'string' }, valid: { type: 'string' },
    ...COMMON_OPTIONS,
  },
  required: ['issuer', 'identity', 'out'],
  async run(v, io) {
    const opts = { identities: identitiesOf(v), validSeconds: seconds(v, DAY_S) }; // flags before any IO
    const bundle = await createLeaf(readCaFiles(pathFlag(v, 'issuer')), opts);
    report(io, writeLeafFiles(pathFlag(v, 'out'), bundle, overwrite(v)));
  },
};

/** The snippet's paths that come from flags, read before anything is written. */
function snippetFlags(v: Values, anchorDir: string): { trustAnchorsFile: string; tokensFile?: string } {
  optionalPath(v, 'topology-snippet');
  const tokensFile = optionalPath(v, 'tokens-file');
  return {
    trustAnchorsFile: optionalPath(v, 'trust-anchors') ?? caPaths(anchorDir).certFile,
    ...(tokensFile !== undefined && { tokensFile }),
  };
}

export const CA_COMMANDS: Readonly<Record<string, Subcommand>> = { anchor, issuer, 'cross-sign': crossSign, leaf };
