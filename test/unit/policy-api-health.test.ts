// Policy-API failures are visible (proxy/policy/api-health.ts through ApiPolicySource): against a
// real gRPC policy server that fails and recovers, the proxy's readiness waits for every
// LINKERD2_PROXY_INBOUND_PORTS port and names the ports and the last error, the gauge and the
// error counter follow, warn lines are rate-limited, a failure after a policy arrived keeps it
// (and readiness), and a final refusal keeps the proxy not ready and is always logged.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { InboundPolicyClient } from '../../discovery-client/policy.js';
import { silentLogger } from '../../discovery-client/log.js';
import { Metrics } from '../../proxy/metrics.js';
import { Readiness } from '../../proxy/readiness.js';
import { ApiPolicySource } from '../../proxy/policy/api-source.js';
import { serverAllowingIdentities, startPolicyController214, type PolicyController214 } from '../harness/policy-controller-214.js';

const CLIENT_ID = 'client.default.serviceaccount.identity.linkerd.cluster.local';
const BACKOFF = { minMs: 10, maxMs: 50, jitter: 0 };

interface Line {
  level: 'info' | 'warn';
  msg: string;
  obj: Record<string, unknown>;
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

describe('policy API health', () => {
  let server: PolicyController214 | undefined;
  let client: InboundPolicyClient | undefined;
  let source: ApiPolicySource | undefined;
  afterEach(async () => {
    source?.close();
    client?.close();
    await server?.close();
    server = client = source = undefined;
  });

  async function setup(opts: { eagerPorts: number[]; warnIntervalMs: number; workload?: string }) {
    server = await startPolicyController214('127.0.0.1:0', {
      'shop:web-0:8080': serverAllowingIdentities('web-tcp', [CLIENT_ID]),
      'shop:web-0:9090': serverAllowingIdentities('metrics', [CLIENT_ID]),
    });
    const readiness = new Readiness();
    const metrics = new Metrics({ version: '0', processMetrics: false });
    const lines: Line[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push({ level: 'info', msg, obj: obj as Record<string, unknown> }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', msg, obj: obj as Record<string, unknown> }),
    };
    client = new InboundPolicyClient({ addr: server.addr, workload: opts.workload ?? 'shop:web-0', backoff: BACKOFF, log: silentLogger });
    const src = new ApiPolicySource({
      defaultPolicy: 'all-unauthenticated', clusterNetworks: [], opaquePorts: [], eagerPorts: opts.eagerPorts, log,
      readiness, metrics, warnIntervalMs: opts.warnIntervalMs,
    });
    source = src;
    return { server, readiness, metrics, lines, src, attach: () => src.attach(client!) };
  }

  it('not ready until every eager port has a policy; says which and why; rate-limits the warnings', async () => {
    const t = await setup({ eagerPorts: [8080, 9090], warnIntervalMs: 60_000 });
    t.server.failWith(grpc.status.UNAVAILABLE);
    expect(t.readiness.pending()).toEqual(['inbound-policy (no policy yet for ports 8080, 9090)']);
    expect(await sample(t.metrics, 'inbound_policy_ports_pending')).toBe(2);
    t.attach();
    await until(async () => (await sample(t.metrics, 'control_policy_stream_errors_total', { code: 'UNAVAILABLE' })) >= 6, 'several failures');
    expect(t.readiness.ready()).toBe(false);
    expect(t.readiness.pending()[0]).toMatch(/^inbound-policy \(no policy yet for ports 8080, 9090; last error: port (8080|9090): UNAVAILABLE: stand-in told to fail\)$/);
    const warns = t.lines.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toBe('inbound policy not received from the policy API; the default policy applies meanwhile');
    expect(warns[0]!.obj).toMatchObject({ code: 'UNAVAILABLE', retrying: true, waiting_ports: [8080, 9090] });

    t.server.failWith(undefined);
    await until(() => t.readiness.ready(), 'readiness after recovery');
    expect(await sample(t.metrics, 'inbound_policy_ports_pending')).toBe(0);
    expect(t.src.waitingPorts).toEqual([]);
    expect(t.src.policyFor(8080).meta.name).toBe('web-tcp');
    expect(t.lines.some((l) => l.msg === 'inbound policy received for every port in LINKERD2_PROXY_INBOUND_PORTS')).toBe(true);
  });

  it('a failure after the policy arrived keeps the policy and readiness, counted and logged', async () => {
    const t = await setup({ eagerPorts: [8080], warnIntervalMs: 0 });
    t.attach();
    await until(() => t.readiness.ready(), 'the first policy');
    const before = await sample(t.metrics, 'control_policy_stream_errors_total');
    t.server.failWith(grpc.status.UNAVAILABLE);
    t.server.endStreams(grpc.status.UNAVAILABLE);
    await until(async () => (await sample(t.metrics, 'control_policy_stream_errors_total')) >= before + 2, 'the failures');
    expect(t.readiness.ready()).toBe(true);
    expect(await sample(t.metrics, 'inbound_policy_ports_pending')).toBe(0);
    expect(t.src.policyFor(8080).meta.name).toBe('web-tcp');
    const kept = t.lines.find((l) => l.msg === 'policy API stream failed; keeping the last policy for the port');
    expect(kept?.obj).toMatchObject({ port: 8080, code: 'UNAVAILABLE', waiting_ports: [] });
  });

  it('a final refusal keeps the proxy not ready and is logged despite the rate limit', async () => {
    const t = await setup({ eagerPorts: [8080, 9090], warnIntervalMs: 60_000 });
    t.server.failWith(grpc.status.INVALID_ARGUMENT);
    t.attach();
    await until(() => t.lines.filter((l) => l.level === 'warn').length === 2, 'one warning per final refusal');
    expect(t.lines.every((l) => l.level !== 'warn' || l.obj['retrying'] === false)).toBe(true);
    expect(t.readiness.ready()).toBe(false);
    expect(t.readiness.pending()[0]).toMatch(/INVALID_ARGUMENT/);
    expect(client!.watchCount).toBe(0);
  });

  it('ports watched on first use do not hold readiness back', async () => {
    const t = await setup({ eagerPorts: [], warnIntervalMs: 0 });
    expect(t.readiness.ready()).toBe(true);
    t.server.failWith(grpc.status.UNAVAILABLE);
    t.attach();
    t.src.policyFor(8080);
    await until(() => t.lines.some((l) => l.level === 'warn'), 'the failure warning');
    expect(t.readiness.ready()).toBe(true);
    expect(await sample(t.metrics, 'inbound_policy_ports_pending')).toBe(0);
  });
});
