// The contract between a mux stream and the session that carries it: what a stream needs from its
// session (StreamHost, implemented for MuxSession by session-host.ts), what it is made with (StreamInit), and
// the host of a stream that waits for a new session (PARKED, replay.ts).
import type { TransportHeader } from '../transport/header.js';
import type { ReplayBuffer } from './replay.js';
import type { MuxStream } from './stream.js';

/** What a stream needs from its session (session-host.ts). */
export interface StreamHost {
  /** The stream has something to send: give it turns in the rotation (with `atFlush`, from the loop iteration's flush on). */
  schedule(stream: MuxStream, atFlush?: boolean): void;
  /** Put one of `stream`'s frames on the connection: `frame`, then the payload `parts` if given (one batch). */
  writeFrame(stream: MuxStream, frame: Buffer, parts?: readonly Buffer[]): void;
  /** Put the stream's OPEN on the connection, after the OPENs owed by streams opened before it (open-order.ts). */
  writeOpen(stream: MuxStream, frame: Buffer): void;
  /** Grant the peer `increment` more bytes on this stream. */
  sendCredit(stream: MuxStream, increment: number): void;
  /** Up to `wanted` bytes of receive-window growth from the session's budget (receive-window.ts). */
  growWindow(wanted: number): number;
  /** FIN went both ways: the stream no longer counts against maxStreams. */
  retire(stream: MuxStream): void;
  /** Destroyed locally before its protocol close: tell the peer with RESET `code`. */
  abandon(stream: MuxStream, code: number, openSent: boolean): void;
}

export interface StreamInit {
  id: number;
  header: TransportHeader;
  /** Bytes we may send before the peer's WINDOW credit (0 until the peer's SETTINGS arrive). */
  sendWindow: number;
  /** Our initialWindow: bytes the peer may send before our credit. */
  recvWindow: number;
  /** Client streams: the OPEN frame still to send. */
  openFrame?: Buffer;
  /** Server streams opened with FIN: the peer sends nothing. */
  remoteFin?: boolean;
  /** Client streams that may be carried again elsewhere if refused unprocessed. */
  replay?: ReplayBuffer;
}

/** Where a stream refused unprocessed waits for a new session: it sends nothing meanwhile. */
export const PARKED: StreamHost = {
  schedule: () => {},
  writeFrame: () => {
    throw new Error('a parked mux stream has no connection to write to');
  },
  writeOpen: () => {
    throw new Error('a parked mux stream has no connection to write to');
  },
  sendCredit: () => {},
  growWindow: () => 0,
  retire: () => {},
  abandon: () => {},
};
