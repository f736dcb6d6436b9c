// `podwire pki mesh | tokens`: a whole development mesh in one go, and the workload tokens that let
// `podwire controller` issue certificates (its tokensFile, plus one token file per workload for
// LINKERD2_PROXY_IDENTITY_TOKEN_FILE). mesh also prints the controller's `identity:` section.
import path from 'node:path';
import { PkiError } from './certs.js';
import { leafDirName, writeMeshFiles, writeTokenFile, writeTokensFile } from './files.js';
import { createMesh } from './mesh.js';
import { createTokens, linkerdIdentityParts, parseWorkload, type WorkloadToken } from './tokens.js';
import {
  COMMON_OPTIONS, DAY_S, UsageError,
  emitSnippet, identitiesOf, optionalPath, overwrite, pathFlag, report, seconds,
  type Subcommand, type Values,
} from './cli-args.js';

const TOKENS_FILE = 'tokens.json';

const mesh: Subcommand = {
  summary: 'anchor + issuer + one leaf per identity (+ --tokens for the controller)',
  help: `Usage: podwire pki mesh --out DIR --identity ID [--identity ID…] [--valid 24h] [--tokens]
                        [--topology-snippet FILE] [--force]

Create a trust anchor, an issuer and one workload certificate per identity:
  DIR/anchor/{ca.crt,ca.key}    DIR/issuer/{ca.crt,ca.key}    DIR/trust-anchors.pem
  DIR/<name>/{tls.crt,tls.key}  where <name> is the identity's first DNS label
                                (or the last path segment of a spiffe:// id)
With --tokens, also what 'podwire controller' needs to issue these identities over Certify:
  DIR/${TOKENS_FILE}               the controller's tokensFile ({"<token>": "<sa>.<ns>"}, mode 0600)
  DIR/<name>/token              that workload's token (LINKERD2_PROXY_IDENTITY_TOKEN_FILE, mode 0600)
Then prints the identity: section of a controller topology that uses DIR/issuer, DIR/trust-anchors.pem
and (with --tokens) DIR/${TOKENS_FILE}, with --valid as its issuanceLifetime.

Keys are written mode 0600, owned by whoever runs this. Before use, give each its owner:
DIR/anchor/ca.key only signs issuers — keep it offline, off every machine that runs podwire;
DIR/issuer/ca.key and DIR/${TOKENS_FILE} belong to the controller's user alone; each DIR/<name>/tls.key
and token to the user of that workload's proxy (deploy/vm/README.md shows a layout).

Options:
  --out DIR            directory to write to (created if missing)
  --identity ID        workload identity; repeat for several workloads
  --valid DURATION     leaf lifetime, e.g. 24h (default 24h)
  --tokens             write controller tokens; every identity must then be a Linkerd identity
                       <sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>
  --topology-snippet FILE
                       write the identity: section to FILE instead of printing it
  --force              overwrite existing files
  -h, --help           show this help
`,
  options: {
    out: { type: 'string' }, identity: { type: 'string', multiple: true }, valid: { type: 'string' },
    tokens: { type: 'boolean' }, 'topology-snippet': { type: 'string' }, ...COMMON_OPTIONS,
  },
  required: ['out', 'identity'],
  async run(v, io) {
    const identities = identitiesOf(v);
    const leafSeconds = seconds(v, DAY_S);
    const plan = v['tokens'] === true ? tokenPlan(identities) : undefined; // flags before any IO
    optionalPath(v, 'topology-snippet');
    const dir = pathFlag(v, 'out');
    const material = await createMesh({ identities, leafValidSeconds: leafSeconds });
    const paths = writeMeshFiles(dir, material, overwrite(v));
    report(io, paths.anchor, paths.issuer, { trustAnchorsFile: paths.trustAnchorsFile }, ...Object.values(paths.leaves));
    let tokensFile: string | undefined;
    if (plan) {
      const tokens = createTokens(plan.workloads.map((w) => w.workload));
      tokensFile = writeTokensFile(path.join(dir, TOKENS_FILE), tokens, overwrite(v));
      report(io, { tokensFile });
      for (const [i, t] of tokens.entries()) {
        const leafDir = paths.leaves[plan.workloads[i]!.leafName]!.dir;
        report(io, { token: writeTokenFile(path.join(leafDir, 'token'), t, overwrite(v)) });
      }
    }
    emitSnippet(v, io, {
      trustAnchorsFile: paths.trustAnchorsFile,
      issuerCertFile: paths.issuer.certFile,
      issuerKeyFile: paths.issuer.keyFile,
      issuanceLifetimeSeconds: leafSeconds,
      ...(tokensFile !== undefined && { tokensFile }),
      ...(plan && { notes: [`these identities need cluster.trustDomain: ${plan.trustDomain} and cluster.controlPlaneNamespace: ${plan.controlPlaneNamespace}`] }),
    });
  },
};

