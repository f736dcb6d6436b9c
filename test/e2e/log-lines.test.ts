// JSON log lines as a strict parser reads them: every line a proxy writes (at debug, across the
// startup, a proxied connection and the access log) has one key per name - in particular exactly
// one `component`, that of the part of the proxy that wrote it. Checked on the raw text, since
// JSON.parse would silently keep the last of two equal keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundTrip } from '../harness/servers.js';
import type { RunningPodwire } from '../harness/mesh.js';
import { startEchoMesh, type EchoMesh } from '../harness/echo-mesh.js';
import { duplicateKeys } from '../harness/strict-json.js';

describe('JSON log lines', () => {
  let mesh: EchoMesh;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  beforeAll(async () => {
    mesh = await startEchoMesh({ serverEnv: { LINKERD2_PROXY_LOG: 'debug' }, clientEnv: { LINKERD2_PROXY_LOG: 'debug' } });
    ({ server, client } = mesh);
    await roundTrip(client.forwardPort, 'one connection, logged on both sides');
    await client.proc.waitForAccessLog({ direction: 'outbound' });
    await server.proc.waitForAccessLog({ direction: 'inbound' });
  });

  afterAll(async () => mesh?.close());

  it('have one key per name and exactly one component', () => {
    const components = new Set<string>();
    for (const proc of [client.proc, server.proc]) {
      expect(proc.rawLines.length).toBeGreaterThanOrEqual(3);
      for (const line of proc.rawLines) {
        const parsed = JSON.parse(line) as { component?: unknown };
        expect(duplicateKeys(line), line).toEqual([]);
        expect(line.split('"component":').length - 1, line).toBe(1);
        components.add(String(parsed.component));
      }
    }
    // The root logger's lines and its children's: each names its own part.
    for (const c of ['proxy', 'identity', 'outbound', 'inbound']) expect(components).toContain(c);
  });
});
