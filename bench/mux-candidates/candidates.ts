// The four transports of the issue-15 measurement and how to start each as a two-process pair
// (client side, server side) with its own bench-PKI certificates, on its own loopback addresses in
// 127.102.0.0/16 (the main bench uses 127.101.0.0/16). tls-per-conn is bench/node-floor/pipe.ts
// unchanged: one TLS connection per application connection, what podwire does today.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../../proxy/config.js';
import { spawnProcess, waitForPort, type BenchProcess } from '../processes.js';
import { benchIdentity, type BenchLeaf, type BenchPki } from '../scenarios/pki.js';
import type { BackendAddr, Scenario } from '../scenarios/types.js';

export const CANDIDATES = ['tls-per-conn', 'http2', 'yamux', 'podwire-mux', 'http2-defaults'] as const;
export type CandidateName = (typeof CANDIDATES)[number];
/** What run.ts measures unless told otherwise (http2-defaults only shows a pitfall). */
export const DEFAULT_CANDIDATES: readonly CandidateName[] = ['tls-per-conn', 'http2', 'yamux', 'podwire-mux'];

/** What each candidate does per application connection (for the report). */
export const PER_STREAM: Record<CandidateName, string> = {
  'tls-per-conn': 'new TCP connection + full TLS 1.3 handshake (ECDSA P-256, mutual) per application connection',
  http2: 'HTTP/2 CONNECT request (HEADERS with :authority, 200 response) on one h2 connection; END_STREAM = half-close',
  yamux: 'yamux SYN window update + length-prefixed "HOST:PORT" as the stream\'s first bytes on one connection; FIN = half-close',
  'podwire-mux': 'podwire.mux/1 OPEN frame with the transport header {port} on one connection; FIN = half-close',
  'http2-defaults': 'as http2, with node:http2\'s default 64 KiB stream and connection windows',
};

/** Loopback addresses of the measurement (tests pass their own). */
export const BACKEND: BackendAddr = { host: '127.102.0.10', port: 8080 };
const SUBNET: Record<CandidateName, number> = { 'tls-per-conn': 1, http2: 2, yamux: 3, 'podwire-mux': 4, 'http2-defaults': 5 };
/** 127.102.N.1 (client side) and .2 (server side); tests pass an offset to stay off the bench's. */
export function candidateIps(name: CandidateName, offset = 0): { client: string; server: string } {
  return { client: `127.102.${offset + SUBNET[name]}.1`, server: `127.102.${offset + SUBNET[name]}.2` };
}
const ENTRY_PORT = 9000;
const TUNNEL_PORT = 4143;

// The pairs run as compiled files; from the TypeScript sources (tests) those are the ones in dist/.
const HERE = fileURLToPath(import.meta.url);
const DIST = HERE.endsWith('.ts') ? path.resolve(path.dirname(HERE), '../../dist/bench') : path.resolve(path.dirname(HERE), '..');
const SCRIPT: Record<CandidateName, string> = {
  'tls-per-conn': path.join(DIST, 'node-floor/pipe.js'),
  http2: path.join(DIST, 'mux-candidates/http2-pair.js'),
  yamux: path.join(DIST, 'mux-candidates/yamux-pair.js'),
  'podwire-mux': path.join(DIST, 'mux-candidates/podwire-mux-pair.js'),
  'http2-defaults': path.join(DIST, 'mux-candidates/http2-pair.js'),
};

export interface CandidateCerts {
  readonly client: BenchLeaf;
  readonly server: BenchLeaf;
  readonly anchorsFile: string;
}

export async function issueCerts(pki: BenchPki, name: CandidateName): Promise<CandidateCerts> {
  const client = await pki.issue(`${name}-client`, benchIdentity(`${name}-client`, 'default', 'mux.bench'));
  const server = await pki.issue(`${name}-server`, benchIdentity(`${name}-server`, 'default', 'mux.bench'));
  return { client, server, anchorsFile: pki.anchorsFile };
}

/**
 * Start the candidate's server side, then its client side; resolves once the client listens.
 * `nodeArgs` go before the script (e.g. --cpu-prof for a hot-spot look).
 */
export async function startCandidate(
  name: CandidateName, certs: CandidateCerts, backend: BackendAddr, ips = candidateIps(name), nodeArgs: readonly string[] = [],
): Promise<Scenario> {
  const env = childProcessEnv({});
  const tunnel = `${ips.server}:${TUNNEL_PORT}`;
  const certArgs = (leaf: BenchLeaf) => ['--cert', leaf.certFile, '--key', leaf.keyFile, '--ca', certs.anchorsFile];
  // node-floor/pipe.ts takes the backend as --connect; the mux pairs take its host and get the port per stream.
  const serverArgs = name === 'tls-per-conn'
    ? ['--role', 'server', '--listen', tunnel, '--connect', `${backend.host}:${backend.port}`]
    : ['--role', 'server', '--listen', tunnel, '--backend-host', backend.host];
  const clientArgs = ['--role', 'client', '--listen', `${ips.client}:${ENTRY_PORT}`, '--connect', tunnel, '--servername', certs.server.identity,
    ...(name === 'tls-per-conn' ? [] : ['--target', `${backend.host}:${backend.port}`])];
  if (name === 'http2-defaults') {
    serverArgs.push('--defaults');
    clientArgs.push('--defaults');
  }
  const procs: BenchProcess[] = [];
  const stop = () => Promise.all(procs.map((p) => p.stop())).then(() => {});
  try {
    procs.push(spawnProcess(`${name} server`, process.execPath, [...nodeArgs, SCRIPT[name], ...serverArgs, ...certArgs(certs.server)], env));
    await waitForPort(procs[0]!, ips.server, TUNNEL_PORT);
    procs.push(spawnProcess(`${name} client`, process.execPath, [...nodeArgs, SCRIPT[name], ...clientArgs, ...certArgs(certs.client)], env));
    await waitForPort(procs[1]!, ips.client, ENTRY_PORT);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, path: `client → ${name} → server`, host: ips.client, port: ENTRY_PORT, proxyPids: procs.map((p) => p.pid), stop };
}
