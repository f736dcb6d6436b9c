// Configuration: Linkerd's names and defaults, duration syntax, and every problem reported at once
// (inbound policy settings: config-policy.test.ts).
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../proxy/config.js';
import {
  parseDuration, parseForward, parseLogLevel, parsePortRanges, parseNetwork, parseDnsSuffix, parseClusterDomain,
} from '../../proxy/config/parse.js';
import { MINIMAL, PEM, problems } from '../harness/config-env.js';

describe('durations (Linkerd syntax)', () => {
  it.each([
    ['0', 0], ['300ms', 300], ['10s', 10_000], ['2m', 120_000], ['1h', 3_600_000], ['1d', 86_400_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['1.5s', '10', '', 's', '-1s', '1 s', '1sec'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/integer with a unit/);
  });
});

describe('other value parsers', () => {
  it('parses forwards to names and addresses', () => {
    expect(parseForward('127.0.0.1:9000=web.default.svc.cluster.local:80')).toEqual({
      listen: { ip: '127.0.0.1', port: 9000 },
      target: { kind: 'name', name: { name: 'web.default.svc.cluster.local', port: 80 } },
    });
    expect(parseForward('[::1]:9001=10.1.2.3:8080').target).toEqual({ kind: 'addr', addr: { ip: '10.1.2.3', port: 8080 } });
    expect(() => parseForward('127.0.0.1:9000')).toThrow(/LISTEN_ADDR=NAME:PORT/);
    expect(() => parseForward('127.0.0.1:9000=web.:80')).toThrow(/DNS name/);
  });

  it('takes the podwire/linkerd level of a tracing filter', () => {
    expect(parseLogLevel('warn,linkerd=info,hickory=error')).toBe('info');
    expect(parseLogLevel('debug')).toBe('debug');
    expect(parseLogLevel('error,podwire=trace')).toBe('trace');
    expect(() => parseLogLevel('loud')).toThrow(/unknown level/);
  });

  it('parses port ranges and networks', () => {
    expect(parsePortRanges('25,3306,8000-8010')).toEqual([[25, 25], [3306, 3306], [8000, 8010]]);
    expect(() => parsePortRanges('9-1')).toThrow();
    expect(parseNetwork('fd00::/8')).toEqual({ ip: 'fd00::', prefixLen: 8, family: 6 });
    expect(() => parseNetwork('10.0.0.0/33')).toThrow(/0..32/);
  });
});

describe('loadConfig', () => {
  it("uses Linkerd's defaults and freezes the result", () => {
    const c = loadConfig(MINIMAL);
    expect(c.inboundListen).toEqual({ ip: '0.0.0.0', port: 4143 });
    expect(c.outboundListen).toEqual([{ ip: '127.0.0.1', port: 4140 }]);
    expect(c.adminListen).toEqual({ ip: '127.0.0.1', port: 4191 });
    expect(c.inbound.connectTimeoutMs).toBe(300);
    expect(c.inbound.detectTimeoutMs).toBe(10_000);
    expect(c.outbound.connectTimeoutMs).toBe(1000);
    expect(c.outbound.failfastTimeoutMs).toBe(3000);
    expect(c.controlBackoff).toEqual({ minMs: 100, maxMs: 60_000, jitter: 0.1 });
    expect(c.shutdown).toEqual({ gracePeriodMs: 120_000, endpointEnabled: false });
    expect(c.log).toEqual({ level: 'info', format: 'plain', accessLog: 'podwire' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.inbound)).toBe(true);
  });

  it('reads the destination, forwards and timeouts', () => {
    const c = loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: 'linkerd-dst-headless.linkerd.svc.cluster.local.:8086',
      LINKERD2_PROXY_DESTINATION_SVC_NAME: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
      LINKERD2_PROXY_DESTINATION_CONTEXT: '{"ns":"default","nodeName":"n1","pod":"web-0"}\n',
      LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS: '10.0.0.0/8,fd00::/8',
      PODWIRE_OUTBOUND_FORWARDS: '127.0.0.1:9000=web.default.svc.cluster.local:80, 127.0.0.1:9001=db.default.svc.cluster.local:5432',
      LINKERD2_PROXY_INBOUND_CONNECT_TIMEOUT: '100ms',
      LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '1s',
      LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '10s',
      LINKERD2_PROXY_LOG_FORMAT: 'JSON',
    });
    expect(c.destination?.host).toBe('linkerd-dst-headless.linkerd.svc.cluster.local.');
    expect(c.destination?.context).toBe('{"ns":"default","nodeName":"n1","pod":"web-0"}\n');
    expect(c.destination?.profileNetworks).toHaveLength(2);
    expect(c.outbound.forwards.map((f) => f.listen.port)).toEqual([9000, 9001]);
    expect(c.inbound.connectTimeoutMs).toBe(100);
    expect(c.controlBackoff).toEqual({ minMs: 1000, maxMs: 10_000, jitter: 0 });
    expect(c.log.format).toBe('json');
  });

  it('reads LINKERD2_PROXY_ACCESS_LOG: Linkerd\'s json/apache, off, podwire (the default), any case', () => {
    expect(loadConfig({ ...MINIMAL, LINKERD2_PROXY_ACCESS_LOG: 'json' }).log.accessLog).toBe('json');
    expect(loadConfig({ ...MINIMAL, LINKERD2_PROXY_ACCESS_LOG: 'Apache' }).log.accessLog).toBe('apache');
    expect(loadConfig({ ...MINIMAL, LINKERD2_PROXY_ACCESS_LOG: 'OFF' }).log.accessLog).toBe('off');
    expect(loadConfig({ ...MINIMAL, LINKERD2_PROXY_ACCESS_LOG: 'podwire' }).log.accessLog).toBe('podwire');
    expect(problems({ ...MINIMAL, LINKERD2_PROXY_ACCESS_LOG: 'yes' })).toEqual([
      { name: 'LINKERD2_PROXY_ACCESS_LOG', why: expect.stringMatching(/podwire, json, apache, off/) },
    ]);
  });

  it('turns V8 incremental marking off unless PODWIRE_V8_INCREMENTAL_MARKING=true', () => {
    expect(loadConfig(MINIMAL).runtime).toEqual({ incrementalMarking: false });
    expect(loadConfig({ ...MINIMAL, PODWIRE_V8_INCREMENTAL_MARKING: 'true' }).runtime).toEqual({ incrementalMarking: true });
    expect(problems({ ...MINIMAL, PODWIRE_V8_INCREMENTAL_MARKING: 'sometimes' }).map((p) => p.name)).toEqual(['PODWIRE_V8_INCREMENTAL_MARKING']);
  });

  it('carries connections between podwire peers over mux unless PODWIRE_MUX=false (issue 15)', () => {
    expect(loadConfig(MINIMAL).outbound.mux).toEqual({ enabled: true, connectionsPerPeer: 2, idleTimeoutMs: 60_000 });
    expect(loadConfig({ ...MINIMAL, PODWIRE_MUX: 'false' }).outbound.mux.enabled).toBe(false);
    expect(problems({ ...MINIMAL, PODWIRE_MUX: 'maybe' }).map((p) => p.name)).toEqual(['PODWIRE_MUX']);
  });

  it('sizes the mux pool from PODWIRE_MUX_CONNECTIONS_PER_PEER and PODWIRE_MUX_IDLE_TIMEOUT, and names a bad value', () => {
    expect(loadConfig({ ...MINIMAL, PODWIRE_MUX_CONNECTIONS_PER_PEER: '4', PODWIRE_MUX_IDLE_TIMEOUT: '5m' }).outbound.mux)
      .toEqual({ enabled: true, connectionsPerPeer: 4, idleTimeoutMs: 300_000 });
    for (const [name, value, why] of [
      ['PODWIRE_MUX_CONNECTIONS_PER_PEER', '0', /whole number from 1 to 64/],
      ['PODWIRE_MUX_CONNECTIONS_PER_PEER', '2.5', /whole number from 1 to 64/],
      ['PODWIRE_MUX_CONNECTIONS_PER_PEER', '65', /whole number from 1 to 64/],
      ['PODWIRE_MUX_IDLE_TIMEOUT', '500ms', /at least 1s/],
      ['PODWIRE_MUX_IDLE_TIMEOUT', 'soon', /./],
    ] as const) {
      const err = (() => {
        try {
          loadConfig({ ...MINIMAL, [name]: value });
        } catch (e) {
          return e as ConfigError;
        }
        throw new Error(`${name}=${value} was accepted`);
      })();
      expect(err.problems).toEqual([expect.objectContaining({ name, value, why: expect.stringMatching(why) })]);
    }
  });

  it('allows a loopback destination without a TLS name', () => {
    expect(loadConfig({ ...MINIMAL, LINKERD2_PROXY_DESTINATION_SVC_ADDR: '127.0.0.1:8086' }).destination?.name).toBeUndefined();
  });

  it('reports every problem together, naming each variable', () => {
    const found = problems({
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '0.0.0.0',
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '[::1]:99999',
      LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT: '10',
      LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED: 'maybe',
      LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: '/etc/anchors.pem',
      LINKERD2_PROXY_IDENTITY_DISABLED: 'true',
      LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '1s',
      PODWIRE_OUTBOUND_FORWARDS: '127.0.0.1:9000=web.default.svc.cluster.local:80',
    });
    const names = found.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([
      'LINKERD2_PROXY_INBOUND_LISTEN_ADDR', 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', 'LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT',
      'LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED', 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', 'LINKERD2_PROXY_IDENTITY_DISABLED',
      'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN', 'LINKERD2_PROXY_DESTINATION_SVC_ADDR',
      'LINKERD2_PROXY_IDENTITY_LOCAL_NAME', 'PODWIRE_IDENTITY_CERT_FILE', 'PODWIRE_IDENTITY_KEY_FILE',
    ]));
    expect(found.find((p) => p.name === 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS')?.why).toMatch(/not a path/);
    expect(found.find((p) => p.name === 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR')?.why).toMatch(/1\.\.65535/);
  });

  it('needs a Destination service for forwards to names only; IP:PORT forwards load without one', () => {
    const found = problems({ ...MINIMAL, PODWIRE_OUTBOUND_FORWARDS: '127.0.0.1:9000=web.default.svc.cluster.local:80,127.0.0.1:9001=10.0.0.2:8080' });
    expect(found).toEqual([{
      name: 'LINKERD2_PROXY_DESTINATION_SVC_ADDR',
      why: 'required by PODWIRE_OUTBOUND_FORWARDS to names (web.default.svc.cluster.local:80): names resolve through the Destination API',
    }]);
    const plain = loadConfig({ ...MINIMAL, PODWIRE_OUTBOUND_FORWARDS: '127.0.0.1:9001=10.0.0.2:8080' });
    expect(plain.outbound.forwards[0]!.target).toEqual({ kind: 'addr', addr: { ip: '10.0.0.2', port: 8080 } });
    expect(plain.destination).toBeUndefined();
  });

  it('rejects two listeners on one address', () => {
    const found = problems({ ...MINIMAL, LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '0.0.0.0:4143' });
    expect(found).toEqual([{ name: 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', why: 'listens on the same address as LINKERD2_PROXY_INBOUND_LISTEN_ADDR' }]);
  });

  it('requires a TLS name for a non-loopback destination', () => {
    const found = problems({ ...MINIMAL, LINKERD2_PROXY_DESTINATION_SVC_ADDR: '10.0.0.1:8086' });
    expect(found.map((p) => p.name)).toEqual(['LINKERD2_PROXY_DESTINATION_SVC_NAME']);
  });
});

describe('gateway role and cluster domain', () => {
  const DST = { LINKERD2_PROXY_DESTINATION_SVC_ADDR: '127.0.0.1:8086' };

  it.each([
    ['svc.cluster.local.', 'svc.cluster.local'],
    ['svc.cluster.local', 'svc.cluster.local'],
    [' SVC.East.Local. ', 'svc.east.local'],
    ['.', ''],
  ])('parses the suffix %j as %j', (text, want) => expect(parseDnsSuffix(text)).toBe(want));

  it.each(['svc..local', '*.svc.cluster.local', 'svc.cluster.local..', '-svc.local', ''])('rejects the suffix %j', (text) => {
    expect(() => parseDnsSuffix(text)).toThrow(/not a DNS suffix/);
  });

  it('parses cluster domains, refusing the root', () => {
    expect(parseClusterDomain('east.local.')).toBe('east.local');
    expect(() => parseClusterDomain('.')).toThrow(/root/);
  });

  it('is off by default, with cluster.local as the cluster domain', () => {
    const c = loadConfig(MINIMAL);
    expect(c.gateway).toBeUndefined();
    expect(c.clusterDomain).toBe('cluster.local');
  });

  it.each([
    ['PODWIRE_GATEWAY=true: svc.<cluster domain>', { PODWIRE_GATEWAY: 'true' }, ['svc.cluster.local']],
    ['PODWIRE_GATEWAY=true with another cluster domain', { PODWIRE_GATEWAY: 'true', PODWIRE_CLUSTER_DOMAIN: 'west.local.' }, ['svc.west.local']],
    ["Linkerd's suffixes alone turn it on", { LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES: 'svc.cluster.local.' }, ['svc.cluster.local']],
    ['several suffixes, duplicates dropped', { PODWIRE_GATEWAY: 'true', LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES: 'svc.cluster.local., svc.clusterset.local,svc.cluster.local' },
      ['svc.cluster.local', 'svc.clusterset.local']],
  ] as const)('%s', (_name, env, suffixes) => {
    expect(loadConfig({ ...MINIMAL, ...DST, ...env }).gateway).toEqual({ suffixes });
  });

  it('stays off with PODWIRE_GATEWAY=false and no suffixes', () => {
    expect(loadConfig({ ...MINIMAL, PODWIRE_GATEWAY: 'false' }).gateway).toBeUndefined();
  });

  it.each([
    ['a bad flag', { ...DST, PODWIRE_GATEWAY: 'sometimes' }, 'PODWIRE_GATEWAY', /true or false/],
    ['a bad suffix', { ...DST, LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES: 'svc.cluster.local.,*.evil' }, 'LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES', /not a DNS suffix/],
    ['a bad cluster domain', { PODWIRE_CLUSTER_DOMAIN: 'cluster local' }, 'PODWIRE_CLUSTER_DOMAIN', /not a DNS suffix/],
    ['suffixes while PODWIRE_GATEWAY=false', { ...DST, PODWIRE_GATEWAY: 'false', LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES: 'svc.cluster.local.' }, 'PODWIRE_GATEWAY', /unset one of them/],
    ['a gateway without a Destination service', { PODWIRE_GATEWAY: 'true' }, 'LINKERD2_PROXY_DESTINATION_SVC_ADDR', /required by the gateway role/],
  ] as const)('reports %s', (_name, env, name, why) => {
    const found = problems({ ...MINIMAL, ...env });
    expect(found).toEqual([{ name, why: expect.stringMatching(why) }]);
  });
});

describe('identity modes: files or the identity service (Certify)', () => {
  const LOCAL = 'web.default.serviceaccount.identity.linkerd.cluster.local';
  const CERTIFY = {
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: LOCAL,
    LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: PEM,
    LINKERD2_PROXY_IDENTITY_SVC_ADDR: 'linkerd-identity-headless.linkerd.svc.cluster.local.:8080',
    LINKERD2_PROXY_IDENTITY_SVC_NAME: 'linkerd-identity.linkerd.serviceaccount.identity.linkerd.cluster.local',
    LINKERD2_PROXY_IDENTITY_DIR: '/var/run/linkerd/identity/end-entity',
    LINKERD2_PROXY_IDENTITY_TOKEN_FILE: '/var/run/secrets/tokens/linkerd-identity-token',
  };

  it('files mode, as before', () => {
    expect(loadConfig(MINIMAL).identity).toEqual({
      mode: 'files', localName: LOCAL, certFile: '/pki/tls.crt', keyFile: '/pki/tls.key', trustAnchorsPem: PEM,
    });
  });

  it("certify mode with Linkerd's variables and refresh defaults (10s / 24h)", () => {
    expect(loadConfig(CERTIFY).identity).toEqual({
      mode: 'certify', localName: LOCAL, trustAnchorsPem: PEM,
      svc: {
        addr: 'linkerd-identity-headless.linkerd.svc.cluster.local.:8080', host: 'linkerd-identity-headless.linkerd.svc.cluster.local.', port: 8080,
        name: 'linkerd-identity.linkerd.serviceaccount.identity.linkerd.cluster.local',
      },
      dir: '/var/run/linkerd/identity/end-entity',
      tokenFile: '/var/run/secrets/tokens/linkerd-identity-token',
      minRefreshMs: 10_000,
      maxRefreshMs: 86_400_000,
    });
  });

  it('certify mode: a loopback address needs no name; refresh bounds and an anchors file are read', () => {
    const { LINKERD2_PROXY_IDENTITY_SVC_NAME: _name, LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: _pem, ...rest } = CERTIFY;
    const c = loadConfig({
      ...rest,
      LINKERD2_PROXY_IDENTITY_SVC_ADDR: '127.0.0.1:8080',
      PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: '/etc/podwire/anchors.pem',
      LINKERD2_PROXY_IDENTITY_MIN_REFRESH: '1s',
      LINKERD2_PROXY_IDENTITY_MAX_REFRESH: '1h',
    });
    expect(c.identity.mode).toBe('certify');
    if (c.identity.mode !== 'certify') return;
    expect(c.identity.svc).toEqual({ addr: '127.0.0.1:8080', host: '127.0.0.1', port: 8080 });
    expect(c.identity.trustAnchorsFile).toBe('/etc/podwire/anchors.pem');
    expect([c.identity.minRefreshMs, c.identity.maxRefreshMs]).toEqual([1000, 3_600_000]);
  });

  it('refuses both modes at once, naming every variable set', () => {
    const found = problems({ ...CERTIFY, PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt' });
    expect(found.map((p) => p.name).sort()).toEqual([
      'LINKERD2_PROXY_IDENTITY_DIR', 'LINKERD2_PROXY_IDENTITY_SVC_ADDR', 'LINKERD2_PROXY_IDENTITY_TOKEN_FILE', 'PODWIRE_IDENTITY_CERT_FILE',
    ]);
    expect(found[0]!.why).toMatch(/not both; set: PODWIRE_IDENTITY_CERT_FILE, LINKERD2_PROXY_IDENTITY_SVC_ADDR/);
  });

  it('with neither mode, says how to configure either', () => {
    const found = problems({ LINKERD2_PROXY_IDENTITY_LOCAL_NAME: LOCAL, LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: PEM });
    expect(found.map((p) => p.name)).toEqual(['PODWIRE_IDENTITY_CERT_FILE', 'PODWIRE_IDENTITY_KEY_FILE']);
    expect(found[0]!.why).toMatch(/or get certificates from the identity service with LINKERD2_PROXY_IDENTITY_SVC_ADDR, LINKERD2_PROXY_IDENTITY_DIR, LINKERD2_PROXY_IDENTITY_TOKEN_FILE/);
  });

  it.each([
    ['a non-loopback address without a name', { LINKERD2_PROXY_IDENTITY_SVC_NAME: '' }, 'LINKERD2_PROXY_IDENTITY_SVC_NAME', /required with LINKERD2_PROXY_IDENTITY_SVC_ADDR when the address is not loopback/],
    ['a name that is not an identity', { LINKERD2_PROXY_IDENTITY_SVC_NAME: 'not an identity' }, 'LINKERD2_PROXY_IDENTITY_SVC_NAME', /not a valid identity/],
    ['a bad address', { LINKERD2_PROXY_IDENTITY_SVC_ADDR: 'linkerd-identity' }, 'LINKERD2_PROXY_IDENTITY_SVC_ADDR', /HOST:PORT/],
    ['no directory', { LINKERD2_PROXY_IDENTITY_DIR: '' }, 'LINKERD2_PROXY_IDENTITY_DIR', /key\.p8 and csr\.der/],
    ['no token file', { LINKERD2_PROXY_IDENTITY_TOKEN_FILE: '' }, 'LINKERD2_PROXY_IDENTITY_TOKEN_FILE', /token file is required/],
    ['no address', { LINKERD2_PROXY_IDENTITY_SVC_ADDR: '' }, 'LINKERD2_PROXY_IDENTITY_SVC_ADDR', /identity service address is required/],
    ['a SPIFFE local identity', { LINKERD2_PROXY_IDENTITY_LOCAL_NAME: 'spiffe://cluster.local/ns/default/sa/web' }, 'LINKERD2_PROXY_IDENTITY_LOCAL_NAME', /DNS-like name/],
    ['a zero minimum refresh', { LINKERD2_PROXY_IDENTITY_MIN_REFRESH: '0' }, 'LINKERD2_PROXY_IDENTITY_MIN_REFRESH', /greater than 0/],
    ['a refresh that is not a duration', { LINKERD2_PROXY_IDENTITY_MAX_REFRESH: '1.5h' }, 'LINKERD2_PROXY_IDENTITY_MAX_REFRESH', /integer with a unit/],
    ['max below min', { LINKERD2_PROXY_IDENTITY_MIN_REFRESH: '1h', LINKERD2_PROXY_IDENTITY_MAX_REFRESH: '10m' }, 'LINKERD2_PROXY_IDENTITY_MAX_REFRESH', /not be less than/],
  ] as const)('certify mode reports %s', (_name, env, name, why) => {
    expect(problems({ ...CERTIFY, ...env })).toEqual([{ name, why: expect.stringMatching(why) }]);
  });
});
