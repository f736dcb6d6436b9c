// Destination API decoding and encoding: field numbers against the spec, the net.proto IP encoding
// (spec §1.3 worked example), and the per-field rules of §1.5-1.6. Messages go through the real
// protobuf serializers, so a wrong field number or a Long mishap fails here, not in production.
import path from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { normalizeIp } from '../../proxy/transport/addr.js';
import { PROTO_DIR } from '../../discovery-client/proto-path.js';
import { decodeIp, decodeProfile, decodeTcpAddress, decodeUpdate, decodeWeightedAddr } from '../../discovery-client/decode.js';
import {
  encodeAdd,
  encodeEndpoint,
  encodeIp,
  encodeProfile,
  encodeRemove,
  encodeWeightedAddr,
  type WeightedAddrSpec,
} from '../../discovery-client/encode.js';
import { halvesToIpv6, ipv4ToUint32, ipv6ToHalves } from '../../discovery-client/ip.js';
import { destinationDefinitions, type PbDestinationProfile, type PbUpdate, type PbWeightedAddr } from '../../discovery-client/wire.js';
import type { Endpoint } from '../../discovery-client/types.js';

const defs = destinationDefinitions();
// keepCase: field names as written in the .proto files, like the loader options the client uses.
const root = new protobuf.Root().loadSync(
  ['destination.proto', 'header.proto', 'identity.proto'].map((f) => path.join(PROTO_DIR, f)),
  { keepCase: true },
);

/** Serialize and parse an Update the way the client receives it. */
function overWire(update: PbUpdate): PbUpdate {
  return defs.get.responseDeserialize(defs.get.responseSerialize(update));
}

function profileOverWire(profile: PbDestinationProfile): PbDestinationProfile {
  return defs.getProfile.responseDeserialize(defs.getProfile.responseSerialize(profile));
}

/** A WeightedAddr through the wire, via a one-address add. */
function addrOverWire(wa: PbWeightedAddr): PbWeightedAddr {
  const addrs = overWire({ add: { addrs: [wa] } }).add?.addrs;
  expect(addrs).toHaveLength(1);
  return addrs![0]!;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
}

