// Values of the bench's flags that more than one entry point takes (params.ts for `podwire bench`,
// and the standalone scripts ab.ts, memory-bursts.ts, mux-candidates/run.ts): one place for the
// "a whole number" and "NAME=VALUE" rules and their error messages.

/** `value` of `flag` as a whole number of at least `min`; throws an error naming the flag. */
export function wholeNumber(flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * `value` of `flag` as an environment assignment NAME=VALUE (VALUE may be empty or hold '='); throws
 * an error naming the flag when NAME is missing or is not a variable name.
 */
export function envAssignment(flag: string, value: string): [name: string, value: string] {
  const eq = value.indexOf('=');
  const name = eq < 0 ? '' : value.slice(0, eq);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${flag}: expected NAME=VALUE, got ${JSON.stringify(value)}`);
  return [name, value.slice(eq + 1)];
}
