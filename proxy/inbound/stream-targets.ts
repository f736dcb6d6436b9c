// What every connection (or mux stream) arriving on one accepted connection shares per target
// port, worked out once: the local target and its text, the policy client (the connection's peer
// IP and verified identity), the TLS labels and the transport-header labels, and the accepted-side
// label set under the Server last in force. A multiplexed connection carries all its streams from
// one client, usually to one port, so each stream reuses the answers, and the label sets' string
// keys are not rebuilt per stream (with enforce.ts's last allow set: 18.8 → 17.5 KB allocated per
// stream by the inbound proxy, lab, 2026-12-06).
// The entries are pure functions of the connection and the header, except the label set, which is
// kept together with the Server metadata it was made for and rebuilt when policy hands out another.
import type net from 'node:net';
import type { TransportLabels } from '../metrics.js';
import type { PolicyClient, PolicyMeta } from '../policy/types.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import type { TransportHeader } from '../transport/header.js';
import { inboundServerLabels, transportHeaderLabels, type TlsAcceptLabels, type TransportHeaderLabels } from '../transport-labels.js';

/** Ports remembered per connection; a client that ranges over more starts the memo over. */
const MAX_PORTS = 64;

export interface StreamTarget {
  /** Where the header's port is delivered. */
  readonly target: SocketAddr;
  /** `target` for the access log. */
  readonly targetText: string;
  /** Who asks, for policy. */
  readonly client: PolicyClient;
  /** inbound_tcp_transport_header_connections_total's set for a header without a session protocol. */
  readonly headerLabels: TransportHeaderLabels;
  /** The accepted side's transport labels under `server` (srcLabels). */
  labels?: TransportLabels;
  server?: PolicyMeta;
}

export class StreamTargets {
  private readonly byPort = new Map<number, StreamTarget>();
  private readonly client: PolicyClient;
  private readonly tls: TlsAcceptLabels;

  constructor(
    /** Where the header's port goes, from the accepted socket (handle.ts inboundTarget; throws ProxyError). */
    private readonly targetOf: (header: TransportHeader) => SocketAddr,
    clientIp: string,
    private readonly clientId: string,
  ) {
    this.client = { ip: clientIp, tls: { identity: clientId } };
    this.tls = { tls: 'true', client_id: clientId };
  }

  /** The target of `header` (throws as targetOf does, remembering nothing then). */
  of(header: TransportHeader): StreamTarget {
    // A header that names a target is refused by targetOf every time (the gateway takes it before).
    if (header.name !== undefined) this.targetOf(header);
    let entry = this.byPort.get(header.port);
    if (entry === undefined) {
      const target = this.targetOf(header);
      if (this.byPort.size >= MAX_PORTS) this.byPort.clear();
      entry = {
        target, targetText: formatAddr(target), client: this.client,
        headerLabels: transportHeaderLabels({ port: header.port }, this.clientId),
      };
      this.byPort.set(header.port, entry);
    }
    return entry;
  }

  /** The header's labels: the remembered set unless the header carries a session protocol. */
  headerLabels(entry: StreamTarget, header: TransportHeader): TransportHeaderLabels {
    return header.sessionProtocol === undefined ? entry.headerLabels : transportHeaderLabels(header, this.clientId);
  }

  /** The accepted side's transport labels under `server` (inboundServerLabels), kept per entry. */
  srcLabels(entry: StreamTarget, server: PolicyMeta): TransportLabels {
    if (entry.server !== server || entry.labels === undefined) {
      entry.labels = inboundServerLabels(entry.target, this.tls, server);
      entry.server = server;
    }
    return entry.labels;
  }
}
