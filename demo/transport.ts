// Which transport each of the demo's paths took between sidecars: podwire peers carry
// connections as streams on pooled mux connections (PODWIRE_MUX, which the demo's sidecars turn on), so the report
// says, per hop, how many streams the sending sidecar opened while that path ran (its
// outbound_mux_streams_total, read from its admin /metrics before and after). A hop that fell back
// to Linkerd's one-connection-per-connection protocol shows 0, which the demo test would catch.
import { ADMIN_PORT, PODS } from './world.js';

/** One hop of a path: the sidecar that dials and the one it reaches. */
export interface Hop {
  readonly from: string;
  readonly to: string;
}

/** Streams a sidecar has opened on mux connections so far (0 when it cannot be asked). */
export async function muxStreamsOpened(pod: string): Promise<number> {
  const ip = PODS.find((p) => p.name === pod)!.ip;
  try {
    const res = await fetch(`http://${ip}:${ADMIN_PORT}/metrics`, { signal: AbortSignal.timeout(2_000) });
    const m = /^outbound_mux_streams_total\s+(\S+)$/m.exec(await res.text());
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Run `work` and count, per hop, the mux streams its sending sidecar opened meanwhile. Paths run
 * one after another, so a sidecar's count over `work` is that path's.
 */
export async function countStreams<T>(hops: readonly Hop[], work: () => Promise<T>): Promise<{ result: T; streams: number[] }> {
  const before = await Promise.all(hops.map((h) => muxStreamsOpened(h.from)));
  const result = await work();
  const after = await Promise.all(hops.map((h) => muxStreamsOpened(h.from)));
  return { result, streams: after.map((n, i) => n - before[i]!) };
}

/** The report's line: `podwire.mux/1 streams: client-0 → web-0 30, …`. */
export function describeStreams(hops: readonly Hop[], streams: readonly number[]): string {
  return `podwire.mux/1 streams: ${hops.map((h, i) => `${h.from} → ${h.to} ${streams[i]}`).join(', ')}`;
}
