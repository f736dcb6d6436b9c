// Polls the proxy's admin /ready until it answers 2xx, as linkerd-await does: each check may take
// up to 5 s, a failed one is followed by the backoff, and the whole wait may be bounded. What the
// last check saw (the status and body of /ready, which name what the proxy still waits for, or
// the connection error) is returned so a timeout can say why.
import http from 'node:http';

/** linkerd-await's per-request limit. */
export const CHECK_TIMEOUT_MS = 5_000;

export interface WaitOptions {
  readonly host: string;
  readonly port: number;
  readonly backoffMs: number;
  readonly timeoutMs: number | undefined;
}

export type WaitResult = { readonly ready: true; readonly checks: number } | { readonly ready: false; readonly checks: number; readonly last: string };

export function readyUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/ready`;
}

export async function waitForReady(opts: WaitOptions): Promise<WaitResult> {
  const deadline = opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs;
  let checks = 0;
  let last = 'no check completed';
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { ready: false, checks, last };
    checks++;
    const budget = Math.min(CHECK_TIMEOUT_MS, left);
    const r = await check(opts.host, opts.port, budget);
    if (r.ok) return { ready: true, checks };
    // A check the overall deadline cut short says less than the answer before it: keep that one.
    const cutByDeadline = r.timedOut && budget < CHECK_TIMEOUT_MS && checks > 1;
    if (!cutByDeadline) last = r.what;
    const pause = Math.min(opts.backoffMs, deadline - Date.now());
    if (pause <= 0) return { ready: false, checks, last };
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

function check(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; what: string; timedOut?: boolean }> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: '/ready', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 300, what: `${status} ${body.trim().replace(/\s*\n\s*/g, '; ')}` });
      });
      res.on('error', (err) => resolve({ ok: false, what: err.message }));
    });
    let timedOut = false;
    req.on('timeout', () => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, timedOut, what: err.code ? `${err.code} (${err.message})` : err.message }));
  });
}
