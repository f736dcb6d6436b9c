// HAProxy and nginx configured as the same tunnel podwire builds: a client-side proxy taking plain
// TCP and opening TLS 1.3 with a client certificate to a server-side proxy, which requires and
// verifies that certificate against the mesh trust anchor and forwards plain TCP to the backend.
// Both sides verify the peer chain and the server name (the server proxy's identity); ECDSA P-256
// certificates from podwire's pki, podwire's TLS 1.3 cipher suites in podwire's order (AES-128-GCM
// first; OpenSSL's default would put AES-256 first). In the plain pairs session resumption is off, as in
// linkerd2-proxy, so every connection pays a full handshake; the "-reuse" pairs resume TLS 1.3
// sessions (HAProxy's default client-side reuse; nginx's proxy_ssl_session_reuse with tickets and a
// session cache on the server), and their server side logs whether each session was resumed, so the
// report shows that resumption really happened. One thread / one worker per process, like podwire's
// single event loop.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { childProcessEnv } from '../../proxy/config.js';
import { spawnProcess, waitForPort, type BenchProcess } from '../processes.js';
import { benchIdentity, type BenchLeaf, type BenchPki } from './pki.js';
import type { NginxInstall } from './peers.js';
import type { BackendAddr, Scenario, SessionCount } from './types.js';
import { TLS13_CIPHERSUITES } from '../../proxy/identity/credentials.js';

const ENTRY_PORT = 9000;
const TUNNEL_PORT = 4143;
const IPS = {
  haproxy: { client: '127.101.3.1', server: '127.101.3.2' },
  nginx: { client: '127.101.4.1', server: '127.101.4.2' },
  'haproxy-reuse': { client: '127.101.5.1', server: '127.101.5.2' },
  'nginx-reuse': { client: '127.101.6.1', server: '127.101.6.2' },
} as const;

/** A session-reuse pair differs from its plain pair only in handshakes: it runs only this workload. */
const REUSE_WORKLOADS = ['new-conns'] as const;

export interface PairContext {
  readonly dir: string;
  readonly pki: BenchPki;
  readonly backend: BackendAddr;
  /** Connections each proxy must be able to hold (the idle-memory levels need many). */
  readonly maxConnections: number;
  /** Open-file limit to ask for (peers raise their soft limit up to this). */
  readonly fdLimit: number;
}

async function leaves(kind: keyof typeof IPS, pki: BenchPki): Promise<{ client: BenchLeaf; server: BenchLeaf }> {
  return {
    client: await pki.issue(`${kind}-client`, benchIdentity(`${kind}-client`, 'default', 'remote.bench')),
    server: await pki.issue(`${kind}-server`, benchIdentity(`${kind}-server`, 'default', 'remote.bench')),
  };
}

async function startPair(
  name: string, pathText: string, ips: { client: string }, procs: BenchProcess[], waits: Array<[BenchProcess, string, number]>,
  sessions?: () => SessionCount,
): Promise<Scenario> {
  const stop = () => Promise.all(procs.map((p) => p.stop())).then(() => {});
  try {
    for (const [p, host, port] of waits) await waitForPort(p, host, port);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name, path: pathText, host: ips.client, port: ENTRY_PORT, proxyPids: procs.map((p) => p.pid), stop,
    ...(sessions && { sessions, workloads: REUSE_WORKLOADS }),
  };
}

/** Count "resumed=0|1" lines (HAProxy's server-side log on stdout) as they arrive. */
function countResumedLines(out: Readable): () => SessionCount {
  let sessions = 0;
  let resumed = 0;
  let partial = '';
  out.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      const m = /resumed=([01])/.exec(l);
      if (!m) continue;
      sessions++;
      if (m[1] === '1') resumed++;
    }
  });
  return () => ({ sessions, resumed });
}

/** Count the lines of nginx's server-side session log ($ssl_session_reused: "r" resumed, "." not). */
function countNginxLog(file: string): () => SessionCount {
  return () => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // not written yet: no session has ended
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    return { sessions: lines.length, resumed: lines.filter((l) => l.trim() === 'r').length };
  };
}

