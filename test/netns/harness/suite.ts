// Whether the network-namespace suites can run here, decided once per test file before its tests
// are collected. Without namespaces (not root, no iproute2/iptables/tcpdump, a sandbox refusing
// `ip netns add`) the suite is skipped with the reason printed — except in CI (CI=true), where a
// skipped test bed would hide a broken mission, so it fails with that reason instead.
import { describe, it } from 'vitest';
import { netnsUnavailable, removeStaleNamespaces } from './netns.js';

const why = await netnsUnavailable();
if (why === undefined) {
  const stale = removeStaleNamespaces();
  if (stale.length > 0) console.warn(`netns test bed: removed namespaces of earlier runs: ${stale.join(', ')}`);
}

/** describe(), or a clear skip / CI failure when network namespaces are unavailable. */
export function describeNetns(name: string, body: () => void): void {
  if (why === undefined) {
    describe(name, body);
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs network namespaces (CI=true: the test bed must run, not be skipped)', () => {
        throw new Error(`network namespaces are unavailable: ${why}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED netns test bed "${name}": ${why}`);
  describe.skip(`${name} [skipped: ${why}]`, body);
}
