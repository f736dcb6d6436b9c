// A client mux session whose peer is a raw socket that parses the DATA frames it receives (their
// lengths, stream ids and payloads), for tests of how a sender cuts bytes into frames.
import { FRAME_HEADER_LEN, FrameType, encodeSettings } from '../../proxy/mux/frame.js';
import { MuxSession } from '../../proxy/mux/session.js';
import { until } from './mux-pair.js';
import { onCleanup, tcpPair } from './sockets.js';

const KiB = 1024;

/** Every non-empty DATA frame a raw peer receives (length and payload), parsed from the bytes as they arrive. */
function dataFrameLengths(raw: NodeJS.ReadableStream & { resume(): void }) {
  const lengths: number[] = [];
  const streamIds: number[] = [];
  const payloads: Buffer[] = [];
  let buffered = Buffer.alloc(0);
  let bytes = 0;
  raw.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= FRAME_HEADER_LEN) {
      const length = buffered.readUIntBE(0, 3);
      if (buffered.length < FRAME_HEADER_LEN + length) break;
      if (buffered[3] === FrameType.DATA && length > 0) {
        lengths.push(length);
        streamIds.push(buffered.readUInt32BE(5));
        payloads.push(buffered.subarray(FRAME_HEADER_LEN, FRAME_HEADER_LEN + length));
        bytes += length;
      }
      buffered = buffered.subarray(FRAME_HEADER_LEN + length);
    }
  });
  raw.resume();
  return { lengths, streamIds, payloads, received: () => bytes };
}

/** A client session whose peer is a raw socket that records the DATA frames it receives. */
export async function sessionWithFrameLog(initialWindow = 16 * 1024 * KiB) {
  const { client: socket, server: raw } = await tcpPair();
  const session = new MuxSession(socket, { role: 'client' });
  onCleanup(() => session.destroy());
  raw.write(encodeSettings({ initialWindow, maxStreams: 10, maxFrame: 64 * KiB }));
  const frames = dataFrameLengths(raw);
  await until(() => session.peer !== undefined, 3_000, "the peer's SETTINGS");
  return { session, socket, frames, raw };
}
