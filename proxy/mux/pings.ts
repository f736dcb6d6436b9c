// The PINGs a session is waiting on: each is answered by a PING ACK with the same 8 random bytes,
// which resolves it with the round-trip time; the session's end rejects the ones still waiting.
// (Kept apart from session.ts, which has enough to do.)
import { randomBytes } from 'node:crypto';

interface PendingPing {
  started: number;
  resolve: (rttMs: number) => void;
  reject: (error: Error) => void;
}

export class PendingPings {
  private readonly pings = new Map<string, PendingPing>();

  /** A new PING's payload, and the round trip it resolves with once acked. */
  start(): { data: Buffer; rtt: Promise<number> } {
    const data = randomBytes(8);
    const rtt = new Promise<number>((resolve, reject) => {
      this.pings.set(data.toString('hex'), { started: performance.now(), resolve, reject });
    });
    return { data, rtt };
  }

  /** A PING ACK arrived; unsolicited or late ones are harmless and ignored. */
  acked(data: Buffer): void {
    const key = data.toString('hex');
    const ping = this.pings.get(key);
    if (ping === undefined) return;
    this.pings.delete(key);
    ping.resolve(performance.now() - ping.started);
  }

  rejectAll(error: Error): void {
    for (const ping of this.pings.values()) ping.reject(error);
    this.pings.clear();
  }
}
