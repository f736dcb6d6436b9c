// The policy store: file rules over the default, a watched file whose broken edit keeps the last
// good policy (and says why), and live-connection re-checks on change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyStore } from '../../proxy/policy/store.js';
import { LiveConnections } from '../../proxy/policy/live.js';
import type { Denied } from '../../proxy/policy/authorize.js';

const A = 'a.default.serviceaccount.identity.linkerd.cluster.local';
const B = 'b.default.serviceaccount.identity.linkerd.cluster.local';

interface Line { level: string; obj: Record<string, unknown>; msg: string | undefined }
function recordingLog() {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const only = (id: string) => `ports:\n  - port: 8080\n    authentication:\n      identities: [${id}]\n`;

const dirs: string[] = [];
const stores: PolicyStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(text: string, watch = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-policy-'));
  dirs.push(dir);
  const file = path.join(dir, 'policy.yaml');
  fs.writeFileSync(file, text);
  const log = recordingLog();
  const store = new PolicyStore({
    defaultPolicy: 'deny', clusterNetworks: [], opaquePorts: [], file, log,
    ...(watch ? { pollIntervalMs: 50, debounceMs: 10 } : {}),
  });
  stores.push(store);
  return { file, log, store };
}

/** Write by rename, as editors and kubelet do. */
function replace(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

const allows = (store: PolicyStore, id: string, port = 8080) =>
  store.policyFor(port).authorizations.some((a) => a.authentication.kind === 'identities' && a.authentication.identities.includes(id));

describe('policy store', () => {
  it('uses the file for its ports and the default elsewhere', () => {
    const { store } = setup(only(A));
    expect(store.policyFor(8080).meta).toEqual({ group: 'policy.podwire.io', kind: 'server', name: 'port-8080' });
    expect(store.policyFor(8080).protocol).toBe('detect');
    expect(store.policyFor(9090).meta.name).toBe('deny');
  });

  it('fails at startup on a broken or missing file, naming it', () => {
    expect(() => setup('ports:\n  - port: nope\n')).toThrow(/policy\.yaml: invalid policy file.*\n.*ports\[0\]\.port/);
    expect(() => new PolicyStore({ defaultPolicy: 'deny', clusterNetworks: [], opaquePorts: [], file: '/nonexistent/p.yaml', log: recordingLog() }))
      .toThrow(/cannot read policy file \/nonexistent\/p\.yaml: ENOENT/);
  });

  it('follows edits, keeps the last good policy over a broken edit, and reports it once', async () => {
    const { file, log, store } = setup(only(A), true);
    store.start();
    let changes = 0;
    store.on('change', () => changes++);

    replace(file, only(B));
    await expect.poll(() => allows(store, B), { timeout: 5000 }).toBe(true);
    expect(allows(store, A)).toBe(false);
    expect(changes).toBe(1);

    replace(file, 'ports:\n  - port: 8080\n    authentication: {identities: ["*.x"]}\n');
    await expect.poll(() => log.lines.filter((l) => l.level === 'error').length, { timeout: 5000 }).toBe(1);
    const err = log.lines.find((l) => l.level === 'error')!;
    expect(err.msg).toMatch(/keeping the last good policy/);
    expect(err.obj.problems).toEqual([expect.stringMatching(/^ports\[0\]\.authentication\.identities\[0\]: .*identitySuffixes/)]);
    expect(allows(store, B)).toBe(true);
    // Polling keeps re-reading the same broken content: no repeated error, no change event.
    await new Promise((r) => setTimeout(r, 300));
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(changes).toBe(1);

    fs.rmSync(file);
    await expect.poll(() => log.lines.some((l) => l.level === 'warn' && /cannot read the policy file/.test(l.msg ?? '')), { timeout: 5000 }).toBe(true);
    expect(allows(store, B)).toBe(true);

    replace(file, only(A));
    await expect.poll(() => allows(store, A), { timeout: 5000 }).toBe(true);
    expect(changes).toBe(2);
  });

  it('re-checks live connections and terminates only the ones no longer allowed', () => {
    const { file, store } = setup(only(A));
    const live = new LiveConnections();
    const cut: Array<[string, Denied]> = [];
    const add = (name: string, identity: string, port = 8080) =>
      live.add({ client: { ip: '127.0.0.1', tls: { identity } }, port, terminate: (d) => cut.push([name, d]) });
    add('a', A);
    const removeA2 = add('a2', A);
    add('b-default-port', B, 9090);
    removeA2();
    expect(live.recheck(store)).toBe(1); // b on 9090 falls under the deny default
    expect(cut.map(([n]) => n)).toEqual(['b-default-port']);

    fs.writeFileSync(file, only(B));
    expect(store.reload()).toBe(true);
    expect(live.recheck(store)).toBe(1);
    expect(cut.map(([n]) => n)).toEqual(['b-default-port', 'a']);
    expect(cut[1]![1].reason).toContain(A);
    expect(live.size).toBe(0);
  });

  it('hands out one policy object per port until a new file is loaded (decision-memo.ts relies on it)', () => {
    const { file, store } = setup(only(A));
    const rule = store.policyFor(8080);
    const fallback = store.policyFor(9090);
    expect(store.policyFor(8080)).toBe(rule);
    expect(store.policyFor(9090)).toBe(fallback);
    // The same content again is no change: the objects stay.
    fs.writeFileSync(file, only(A));
    expect(store.reload()).toBe(false);
    expect(store.policyFor(8080)).toBe(rule);
    fs.writeFileSync(file, only(B));
    expect(store.reload()).toBe(true);
    expect(store.policyFor(8080)).not.toBe(rule);
    expect(allows(store, B)).toBe(true);
    expect(allows(store, A)).toBe(false);
  });
});
