// Shared pieces of the PODWIRE_MUX end-to-end tests (test/e2e/mux.test.ts, mux-pairs.test.ts):
// the settings each side runs with, a forward to a service, a policy file, a proxy's metrics, and
// an echo connection that checks every byte.
import net from 'node:net';
import { fetchText } from './proxy-process.js';
import { identityPolicyYaml, type RunningPodwire } from './mesh.js';

// PODWIRE_MUX is on by default; every case sets it anyway, so they keep testing what they say if
// the default changes, and the fallback cases turn it off on one side.
export const MUX_ON = { PODWIRE_MUX: 'true' };
export const MUX_OFF = { PODWIRE_MUX: 'false' };
export const forwardTo = (svc: string) => `127.0.0.1:0=${svc}:80`;

export const policyYaml = (port: number, allowed: string): string => identityPolicyYaml([port], allowed);

export async function metricsOf(p: RunningPodwire): Promise<string> {
  return (await fetchText(p.addrs.admin, '/metrics')).body;
}

/** Connect through `port`, send `data` without half-closing, and resolve once it was all echoed. */
export function openEcho(port: number): Promise<{ socket: net.Socket; echo(data: Buffer): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    socket.once('error', reject);
    socket.once('connect', () => {
      const echo = (data: Buffer) => new Promise<void>((ok, fail) => {
        const chunks: Buffer[] = [];
        let n = 0;
        const onData = (d: Buffer) => {
          chunks.push(d);
          n += d.length;
          if (n < data.length) return;
          socket.off('data', onData);
          Buffer.concat(chunks).equals(data) ? ok() : fail(new Error('echo differs from what was sent'));
        };
        socket.on('data', onData);
        socket.write(data);
      });
      resolve({ socket, echo });
    });
  });
}