describe('proto field numbers (spec §1.2, §1.3, §2.2, §3.1)', () => {
  const table: [string, Record<string, number>][] = [
    ['io.linkerd.proxy.destination.GetDestination', { scheme: 1, path: 2, context_token: 3 }],
    ['io.linkerd.proxy.destination.Update', { add: 1, remove: 2, no_endpoints: 3 }],
    ['io.linkerd.proxy.destination.AddrSet', { addrs: 1 }],
    ['io.linkerd.proxy.destination.WeightedAddrSet', { addrs: 1, metric_labels: 2 }],
    [
      'io.linkerd.proxy.destination.WeightedAddr',
      { addr: 1, weight: 3, metric_labels: 4, tls_identity: 5, protocol_hint: 6, authority_override: 7, resource_ref: 9 },
    ],
    ['io.linkerd.proxy.destination.TlsIdentity', { dns_like_identity: 1, uri_like_identity: 3, server_name: 4 }],
    ['io.linkerd.proxy.destination.TlsIdentity.DnsLikeIdentity', { name: 1 }],
    ['io.linkerd.proxy.destination.TlsIdentity.UriLikeIdentity', { uri: 1 }],
    ['io.linkerd.proxy.destination.ProtocolHint', { h2: 1, opaque_transport: 2, opaque: 3 }],
    ['io.linkerd.proxy.destination.ProtocolHint.OpaqueTransport', { inbound_port: 1 }],
    ['io.linkerd.proxy.destination.AuthorityOverride', { authority_override: 1 }],
    ['io.linkerd.proxy.destination.NoEndpoints', { exists: 1 }],
    [
      'io.linkerd.proxy.destination.DestinationProfile',
      { dst_overrides: 3, opaque_protocol: 4, fully_qualified_name: 5, endpoint: 6, parent_ref: 7, profile_ref: 8 },
    ],
    ['io.linkerd.proxy.destination.WeightedDst', { authority: 1, weight: 2, backend_ref: 3 }],
    ['io.linkerd.proxy.net.TcpAddress', { ip: 1, port: 2 }],
    ['io.linkerd.proxy.net.IPAddress', { ipv4: 1, ipv6: 2 }],
    ['io.linkerd.proxy.net.IPv6', { first: 1, last: 2 }],
    ['io.linkerd.proxy.net.IPNetwork', { ip: 1, prefix_len: 2 }],
    ['io.linkerd.proxy.meta.Metadata', { default: 1, resource: 2 }],
    ['io.linkerd.proxy.meta.Resource', { group: 1, kind: 2, name: 3, namespace: 4, section: 5, port: 6 }],
    ['transport.l5d.io.Header', { port: 1, name: 2, session_protocol: 3 }],
    ['transport.l5d.io.SessionProtocol', { http1: 1, http2: 2 }],
    ['io.linkerd.proxy.identity.CertifyRequest', { identity: 1, token: 2, certificate_signing_request: 3 }],
    ['io.linkerd.proxy.identity.CertifyResponse', { leaf_certificate: 1, intermediate_certificates: 2, valid_until: 3 }],
  ];
  it.each(table)('%s', (typeName, fields) => {
    const type = root.lookupType(typeName);
    const ids = Object.fromEntries(Object.keys(fields).map((name) => [name, type.fields[name]?.id]));
    expect(ids).toEqual(fields);
  });

  it('uses the wire types the spec names', () => {
    const ip = root.lookupType('io.linkerd.proxy.net.IPAddress');
    const v6 = root.lookupType('io.linkerd.proxy.net.IPv6');
    expect([ip.fields['ipv4']?.type, v6.fields['first']?.type, v6.fields['last']?.type]).toEqual(['fixed32', 'fixed64', 'fixed64']);
  });

  it('exposes the RPC paths linkerd2-proxy calls', () => {
    expect([defs.get.path, defs.getProfile.path]).toEqual([
      '/io.linkerd.proxy.destination.Destination/Get',
      '/io.linkerd.proxy.destination.Destination/GetProfile',
    ]);
  });
});

