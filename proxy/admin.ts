// The admin server on its own port (LINKERD2_PROXY_ADMIN_LISTEN_ADDR), never on a traffic port:
// /live, /ready, /metrics, /env.json and POST /shutdown, with linkerd2-proxy's semantics.
// `podwire controller` serves the same endpoints from its own registry.
import http from 'node:http';
import type net from 'node:net';
import { formatAddr, type SocketAddr } from './transport/addr.js';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.js';
import type { Logger } from './log.js';

export interface AdminDeps {
  /** The prom-client registry /metrics renders (the proxy's Metrics.registry, or the controller's). */
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly env: Readonly<Record<string, string>>;
  readonly shutdownEnabled: boolean;
  readonly onShutdown: () => void;
  readonly log: Logger;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

export function createAdminServer(deps: AdminDeps): http.Server {
  const routes: Record<string, Handler> = {
    '/live': (_req, res) => send(res, 200, 'live\n'),
    '/ready': (_req, res) => ready(deps, res),
    '/metrics': async (_req, res) => {
      const body = await deps.registry.metrics();
      send(res, 200, body, deps.registry.contentType);
    },
    '/env.json': (req, res, url) => envJson(deps, req, res, url),
    '/shutdown': (req, res) => shutdown(deps, req, res),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    const route = routes[url.pathname];
    if (!route) return send(res, 404, 'not found\n');
    Promise.resolve(route(req, res, url)).catch((err: unknown) => {
      deps.log.error({ err, path: url.pathname }, 'admin request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function ready(deps: AdminDeps, res: http.ServerResponse): void {
  if (deps.readiness.ready()) return send(res, 200, 'ready\n');
  send(res, 503, `not ready\nwaiting for: ${deps.readiness.pending().join(', ')}\n`);
}

function acceptsJson(req: http.IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return /application\/json|application\/\*|\*\/\*/.test(accept);
}

function envJson(deps: AdminDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (!acceptsJson(req)) return send(res, 406, 'env.json only serves application/json\n');
  const keys = [...url.searchParams.entries()];
  if (keys.some(([, v]) => v !== '')) return send(res, 400, 'env.json takes variable names, not key=value pairs\n');
  const selected: Record<string, string | null> = {};
  if (keys.length === 0) Object.assign(selected, deps.env);
  else for (const [k] of keys) selected[k] = deps.env[k] ?? null;
  send(res, 200, JSON.stringify(selected), 'application/json');
}

function isLocalhost(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

function shutdown(deps: AdminDeps, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!deps.shutdownEnabled) return send(res, 404, 'shutdown endpoint is not enabled\n');
  if (req.method !== 'POST') return send(res, 405, 'use POST\n');
  if (!isLocalhost(req.socket.remoteAddress)) return send(res, 403, 'shutdown is allowed from localhost only\n');
  send(res, 202, 'shutdown\n');
  deps.onShutdown();
}

/** Bind the admin server; resolves with the bound address (port 0 picks one). */
export function listenAdmin(server: http.Server, addr: SocketAddr): Promise<SocketAddr> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot listen for admin on ${formatAddr(addr)}: ${err.message}`, { cause: err })));
    server.listen({ host: addr.ip, port: addr.port }, () => {
      const a = server.address() as net.AddressInfo;
      resolve({ ip: a.address, port: a.port });
    });
  });
}
