// One-shot creation of a whole mesh PKI in memory: anchor, issuer and one leaf per identity.
// Used by `podwire pki mesh` and by test fixtures; writing to disk is files.ts's job.
import { createIssuer, createLeaf, createTrustAnchor, PkiError, type LeafOptions } from './certs.js';
import { leafDirName, type MeshMaterial } from './files.js';

export interface MeshOptions {
  readonly identities: readonly string[];
  /** Leaf lifetime; default 24h like Linkerd. */
  readonly leafValidSeconds?: number;
}

export async function createMesh(opts: MeshOptions): Promise<MeshMaterial> {
  const names = leafNames(opts.identities);
  const anchor = await createTrustAnchor();
  const issuer = await createIssuer(anchor);
  const leaves: Record<string, MeshMaterial['leaves'][string]> = {};
  for (const [name, identity] of names) {
    const leafOpts: LeafOptions = { identities: [identity], ...(opts.leafValidSeconds !== undefined && { validSeconds: opts.leafValidSeconds }) };
    leaves[name] = { identity, ...(await createLeaf(issuer, leafOpts)) };
  }
  return { anchor, issuer, leaves };
}

/** Directory name per identity; two identities mapping to one directory is an error, not an overwrite. */
function leafNames(identities: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const id of identities) {
    const name = leafDirName(id);
    const clash = names.get(name);
    if (clash !== undefined) {
      throw new PkiError(`identities ${clash} and ${id} would both be written to directory "${name}"`);
    }
    names.set(name, id);
  }
  return names;
}
