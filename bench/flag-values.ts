// Values of the flags the bench's standalone scripts take (ab.ts, memory-bursts.ts,
// mux-candidates/run.ts): one place for the "a whole number" rule and its error message.

/** `value` of `flag` as a whole number of at least `min`; throws an error naming the flag. */
export function wholeNumber(flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}
