// DestinationClient against a real gRPC Destination server (test/harness/destination-server.ts), on
// IPv4 and IPv6 loopback: request shape, the Get stream contract of spec §1.5, recovery with backoff
// of spec §9.3 (last endpoints kept, first add after reconnect replaces the set, final statuses),
// sharing and idle eviction, and GetProfile. Waits are driven by 'change' events and server
// events with bounded timeouts; the few fixed waits prove that something does NOT happen.
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DestinationClient,
  type DestinationClientOptions,
  type Resolution,
  type ResolutionEvent,
} from '../../discovery-client/destination.js';
import type { DiscoveryLogger } from '../../discovery-client/log.js';
import type { NameAddr } from '../../proxy/transport/addr.js';
import { startDestinationServer, type TestDestinationServer, type TestEndpoint } from '../harness/destination-server.js';

const BACKOFF = { minMs: 20, maxMs: 200, jitter: 0.1 };
const CONTEXT = '{"ns":"emojivoto", "nodeName":"node-1", "pod":"web-1"}\n';
const WAIT_MS = 3_000;
const WEB: NameAddr = { name: 'web.emojivoto.svc.cluster.local', port: 8080 };
const WEB_PATH = 'web.emojivoto.svc.cluster.local:8080';
const ID = 'web.emojivoto.serviceaccount.identity.linkerd.cluster.local';

const A: TestEndpoint = { ip: '10.0.0.1', port: 8080, identity: ID, inboundPort: 4143, labels: { pod: 'web-a' } };
const B: TestEndpoint = { ip: '10.0.0.2', port: 8080, identity: ID, inboundPort: 4143, labels: { pod: 'web-b' } };
const C: TestEndpoint = { ip: '10.0.0.3', port: 8080 };

interface LogEntry {
  readonly level: string;
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

function recordingLogger(): { log: DiscoveryLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object, msg: string) => void entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, entries };
}

/** Resolves with the first 'change' event satisfying `pred`, or rejects after timeoutMs. */
function nextChange(res: Resolution, pred: (e: ResolutionEvent) => boolean = () => true, timeoutMs = WAIT_MS): Promise<ResolutionEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      res.off('change', on);
      reject(new Error(`no matching change within ${timeoutMs}ms`));
    }, timeoutMs);
    const on = (e: ResolutionEvent): void => {
      if (!pred(e)) return;
      clearTimeout(timer);
      res.off('change', on);
      resolve(e);
    };
    res.on('change', on);
  });
}

/** Resolves once `cond` holds, checking now and after every change event. */
async function until(res: Resolution, cond: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  if (cond()) return;
  await nextChange(res, cond, timeoutMs);
}

/** Sorted endpoint keys, for compact assertions. */
function keys(res: Resolution): string[] {
  return [...res.endpoints().keys()].sort();
}

