// Helpers shared by the podwire.mux/1 decoder tests (unit/mux-frame*.test.ts): a decoder past its
// mandatory first SETTINGS frame, and feeding chunks while collecting every frame that comes out.
import { expect } from 'vitest';
import { encodeSettings, type MuxFrame, type MuxSettings } from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';

export const MAX_FRAME = 16 * 1024;
export const SETTINGS: MuxSettings = { initialWindow: 65536, maxStreams: 100, maxFrame: MAX_FRAME };
export const SETTINGS_BYTES = encodeSettings(SETTINGS);

/** A decoder that has already seen the mandatory first SETTINGS frame. */
export function readyDecoder(maxFrame = MAX_FRAME): FrameDecoder {
  const d = new FrameDecoder({ maxFrame });
  d.push(SETTINGS_BYTES);
  expect(d.next()).toEqual({ type: 'settings', settings: SETTINGS });
  return d;
}

/** Feed all of `bytes` in `chunks` and collect every frame. */
export function decodeAll(d: FrameDecoder, ...chunks: Buffer[]): MuxFrame[] {
  const frames: MuxFrame[] = [];
  for (const c of chunks) {
    d.push(c);
    for (let f = d.next(); f !== undefined; f = d.next()) frames.push(f);
  }
  return frames;
}
