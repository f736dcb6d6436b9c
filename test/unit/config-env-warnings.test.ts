// Variables podwire would otherwise ignore in silence: the edit-distance suggestion, the
// unknown / not-implemented classification, the tables kept disjoint, what --check-config prints
// for the configuration (no PEM, no key material), and config.ts scanning only the names it owns.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestName, closeEnough } from '../../proxy/config/suggest.js';
import { classifyEnvName, envWarnings } from '../../proxy/config/env-warnings.js';
import { LINKERD_UNIMPLEMENTED, linkerdUnimplementedNames } from '../../proxy/config/linkerd-unimplemented.js';
import { CONFIG_VARS, configVar } from '../../proxy/config/vars.js';
import { loadConfig, unusedVariableWarnings } from '../../proxy/config.js';
import { describeConfig } from '../../proxy/config/describe.js';

describe('edit distance and the nearest name', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['FORWARDS', 'FOWARDS', 1],
    ['FORWARDS', 'FROWARDS', 2],
    ['ABC', 'ABC', 0],
  ] as const)('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('suggests the closest candidate within the bound, ignoring case, and nothing when all are far', () => {
    const names = ['PODWIRE_OUTBOUND_FORWARDS', 'PODWIRE_POLICY_FILE', 'LINKERD2_PROXY_LOG'];
    expect(nearestName('PODWIRE_OUTBOUND_FOWARDS', names)).toBe('PODWIRE_OUTBOUND_FORWARDS');
    expect(nearestName('podwire_outbound_forwards', names)).toBe('PODWIRE_OUTBOUND_FORWARDS');
    expect(nearestName('LINKERD2_PROXY_LOGG', names)).toBe('LINKERD2_PROXY_LOG');
    expect(nearestName('PODWIRE_SOMETHING_ELSE_ENTIRELY', names)).toBeUndefined();
    expect(closeEnough('LINKERD2_PROXY_LOG')).toBe(2);
    expect(closeEnough('LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION')).toBe(4);
  });
});

describe('classification', () => {
  it.each([
    // [name, kind, suggestion]
    ['PODWIRE_OUTBOUND_FOWARDS', 'unknown', 'PODWIRE_OUTBOUND_FORWARDS'],
    ['LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTIY', 'unknown', 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY'],
    ['LINKERD2_PROXY_DESTINATION_SVC_ADR', 'unknown', 'LINKERD2_PROXY_DESTINATION_SVC_ADDR'],
    ['linkerd2_proxy_log', 'unknown', 'LINKERD2_PROXY_LOG'],
    ['PODWIRE_FROBNICATE', 'unknown', undefined],
    ['LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVES', 'unknown', 'LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE'],
    ['LINKERD2_PROXY_INBOUND_ACCEPT_USER_TIMEOUT', 'not_implemented', undefined],
    ['LINKERD2_PROXY_CONTROL_STREAM_LIFETIME', 'not_implemented', undefined],
    ['LINKERD2_PROXY_CORES', 'not_implemented', undefined],
    ['LINKERD2_PROXY_INBOUND_SERVER_HTTP2_KEEP_ALIVE_INTERVAL', 'not_implemented', undefined],
  ] as const)('%s is %s (suggests %s)', (name, kind, suggestion) => {
    const w = classifyEnvName(name);
    expect(w).toMatchObject({ name, kind });
    expect(w && w.kind === 'unknown' ? w.suggestion : undefined).toBe(suggestion);
  });

  it('words the warnings: the name, the suggestion, or that Linkerd defines it and podwire does not implement it', () => {
    expect(classifyEnvName('PODWIRE_OUTBOUND_FOWARDS')?.message).toBe(
      'PODWIRE_OUTBOUND_FOWARDS is not a podwire variable and has no effect; did you mean PODWIRE_OUTBOUND_FORWARDS?');
    expect(classifyEnvName('PODWIRE_FROBNICATE')?.message).toBe('PODWIRE_FROBNICATE is not a podwire variable and has no effect');
    expect(classifyEnvName('LINKERD2_PROXY_CONTROL_STREAM_LIFETIME')?.message).toMatch(
      /^LINKERD2_PROXY_CONTROL_STREAM_LIFETIME is a Linkerd proxy variable that podwire does not implement: it has no effect \(.+\)$/);
    // A typo of an unimplemented Linkerd name says what the intended variable is.
    expect(classifyEnvName('LINKERD2_PROXY_CORES_MAX_RATO')?.message).toContain(
      'did you mean LINKERD2_PROXY_CORES_MAX_RATIO, a Linkerd variable podwire does not implement?');
  });

  it('says nothing about variables podwire reads, other commands\' variables, or other prefixes', () => {
    for (const v of CONFIG_VARS) expect(classifyEnvName(v.name)).toBeUndefined();
    expect(classifyEnvName('PODWIRE_BENCH_RATE')).toBeUndefined();
    expect(classifyEnvName('PATH')).toBeUndefined();
    expect(classifyEnvName('_pod_ns')).toBeUndefined();
    expect(classifyEnvName('LINKERD2_PROXY')).toBeUndefined();
  });

  it('lists every warning once, sorted by name', () => {
    const names = ['PODWIRE_Z_UNKNOWN', 'LINKERD2_PROXY_LOG', 'LINKERD2_PROXY_CORES', 'PATH', 'PODWIRE_A_UNKNOWN'];
    expect(envWarnings(names).map((w) => w.name)).toEqual(['LINKERD2_PROXY_CORES', 'PODWIRE_A_UNKNOWN', 'PODWIRE_Z_UNKNOWN']);
  });

  it('keeps the tables disjoint: a Linkerd variable podwire implements is declared only in vars.ts', () => {
    const both = linkerdUnimplementedNames().filter((n) => configVar(n) !== undefined);
    expect(both).toEqual([]);
    const names = LINKERD_UNIMPLEMENTED.flatMap((g) => g.names);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^LINKERD2_PROXY_[A-Z0-9_]+$/);
  });

  it('is what config.ts reports for an environment', () => {
    const env = { PATH: '/bin', PODWIRE_OUTBOUND_FOWARDS: 'x', LINKERD2_PROXY_LOG: 'info', LINKERD2_PROXY_METRICS_RETAIN_IDLE: '10m' };
    expect(unusedVariableWarnings(env).map((w) => [w.name, w.kind])).toEqual([
      ['LINKERD2_PROXY_METRICS_RETAIN_IDLE', 'not_implemented'],
      ['PODWIRE_OUTBOUND_FOWARDS', 'unknown'],
    ]);
  });
});

describe('the effective configuration as --check-config prints it', () => {
  it('summarises inline PEM and keeps file paths', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const config = loadConfig({
      LINKERD2_PROXY_IDENTITY_LOCAL_NAME: 'web.shop.serviceaccount.identity.linkerd.cluster.local',
      PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt',
      PODWIRE_IDENTITY_KEY_FILE: '/pki/tls.key',
      LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: pem + pem,
      LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY: '8080,9000-9001',
    });
    const text = JSON.stringify(describeConfig(config));
    expect(text).not.toContain('BEGIN');
    expect(text).toContain('"trustAnchorsPem":"<inline PEM: 2 certificates>"');
    expect(text).toContain('"keyFile":"/pki/tls.key"');
    expect(text).toContain('"required":{"identity":[[8080,8080],[9000,9001]],"tls":[]}');
  });
});
