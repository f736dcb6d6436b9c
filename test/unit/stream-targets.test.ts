// Per-connection answers for the streams of one accepted connection (inbound/stream-targets.ts):
// one entry per target port, computed once; a refused header refused every time and remembered
// never; header labels with a session protocol not taken from the entry; the accepted side's label
// set rebuilt when the Server changes; a bounded number of ports.
import { describe, expect, it } from 'vitest';
import { StreamTargets } from '../../proxy/inbound/stream-targets.js';
import { ProxyError } from '../../proxy/errors.js';
import type { SocketAddr } from '../../proxy/transport/addr.js';
import type { TransportHeader } from '../../proxy/transport/header.js';

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';

function targets() {
  const asked: TransportHeader[] = [];
  const t = new StreamTargets((header) => {
    asked.push(header);
    if (header.name !== undefined) throw new ProxyError('gateway_unsupported', `names ${header.name}`);
    if (header.port === 4143) throw new ProxyError('header_targets_inbound_port', 'loop');
    return { ip: '10.1.2.3', port: header.port } satisfies SocketAddr;
  }, '10.9.9.9', ID);
  return { t, asked };
}

const reasonOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return (err as ProxyError).reason;
  }
  return 'ok';
};

describe('stream targets', () => {
  it('works a port out once and hands every stream to it the same entry', () => {
    const { t, asked } = targets();
    const first = t.of({ port: 8080 });
    expect(first).toMatchObject({ target: { ip: '10.1.2.3', port: 8080 }, targetText: '10.1.2.3:8080', client: { ip: '10.9.9.9', tls: { identity: ID } } });
    expect(first.headerLabels).toEqual({ session_protocol: '', target_port: '8080', target_name: '', client_id: ID });
    expect(t.of({ port: 8080 })).toBe(first);
    expect(t.of({ port: 9090 }).target.port).toBe(9090);
    expect(asked.map((h) => h.port)).toEqual([8080, 9090]);
  });

  it('refuses a bad header every time and remembers nothing for it', () => {
    const { t } = targets();
    t.of({ port: 8080 });
    expect(reasonOf(() => t.of({ port: 8080, name: 'web.default.svc.cluster.local' }))).toBe('gateway_unsupported');
    expect(reasonOf(() => t.of({ port: 4143 }))).toBe('header_targets_inbound_port');
    expect(reasonOf(() => t.of({ port: 4143 }))).toBe('header_targets_inbound_port');
  });

  it('gives a header with a session protocol its own labels', () => {
    const { t } = targets();
    const entry = t.of({ port: 8080 });
    expect(t.headerLabels(entry, { port: 8080 })).toBe(entry.headerLabels);
    expect(t.headerLabels(entry, { port: 8080, sessionProtocol: 'http2' })).toMatchObject({ session_protocol: 'http2', target_port: '8080' });
  });

  it("keeps the accepted side's labels for a Server and builds them again for another", () => {
    const { t } = targets();
    const entry = t.of({ port: 8080 });
    const web = { group: 'policy.podwire.io', kind: 'server', name: 'web' };
    const labels = t.srcLabels(entry, web);
    expect(labels).toMatchObject({ direction: 'inbound', peer: 'src', target_addr: '10.1.2.3:8080', tls: 'true', client_id: ID, srv_name: 'web', srv_port: '8080' });
    expect(t.srcLabels(entry, web)).toBe(labels);
    expect(t.srcLabels(entry, { ...web, name: 'web-v2' })).toMatchObject({ srv_name: 'web-v2' });
  });

  it('starts over past 64 ports instead of growing with a client that ranges over ports', () => {
    const { t, asked } = targets();
    const first = t.of({ port: 1 });
    for (let port = 2; port <= 65; port++) t.of({ port });
    expect(t.of({ port: 1 })).not.toBe(first);
    expect(asked.filter((h) => h.port === 1)).toHaveLength(2);
  });
});
