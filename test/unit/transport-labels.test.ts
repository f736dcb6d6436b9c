// The tcp_* label sets per kind of socket (proxy/transport-labels.ts), checked against
// linkerd2-proxy's forms (transport/labels.rs, whose own unit test `server_labels` is the first
// case), and the reuse of label objects: the same target under the same Server, or the same
// endpoint, gets the very same object, so a connection builds no label set in the common case.
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../discovery-client/types.js';
import {
  INBOUND_CLIENT_LABELS, dialledLabels, inboundServerLabels, outboundClientLabels, outboundServerLabels, transportHeaderLabels,
} from '../../proxy/transport-labels.js';
import { defaultMeta } from '../../proxy/policy/types.js';

const SERVER = { group: 'policy.linkerd.io', kind: 'server', name: 'testserver' };

describe('transport label sets', () => {
  it('inbound accepted side: target, TLS, then the Server (linkerd2-proxy\'s server_labels test)', () => {
    expect(inboundServerLabels({ ip: '192.0.2.4', port: 40000 }, { tls: 'true', client_id: 'foo.id.example.com' }, SERVER)).toEqual({
      direction: 'inbound', peer: 'src',
      target_addr: '192.0.2.4:40000', target_ip: '192.0.2.4', target_port: '40000',
      tls: 'true', client_id: 'foo.id.example.com',
      srv_group: 'policy.linkerd.io', srv_kind: 'server', srv_name: 'testserver', srv_port: '40000',
    });
  });

  it('inbound accepted side under a default policy, plaintext and passed-through TLS', () => {
    const meta = defaultMeta('all-unauthenticated');
    expect(inboundServerLabels({ ip: '10.0.0.5', port: 8080 }, { tls: 'no_identity', no_tls_reason: 'no_tls_from_remote' }, meta)).toMatchObject({
      tls: 'no_identity', no_tls_reason: 'no_tls_from_remote', srv_group: '', srv_kind: 'default', srv_name: 'all-unauthenticated',
    });
    expect(inboundServerLabels({ ip: 'fd00::5', port: 443 }, { tls: 'opaque', sni: 'app.example.com' }, meta)).toMatchObject({
      target_addr: '[fd00::5]:443', target_ip: 'fd00::5', tls: 'opaque', sni: 'app.example.com',
    });
  });

  it('inbound to the application and outbound from it: loopback, no identity', () => {
    expect(INBOUND_CLIENT_LABELS).toEqual({ direction: 'inbound', peer: 'dst', tls: 'no_identity', no_tls_reason: 'loopback' });
    expect(outboundServerLabels({ ip: '10.96.0.10', port: 80 })).toEqual({
      direction: 'outbound', peer: 'src', target_addr: '10.96.0.10:80', target_ip: '10.96.0.10', target_port: '80',
      tls: 'no_identity', no_tls_reason: 'loopback',
    });
  });

  it('outbound dialled side: authority, address dialled, TLS, dst_* endpoint labels', () => {
    const ep: Endpoint = { addr: { ip: '10.0.0.7', port: 8080 }, weight: 1, labels: { namespace: 'default', pod: 'web-0', not_a_label: 'x' } };
    expect(dialledLabels({ remote: { ip: '10.0.0.7', port: 4143 }, serverId: 'web.default.serviceaccount.identity.linkerd.cluster.local' }, 'web.default.svc.cluster.local:80', ep)).toEqual({
      direction: 'outbound', peer: 'dst', authority: 'web.default.svc.cluster.local:80',
      target_addr: '10.0.0.7:4143', target_ip: '10.0.0.7', target_port: '4143',
      tls: 'true', server_id: 'web.default.serviceaccount.identity.linkerd.cluster.local',
      dst_namespace: 'default', dst_pod: 'web-0',
    });
    expect(dialledLabels({ remote: { ip: '10.0.0.8', port: 5432 }, noTlsReason: 'not_provided_by_service_discovery' }, undefined, undefined)).toEqual({
      direction: 'outbound', peer: 'dst', target_addr: '10.0.0.8:5432', target_ip: '10.0.0.8', target_port: '5432',
      tls: 'no_identity', no_tls_reason: 'not_provided_by_service_discovery',
    });
  });

  it('reuses one frozen object per target and Server, and per endpoint', () => {
    const target = { ip: '10.0.0.5', port: 8080 };
    const tls = { tls: 'true', client_id: 'a.id' };
    const first = inboundServerLabels(target, tls, SERVER);
    expect(inboundServerLabels({ ...target }, { ...tls }, SERVER)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Another client identity, another Server object: other sets.
    expect(inboundServerLabels(target, { tls: 'true', client_id: 'b.id' }, SERVER)).not.toBe(first);
    expect(inboundServerLabels(target, tls, { ...SERVER })).not.toBe(first);
    expect(outboundServerLabels({ ip: '10.96.0.10', port: 80 })).toBe(outboundServerLabels({ ip: '10.96.0.10', port: 80 }));
    const ep: Endpoint = { addr: { ip: '10.0.0.7', port: 8080 }, weight: 1, labels: { pod: 'web-0' } };
    const tlsC = { tls: 'true', server_id: 'web.id' };
    expect(outboundClientLabels(ep.addr, tlsC, 'web:80', ep)).toBe(outboundClientLabels(ep.addr, { ...tlsC }, 'web:80', ep));
  });

  it('a dialled endpoint\'s set follows what each dial established, not only the last one', () => {
    const ep: Endpoint = { addr: { ip: '10.0.0.9', port: 8080 }, weight: 1, labels: { pod: 'web-1' } };
    const remote = { ip: '10.0.0.9', port: 4143 };
    const web = dialledLabels({ remote, serverId: 'web.id' }, 'web:80', ep);
    expect(dialledLabels({ remote, serverId: 'web.id' }, 'web:80', ep)).toBe(web);
    // Another identity, authority, address or TLS outcome to the same endpoint: its own set.
    expect(dialledLabels({ remote, serverId: 'other.id' }, 'web:80', ep)).toMatchObject({ server_id: 'other.id', authority: 'web:80' });
    expect(dialledLabels({ remote, serverId: 'web.id' }, 'web-alias:80', ep)).toMatchObject({ server_id: 'web.id', authority: 'web-alias:80' });
    expect(dialledLabels({ remote: { ip: '10.0.0.9', port: 8080 }, serverId: 'web.id' }, 'web:80', ep)).toMatchObject({ target_port: '8080' });
    expect(dialledLabels({ remote, noTlsReason: 'loopback' }, 'web:80', ep)).toMatchObject({ tls: 'no_identity', no_tls_reason: 'loopback' });
    expect(dialledLabels({ remote, serverId: 'web.id' }, 'web:80', ep)).toEqual(web);
  });

  it('transport header labels: one frozen set per port, name, session protocol and client', () => {
    const first = transportHeaderLabels({ port: 8080 }, 'a.id');
    expect(first).toEqual({ session_protocol: '', target_port: '8080', target_name: '', client_id: 'a.id' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(transportHeaderLabels({ port: 8080 }, 'a.id')).toBe(first);
    expect(transportHeaderLabels({ port: 8080 }, 'b.id')).toEqual({ session_protocol: '', target_port: '8080', target_name: '', client_id: 'b.id' });
    expect(transportHeaderLabels({ port: 8081 }, 'a.id').target_port).toBe('8081');
    expect(transportHeaderLabels({ port: 8080, name: 'web.ns.svc.cluster.local' }, 'a.id')).toMatchObject({ target_name: 'web.ns.svc.cluster.local', target_port: '8080' });
    expect(transportHeaderLabels({ port: 8080, sessionProtocol: 'http2' }, 'a.id').session_protocol).toBe('http2');
  });
});
