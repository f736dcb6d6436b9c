// How a link reaches the remote cluster's controller: its address, the identity its certificate
// must carry, and the TLS material we dial with.
//
// The material is the link's own `tls` files where given, else the local controller's:
// - client certificate and key: `links[].tls.certFile/keyFile`, else `controller.identity` (the
//   local controller's serving identity; remote controllers do not require a client certificate,
//   as Linkerd's do not, but presenting one lets a remote authorise links if it ever wants to);
// - trust anchors: `links[].tls.trustAnchorsFile`, else `identity.trustAnchorsFile`. Linked
//   clusters share a trust anchor in every mode (pod-to-pod needs it, and so does the gateway
//   mode: the client proxy verifies the gateway identity with its own anchors), so the local
//   anchors normally verify the remote controller too.
// Without that material a link cannot be dialled securely: it is reported (logged, link down), and
// only `insecure: true` on the link allows plaintext, for tests and development.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DestinationTls } from '../discovery-client/credentials.js';
import type { LinkSpec, Topology } from './topology-types.js';

export interface LinkConnection {
  readonly addr: string;
  /** The remote controller's identity (checked against its certificate's SANs). */
  readonly serverName: string;
  readonly insecure: boolean;
  /** TLS material; absent for insecure links and when `error` is set. */
  readonly tls?: DestinationTls;
  /** Why the link cannot be dialled (missing or unreadable TLS material). */
  readonly error?: string;
}

/** The connection settings of `link` under `topology`; never throws (problems land in `error`). */
export function linkConnection(topology: Topology, link: LinkSpec): LinkConnection {
  const base = { addr: link.controller.addr, serverName: link.controller.identity, insecure: link.insecure === true };
  if (base.insecure) return base;
  const own = link.tls;
  const cert = own?.certFile !== undefined && own.keyFile !== undefined
    ? { certFile: own.certFile, keyFile: own.keyFile }
    : topology.controller.identity;
  const anchors = own?.trustAnchorsFile ?? topology.identity?.trustAnchorsFile;
  const missing = [
    ...(cert ? [] : ['a client certificate (links[].tls.certFile/keyFile or controller.identity)']),
    ...(anchors !== undefined ? [] : ['trust anchors (links[].tls.trustAnchorsFile or identity.trustAnchorsFile)']),
  ];
  if (missing.length > 0 || !cert || anchors === undefined) {
    return {
      ...base,
      error: `link ${link.cluster} needs TLS material: no ${missing.join(' and no ')}; ` +
        'set `insecure: true` on the link for plaintext in tests',
    };
  }
  try {
    return {
      ...base,
      tls: {
        certPem: readFileSync(cert.certFile, 'utf8'),
        keyPem: readFileSync(cert.keyFile, 'utf8'),
        caPem: readFileSync(anchors, 'utf8'),
      },
    };
  } catch (err) {
    return { ...base, error: `link ${link.cluster}: cannot read TLS material: ${(err as Error).message}` };
  }
}

/** Same remote, same identity, same security mode: a working connection can be kept. */
export function sameRemote(a: LinkConnection, b: LinkConnection): boolean {
  return a.addr === b.addr && a.serverName === b.serverName && a.insecure === b.insecure;
}

/** A digest of the TLS material, to tell a rotated certificate from an unchanged one. */
export function tlsDigest(c: LinkConnection): string {
  if (!c.tls) return '';
  return createHash('sha256').update(c.tls.certPem).update('\0').update(c.tls.keyPem).update('\0').update(c.tls.caPem).digest('hex');
}
