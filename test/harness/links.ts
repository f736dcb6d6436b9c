// Shared pieces of the linked-cluster tests: per-cluster TLS material from podwire's own pki (one
// mesh root, as linked clusters share a trust anchor), topology files written the way editors do
// (temp file + rename), a pino logger that records lines, and a /metrics reader.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { issueLeaf, type TestPki } from './pki.js';

export const controllerId = (cluster: string): string => `linkerd-destination.linkerd.serviceaccount.identity.linkerd.${cluster}.local`;
export const gatewayId = (cluster: string): string => `linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.${cluster}.local`;
export const workloadId = (sa: string, ns: string, cluster: string): string => `${sa}.${ns}.serviceaccount.identity.linkerd.${cluster}.local`;

/**
 * The `controller:` and `identity:` sections of a cluster's topology: the controller serves TLS as
 * `controllerId(cluster)` (signed by the shared mesh issuer) and issues certificates itself.
 */
export async function clusterSections(dir: string, pki: TestPki, cluster: string, listen: string, identity = controllerId(cluster)): Promise<string> {
  const leaf = writeLeafFiles(path.join(dir, `${cluster}-controller`), await issueLeaf([identity]));
  const tokens = path.join(dir, `${cluster}-tokens.yaml`);
  writeFileSync(tokens, '"token-web": web.default\n');
  const issuer = path.join(pki.dir, 'ca', 'issuer');
  return `
controller:
  listen: ${listen}
  identity: {certFile: ${leaf.certFile}, keyFile: ${leaf.keyFile}}
identity:
  trustAnchorsFile: ${pki.ca.anchorsFile}
  issuerCertFile: ${path.join(issuer, 'ca.crt')}
  issuerKeyFile: ${path.join(issuer, 'ca.key')}
  tokensFile: ${tokens}
`;
}

/** Replace a file atomically (write a sibling, rename it over), as editors do. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: LogLine[];
  /** Wait for a line matching `pred` (rejects after timeoutMs, showing the last lines). */
  waitFor(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function captureLogger(level = 'info'): CapturedLog {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text.trim()) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  const log = pino({ level }, stream);
  const waitFor = async (pred: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = lines.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs}ms; last: ${JSON.stringify(lines.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { log, lines, waitFor };
}

/** Poll `fn` until it returns a value that is not undefined/false (rejects after timeoutMs). */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One sample of a metric from Prometheus text, matched on every given label; undefined if absent. */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const body = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return undefined;
}

export async function scrape(admin: { ip: string; port: number }): Promise<string> {
  const res = await fetch(`http://${admin.ip}:${admin.port}/metrics`);
  return res.text();
}
