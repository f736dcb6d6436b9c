// Builds the proxy's identity source from its configuration, for app.ts:
// - files mode: FileIdentityStore, loaded synchronously (a bad file is a startup error), then watched;
// - certify mode: CertifyIdentitySource talking to the Identity service, which starts with no
//   certificate and gets one asynchronously (the proxy stays not-ready until then).
// Both record control_identity_cert_* the same way: expiry of the certificate in use, time of the
// last successful (re)load, and loads by result (failures with an `error` label, refresh-error.ts).
//
// Files mode also puts a failing re-read on /ready: while the files on disk cannot be loaded (a key
// the proxy's user cannot read, a key that does not match the certificate, a directory where the
// file should be), /ready answers 503 naming the file and the error, though the proxy keeps
// serving with the certificate it holds. The operator wrote new files because the old ones are
// going away; saying so at once, rather than when the old certificate expires, is the point. A
// half-written rotation shows up for at most one debounce or poll, shorter than any probe period.
import { isLoopbackHost } from '../config/parse.js';
import { ConfigError, type IdentityConfig, type CertifyIdentityConfig, type FileIdentityConfig } from '../config.js';
import { IdentityError } from './id.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { IdentityClient } from '../../discovery-client/identity.js';
import { StaticTrustAnchors, WatchedTrustAnchors, type TrustAnchorsSource } from './anchors-watch.js';
import type { CertifyIdentitySource } from './certify-source.js';
import { FileIdentityStore, type IdentitySource } from './store.js';
import type { Readiness } from '../readiness.js';
import { refreshErrorLabel } from './refresh-error.js';

export interface StartedIdentity {
  readonly mode: IdentityConfig['mode'];
  readonly source: IdentitySource;
  close(): void;
}

/** Reconnect pacing of control-plane channels (LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_*). */
export interface ControlBackoff {
  readonly minMs: number;
  readonly maxMs: number;
}

export async function startIdentity(
  cfg: IdentityConfig, metrics: Metrics, log: Logger, backoff: ControlBackoff, readiness: Readiness,
): Promise<StartedIdentity> {
  return cfg.mode === 'files' ? startFiles(cfg, metrics, log, readiness) : startCertify(cfg, metrics, log, backoff);
}

/** The /ready task while re-reading the identity files fails. */
export const IDENTITY_FILES_TASK = 'identity-files';

function startFiles(cfg: FileIdentityConfig, metrics: Metrics, log: Logger, readiness: Readiness): StartedIdentity {
  const store = new FileIdentityStore({
    localId: cfg.localName,
    certFile: cfg.certFile,
    keyFile: cfg.keyFile,
    ...(cfg.trustAnchorsFile !== undefined && { anchorsFile: cfg.trustAnchorsFile }),
    ...(cfg.trustAnchorsPem !== undefined && { anchorsInline: cfg.trustAnchorsPem }),
    log,
  });
  const creds = store.load();
  recordLoaded(metrics, creds.notAfter);
  let failure: IdentityError | undefined;
  let degraded: (() => void) | undefined;
  const healthy = () => {
    degraded?.();
    degraded = undefined;
    failure = undefined;
  };
  store.on('rotate', (c) => {
    recordLoaded(metrics, c.notAfter);
    healthy();
  });
  store.on('recovered', healthy);
  store.on('reloadFailed', (err) => {
    metrics.identityCertRefreshesTotal.inc({ result: 'error', error: refreshErrorLabel(err) });
    failure = err;
    degraded ??= readiness.register(IDENTITY_FILES_TASK, () => {
      const inUse = store.current().notAfter.toISOString();
      return failure && `${failure.message}; still serving the certificate that expires ${inUse}`;
    });
  });
  store.watch();
  return { mode: 'files', source: store, close: () => store.close() };
}

async function startCertify(cfg: CertifyIdentityConfig, metrics: Metrics, log: Logger, backoff: ControlBackoff): Promise<StartedIdentity> {
  const anchors: TrustAnchorsSource = cfg.trustAnchorsFile !== undefined
    ? new WatchedTrustAnchors({ file: cfg.trustAnchorsFile, log })
    : new StaticTrustAnchors(cfg.trustAnchorsPem!);
  // Linkerd talks plaintext to a loopback control plane; anywhere else TLS, verified by name.
  const tls = cfg.svc.name !== undefined && !isLoopbackHost(cfg.svc.host)
    ? { serverName: cfg.svc.name, anchorsPem: anchors.current() }
    : undefined;
  // The channel never backs off for longer than the retry cadence, so a recovered service is
  // reached on the next attempt.
  const maxMs = Math.min(backoff.maxMs, cfg.minRefreshMs);
  const client = new IdentityClient({ addr: cfg.svc.addr, tls, reconnectBackoff: { minMs: Math.min(backoff.minMs, maxMs), maxMs } });
  let source: CertifyIdentitySource;
  // Loaded only in certify mode: it brings the CSR code and @peculiar/x509 (about 20 MB resident),
  // which a proxy with file identity never needs.
  const { CertifyIdentitySource: Source } = await import('./certify-source.js');
  try {
    source = await Source.create({
      localId: cfg.localName,
      dir: cfg.dir,
      tokenFile: cfg.tokenFile,
      client,
      anchors,
      refresh: { minMs: cfg.minRefreshMs, maxMs: cfg.maxRefreshMs },
      log,
      metrics,
    });
  } catch (err) {
    client.close();
    anchors.close();
    // The directory's problems (not writable, a damaged key.p8) are the configuration's to fix.
    if (err instanceof IdentityError) {
      throw new ConfigError([{
        name: 'LINKERD2_PROXY_IDENTITY_DIR',
        value: cfg.dir,
        why: `${err.message}; it must be a directory the proxy's user can write (an emptyDir in a pod); a damaged key.p8 or csr.der can be deleted to have new ones generated`,
      }]);
    }
    throw err;
  }
  log.info({ addr: cfg.svc.addr, plaintext: tls === undefined, serverName: cfg.svc.name, dir: cfg.dir }, 'requesting a certificate from the identity service');
  source.start();
  return {
    mode: 'certify',
    source,
    close: () => {
      source.close();
      anchors.close();
    },
  };
}

function recordLoaded(metrics: Metrics, notAfter: Date): void {
  metrics.identityCertExpiration.set(notAfter.getTime() / 1000);
  metrics.identityCertRefresh.set(Date.now() / 1000);
  metrics.identityCertRefreshesTotal.inc({ result: 'ok' });
}
