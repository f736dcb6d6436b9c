// TCP keepalive settings: Linkerd's four variables and defaults (unset = off), its duration syntax,
// and values the kernel can't take (under a second) refused with the variable named.
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../proxy/config.js';
import { KEEPALIVE_VARS } from '../../proxy/config/keepalive.js';

const MINIMAL = {
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME: 'web.default.serviceaccount.identity.linkerd.cluster.local',
  PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt',
  PODWIRE_IDENTITY_KEY_FILE: '/pki/tls.key',
  LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};

describe('TCP keepalive configuration', () => {
  it('is off on every side when unset, as in Linkerd', () => {
    expect(loadConfig(MINIMAL).keepalive).toEqual({});
  });

  it('reads each of the four variables into its own side, in Linkerd\'s duration syntax', () => {
    const config = loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE: '10000ms',
      LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE: '20s',
      LINKERD2_PROXY_OUTBOUND_ACCEPT_KEEPALIVE: '1m',
      LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE: '10000ms',
    });
    expect(config.keepalive).toEqual({ inboundAcceptMs: 10_000, inboundConnectMs: 20_000, outboundAcceptMs: 60_000, outboundConnectMs: 10_000 });
  });

  it.each([
    ['0', /at least 1s/],
    ['500ms', /at least 1s/],
    ['10', /integer with a unit/],
    ['1.5s', /integer with a unit/],
  ])('refuses %j, naming the variable, with every bad one reported', (value, why) => {
    let err: unknown;
    try {
      loadConfig({ ...MINIMAL, ...Object.fromEntries(Object.values(KEEPALIVE_VARS).map((n) => [n, value])) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => p.name).sort()).toEqual(Object.values(KEEPALIVE_VARS).sort());
    for (const p of problems) {
      expect(p.value).toBe(value);
      expect(p.why).toMatch(why);
    }
  });
});
