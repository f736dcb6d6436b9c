// `podwire controller` as a real process for end-to-end tests (the built CLI, JSON logs), plus
// the Certify-mode pieces the tests around it share: the topology and tokens files in a Workdir,
// and a proxy's environment for Certify with an empty identity directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Workdir } from './mesh.js';
import { IDS } from './pki.js';
import { spawnPodwire, type ProxyProcess } from './proxy-process.js';

/** Write `yaml` as the Workdir's topology.yaml; returns the file's path. */
export function writeTopologyFile(w: Workdir, yaml: string): string {
  const file = path.join(w.dir, 'topology.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

/** Write the Workdir's tokens.yaml: each role's token maps to <role>.default; returns its path. */
export function writeTokensFile(w: Workdir, tokens: { server: string; client: string }): string {
  const file = path.join(w.dir, 'tokens.yaml');
  fs.writeFileSync(file, `"${tokens.server}": server.default\n"${tokens.client}": client.default\n`);
  return file;
}

/**
 * Spawn `podwire controller` on `topologyFile` with its plaintext listener at `plaintextListen`
 * and wait until it says it is ready. It is pushed onto `procs` before the wait, so the caller's
 * afterAll stops it even if it never becomes ready. `extraArgs` are added to the command line;
 * the admin server is off unless they name an `--admin` address.
 */
export async function startControllerProcess(topologyFile: string, plaintextListen: string, procs: ProxyProcess[], extraArgs: readonly string[] = []): Promise<ProxyProcess> {
  const admin = extraArgs.includes('--admin') ? [] : ['--admin', 'off'];
  const controller = spawnPodwire(
    ['controller', '--topology', topologyFile, '--plaintext-listen', plaintextListen, ...admin, '--log-format', 'json', ...extraArgs],
    { PATH: process.env.PATH ?? '' },
  );
  procs.push(controller);
  await controller.waitForLog((l) => l.msg === 'podwire controller ready');
  return controller;
}

export interface CertifyEnvOptions {
  /** Where the identity (Certify) service is expected. */
  identityAddr: string;
  /** This role's token, written to <w.dir>/<role>.token. */
  token: string;
  /** Pass the trust anchors inline (Linkerd's variable) or as a file (podwire's). */
  trustAnchors: 'inline' | 'file';
}

/**
 * A proxy's environment in Certify mode: Linkerd's variables, an empty identity directory
 * <w.dir>/<role>-identity, a 1 s minimum refresh, and inbound/admin listeners on `pod`.
 */
export function certifyEnv(w: Workdir, role: 'server' | 'client', pod: string, opts: CertifyEnvOptions): Record<string, string> {
  const tokenFile = path.join(w.dir, `${role}.token`);
  fs.writeFileSync(tokenFile, opts.token);
  return {
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: IDS[role],
    LINKERD2_PROXY_IDENTITY_SVC_ADDR: opts.identityAddr,
    LINKERD2_PROXY_IDENTITY_DIR: path.join(w.dir, `${role}-identity`),
    LINKERD2_PROXY_IDENTITY_TOKEN_FILE: tokenFile,
    LINKERD2_PROXY_IDENTITY_MIN_REFRESH: '1s',
    ...(opts.trustAnchors === 'inline'
      ? { LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: w.pki.ca.anchorsPem }
      : { PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: w.pki.ca.anchorsFile }),
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${pod}:4143`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${pod}:4191`,
  };
}