export async function startHaproxyPair(bin: string, ctx: PairContext, reuse = false): Promise<Scenario> {
  const name = reuse ? 'haproxy-reuse' : 'haproxy';
  const { client, server } = await leaves(name, ctx.pki);
  const ip = IPS[name];
  const global = `global
  nbthread 1
  maxconn ${ctx.maxConnections}
  ssl-default-bind-options ssl-min-ver TLSv1.3
  ssl-default-server-options ssl-min-ver TLSv1.3
  ssl-default-bind-ciphersuites ${TLS13_CIPHERSUITES}
  ssl-default-server-ciphersuites ${TLS13_CIPHERSUITES}
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
`;
  const clientCfg = `${global}
frontend plain_in
  bind ${ip.client}:${ENTRY_PORT}
  maxconn ${ctx.maxConnections}
  default_backend tunnel
backend tunnel
  server peer ${ip.server}:${TUNNEL_PORT} ssl verify required ca-file ${ctx.pki.anchorsFile} crt ${client.combinedFile} sni str(${server.identity}) verifyhost ${server.identity}${reuse ? '' : ' no-ssl-reuse'}
`;
  // The reuse pair's server logs each session's resumption to stdout (HAProxy runs in the foreground).
  const sessionLog = reuse ? `  log stdout format raw local0
  log-format "resumed=%[ssl_fc_is_resumed]"
` : '';
  const serverCfg = `${global}
frontend tunnel_in
  bind ${ip.server}:${TUNNEL_PORT} ssl crt ${server.combinedFile} ca-file ${ctx.pki.anchorsFile} verify required
  maxconn ${ctx.maxConnections}
${sessionLog}  default_backend app
backend app
  server app ${ctx.backend.host}:${ctx.backend.port}
`;
  const files = { client: path.join(ctx.dir, `${name}-client.cfg`), server: path.join(ctx.dir, `${name}-server.cfg`) };
  writeFileSync(files.client, clientCfg);
  writeFileSync(files.server, serverCfg);
  const env = childProcessEnv({});
  const srv = spawnProcess(`${name}-server`, bin, ['-db', '-f', files.server], env);
  const cli = spawnProcess(`${name}-client`, bin, ['-db', '-f', files.client], env);
  const sessions = reuse ? countResumedLines(srv.child.stdout!) : undefined;
  const pathText = `client → HAProxy → mTLS${reuse ? ' (session reuse)' : ''} → HAProxy → server`;
  return startPair(name, pathText, ip, [cli, srv], [[srv, ip.server, TUNNEL_PORT], [cli, ip.client, ENTRY_PORT]], sessions);
}

export async function startNginxPair(nginx: NginxInstall, ctx: PairContext, reuse = false): Promise<Scenario> {
  const name = reuse ? 'nginx-reuse' : 'nginx';
  const { client, server } = await leaves(name, ctx.pki);
  const ip = IPS[name];
  const sessionLogFile = path.join(ctx.dir, `${name}-sessions.log`);
  const head = (role: string) => `${nginx.loadModule}
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile ${ctx.fdLimit};
pid ${path.join(ctx.dir, `${name}-${role}.pid`)};
error_log ${path.join(ctx.dir, `${name}-${role}.log`)} warn;
events { worker_connections ${ctx.maxConnections * 2 + 64}; }
`;
  const clientCfg = `${head('client')}
stream {
  server {
    listen ${ip.client}:${ENTRY_PORT} backlog=4096;
    proxy_pass ${ip.server}:${TUNNEL_PORT};
    proxy_timeout 1h;
    proxy_ssl on;
    proxy_ssl_protocols TLSv1.3;
    proxy_ssl_conf_command Ciphersuites ${TLS13_CIPHERSUITES};
    proxy_ssl_certificate ${client.certFile};
    proxy_ssl_certificate_key ${client.keyFile};
    proxy_ssl_trusted_certificate ${ctx.pki.anchorsFile};
    proxy_ssl_verify on;
    proxy_ssl_verify_depth 3;
    proxy_ssl_name ${server.identity};
    proxy_ssl_server_name on;
    proxy_ssl_session_reuse ${reuse ? 'on' : 'off'};
  }
}
`;
  const serverCfg = `${head('server')}
stream {
  log_format reused $ssl_session_reused;
  server {
    listen ${ip.server}:${TUNNEL_PORT} ssl backlog=4096;
    ssl_protocols TLSv1.3;
    ssl_conf_command Ciphersuites ${TLS13_CIPHERSUITES};
    ssl_certificate ${server.certFile};
    ssl_certificate_key ${server.keyFile};
    ssl_client_certificate ${ctx.pki.anchorsFile};
    ssl_verify_client on;
    ssl_verify_depth 3;
${reuse ? `    ssl_session_tickets on;
    ssl_session_cache shared:bench:10m;
    ssl_session_timeout 1h;
    access_log ${sessionLogFile} reused buffer=64k flush=100ms;` : '    ssl_session_tickets off;'}
    proxy_pass ${ctx.backend.host}:${ctx.backend.port};
    proxy_timeout 1h;
  }
}
`;
  const files = { client: path.join(ctx.dir, `${name}-client.conf`), server: path.join(ctx.dir, `${name}-server.conf`) };
  writeFileSync(files.client, clientCfg);
  writeFileSync(files.server, serverCfg);
  const env = childProcessEnv({});
  // -e: the startup error log too goes to our directory, not /var/log/nginx.
  const args = (f: string, role: string) => ['-p', ctx.dir, '-e', path.join(ctx.dir, `${name}-${role}.log`), '-c', f];
  const srv = spawnProcess(`${name}-server`, nginx.bin, args(files.server, 'server'), env);
  const cli = spawnProcess(`${name}-client`, nginx.bin, args(files.client, 'client'), env);
  const pathText = `client → nginx → mTLS${reuse ? ' (session reuse)' : ''} → nginx → server`;
  return startPair(name, pathText, ip, [cli, srv], [[srv, ip.server, TUNNEL_PORT], [cli, ip.client, ENTRY_PORT]], reuse ? countNginxLog(sessionLogFile) : undefined);
}
