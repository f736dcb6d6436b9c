// Shared by the configuration tests: a minimal valid environment (file identity) and a helper
// that returns the problems loadConfig reports for an environment (none when it loads).
import { expect } from 'vitest';
import { loadConfig, ConfigError } from '../../proxy/config.js';

export const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
export const MINIMAL = {
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME: 'web.default.serviceaccount.identity.linkerd.cluster.local',
  PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt',
  PODWIRE_IDENTITY_KEY_FILE: '/pki/tls.key',
  LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: PEM,
};

export function problems(env: Record<string, string>): Array<{ name: string; why: string }> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(({ name, why }) => ({ name, why }));
  }
  return [];
}
