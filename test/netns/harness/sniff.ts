// A packet capture on the wire between the clusters: tcpdump in the router namespace writes pcap
// to its stdout (no file, so no privilege-drop or AppArmor path questions) in immediate mode (else
// packets wait in the kernel ring for a block timeout and a quick stop loses them), and the test reads
// the records itself — enough of pcap, the Linux cooked headers and IPv4/TCP to say who talked to
// whom and with which payload bytes. Assertions about plaintext look at those payloads.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Packet {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  /** TCP payload bytes. */
  readonly payload: Buffer;
}

export interface Capture {
  readonly packets: readonly Packet[];
  /** Packets the kernel dropped before tcpdump read them (tcpdump's own count): 0 for a complete capture. */
  readonly dropped: number;
  /** Packets cut to the snap length (their tail was not captured). */
  readonly truncated: number;
  /** Every captured record as written by tcpdump (headers included). */
  readonly raw: Buffer;
}

export class Sniffer {
  readonly #chunks: Buffer[] = [];
  #stderr = '';
  readonly #exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (c: Buffer) => this.#chunks.push(c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.#stderr += c));
    // 'close', not 'exit': only then has all of stdout been read.
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Start tcpdump in `ns` on every interface with BPF `filter`; resolves once it is capturing. */
  static async start(ns: string, filter: string): Promise<Sniffer> {
    // Each ring frame is as large as the snap length: with the default 256 KiB and 2 MiB of buffer
    // the ring holds eight packets and the kernel drops the rest of a burst. 64 KiB still holds a
    // whole segmentation-offloaded packet (they cross the router unsegmented), and 64 MiB of
    // buffer makes a thousand frames, plenty for this bed's traffic.
    const args = ['--immediate-mode', '-i', 'any', '-n', '-U', '-s', String(SNAPLEN), '-B', String(64 * 1024), '-Z', 'root', '-w', '-', filter];
    const child = spawn('ip', ['netns', 'exec', ns, 'tcpdump', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const s = new Sniffer(child);
    const deadline = Date.now() + 10_000;
    while (!/listening on/.test(s.#stderr)) {
      if (child.exitCode !== null) throw new Error(`tcpdump exited: ${s.#stderr.trim()}`);
      if (Date.now() > deadline) throw new Error(`tcpdump did not start capturing: ${s.#stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return s;
  }

  /**
   * Wait until a captured packet matches `pred`. Stopping right after the traffic would race
   * tcpdump's reading of the kernel's buffer (a SIGINT drops what it has not read yet); waiting for
   * the last packet expected makes the capture complete up to that point.
   */
  async waitFor(pred: (p: Packet) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const packets = decodePcap(Buffer.concat(this.#chunks));
      if (packets.some(pred)) return;
      if (Date.now() > deadline) {
        const seen = packets.map((p) => `${p.src}:${p.sport}>${p.dst}:${p.dport}/${p.payload.length}`).join(' ');
        throw new Error(`the capture saw no ${what} within ${timeoutMs} ms (tcpdump: ${this.#stderr.trim()}; ${packets.length} packets: ${seen.slice(0, 2000)})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stop capturing (tcpdump flushes on SIGINT) and decode what was captured. */
  async stop(): Promise<Capture> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.#exited;
    clearTimeout(timer);
    const raw = Buffer.concat(this.#chunks);
    const dropped = /(\d+) packets? dropped by kernel/.exec(this.#stderr);
    if (!dropped) throw new Error(`tcpdump did not report its statistics: ${this.#stderr.trim()}`);
    return { raw, packets: decodePcap(raw), dropped: Number(dropped[1]), truncated: countTruncated(raw) };
  }
}

/** Link-layer header lengths of the link types tcpdump uses for `-i any` and plain Ethernet. */
const SNAPLEN = 65535;

const LINK_HEADER: Readonly<Record<number, number>> = { 1: 14, 113: 16, 276: 20 };

export function decodePcap(buf: Buffer): Packet[] {
  if (buf.length < 24) return [];
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && buf.readUInt32BE(0) !== 0xa1b2c3d4 && buf.readUInt32BE(0) !== 0xa1b23c4d) {
    throw new Error(`not a pcap stream (magic ${magic.toString(16)})`);
  }
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20);
  const linkLen = LINK_HEADER[linkType];
  if (linkLen === undefined) throw new Error(`unsupported pcap link type ${linkType}`);
  const packets: Packet[] = [];
  for (let off = 24; off + 16 <= buf.length;) {
    const incl = u32(off + 8);
    const rec = buf.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    const p = decodeIpv4Tcp(rec.subarray(linkLen));
    if (p) packets.push(p);
  }
  return packets;
}

function decodeIpv4Tcp(ipPacket: Buffer): Packet | undefined {
  if (ipPacket.length < 20 || ipPacket[0]! >> 4 !== 4 || ipPacket[9] !== 6) return undefined;
  const ihl = (ipPacket[0]! & 0x0f) * 4;
  const total = ipPacket.readUInt16BE(2);
  const tcp = ipPacket.subarray(ihl, total);
  if (tcp.length < 20) return undefined;
  const dataOff = (tcp[12]! >> 4) * 4;
  const addr = (o: number): string => [...ipPacket.subarray(o, o + 4)].join('.');
  return { src: addr(12), dst: addr(16), sport: tcp.readUInt16BE(0), dport: tcp.readUInt16BE(2), payload: tcp.subarray(dataOff) };
}

/** Records whose captured length is less than the packet's length on the wire. */
function countTruncated(buf: Buffer): number {
  if (buf.length < 24) return 0;
  const le = buf.readUInt32LE(0) === 0xa1b2c3d4 || buf.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  let n = 0;
  for (let off = 24; off + 16 <= buf.length; off += 16 + u32(off + 8)) if (u32(off + 8) < u32(off + 12)) n++;
  return n;
}
