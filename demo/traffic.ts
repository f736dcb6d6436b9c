// The demo's load: sequential requests, each on a fresh connection through the client pod's
// forward (so every request exercises discovery, balancing and a new stream on the pooled mux
// connection to the chosen pod, or a TLS handshake where mux is off), timing each one and
// counting failures.
import net from 'node:net';

export interface RunResult {
  readonly latenciesMs: number[];
  readonly failures: number;
  readonly errors: Map<string, number>;
}

/** One request: connect, send `payload`, half-close, expect the echo, within `timeoutMs`. */
export function request(host: string, port: number, payload: string, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port, allowHalfOpen: true });
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    s.on('data', (d) => (got += d.toString()));
    s.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code ?? err.message));
    });
    s.on('end', () => {
      clearTimeout(timer);
      s.end();
      if (got === payload) resolve(performance.now() - started);
      else reject(new Error(got.length === 0 ? 'empty reply' : 'wrong reply'));
    });
    s.on('connect', () => s.end(payload));
  });
}

/** `count` requests one after another; `between(i)` runs before request i (e.g. to kill a replica). */
export async function run(host: string, port: number, count: number, between?: (i: number) => Promise<void>): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const errors = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    await between?.(i);
    try {
      latenciesMs.push(await request(host, port, `request ${i}`));
    } catch (err) {
      const key = (err as Error).message;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  return { latenciesMs, failures: count - latenciesMs.length, errors };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
