// V8 garbage-collector settings the sidecar applies to itself at startup (PODWIRE_V8_INCREMENTAL_MARKING).
//
// Why incremental marking is off by default: V8 starts a full collection "softly" (incremental
// marking) when the old generation's room to its limit is smaller than the young generation's
// capacity. A sidecar's old generation (gRPC, protobuf and metric state: 8–16 MB) sits where that
// room is 10–12 MB while the young generation grows to 16 MB under load, so the check passes
// after nearly every young collection. Streaming bytes makes young collections frequent (every
// read allocates a Buffer), so bulk traffic ran about ten full collections a second, a third of
// the proxy's CPU per GB (measured with --trace-gc: 51 mark-compacts in 3 s; the node-floor pipe,
// whose old generation is under V8's 8 MB activation threshold, had none; with the same pipe
// given a 10 MB heap the pathology appeared there too). Without incremental marking V8 collects
// the old generation only when it really reaches its limit, in one pause of a few milliseconds at
// this heap size. The flag is read by V8 at each decision, so setting it at run time takes effect
// (Node keeps V8's flags writable after start).
//
// Why external memory is counted in the heap's limits from V8 13 (Node 24) on, whatever the
// setting: there a process that streams bytes (each read a Buffer whose store lies outside the
// JS heap) runs a full collection every ~40 ms for "external memory pressure", 8–16 ms each, with
// incremental marking on or off; Node 20 and 22 (V8 11 and 12) collect those Buffers in young
// collections. --external-memory-accounted-in-global-limit (off by default in V8 13.6) weighs
// external memory against the global heap limit instead, and the full collections stop (the
// gc-settings test's fixture: 9–10 → 0; bulk through a flat or flat-mux pair: 20–50 per proxy in
// 6 s → none). Older V8 does not know the flag, so it is set only from V8 13.
import v8 from 'node:v8';

export interface GcSettings {
  /** Keep V8's incremental marking (its default); false turns it off. */
  readonly incrementalMarking: boolean;
}

/**
 * V8 major version from which EXTERNAL_MEMORY_FLAG is set: 13.6 (Node 24) knows and needs it, 12.4
 * (Node 22) does not know it (a V8 that does not prints an error once and carries on).
 */
const EXTERNAL_MEMORY_FLAG_FROM_V8 = 13;
const EXTERNAL_MEMORY_FLAG = '--external-memory-accounted-in-global-limit';

/** The V8 flags for `settings` on a V8 of version `v8Version` (as process.versions.v8 gives it). */
export function gcFlags(settings: GcSettings, v8Version: string): string[] {
  const flags: string[] = [];
  if (Number.parseInt(v8Version, 10) >= EXTERNAL_MEMORY_FLAG_FROM_V8) flags.push(EXTERNAL_MEMORY_FLAG);
  if (!settings.incrementalMarking) flags.push('--no-incremental-marking');
  return flags;
}

/** Apply the settings to this process's V8; returns the flags it set (for the startup log). */
export function applyGcSettings(settings: GcSettings): string[] {
  const flags = gcFlags(settings, process.versions.v8);
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