describe('IP encoding (spec §1.3)', () => {
  const ipAddress = root.lookupType('io.linkerd.proxy.net.IPAddress');
  const bytesOf = (ip: string): string => hex(ipAddress.encode(ipAddress.fromObject(encodeIp(ip))).finish());

  it('encodes the worked example 10.1.2.3 as 0x0A010203, i.e. bytes 0D 03 02 01 0A', () => {
    expect(encodeIp('10.1.2.3')).toEqual({ ipv4: 0x0a010203 });
    expect(bytesOf('10.1.2.3')).toBe('0D 03 02 01 0A');
  });

  it('puts IPv6 octets 0..7 in first and 8..15 in last, each big-endian', () => {
    // fd00::1: first = 0xFD00000000000000 (written little-endian by fixed64), last = 1.
    expect(bytesOf('fd00::1')).toBe('12 12 09 00 00 00 00 00 00 00 FD 11 01 00 00 00 00 00 00 00');
  });

  const v4: [string, number][] = [
    ['10.1.2.3', 167838211],
    ['1.0.0.0', 0x0100_0000],
    ['192.168.0.1', 0xc0a8_0001],
    ['255.255.255.255', 0xffff_ffff],
    ['0.0.0.1', 1],
  ];
  it.each(v4)('IPv4 %s <-> %d', (ip, value) => {
    expect(ipv4ToUint32(ip)).toBe(value);
    expect(decodeIp({ ipv4: value })).toBe(ip);
  });

  const v6: [string, bigint, bigint, string][] = [
    ['fd00::1', 0xfd00_0000_0000_0000n, 1n, 'fd00::1'],
    ['::1', 0n, 1n, '::1'],
    ['2001:db8::ff00:42:8329', 0x2001_0db8_0000_0000n, 0x0000_ff00_0042_8329n, '2001:db8::ff00:42:8329'],
    ['2001:DB8:0:0:0:FF00:42:8329', 0x2001_0db8_0000_0000n, 0x0000_ff00_0042_8329n, '2001:db8::ff00:42:8329'],
    // IPv4-mapped stays an IPv6 address, as linkerd2-proxy's Ipv6Addr conversion keeps it.
    ['::ffff:1.2.3.4', 0n, 0x0000_ffff_0102_0304n, '::ffff:1.2.3.4'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', (1n << 64n) - 1n, (1n << 64n) - 1n, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ];
  it.each(v6)('IPv6 %s <-> first=%s last=%s', (ip, first, last, canonical) => {
    expect(ipv6ToHalves(ip)).toEqual({ first, last });
    expect(halvesToIpv6(first, last)).toBe(canonical);
    const wire = overWire(encodeRemove([{ ip, port: 80 }])).remove?.addrs?.[0];
    expect(decodeTcpAddress(wire)).toEqual({ ip: canonical, port: 80 });
  });

  it('round-trips any IPv4 or IPv6 address through the wire', () => {
    const anyIp = fc.oneof(fc.ipV4(), fc.ipV6()).filter((ip) => normalizeIp(ip) !== '0.0.0.0' && normalizeIp(ip) !== '::');
    fc.assert(
      fc.property(anyIp, fc.integer({ min: 1, max: 65535 }), (ip, port) => {
        const wire = overWire(encodeRemove([{ ip, port }])).remove?.addrs?.[0];
        expect(decodeTcpAddress(wire)).toEqual({ ip: normalizeIp(ip), port });
      }),
    );
  });

  it('refuses to encode unspecified addresses and drops them when decoding', () => {
    expect(() => encodeIp('0.0.0.0')).toThrow(/unspecified/);
    expect(() => encodeIp('::')).toThrow(/unspecified/);
    expect(() => encodeIp('not-an-ip')).toThrow();
    const zero = overWire({ remove: { addrs: [{ ip: { ipv4: 0 }, port: 80 }] } }).remove?.addrs?.[0];
    expect(decodeIp(zero?.ip)).toBe('0.0.0.0');
    expect(decodeTcpAddress(zero)).toBeUndefined();
    expect(decodeTcpAddress({ ip: { ipv6: { first: '0', last: '0' } }, port: 80 })).toBeUndefined();
  });

  const undecodable: [string, Parameters<typeof decodeTcpAddress>[0]][] = [
    ['no ip', { port: 80 }],
    ['ip with no variant', { ip: {}, port: 80 }],
    ['port 0', { ip: { ipv4: 0x0a010203 }, port: 0 }],
    ['port 65536', { ip: { ipv4: 0x0a010203 }, port: 65536 }],
    ['ipv6 half out of range', { ip: { ipv6: { first: (1n << 64n).toString(), last: '1' } }, port: 80 }],
    ['ipv6 half not a number', { ip: { ipv6: { first: 'x', last: '1' } }, port: 80 }],
  ];
  it.each(undecodable)('drops an address with %s', (_name, pb) => {
    expect(decodeTcpAddress(pb)).toBeUndefined();
  });
});

describe('decodeWeightedAddr (spec §1.6)', () => {
  const base: WeightedAddrSpec = { ip: '10.1.2.3', port: 8080 };
  const id = 'web.emojivoto.serviceaccount.identity.linkerd.cluster.local';
  const decode = (spec: Partial<WeightedAddrSpec>): Endpoint | undefined =>
    decodeWeightedAddr(addrOverWire(encodeWeightedAddr({ ...base, ...spec })));

  const cases: [string, Partial<WeightedAddrSpec>, Partial<Endpoint>][] = [
    ['no identity: plaintext', {}, { identity: undefined }],
    ['DNS identity without server_name: SNI is the identity', { identity: id }, { identity: { kind: 'dns', id, serverName: id } }],
    [
      'DNS identity with server_name',
      { identity: id, serverName: 'sni.example.org' },
      { identity: { kind: 'dns', id, serverName: 'sni.example.org' } },
    ],
    ['URI identity without server_name: dropped, no TLS', { uriIdentity: 'spiffe://example.org/vm' }, { identity: undefined }],
    [
      'URI identity with server_name',
      { uriIdentity: 'spiffe://example.org/vm', serverName: 'vm.example.org' },
      { identity: { kind: 'uri', id: 'spiffe://example.org/vm', serverName: 'vm.example.org' } },
    ],
    ['unparsable DNS identity: dropped', { identity: 'not a name!' }, { identity: undefined }],
    ['inbound_port 4143', { inboundPort: 4143 }, { opaqueInboundPort: 4143 }],
    ['inbound_port 1', { inboundPort: 1 }, { opaqueInboundPort: 1 }],
    ['inbound_port 65534', { inboundPort: 65534 }, { opaqueInboundPort: 65534 }],
    ['inbound_port 0 ignored', { inboundPort: 0 }, { opaqueInboundPort: undefined }],
    ['inbound_port 65535 ignored', { inboundPort: 65535 }, { opaqueInboundPort: undefined }],
    ['inbound_port 70000 ignored', { inboundPort: 70000 }, { opaqueInboundPort: undefined }],
    ['h2 hint', { protocolHint: 'h2' }, { protocolHint: 'h2' }],
    ['opaque hint with transport', { protocolHint: 'opaque', inboundPort: 4143 }, { protocolHint: 'opaque', opaqueInboundPort: 4143 }],
    [
      'authority_override',
      { authorityOverride: 'web.ns.svc.cluster.local:8080' },
      { authorityOverride: { name: 'web.ns.svc.cluster.local', port: 8080 } },
    ],
    ['unparsable authority_override ignored', { authorityOverride: 'no port here' }, { authorityOverride: undefined }],
    ['authority_override with bad port ignored', { authorityOverride: 'web:99999' }, { authorityOverride: undefined }],
    ['default weight', {}, { weight: 10_000 }],
    ['explicit weight', { weight: 7 }, { weight: 7 }],
  ];
  it.each(cases)('%s', (_name, spec, expected) => {
    const ep = decode(spec);
    expect(ep).toBeDefined();
    expect(ep!.addr).toEqual({ ip: '10.1.2.3', port: 8080 });
    for (const [key, value] of Object.entries(expected)) {
      expect(ep![key as keyof Endpoint], key).toEqual(value);
    }
  });

  it('merges set labels under endpoint labels', () => {
    const update = decodeUpdate(
      overWire(
        encodeAdd([{ ...base, labels: { zone: 'us-east-1a', pod: 'web-1' } }], {
          service: 'web',
          namespace: 'emojivoto',
          zone: 'set-level',
        }),
      ),
    );
    expect(update?.kind).toBe('add');
    const ep = update?.kind === 'add' ? update.endpoints[0] : undefined;
    expect(ep?.labels).toEqual({ service: 'web', namespace: 'emojivoto', zone: 'us-east-1a', pod: 'web-1' });
  });

  it('round-trips any decodable endpoint through encodeEndpoint and the wire', () => {
    const label = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
    const dnsName = fc.constantFrom(id, 'a.b', 'x-1.y.svc.cluster.local');
    const identity = fc.oneof(
      fc.record({ kind: fc.constant('dns' as const), id: dnsName, serverName: dnsName }),
      fc.record({ kind: fc.constant('uri' as const), id: fc.constantFrom('spiffe://td/ns/a/sa/b', 'spiffe://x'), serverName: dnsName }),
    );
    const endpoint: fc.Arbitrary<Endpoint> = fc.record(
      {
        addr: fc.record({
          ip: fc.oneof(fc.ipV4(), fc.ipV6()).map(normalizeIp).filter((ip) => ip !== '0.0.0.0' && ip !== '::'),
          port: fc.integer({ min: 1, max: 65535 }),
        }),
        weight: fc.integer({ min: 0, max: 0xffff_ffff }),
        labels: fc.dictionary(label, fc.string()),
        identity,
        opaqueInboundPort: fc.integer({ min: 1, max: 65534 }),
        authorityOverride: fc.record({ name: dnsName, port: fc.integer({ min: 1, max: 65535 }) }),
        protocolHint: fc.constantFrom('h2' as const, 'opaque' as const),
      },
      { requiredKeys: ['addr', 'weight', 'labels'] },
    );
    fc.assert(
      fc.property(endpoint, (ep) => {
        expect(decodeWeightedAddr(addrOverWire(encodeEndpoint(ep)))).toEqual(ep);
      }),
    );
  });
});

describe('decodeUpdate (spec §1.5)', () => {
  const good = { ip: '10.0.0.1', port: 80 };
  const cases: [string, PbUpdate, ReturnType<typeof decodeUpdate>][] = [
    ['no variant: dropped', {}, undefined],
    ['empty add: dropped', { add: { addrs: [] } }, undefined],
    ['add whose addresses all fail to decode: dropped', { add: { addrs: [{ addr: { ip: { ipv4: 0 }, port: 80 } }, { weight: 1 }] } }, undefined],
    ['empty remove: dropped', { remove: { addrs: [] } }, undefined],
    ['remove whose addresses all fail to decode: dropped', { remove: { addrs: [{ port: 80 }] } }, undefined],
    ['remove', encodeRemove([good]), { kind: 'remove', addrs: [good] }],
    ['no_endpoints{exists:true}: reset to empty', { no_endpoints: { exists: true } }, { kind: 'reset', endpoints: [] }],
    ['no_endpoints{exists:false}: does_not_exist', { no_endpoints: { exists: false } }, { kind: 'does_not_exist' }],
  ];
  it.each(cases)('%s', (_name, pb, expected) => {
    expect(decodeUpdate(overWire(pb))).toEqual(expected);
  });

  it('keeps the decodable addresses of a partly bad add', () => {
    const pb: PbUpdate = { add: { addrs: [{ addr: { ip: { ipv4: 0 }, port: 80 } }, encodeWeightedAddr(good)] } };
    const update = decodeUpdate(overWire(pb));
    expect(update?.kind === 'add' && update.endpoints.map((e) => e.addr)).toEqual([good]);
  });
});

describe('decodeProfile', () => {
  const ep: WeightedAddrSpec = { ip: 'fd00::7', port: 8080, identity: 'a.b.serviceaccount.identity.linkerd.cluster.local', labels: { namespace: 'b' } };
  const cases: [string, PbDestinationProfile, ReturnType<typeof decodeProfile>][] = [
    ['empty profile: nothing known', {}, undefined],
    [
      'service address',
      encodeProfile({ fullyQualifiedName: 'web.emojivoto.svc.cluster.local' }),
      { fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: false },
    ],
    [
      'trailing dot removed',
      encodeProfile({ fullyQualifiedName: 'web.emojivoto.svc.cluster.local.' }),
      { fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: false },
    ],
    ['opaque only', encodeProfile({ opaqueProtocol: true }), { opaqueProtocol: true }],
    [
      'single endpoint',
      encodeProfile({ endpoint: ep, opaqueProtocol: true }),
      {
        opaqueProtocol: true,
        endpoint: {
          addr: { ip: 'fd00::7', port: 8080 },
          weight: 10_000,
          labels: { namespace: 'b' },
          identity: { kind: 'dns', id: ep.identity!, serverName: ep.identity! },
        },
      },
    ],
    ['undecodable endpoint left out', { endpoint: { addr: { port: 80 } } }, undefined],
  ];
  it.each(cases)('%s', (_name, pb, expected) => {
    expect(decodeProfile(profileOverWire(pb))).toEqual(expected);
  });
});
