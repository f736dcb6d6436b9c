// Bad configuration is reported all at once — variable, value, why — and podwire exits 2
// without binding anything.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnPodwire } from '../harness/proxy-process.js';

describe('configuration errors', () => {
  it('lists every bad variable and exits 2 before binding', async () => {
    // A port we hold ourselves: if podwire bound anything it would fail with EADDRINUSE instead.
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const held = (holder.address() as net.AddressInfo).port;
    try {
      const proc = spawnPodwire(['proxy'], {
        PATH: process.env.PATH ?? '',
        LINKERD2_PROXY_INBOUND_LISTEN_ADDR: 'not-an-address',
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `127.0.0.1:${held}`,
        LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT: '1.5s',
        LINKERD2_PROXY_LOG_FORMAT: 'yaml',
        LINKERD2_PROXY_DESTINATION_SVC_ADDR: 'linkerd-dst.linkerd.svc.cluster.local:8086',
        LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '10ms',
        PODWIRE_OUTBOUND_FORWARDS: '127.0.0.1:9000=web:notaport',
      });
      const code = await proc.exit();
      expect(code).toBe(2);
      const err = proc.stderr;
      for (const name of [
        'LINKERD2_PROXY_INBOUND_LISTEN_ADDR="not-an-address"',
        'LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT="1.5s"',
        'LINKERD2_PROXY_LOG_FORMAT="yaml"',
        'LINKERD2_PROXY_DESTINATION_SVC_NAME=(unset)',
        'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX=(unset)',
        'PODWIRE_OUTBOUND_FORWARDS="127.0.0.1:9000=web:notaport"',
        'LINKERD2_PROXY_IDENTITY_LOCAL_NAME=(unset)',
        'PODWIRE_IDENTITY_CERT_FILE=(unset)',
        'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS=(unset)',
      ]) {
        expect(err).toContain(name);
      }
      expect(err).not.toContain('EADDRINUSE');
      expect(proc.logs.find((l) => l.msg === 'podwire proxy ready')).toBeUndefined();
    } finally {
      holder.close();
    }
  });
  // Problems with the files the variables name: test/e2e/startup-errors.test.ts.
});
