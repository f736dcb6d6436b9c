// conn-id.ts's per-session cache: a multiplexed connection's exporter id is derived once for all
// its streams, and a failed derivation (session not up yet) is not remembered. The exporter
// itself, and that both peers derive the same id, run over real TLS in e2e/access-log.test.ts and
// e2e/mux.test.ts; here a stand-in socket counts the derivations.
import type tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { CONN_ID_EXPORTER_LABEL, sessionConnId } from '../../proxy/conn-id.js';

function countingSocket(fail = false): { socket: tls.TLSSocket; calls: () => number } {
  let calls = 0;
  const socket = {
    exportKeyingMaterial(length: number, label: string) {
      calls++;
      expect(label).toBe(CONN_ID_EXPORTER_LABEL);
      if (fail) throw new Error('not established');
      return Buffer.alloc(length, 0xab);
    },
  } as unknown as tls.TLSSocket;
  return { socket, calls: () => calls };
}

describe('sessionConnId', () => {
  it('derives a session\'s id once for all its streams', () => {
    const { socket, calls } = countingSocket();
    expect(sessionConnId(socket)).toBe('abababababababab');
    expect(sessionConnId(socket)).toBe('abababababababab');
    expect(calls()).toBe(1);
  });

  it('keeps sessions apart and does not remember a failure', () => {
    const a = countingSocket(true);
    expect(sessionConnId(a.socket)).toBeUndefined();
    expect(sessionConnId(a.socket)).toBeUndefined();
    expect(a.calls()).toBe(2);
    const b = countingSocket();
    expect(sessionConnId(b.socket)).toBe('abababababababab');
    expect(b.calls()).toBe(1);
  });
});
