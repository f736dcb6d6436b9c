// `podwire pki bundle | verify`: the two trust-anchor rotation helpers that work on files in use.
// bundle builds the anchors file proxies and the controller watch (old + new root, later new only);
// verify answers "which root does this chain lead to?" for the chains proxies present, which is how
// an operator knows no workload still depends on the root about to be removed.
import fs from 'node:fs';
import path from 'node:path';
import { PkiError } from './certs.js';
import { buildTrustBundle, oneLine } from './bundle.js';
import { chainToAnchor, describe, parseCertificates } from './chains.js';
import { CERT_MODE, writePemFile } from './files.js';
import { COMMON_OPTIONS, pathFlag, overwrite, readInput, UsageError, type Subcommand } from './cli-args.js';

const bundle: Subcommand = {
  summary: 'combine trust anchors into one bundle   -> FILE (deduplicated, roots only)',
  help: `Usage: podwire pki bundle --out FILE [--force] CERT_FILE|CA_DIR [CERT_FILE|CA_DIR…]

Write the trust anchors found in the given PEM files (or CA directories: their ca.crt) to FILE
(mode 0644), in order, each root once. This is the file proxies watch
(PODWIRE_IDENTITY_TRUST_ANCHORS_FILE) and the controller's identity.trustAnchorsFile: during a
rotation it holds the old and the new root, afterwards the new one only. With --force an
existing FILE is replaced atomically (a watcher never sees half a bundle).

Refused, with the file and entry named: anything that is not a PEM certificate (a private key,
garbage), a certificate that is not a CA (a workload leaf), an intermediate CA (verification
ends at self-signed roots: bundle the root instead), an expired root.

Options:
  --out FILE           the bundle to write
  --force              replace an existing FILE
  -h, --help           show this help
`,
  options: { out: { type: 'string' }, ...COMMON_OPTIONS },
  required: ['out'],
  positionals: true,
  async run(v, io, files) {
    const inputs = files.map((f) => ({ source: f, text: readInput(certFileOf(f, ['ca.crt'])) }));
    const result = buildTrustBundle(inputs);
    const out = pathFlag(v, 'out');
    writePemFile(out, result.pem, CERT_MODE, overwrite(v));
    io.stdout.write(`wrote ${out} (${result.anchors.length} trust anchor${result.anchors.length === 1 ? '' : 's'})\n`);
    for (const a of result.anchors) io.stdout.write(`  ${a.subject}  sha256 ${a.fingerprint}  expires ${a.notAfter.toISOString()}\n`);
    for (const d of result.duplicates) io.stdout.write(`skipped ${d.source}: ${d.subject} is already in the bundle (from ${d.firstSource})\n`);
  },
};

const verify: Subcommand = {
  summary: 'which anchor each chain leads to (exit 1 if one leads to none)',
  help: `Usage: podwire pki verify --anchors FILE CHAIN_FILE|DIR [CHAIN_FILE|DIR…]

For each certificate chain (a proxy's tls.crt: leaf then issuer; a directory means its tls.crt,
else its ca.crt), say which trust anchor in --anchors FILE it leads to, checking signatures and
validity dates the way a peer's TLS stack does. Exits 0 when every chain leads to an anchor in
FILE, 1 otherwise. Before removing an old root (README "Rotating trust anchors", step 5), run it
with only the new root: every chain still in use must pass.

Options:
  --anchors FILE       PEM trust anchors (a bundle, or one anchor's ca.crt)
  -h, --help           show this help
`,
  options: { anchors: { type: 'string' }, help: COMMON_OPTIONS.help },
  required: ['anchors'],
  positionals: true,
  async run(v, io, files) {
    const anchorsFile = pathFlag(v, 'anchors');
    const anchors = parseCertificates(readInput(anchorsFile), anchorsFile);
    let failed = 0;
    for (const f of files) {
      const file = certFileOf(f, ['tls.crt', 'ca.crt']);
      const verdict = chainToAnchor(parseCertificates(readInput(file), file), anchors);
      if (verdict.ok) {
        const via = verdict.path.slice(1).map(describe);
        io.stdout.write(`${file}: OK ${[describe(verdict.leaf), ...via, oneLine(verdict.anchor.subject)].join(' -> ')} ` +
          `(anchor sha256 ${verdict.anchor.fingerprint256}); ${describe(verdict.leaf)} expires ${new Date(verdict.leaf.validTo).toISOString()}\n`);
      } else {
        failed++;
        io.stdout.write(`${file}: NOT TRUSTED by ${anchorsFile}: ${verdict.reason}\n`);
      }
    }
    if (failed > 0) throw new PkiError(`${failed} of ${files.length} chain(s) do not lead to an anchor in ${anchorsFile}`);
  },
};

/** A file as given, or the first of `names` inside a directory. */
function certFileOf(arg: string, names: readonly string[]): string {
  const abs = path.resolve(arg);
  let isDir = false;
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch {
    return abs; // readInput reports the missing file
  }
  if (!isDir) return abs;
  const found = names.map((n) => path.join(abs, n)).find((f) => fs.existsSync(f));
  if (!found) throw new UsageError(`${abs} is a directory without ${names.join(' or ')}`);
  return found;
}

export const ROTATION_COMMANDS: Readonly<Record<string, Subcommand>> = { bundle, verify };
