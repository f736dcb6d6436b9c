// The options a mux session is created with and the settings it announces (SETTINGS frame):
// defaults, and the check that turns bad options into a clear error before any byte is sent.
import { settingsProblem, type MuxSettings } from './frame.js';

export type MuxRole = 'client' | 'server';

export interface MuxSessionOptions {
  /** client: the dialling side, which opens streams; server: the accepting side. */
  role: MuxRole;
  /** Bytes each stream may receive before we credit more (16 KiB..16 MiB). */
  initialWindow?: number;
  /** Concurrent streams we accept from the peer (1..65535; only meaningful for a server). */
  maxStreams?: number;
  /** Largest DATA payload we accept (16 KiB..1 MiB-1). */
  maxFrame?: number;
}

/**
 * Defaults. A peer can make a session buffer at most maxStreams × initialWindow plus one frame,
 * but only a stream whose application stops reading holds its window, as a TCP socket's receive
 * buffer would (Linux autotunes those up to 6 MiB each). The window is 1 MiB because credit
 * returns only as the application reads, through both proxies: with 256 KiB a bulk stream spent a
 * third of its time waiting for credit (bench/ab.ts --workload bulk, PODWIRE_MUX=true against
 * false: 0.73x MB/s with 256 KiB, 0.84x with 1 MiB, 0.88x with 2 MiB); a stream read fast grows
 * its window beyond this, up to 8 MiB (receive-window.ts). 1,000 streams, so that
 * 1,000 idle application connections fit on the pool's two connections to a peer (with 100 most
 * of them fell back to their own TLS connections). The worst case, every stream's reader stalled,
 * is no worse than a TLS connection per application connection, each with its kernel receive
 * buffer (docs/mux-protocol.md, "Guarantees and bounds").
 */
export const MUX_DEFAULTS: Readonly<MuxSettings> = Object.freeze({
  initialWindow: 1024 * 1024,
  maxStreams: 1000,
  maxFrame: 64 * 1024,
});

/** Our SETTINGS from the options (defaults filled in); throws a RangeError naming a bad value. */
export function localSettingsOf(options: MuxSessionOptions): MuxSettings {
  const settings: MuxSettings = {
    initialWindow: options.initialWindow ?? MUX_DEFAULTS.initialWindow,
    maxStreams: options.maxStreams ?? MUX_DEFAULTS.maxStreams,
    maxFrame: options.maxFrame ?? MUX_DEFAULTS.maxFrame,
  };
  const problem = settingsProblem(settings);
  if (problem !== undefined) throw new RangeError(`mux session options: ${problem}`);
  return settings;
}
