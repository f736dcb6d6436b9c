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
import v8 from 'node:v8';

export interface GcSettings {
  /** Keep V8's incremental marking (its default); false turns it off. */
  readonly incrementalMarking: boolean;
}

/** Apply the settings to this process's V8; returns the flags it set (for the startup log). */
export function applyGcSettings(settings: GcSettings): string[] {
  const flags = settings.incrementalMarking ? [] : ['--no-incremental-marking'];
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
