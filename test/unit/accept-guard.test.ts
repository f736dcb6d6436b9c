// The accept guard's bookkeeping with real sockets: refusals below the descriptor reserve are
// reset and counted, the warning is rate-limited to one line per window with a count of the rest,
// and the first admitted connection afterwards is logged as a recovery. /proc parsing too.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pino, type Logger } from 'pino';
import { Metrics } from '../../proxy/metrics.js';
import { AcceptGuard } from '../../proxy/transport/accept-guard.js';
import { descriptorReserve, needsRecount, parseFdLimit, processDescriptors } from '../../proxy/transport/descriptors.js';
import { tcpPair } from '../harness/sockets.js';

function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('parseFdLimit / descriptorReserve / processDescriptors', () => {
  it('reads the soft limit, and none when unlimited or absent', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 524288               files     \n';
    expect(parseFdLimit(text)).toBe(1024);
    expect(parseFdLimit(text.replace('1024 ', 'unlimited'))).toBeUndefined();
    expect(parseFdLimit('nothing here')).toBeUndefined();
  });

  it('keeps 1/32 of the limit free, between 16 and 256', () => {
    expect(descriptorReserve(256)).toBe(16);
    expect(descriptorReserve(4096)).toBe(128);
    expect(descriptorReserve(1_048_576)).toBe(256);
  });

  it('counts again when the count is old, or on every call near the limit', () => {
    const stat = { maxAgeMs: 50, nearLimit: 64 };
    expect(needsRecount(100, 1024, 10, stat)).toBe(false);
    expect(needsRecount(100, 1024, 50, stat)).toBe(true);
    // Near the limit a high estimate would refuse for nothing: count on every call there.
    expect(needsRecount(961, 1024, 0, stat)).toBe(true);
    expect(needsRecount(960, 1024, 0, stat)).toBe(false);
    // Listing /proc/self/fd costs a descriptor and time: by age only.
    expect(needsRecount(1020, 1024, 0, { maxAgeMs: 200, nearLimit: 0 })).toBe(false);
  });

  it('adds noted accepts to the count between counts', () => {
    // Time stands still, so the next count (50 or 200 ms away) does not come.
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    try {
      const d = processDescriptors();
      if (process.platform !== 'linux') return expect(d).toBeUndefined();
      const first = d!.open();
      d!.note();
      d!.note();
      expect(d!.open()).toBe(first + 4);
      now.mockReturnValue(1_300);
      expect(d!.open()).toBeLessThan(first + 4);
    } finally {
      now.mockRestore();
    }
  });

  it('counts this process\'s descriptors on Linux', () => {
    const d = processDescriptors();
    if (process.platform !== 'linux') return expect(d).toBeUndefined();
    expect(d!.limit).toBeGreaterThan(0);
    expect(d!.open()).toBeGreaterThan(2);
    expect(d!.open()).toBeLessThanOrEqual(d!.limit);
  });
});

describe('AcceptGuard', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses under the reserve, summarises a burst in one warning per window, and logs recovery', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const metrics = new Metrics({ version: '0', processMetrics: false });
    const { log, lines } = capturingLogger();
    let open = 95;
    const guard = new AcceptGuard({
      listener: 'inbound', listenAddr: '127.0.0.1:4143', counter: metrics.inboundTcpAcceptErrorsTotal, log,
      descriptors: { limit: 100, open: () => open }, reserve: 10, logEveryMs: 10_000,
    });
    const pairs = await Promise.all(Array.from({ length: 4 }, () => tcpPair()));
    try {
      for (const p of pairs.slice(0, 3)) expect(guard.admit(p.server)).toBe(false);
      expect(pairs[0]!.server.destroyed).toBe(true);
      const count = async () => (await metrics.inboundTcpAcceptErrorsTotal.get()).values
        .find((v) => v.labels.errno === 'EMFILE' && v.labels.reason === 'fd_limit' && v.labels.listen_addr === '127.0.0.1:4143')?.value;
      expect(await count()).toBe(3);
      expect(lines.filter((l) => l.level === 40)).toHaveLength(1);

      vi.advanceTimersByTime(10_000);
      const summary = lines.filter((l) => l.level === 40);
      expect(summary).toHaveLength(2);
      expect(summary[1]).toMatchObject({ listener: 'inbound', errno: 'EMFILE', refused: 2 });

      open = 50;
      expect(guard.admit(pairs[3]!.server)).toBe(true);
      expect(lines.at(-1)).toMatchObject({ level: 30, listener: 'inbound', refused: 3 });
    } finally {
      guard.close();
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
      }
    }
  });

  it('counts errors the runtime reports on the listening socket', async () => {
    const metrics = new Metrics({ version: '0', processMetrics: false });
    const { log, lines } = capturingLogger();
    const guard = new AcceptGuard({ listener: 'outbound', listenAddr: '127.0.0.1:4140', counter: metrics.outboundTcpAcceptErrorsTotal, log, reserve: 0, logEveryMs: 10_000 });
    guard.listenerError(Object.assign(new Error('accept ENFILE'), { code: 'ENFILE' }));
    guard.close();
    const v = (await metrics.outboundTcpAcceptErrorsTotal.get()).values[0];
    expect(v).toMatchObject({ value: 1, labels: { errno: 'ENFILE', reason: 'accept_failed' } });
    expect(lines[0]).toMatchObject({ level: 40, listener: 'outbound', errno: 'ENFILE' });
  });
});
