// Finding the peer proxies (HAProxy, nginx with the stream module) on this machine. A missing one
// is not an error: its scenario is skipped with a note saying how to install it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { childProcessEnv } from '../../proxy/config.js';

export const INSTALL_HINT = 'apt-get install haproxy nginx-light libnginx-mod-stream';

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Absolute path of `name` on PATH or in the sbin directories, or undefined. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(childProcessEnv({}).PATH ?? '').split(':').filter(Boolean), ...SBIN];
  for (const d of dirs) {
    const p = path.join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface NginxInstall {
  readonly bin: string;
  /** load_module line needed for the stream module, or "" when it is built in. */
  readonly loadModule: string;
}

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

export function findHaproxy(): Found<string> {
  const bin = findExecutable('haproxy');
  return bin ? { ok: true, value: bin } : { ok: false, reason: `haproxy not installed (${INSTALL_HINT})` };
}

export function findNginx(): Found<NginxInstall> {
  const bin = findExecutable('nginx');
  if (!bin) return { ok: false, reason: `nginx not installed (${INSTALL_HINT})` };
  const built = runText(bin, ['-V']);
  if (/--with-stream(\s|$)/.test(built)) return { ok: true, value: { bin, loadModule: '' } };
  const modules = ['/usr/lib/nginx/modules/ngx_stream_module.so', '/usr/lib64/nginx/modules/ngx_stream_module.so', '/usr/share/nginx/modules/ngx_stream_module.so'];
  const mod = modules.find((m) => existsSync(m));
  if (mod) return { ok: true, value: { bin, loadModule: `load_module ${mod};` } };
  return { ok: false, reason: `nginx has no stream module (${INSTALL_HINT})` };
}

/** stdout and stderr of a short command (nginx -V, haproxy -v print to either). */
function runText(bin: string, args: string[]): string {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

/** "HAProxy version 2.6.12…" / "nginx version: nginx/1.22.1", for the results' versions. */
export function peerVersion(bin: string, args: string[]): string {
  return runText(bin, args).split('\n')[0]!.trim();
}
