// The configuration reference: proxy/config/vars.ts declares exactly the variables config.ts reads
// (checked by recording what loadConfig looks up, and by scanning the loader's source), every
// literal default behaves like leaving the variable unset, and docs/configuration.md is what
// `npm run docs` would write from the table.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError, type Env } from '../../proxy/config.js';
import { CONFIG_VARS, configVar } from '../../proxy/config/vars.js';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from '../../proxy/docs/config-reference.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const LOCAL_NAME = 'web.shop.serviceaccount.identity.linkerd.cluster.local';

/** File identity, nothing else: the smallest valid configuration. */
const FILES: Record<string, string> = {
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME: LOCAL_NAME,
  PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt',
  PODWIRE_IDENTITY_KEY_FILE: '/pki/tls.key',
  LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: PEM,
};

/** Certify, the policy API, discovery with backoff, a gateway: the other branches of the loader. */
const CERTIFY: Record<string, string> = {
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME: LOCAL_NAME,
  PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: '/pki/anchors.pem',
  LINKERD2_PROXY_IDENTITY_SVC_ADDR: 'linkerd-identity-headless.linkerd.svc.cluster.local.:8080',
  LINKERD2_PROXY_IDENTITY_SVC_NAME: 'linkerd-identity.linkerd.serviceaccount.identity.linkerd.cluster.local',
  LINKERD2_PROXY_IDENTITY_DIR: '/var/run/linkerd/identity/end-entity',
  LINKERD2_PROXY_IDENTITY_TOKEN_FILE: '/var/run/secrets/tokens/linkerd-identity-token',
  LINKERD2_PROXY_DESTINATION_SVC_ADDR: 'linkerd-dst-headless.linkerd.svc.cluster.local.:8086',
  LINKERD2_PROXY_DESTINATION_SVC_NAME: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
  LINKERD2_PROXY_POLICY_SVC_ADDR: 'linkerd-policy.linkerd.svc.cluster.local.:8090',
  LINKERD2_PROXY_POLICY_SVC_NAME: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
  LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"shop","pod":"web-0"}',
  LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '100ms',
  LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '10s',
  LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_JITTER: '0.2',
  LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS: '127.0.0.1:4140,[::1]:4140',
  PODWIRE_GATEWAY: 'true',
};

/** loadConfig over an env that records every name looked up. */
function namesRead(env: Record<string, string>): Set<string> {
  const seen = new Set<string>();
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') seen.add(key);
      return Reflect.get(target, key);
    },
  }) as Env;
  try {
    loadConfig(recording);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
  }
  return seen;
}

describe('the variable table (proxy/config/vars.ts)', () => {
  it('declares each variable once', () => {
    const names = CONFIG_VARS.map((v) => v.name);
    expect(names.length).toBe(new Set(names).size);
    for (const v of CONFIG_VARS) {
      expect(v.name).toMatch(/^(LINKERD2_PROXY|PODWIRE)_[A-Z0-9_]+$/);
      expect(v.default !== undefined || v.unset !== undefined, `${v.name} says what unset means`).toBe(true);
      expect(v.meaning.length, `${v.name} has a meaning`).toBeGreaterThan(10);
    }
  });

  // An undeclared read throws a plain Error from config.ts's reader, which namesRead re-throws.
  it('is exactly what loadConfig reads, across its branches', () => {
    const read = new Set([...namesRead({}), ...namesRead(FILES), ...namesRead(CERTIFY)]);
    const declared = new Set(CONFIG_VARS.map((v) => v.name));
    expect([...read].filter((n) => !declared.has(n)), 'read but not declared').toEqual([]);
    expect([...declared].filter((n) => !read.has(n)), 'declared but never read').toEqual([]);
  });

  it('covers every variable name written in the loader sources', () => {
    const dir = path.join(ROOT, 'proxy');
    const files = ['config.ts', ...fs.readdirSync(path.join(dir, 'config')).filter((f) => f.endsWith('.ts') && f !== 'vars.ts').map((f) => `config/${f}`)];
    const missing: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/['"`]((?:LINKERD2_PROXY|PODWIRE)_[A-Z0-9_]*[A-Z0-9])['"`]/g)) {
        // A base such as LINKERD2_PROXY_DESTINATION_SVC is completed in code (_ADDR, _NAME).
        const isBase = CONFIG_VARS.some((v) => v.name.startsWith(`${m[1]}_`));
        if (!configVar(m[1]!) && !isBase) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(CONFIG_VARS.filter((v) => v.default !== undefined).map((v) => [v.name, v.default!] as const))(
    '%s=%j behaves like unset',
    (name, value) => {
      for (const base of [FILES, CERTIFY]) {
        expect(loadConfig({ ...base, [name]: value })).toEqual(loadConfig(base));
      }
    },
  );
});

describe(CONFIG_REFERENCE_PATH, () => {
  it('is what `npm run docs` generates from the table', () => {
    const file = path.join(ROOT, CONFIG_REFERENCE_PATH);
    const onDisk = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    expect(onDisk === renderConfigReference(), `${CONFIG_REFERENCE_PATH} is out of date: run \`npm run docs\``).toBe(true);
  });

  it('lists every variable with its default', () => {
    const text = renderConfigReference();
    for (const v of CONFIG_VARS) {
      const row = text.split('\n').find((l) => l.startsWith(`| \`${v.name}\` |`));
      expect(row, v.name).toBeDefined();
      if (v.default !== undefined && v.default !== '') expect(row).toContain(`\`${v.default}\``);
    }
  });
});
