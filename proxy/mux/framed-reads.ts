// Reads of a socket that feeds a mux stream, into memory laid out for DATA frames (the inbound
// side's connection to the local application, inbound/forward.ts): a large read lands in a slab
// 9 bytes (one frame header) after the end of the read before it, so the stream writes the header
// in place and sends header and payload as one buffer (outbox.ts takeFramed, stream.ts), and the
// frames of consecutive reads lie back to back, so a batch of them is one buffer too (scheduler.ts
// joins adjacent views).
//
// Why: Node's TLS socket copies every write of more than one buffer into a new one before it
// encrypts it (TLSWrap::DoWrite), and a DATA frame written as its header and the application's
// chunk is two buffers: that copy was most of what the sending proxy of flat-mux spent per GB
// beyond flat's (bench/README.md, session 26).
//
// A read of READ_SIZE plus its header is 64 KiB: four whole TLS records, so frames start on record
// boundaries at the receiver (frame-decoder.ts, TAIL_WAIT). A socket that is not streaming reads
// into one buffer shared by every such socket and its bytes are copied out (they are few; Node
// copies a short read out of its 64 KiB read buffer too), so an idle connection holds no read
// memory of its own. A read that fills the shared buffer means more is waiting: the next read
// goes to a slab; a short read from a slab goes back to the shared buffer.
//
// Works through net.Socket's `onread` option (no 'data' events: the bytes go to the attached sink;
// pause(), resume() and 'end' behave as usual).
import type net from 'node:net';
import { FRAME_HEADER_LEN } from './frame.js';

/** Most bytes of one read into a slab: with its header, 64 KiB (four 16 KiB TLS records). */
export const READ_SIZE = 64 * 1024 - FRAME_HEADER_LEN;
/** The buffer every socket that is not streaming reads into (one read's worth of a small exchange). */
const SHARED_SIZE = 16 * 1024;
/**
 * Slabs the reads of a streaming socket are cut from, one at a time: two full reads, more short ones.
 * A stream whose peer stopped reading holds the slabs its queue lies in (stream.ts STREAM_BUFFER and
 * the read that crossed it) and the one its next read was given: at most three, 384 KiB, where
 * Node's own reads would hold the queue alone (docs/mux-protocol.md, "Reads laid out for framing").
 */
const SLAB_SIZE = 128 * 1024;
/** Bytes read before a sink is attached that pause the socket (the stream applies its own bound after). */
const PENDING_LIMIT = 64 * 1024;

const shared = Buffer.allocUnsafeSlow(SHARED_SIZE);

/** Takes each read: `headroom` says the FRAME_HEADER_LEN bytes before `chunk` are free for its header. */
export type FramedChunkSink = (chunk: Buffer, headroom: boolean) => void;

const bySocket = new WeakMap<net.Socket, FramedReads>();

/** The FramedReads of a socket created with its `onread` (undefined for any other socket). */
export function framedReadsOf(socket: unknown): FramedReads | undefined {
  return bySocket.get(socket as net.Socket);
}

export class FramedReads {
  private socket: net.Socket | undefined;
  private sink: FramedChunkSink | undefined;
  private pending: Array<{ chunk: Buffer; headroom: boolean }> = [];
  private pendingBytes = 0;
  private slab: Buffer | undefined;
  /** Where the next read's header goes in `slab`. */
  private slabUsed = 0;
  private streaming = false;

  /** net.connect's `onread` option; then bind() the socket it made. */
  readonly onread: net.OnReadOpts = {
    buffer: (): Buffer => this.nextBuffer(),
    // true: go on reading (the stream pauses the socket itself when its queue is full).
    callback: (nread: number, buffer: Uint8Array): boolean => {
      this.onRead(nread, buffer as Buffer);
      return true;
    },
  };

  bind(socket: net.Socket): void {
    this.socket = socket;
    bySocket.set(socket, this);
  }

  /** Hand every read to `sink` from now on (the ones before first, in order). */
  attach(sink: FramedChunkSink): void {
    this.sink = sink;
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const p of pending) sink(p.chunk, p.headroom);
  }

  private nextBuffer(): Buffer {
    if (!this.streaming) return shared;
    if (this.slab === undefined || this.slabUsed + FRAME_HEADER_LEN + READ_SIZE > SLAB_SIZE) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.slabUsed = 0;
    }
    const start = this.slabUsed + FRAME_HEADER_LEN;
    return this.slab.subarray(start, start + READ_SIZE);
  }

  private onRead(nread: number, buffer: Buffer): void {
    if (buffer === shared) {
      this.streaming = nread === SHARED_SIZE;
      return this.deliver(Buffer.from(shared.subarray(0, nread)), false);
    }
    // The next header goes right behind these bytes, so the frames of a run of reads are adjacent.
    this.slabUsed = buffer.byteOffset - this.slab!.byteOffset + nread;
    this.streaming = nread >= SHARED_SIZE;
    // A socket that stopped streaming lets go of its slab (its frames keep what they use of it).
    if (!this.streaming) this.slab = undefined;
    this.deliver(buffer.subarray(0, nread), true);
  }

  private deliver(chunk: Buffer, headroom: boolean): void {
    if (this.sink !== undefined) return this.sink(chunk, headroom);
    this.pending.push({ chunk, headroom });
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= PENDING_LIMIT) this.socket?.pause();
  }
}
