// The StreamHost a MuxSession lends its streams: how a stream's frames reach the session's send
// scheduler, its OPENs the open order, its credit and RESETs the control queue; and the server's
// accept ack (docs/mux-protocol.md). The ack is a server stream's first frame, whatever it is (its
// reply's DATA or FIN, or WINDOW credit): sent alone at once, it cost every stream a TLS record
// and a write at the server and a read at the client. Only a RESET REFUSED of a stream that has
// sent nothing needs an explicit one (an empty DATA) before it, since a REFUSED before any other
// frame tells the client the stream was never processed, and the client would carry it again.
import { ResetCode, encodeData, encodeReset, encodeWindow } from './frame.js';
import type { OpenOrder } from './open-order.js';
import type { GrowthBudget } from './receive-window.js';
import type { SendScheduler } from './scheduler.js';
import type { StreamHost } from './stream-host.js';
import type { MuxStream } from './stream.js';

/** The payload of an explicit accept ack (an empty DATA frame without FIN: a no-op for the stream's data). */
const EMPTY = Buffer.alloc(0);

/** What the session shares with its host. */
export interface SessionParts {
  readonly scheduler: SendScheduler;
  /** The session's open order (made with the host, so read when used). */
  openOrder(): OpenOrder;
  readonly windowGrowth: GrowthBudget;
  /** Queue a control frame (nothing once the session is closed). */
  sendControl(frame: Buffer): void;
  /** Take a stream out of the session; false if it already was. */
  retire(stream: MuxStream): boolean;
}

export function sessionStreamHost(session: SessionParts): StreamHost {
  const { scheduler } = session;
  return {
    schedule: (stream, atFlush) => scheduler.schedule(stream, atFlush),
    writeFrame: (stream, frame, parts) => {
      stream.ackOwed = false;
      scheduler.write(frame, parts);
    },
    writeOpen: (stream, frame) => session.openOrder().write(stream, frame, (f) => scheduler.write(f)),
    sendCredit: (stream, increment) => {
      stream.ackOwed = false;
      session.sendControl(encodeWindow(stream.id, increment));
    },
    growWindow: (wanted) => session.windowGrowth.take(wanted),
    retire: (stream) => session.retire(stream),
    abandon: (stream, code, openSent) => {
      if (!openSent) session.openOrder().remove(stream);
      if (!session.retire(stream) || !openSent) return; // an OPEN never sent needs no RESET
      if (stream.ackOwed && code === ResetCode.REFUSED) session.sendControl(encodeData(stream.id, EMPTY));
      stream.ackOwed = false;
      session.sendControl(encodeReset(stream.id, code));
    },
  };
}
