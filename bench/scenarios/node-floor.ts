// The node-floor scenario: the smallest Node mTLS tunnel (bench/node-floor/pipe.ts, two processes,
// no podwire code) with the same certificates, TLS version, suites and verification as podwire and
// the peers. What podwire's flat path would cost if podwire added nothing to Node's own TLS and streams.
// Node is started with podwire's startup options (proxy/node-startup-options.ts), so the two
// compare on the same runtime settings: without them, Node 24 sized node-floor's young generation
// from the machine's memory (up to 64 MiB semi-spaces against podwire's 16). On Node 20 on a
// machine with over 2 GiB that is V8's own default.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../../proxy/config.js';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import { spawnProcess, waitForPort, type BenchProcess } from '../processes.js';
import { benchIdentity, type BenchPki } from './pki.js';
import type { BackendAddr, Scenario } from './types.js';

// The pipe runs as its own compiled file; from the TypeScript sources (tests) that is the one in dist/.
const HERE = fileURLToPath(import.meta.url);
const PIPE = HERE.endsWith('.ts') ? path.resolve(path.dirname(HERE), '../../dist/bench/node-floor/pipe.js') : path.resolve(path.dirname(HERE), '../node-floor/pipe.js');
const BENCH_IPS = { client: '127.101.7.1', server: '127.101.7.2' } as const;
const ENTRY_PORT = 9000;
const TUNNEL_PORT = 4143;

/** Start the pair; `IPS` defaults to the bench's own addresses (tests pass others). */
export async function startNodeFloorPair(pki: BenchPki, backend: BackendAddr, IPS: { client: string; server: string } = BENCH_IPS): Promise<Scenario> {
  const client = await pki.issue('node-floor-client', benchIdentity('node-floor-client', 'default', 'remote.bench'));
  const server = await pki.issue('node-floor-server', benchIdentity('node-floor-server', 'default', 'remote.bench'));
  const env = childProcessEnv({});
  const start = (role: 'client' | 'server', leaf: typeof client, listen: string, connect: string, extra: string[]) =>
    spawnProcess(`node-floor-${role}`, process.execPath, [
      ...NODE_STARTUP_OPTIONS, PIPE, '--role', role, '--listen', listen, '--connect', connect,
      '--cert', leaf.certFile, '--key', leaf.keyFile, '--ca', pki.anchorsFile, ...extra,
    ], env);
  const procs: BenchProcess[] = [];
  const stop = () => Promise.all(procs.map((p) => p.stop())).then(() => {});
  try {
    procs.push(start('server', server, `${IPS.server}:${TUNNEL_PORT}`, `${backend.host}:${backend.port}`, []));
    await waitForPort(procs[0]!, IPS.server, TUNNEL_PORT);
    procs.push(start('client', client, `${IPS.client}:${ENTRY_PORT}`, `${IPS.server}:${TUNNEL_PORT}`, ['--servername', server.identity]));
    await waitForPort(procs[1]!, IPS.client, ENTRY_PORT);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: 'node-floor', path: 'client → Node pipe → mTLS → Node pipe → server', host: IPS.client, port: ENTRY_PORT,
    proxyPids: procs.map((p) => p.pid), stop,
  };
}
