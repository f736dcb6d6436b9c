// The streams of one mux session that are not yet closed at the protocol level, by id (what counts
// against maxStreams), and what their receive windows have grown by together (receive-window.ts):
// a stream's growth goes back into the session's budget when it leaves the table.
import { MuxProtocolError } from './frame.js';
import { GrowthBudget } from './receive-window.js';
import type { MuxStream } from './stream.js';

export class StreamTable {
  private readonly byId = new Map<number, MuxStream>();
  /** What the streams' receive windows may grow by, together. */
  readonly windowGrowth = new GrowthBudget();

  get size(): number {
    return this.byId.size;
  }

  get(id: number): MuxStream | undefined {
    return this.byId.get(id);
  }

  /**
   * The open stream `id` a received frame (`what`, for the error) is for. A frame for a stream that
   * was opened (ids up to `lastOpened`) and is closed by now is late, not wrong (it crossed our
   * RESET or close): undefined, to be ignored. One for an id never opened is a protocol error.
   */
  forFrame(id: number, what: string, lastOpened: number): MuxStream | undefined {
    const stream = this.byId.get(id);
    if (stream === undefined && id > lastOpened) throw new MuxProtocolError('stream_not_opened', `${what} for stream ${id}, never opened`);
    return stream;
  }

  add(stream: MuxStream): void {
    this.byId.set(stream.id, stream);
  }

  /** A snapshot, safe to iterate while streams leave the table. */
  list(): MuxStream[] {
    return [...this.byId.values()];
  }

  /** Take `stream` out, its window growth back into the budget; false if it was not in. */
  remove(stream: MuxStream): boolean {
    if (this.byId.get(stream.id) !== stream) return false;
    this.byId.delete(stream.id);
    this.windowGrowth.give(stream.receiveWindow.grownBy);
    return true;
  }

  /** Empty the table (the session is gone); returns the streams that were in it. */
  clear(): MuxStream[] {
    const open = this.list();
    this.byId.clear();
    return open;
  }
}
