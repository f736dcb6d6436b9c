// Carrying a client stream again, on another connection, when its peer provably never processed it
// (docs/mux-protocol.md, "Replay"). Two refusals prove that: a GOAWAY whose lastStreamId is below
// the stream's id, and a RESET REFUSED that arrives before any other frame of the stream (a
// server's first frame on a stream it accepted is its accept ack, and one that refuses an accepted
// stream sends an empty DATA before the REFUSED, so a REFUSED before any other frame comes from
// the session itself: draining, or over its maxStreams). Either way the peer's application
// saw nothing, so sending the same OPEN, bytes and FIN elsewhere cannot duplicate anything.
//
// ReplayBuffer keeps, per stream, what it sent until the peer proved it accepted the stream (any
// frame on the stream but RESET, or a GOAWAY at or above its id). It keeps references to the slices
// that went out, never copies: until the peer accepts the stream it grants no WINDOW credit (a
// WINDOW is acceptance), so what is kept is bounded by the peer's initial window, and the server's
// first frame on the stream (its reply, or credit) frees it. The session asks a SessionSupplier
// (the outbound pool: "a session to the same peer") for a new home; the stream object stays the
// same, so whoever holds it (the proxy's byte pipe) is unaware of the move.
import type { MuxSession } from './session.js';
import type { MuxStream } from './stream.js';
import { ResetCode } from './frame.js';

/** How many times one stream may be carried again before its refusal reaches the application. */
export const MAX_REPLAYS = 2;

/**
 * A session that can take one more stream to the same peer, or undefined when none can be had
 * (the peer no longer speaks mux, the dial failed, credentials are gone, we are stopping).
 */
export type SessionSupplier = () => Promise<MuxSession | undefined>;

export class ReplayBuffer {
  /** Slices sent on the current connection and not yet proven accepted. */
  private kept: Buffer[] = [];
  private keptBytes = 0;
  /** Our FIN went out on the current connection (and is not yet proven accepted). */
  private finKept = false;
  /** Kept slices of a refused attempt, to send first on the new connection. */
  private resend: Buffer[] = [];
  /** A FIN to send again (after `resend`); its write callback already ran on the first attempt. */
  finOwed = false;
  /** The peer proved it accepted the stream: nothing more is kept, and it is never replayed. */
  accepted = false;

  constructor(
    readonly supplier: SessionSupplier,
    private attemptsLeft = MAX_REPLAYS,
  ) {}

  /** Bytes held: kept until acceptance, plus those of a refused attempt still to send again. */
  get bytes(): number {
    let n = this.keptBytes;
    for (const b of this.resend) n += b.length;
    return n;
  }

  /** Whether a refusal now may be replayed rather than reported. */
  get replayable(): boolean {
    return !this.accepted && this.attemptsLeft > 0;
  }

  /** A DATA slice went out. */
  keep(slice: Buffer): void {
    if (this.accepted || slice.length === 0) return;
    this.kept.push(slice);
    this.keptBytes += slice.length;
  }

  /** Our FIN went out. */
  keepFin(): void {
    if (!this.accepted) this.finKept = true;
  }

  /** Acceptance proven: drop the references (what is still to be resent goes out regardless). */
  release(): void {
    this.accepted = true;
    this.kept = [];
    this.keptBytes = 0;
    this.finKept = false;
  }

  /** Refused unprocessed: what went out becomes what goes out first on the next connection. */
  rewind(): void {
    this.attemptsLeft--;
    this.resend = this.kept.concat(this.resend);
    this.kept = [];
    this.keptBytes = 0;
    this.finOwed ||= this.finKept;
    this.finKept = false;
  }

  get hasResend(): boolean {
    return this.resend.length > 0;
  }

  /** The next slice to send again, at most `max` bytes (> 0). */
  takeResend(max: number): Buffer {
    const head = this.resend[0]!;
    if (head.length <= max) {
      this.resend.shift();
      return head;
    }
    this.resend[0] = head.subarray(max);
    return head.subarray(0, max);
  }
}

/**
 * The stream was refused unprocessed and has left its session: find it a new one. While we wait
 * it is parked (it sends nothing; what the application writes waits in the stream). Without a
 * session, or if the supplier fails, the stream fails with the peer's REFUSED, as it would have
 * without replay: the application sees a reset, never a clean end.
 */
export async function carryElsewhere(stream: MuxStream, replay: ReplayBuffer): Promise<void> {
  let session: MuxSession | undefined;
  try {
    session = await replay.supplier();
  } catch {
    session = undefined;
  }
  if (stream.destroyed) return; // the application gave up meanwhile: nothing to tell anyone
  if (session === undefined || !session.canOpen()) return stream.resetByPeer(ResetCode.REFUSED);
  session.reopen(stream);
  stream.emit('rehomed', session);
}