/** A fixed wait, used only to show that nothing happens during it. */
function quietFor(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe.each(['127.0.0.1', '::1'] as const)('DestinationClient over %s', (host) => {
  let server: TestDestinationServer;
  let client: DestinationClient;
  let logs: LogEntry[];

  function makeClient(overrides: Partial<DestinationClientOptions> = {}): DestinationClient {
    const rec = recordingLogger();
    logs = rec.entries;
    return new DestinationClient({ addr: server.addr, contextToken: CONTEXT, backoff: BACKOFF, idleTimeoutMs: 5_000, log: rec.log, ...overrides });
  }

  beforeEach(async () => {
    server = await startDestinationServer({ host });
    client = makeClient();
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  describe('Get', () => {
    it('sends the path without a trailing dot, an empty scheme and the context token verbatim', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      const res = client.resolve({ name: `${WEB.name}.`, port: WEB.port });
      await until(res, () => res.state === 'live');
      expect(server.requests).toEqual([{ method: 'Get', path: WEB_PATH, scheme: '', contextToken: CONTEXT, at: expect.any(Number) }]);
      res.release();
    });

    it('starts pending, goes live with the snapshot, then follows adds and removes', async () => {
      server.setEndpoints(WEB_PATH, [A, B], { setLabels: { service: 'web', namespace: 'emojivoto' } });
      const res = client.resolve(WEB);
      expect(res.state).toBe('pending');
      const first = await nextChange(res);
      expect(first.kind).toBe('reset');
      expect(res.state).toBe('live');
      expect(keys(res)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
      expect(res.endpoints().get('10.0.0.1:8080')).toEqual({
        addr: { ip: '10.0.0.1', port: 8080 },
        weight: 10_000,
        labels: { service: 'web', namespace: 'emojivoto', pod: 'web-a' },
        identity: { kind: 'dns', id: ID, serverName: ID },
        opaqueInboundPort: 4143,
      });

      server.setEndpoints(WEB_PATH, [A, B, C], { setLabels: { service: 'web', namespace: 'emojivoto' } });
      const added = await nextChange(res);
      expect(added.kind === 'add' && added.endpoints.map((e) => e.addr)).toEqual([{ ip: '10.0.0.3', port: 8080 }]);
      expect(keys(res)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080']);

      server.setEndpoints(WEB_PATH, [B, C], { setLabels: { service: 'web', namespace: 'emojivoto' } });
      const removed = await nextChange(res);
      expect(removed).toEqual({ kind: 'remove', addrs: [{ ip: '10.0.0.1', port: 8080 }] });
      expect(keys(res)).toEqual(['10.0.0.2:8080', '10.0.0.3:8080']);
      res.release();
    });

    it('replaces the metadata of an address added again', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      const res = client.resolve(WEB);
      await until(res, () => res.state === 'live');
      server.setEndpoints(WEB_PATH, [{ ...A, labels: { pod: 'web-a2' }, inboundPort: 4144 }]);
      await nextChange(res, (e) => e.kind === 'add');
      const ep = res.endpoints().get('10.0.0.1:8080');
      expect([ep?.labels['pod'], ep?.opaqueInboundPort, res.endpoints().size]).toEqual(['web-a2', 4144, 1]);
      res.release();
    });

    it('decodes IPv6 endpoints', async () => {
      const v6: TestEndpoint[] = [
        { ip: 'fd00::1', port: 8080, identity: ID, inboundPort: 4143 },
        { ip: '2001:DB8::ff00:42:8329', port: 8080 },
        { ip: '::ffff:10.9.8.7', port: 8080 },
      ];
      server.setEndpoints(WEB_PATH, v6);
      const res = client.resolve(WEB);
      await until(res, () => res.endpoints().size === 3);
      expect(keys(res)).toEqual(['[2001:db8::ff00:42:8329]:8080', '[::ffff:10.9.8.7]:8080', '[fd00::1]:8080']);
      expect(res.endpoints().get('[fd00::1]:8080')?.addr).toEqual({ ip: 'fd00::1', port: 8080 });
      res.release();
    });

    it('ignores a remove that arrives first, and makes the first add a reset', async () => {
      server.setEndpoints(WEB_PATH, []);
      const res = client.resolve(WEB);
      await server.waitForOpenStreams(1, { method: 'Get' });
      const events: ResolutionEvent[] = [];
      res.on('change', (e) => events.push(e));
      server.sendRaw(WEB_PATH, { remove: { addrs: [{ ip: { ipv4: 0x0a000001 }, port: 8080 }] } });
      server.setEndpoints(WEB_PATH, [A]);
      await until(res, () => res.endpoints().size === 1);
      expect(events.map((e) => e.kind)).toEqual(['reset']);
      expect(res.state).toBe('live');
      res.release();
    });

    it('drops adds none of whose addresses decode, and maps no_endpoints', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      const res = client.resolve(WEB);
      await until(res, () => res.state === 'live');
      const events: ResolutionEvent[] = [];
      res.on('change', (e) => events.push(e));
      server.sendRaw(WEB_PATH, { add: { addrs: [{ addr: { ip: { ipv4: 0 }, port: 8080 } }] } });
      server.sendRaw(WEB_PATH, { remove: { addrs: [] } });
      server.sendNoEndpoints(WEB_PATH, true);
      await until(res, () => events.length === 1);
      expect(events).toEqual([{ kind: 'reset', endpoints: [] }]);
      expect(res.endpoints().size).toBe(0);

      // The server still believes A is there, so this goes out as remove A + add B.
      server.setEndpoints(WEB_PATH, [B]);
      await until(res, () => res.endpoints().size === 1);
      server.sendNoEndpoints(WEB_PATH, false);
      await nextChange(res, (e) => e.kind === 'does_not_exist');
      expect(res.endpoints().size).toBe(0);
      res.release();
    });

    it('keeps the last endpoints when the stream dies, reconnects, and resets to the new snapshot', async () => {
      server.setEndpoints(WEB_PATH, [A, B]);
      const res = client.resolve(WEB);
      await until(res, () => res.endpoints().size === 2);

      // Reconnects are refused for a while, and B goes away while we are disconnected.
      server.failTarget(WEB_PATH, grpc.status.UNAVAILABLE);
      server.killStreams();
      await server.waitForRequests(3, { method: 'Get' });
      server.setEndpoints(WEB_PATH, [A, C]);
      expect(keys(res)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
      expect(res.state).toBe('live');

      server.failTarget(WEB_PATH, undefined);
      const reset = await nextChange(res);
      expect(reset.kind).toBe('reset');
      expect(keys(res)).toEqual(['10.0.0.1:8080', '10.0.0.3:8080']);
      res.release();
    });

    it('reconnects after a stream ends with OK, and applies messages sent just before the end', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      const res = client.resolve(WEB);
      await until(res, () => res.state === 'live');
      server.failTarget(WEB_PATH, grpc.status.UNAVAILABLE);
      server.setEndpoints(WEB_PATH, [A, B]);
      server.killStreams(grpc.status.OK);
      await server.waitForRequests(2, { method: 'Get' });
      // The add written right before the end was applied even though the reconnect failed.
      expect(keys(res)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
      server.failTarget(WEB_PATH, undefined);
      await server.waitForOpenStreams(1, { method: 'Get' });
      res.release();
    });

    it('backs off exponentially across consecutive failures and starts over after a message', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      server.failTarget(WEB_PATH, grpc.status.UNAVAILABLE);
      const res = client.resolve(WEB);
      await server.waitForRequests(6, { method: 'Get' });
      const delays = () => logs.filter((l) => l.msg.includes('reconnecting')).map((l) => l.obj['retryInMs'] as number);
      // 20, 40, 80, 160, 200 (capped), each plus at most 10% jitter.
      const bases = [20, 40, 80, 160, 200];
      delays()
        .slice(0, 5)
        .forEach((d, i) => {
          expect(d).toBeGreaterThanOrEqual(bases[i]!);
          expect(d).toBeLessThanOrEqual(Math.round(bases[i]! * 1.1));
        });
      const gaps = server.requests.slice(1, 6).map((r, i) => r.at - server.requests[i]!.at);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(bases[i]! - 2));

      server.failTarget(WEB_PATH, undefined);
      await until(res, () => res.state === 'live');
      const before = delays().length;
      server.killStreams();
      await server.waitForRequests(server.requests.length + 1, { method: 'Get' });
      const afterReset = delays()[before];
      expect(afterReset).toBeGreaterThanOrEqual(20);
      expect(afterReset).toBeLessThanOrEqual(22);
      res.release();
    });

    it.each([
      ['InvalidArgument (an IP path)', { name: '10.1.2.3', port: 80 }, undefined],
      ['FailedPrecondition', WEB, grpc.status.FAILED_PRECONDITION],
    ] as const)('treats %s as final', async (_name, target, injected) => {
      if (injected !== undefined) server.failTarget(WEB_PATH, injected);
      const res = client.resolve(target);
      const event = await nextChange(res);
      expect(event.kind).toBe('failed');
      expect(res.state).toBe('failed');
      expect(res.failure?.message).toMatch(injected === undefined ? /INVALID_ARGUMENT/ : /FAILED_PRECONDITION/);
      expect(res.endpoints().size).toBe(0);
      await quietFor(BACKOFF.maxMs * 2);
      expect(server.requests).toHaveLength(1);
      res.release();
    });

    it('retries NotFound until the service appears', async () => {
      const res = client.resolve(WEB);
      await server.waitForRequests(3, { method: 'Get' });
      expect(res.state).toBe('pending');
      server.setEndpoints(WEB_PATH, [A]);
      await until(res, () => res.endpoints().size === 1);
      expect(res.state).toBe('live');
      res.release();
    });

    it('shares one stream per path and closes it once unused for idleTimeoutMs', async () => {
      client.close();
      client = makeClient({ idleTimeoutMs: 100 });
      server.setEndpoints(WEB_PATH, [A]);
      const r1 = client.resolve(WEB);
      const r2 = client.resolve(WEB);
      await until(r1, () => r1.state === 'live');
      expect(r2.endpoints().size).toBe(1);
      expect(server.openStreams('Get')).toBe(1);

      r1.release();
      r1.release(); // idempotent: must not drop r2's reference
      await quietFor(200);
      expect(server.openStreams('Get')).toBe(1);
      expect(r1.endpoints().size).toBe(0);

      r2.release();
      const r3 = client.resolve(WEB); // picked up again before the idle timeout: same stream
      expect(r3.endpoints().size).toBe(1);
      r3.release();
      await server.waitForOpenStreams(0, { method: 'Get' });
      expect(client.watchCount.resolutions).toBe(0);
      expect(server.requests.filter((r) => r.method === 'Get')).toHaveLength(1);

      const r4 = client.resolve(WEB);
      await until(r4, () => r4.state === 'live');
      expect(server.requests.filter((r) => r.method === 'Get')).toHaveLength(2);
      r4.release();
    });

    it('stops streaming when closed', async () => {
      server.setEndpoints(WEB_PATH, [A]);
      const res = client.resolve(WEB);
      await until(res, () => res.state === 'live');
      client.close();
      await server.waitForOpenStreams(0);
      expect(() => client.resolve(WEB)).toThrow(/closed/);
    });
  });

  describe('GetProfile', () => {
    it('returns a service profile, requested as ip:port', async () => {
      server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.emojivoto.svc.cluster.local' });
      const watch = client.profile({ ip: '10.96.0.10', port: 80 });
      expect(await watch.first(WAIT_MS)).toEqual({ fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: false });
      expect(watch.current()?.fullyQualifiedName).toBe('web.emojivoto.svc.cluster.local');
      expect(server.requests).toEqual([{ method: 'GetProfile', path: '10.96.0.10:80', scheme: '', contextToken: CONTEXT, at: expect.any(Number) }]);
      watch.release();
    });

    it('returns an endpoint profile for an IPv6 pod address, requested in brackets', async () => {
      server.setProfile('[fd00::7]:8080', { endpoint: { ip: 'fd00::7', port: 8080, identity: ID, inboundPort: 4143, labels: { namespace: 'emojivoto' } } });
      const watch = client.profile({ ip: 'fd00::7', port: 8080 });
      const profile = await watch.first(WAIT_MS);
      expect(server.requests[0]?.path).toBe('[fd00::7]:8080');
      expect(profile?.endpoint).toEqual({
        addr: { ip: 'fd00::7', port: 8080 },
        weight: 10_000,
        labels: { namespace: 'emojivoto' },
        identity: { kind: 'dns', id: ID, serverName: ID },
        opaqueInboundPort: 4143,
      });
      watch.release();
    });

    it('follows profile updates', async () => {
      server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.emojivoto.svc.cluster.local' });
      const watch = client.profile({ ip: '10.96.0.10', port: 80 });
      await watch.first(WAIT_MS);
      const changed = new Promise((resolve) => watch.on('change', resolve));
      server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: true });
      expect(await changed).toEqual({ fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: true });
      watch.release();
    });

    it('answers undefined at once for an empty profile or NotFound, and keeps retrying NotFound', async () => {
      const empty = client.profile({ ip: '10.1.1.1', port: 80 });
      expect(await empty.answer(WAIT_MS)).toEqual({ kind: 'no_profile' });
      expect(await empty.first(WAIT_MS)).toBeUndefined();
      empty.release();

      server.failTarget('10.2.2.2:80', grpc.status.NOT_FOUND);
      const missing = client.profile({ ip: '10.2.2.2', port: 80 });
      const started = Date.now();
      expect(await missing.first(WAIT_MS)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(WAIT_MS);
      await server.waitForRequests(4, { method: 'GetProfile' });
      server.failTarget('10.2.2.2:80', undefined);
      server.setProfile('10.2.2.2:80', { opaqueProtocol: true });
      await new Promise((resolve) => missing.on('change', resolve));
      expect(missing.current()).toEqual({ opaqueProtocol: true });
      missing.release();
    });

    it('times out when the controller does not answer, and fails for good on InvalidArgument', async () => {
      server.failTarget('10.3.3.3:80', grpc.status.UNAVAILABLE);
      const silent = client.profile({ ip: '10.3.3.3', port: 80 });
      expect(await silent.answer(100)).toEqual({ kind: 'timeout' });
      expect(await silent.first(50)).toBeUndefined();
      silent.release();

      server.failTarget('10.4.4.4:80', grpc.status.INVALID_ARGUMENT);
      const refused = client.profile({ ip: '10.4.4.4', port: 80 });
      const answer = await refused.answer(WAIT_MS);
      expect(answer.kind).toBe('failed');
      expect(refused.state).toBe('failed');
      refused.release();
    });

    it('keeps the last profile across a dead stream', async () => {
      server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.emojivoto.svc.cluster.local' });
      const watch = client.profile({ ip: '10.96.0.10', port: 80 });
      await watch.first(WAIT_MS);
      server.failTarget('10.96.0.10:80', grpc.status.UNAVAILABLE);
      server.killStreams();
      await server.waitForRequests(3, { method: 'GetProfile' });
      expect(watch.current()?.fullyQualifiedName).toBe('web.emojivoto.svc.cluster.local');
      watch.release();
    });

    it('answerNow: nothing before the controller answers, then its answer at once; nothing once released', async () => {
      server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.emojivoto.svc.cluster.local' });
      const watch = client.profile({ ip: '10.96.0.10', port: 80 });
      expect(watch.answerNow()).toBeUndefined();
      await watch.first(WAIT_MS);
      expect(watch.answerNow()).toEqual({ kind: 'profile', profile: { fullyQualifiedName: 'web.emojivoto.svc.cluster.local', opaqueProtocol: false } });
      // A second handle on the cached watch knows the answer from the start.
      const again = client.profile({ ip: '10.96.0.10', port: 80 });
      expect(again.answerNow()?.kind).toBe('profile');
      again.release();
      watch.release();
      expect(watch.answerNow()).toBeUndefined();

      const empty = client.profile({ ip: '10.1.1.1', port: 80 });
      await empty.answer(WAIT_MS);
      expect(empty.answerNow()).toEqual({ kind: 'no_profile' });
      empty.release();

      server.failTarget('10.4.4.4:80', grpc.status.INVALID_ARGUMENT);
      const refused = client.profile({ ip: '10.4.4.4', port: 80 });
      await refused.answer(WAIT_MS);
      expect(refused.answerNow()?.kind).toBe('failed');
      refused.release();

      server.failTarget('10.3.3.3:80', grpc.status.UNAVAILABLE);
      const before = server.requests.filter((r) => r.method === 'GetProfile').length;
      const silent = client.profile({ ip: '10.3.3.3', port: 80 });
      // Two tries, both failed with UNAVAILABLE: no answer yet, and none made up.
      await server.waitForRequests(before + 2, { method: 'GetProfile' });
      expect(silent.answerNow()).toBeUndefined();
      silent.release();
    });

    it('resolves a pending first() with undefined when released', async () => {
      server.failTarget('10.5.5.5:80', grpc.status.UNAVAILABLE);
      const watch = client.profile({ ip: '10.5.5.5', port: 80 });
      const pending = watch.first(WAIT_MS);
      watch.release();
      expect(await pending).toBeUndefined();
    });
  });
});
