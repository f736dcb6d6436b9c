// The streams of one mux session that are not yet closed at the protocol level, by id (what counts
// against maxStreams), and what their receive windows have grown by together (receive-window.ts):
// a stream's growth goes back into the session's budget when it leaves the table.
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