/** Workloads behind the identities, which must share the one trust domain a controller issues for. */
function tokenPlan(identities: readonly string[]): {
  workloads: { workload: string; leafName: string }[]; trustDomain: string; controlPlaneNamespace: string;
} {
  const parts = identities.map((id) => {
    try {
      return { id, ...linkerdIdentityParts(id) };
    } catch (err) {
      throw new UsageError(`--tokens: ${(err as Error).message}`);
    }
  });
  const first = parts[0]!;
  const other = parts.find((p) => p.trustDomain !== first.trustDomain || p.controlPlaneNamespace !== first.controlPlaneNamespace);
  if (other) {
    throw new UsageError(`--tokens: ${first.id} and ${other.id} differ in control-plane namespace or trust domain; one controller issues one`);
  }
  return {
    workloads: parts.map((p) => ({ workload: p.workload, leafName: leafDirName(p.id) })),
    trustDomain: first.trustDomain,
    controlPlaneNamespace: first.controlPlaneNamespace,
  };
}

const tokens: Subcommand = {
  summary: 'workload tokens for the controller      -> DIR/tokens.json, DIR/<sa>.<ns>.token',
  help: `Usage: podwire pki tokens --out DIR (--workload SA.NS | --identity ID)… [--force]

Create one random 256-bit token per workload, for 'podwire controller' (which has no Kubernetes
TokenReview to ask who a workload is):
  DIR/${TOKENS_FILE}         the topology's identity.tokensFile: {"<token>": "<sa>.<ns>", …}
  DIR/<sa>.<ns>.token     the workload's token alone: its proxy's LINKERD2_PROXY_IDENTITY_TOKEN_FILE
All files are mode 0600 (they are secrets). The controller reads the tokens file again whenever
its topology file changes.

Options:
  --out DIR            directory to write to (created if missing)
  --workload SA.NS     a service account and its namespace, e.g. web.shop; repeatable
  --identity ID        or a Linkerd identity, e.g. web.shop.serviceaccount.identity.linkerd.cluster.local
                       (its first two labels are the workload); repeatable
  --force              overwrite existing files (every token changes)
  -h, --help           show this help
`,
  options: { out: { type: 'string' }, workload: { type: 'string', multiple: true }, identity: { type: 'string', multiple: true }, ...COMMON_OPTIONS },
  required: ['out'],
  async run(v, io) {
    const workloads = workloadsOf(v); // flags before any IO
    let list: WorkloadToken[];
    try {
      list = createTokens(workloads);
    } catch (err) {
      if (err instanceof PkiError) throw new UsageError(err.message);
      throw err;
    }
    const dir = pathFlag(v, 'out');
    report(io, { tokensFile: writeTokensFile(path.join(dir, TOKENS_FILE), list, overwrite(v)) });
    for (const t of list) report(io, { token: writeTokenFile(path.join(dir, `${t.workload}.token`), t, overwrite(v)) });
  },
};

function workloadsOf(v: Values): string[] {
  const fromFlag = ((v['workload'] ?? []) as string[]).map((w) => {
    try {
      return parseWorkload(w);
    } catch (err) {
      throw new UsageError(`--workload: ${(err as Error).message}`);
    }
  });
  const fromIds = v['identity'] === undefined ? [] : identitiesOf(v).map((id) => {
    try {
      return linkerdIdentityParts(id).workload;
    } catch (err) {
      throw new UsageError(`--identity: ${(err as Error).message}`);
    }
  });
  const all = [...fromFlag, ...fromIds];
  if (all.length === 0) throw new UsageError('missing required flag --workload (or --identity)');
  return all;
}

export const MESH_COMMANDS: Readonly<Record<string, Subcommand>> = { mesh, tokens };
