// How many file descriptors this process holds and may hold, read from Linux's /proc, so traffic
// listeners can refuse a connection themselves (counted, logged) while descriptors are still free.
// Without this, libuv meets EMFILE at accept() by closing its spare descriptor, accepting and
// closing every pending connection and telling nobody: clients see a reset, podwire sees nothing.
import fs from 'node:fs';

export interface DescriptorCounter {
  /** The soft RLIMIT_NOFILE. */
  readonly limit: number;
  /** Descriptors open now (an estimate between recounts on kernels before 6.2, see below). */
  open(): number;
}

/** Soft "Max open files" from /proc/self/limits; undefined if unreadable or unlimited. */
export function parseFdLimit(limitsText: string): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  if (!m || m[1] === 'unlimited') return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Minimum time between full /proc/self/fd listings on kernels that need them. */
const RECOUNT_MS = 200;
/** Longest a stat() count is used (plus accepts since) before the next one. */
const STAT_RECOUNT_MS = 50;

/**
 * A counter for this process, or undefined off Linux (no /proc). Linux 6.2+ reports the number of
 * open descriptors as the size of /proc/self/fd, one stat() that opens nothing (so it also works at
 * the limit). Older kernels report 0 there; then the directory is listed instead. Between counts,
 * `note()`d accepts are added (two descriptors each: the accepted socket and its dial), closes are
 * not subtracted, so the estimate only errs high. A listing is redone at most every RECOUNT_MS; a
 * stat() every STAT_RECOUNT_MS, and on every accept once the estimate is near the limit, where a
 * high estimate would refuse a connection for nothing. (A stat() per accept was about 3% of the
 * outbound proxy's CPU under connection churn.)
 */
export function processDescriptors(): (DescriptorCounter & { note(): void }) | undefined {
  let limit: number | undefined;
  try {
    limit = parseFdLimit(fs.readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined;
  }
  if (limit === undefined) return undefined;
  const fdLimit = limit;
  const byStat = statCount() > 0;
  const count = byStat ? statCount : () => listCount(fdLimit);
  const policy: RecountPolicy = byStat
    ? { maxAgeMs: STAT_RECOUNT_MS, nearLimit: 2 * descriptorReserve(fdLimit) }
    : { maxAgeMs: RECOUNT_MS, nearLimit: 0 };
  let counted = count();
  let countedAt = performance.now();
  let since = 0;
  return {
    limit: fdLimit,
    open() {
      const now = performance.now();
      if (needsRecount(counted + 2 * since, fdLimit, now - countedAt, policy)) {
        counted = count();
        countedAt = now;
        since = 0;
      }
      return counted + 2 * since;
    },
    note: () => void since++,
  };
}

export interface RecountPolicy {
  /** A count older than this is redone. */
  readonly maxAgeMs: number;
  /** Within this many descriptors of the limit, every call counts again (0: never). */
  readonly nearLimit: number;
}

/** Whether an estimate of `estimate` open descriptors, counted `ageMs` ago, must be counted again. */
export function needsRecount(estimate: number, limit: number, ageMs: number, policy: RecountPolicy): boolean {
  return ageMs >= policy.maxAgeMs || limit - estimate < policy.nearLimit;
}

function statCount(): number {
  try {
    return fs.statSync('/proc/self/fd').size;
  } catch {
    return 0;
  }
}

/** Listing needs a descriptor of its own; failing for want of one means we are at the limit. */
function listCount(limit: number): number {
  try {
    return fs.readdirSync('/proc/self/fd').length - 1;
  } catch {
    return limit;
  }
}

/**
 * Descriptors a listener leaves free: what an admitted connection still needs (its dial), the
 * admin server (so /metrics can be scraped to see this happening), the control plane and
 * certificate reloads. 1/32 of the limit, between 16 and 256.
 */
export function descriptorReserve(limit: number): number {
  return Math.min(256, Math.max(16, Math.floor(limit / 32)));
}
