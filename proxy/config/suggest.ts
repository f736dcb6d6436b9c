// "Did you mean": the known name nearest to a misspelt one, by edit distance (Levenshtein:
// insertions, deletions and substitutions each cost 1), compared case-insensitively because an
// environment variable in the wrong case is as wrong as a misspelt one.

/** Levenshtein distance between `a` and `b`, with one row of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, substitute));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * How far a name may be from a known one and still be "close": a couple of typos in a short name,
 * about one in eight characters in a long one, never more than 4 (beyond that the nearest name is
 * a different setting, not what was meant).
 */
export function closeEnough(name: string): number {
  return Math.min(4, Math.max(2, Math.floor(name.length / 8)));
}

/** The candidate nearest to `name` within closeEnough(name); ties go to the earlier candidate. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toUpperCase();
  const limit = closeEnough(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toUpperCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}
