// The `error` label of control_identity_cert_refreshes_total{result="error"}: one short, stable
// word for why a certificate (re)load failed, so a dashboard can tell "the key file is not readable
// by the proxy" (EACCES) from "the key does not match the certificate" (key_mismatch) or "the
// identity service is down" (UNAVAILABLE) without reading logs. Bounded: errno names, the
// IdentityError codes, gRPC status names, `rejected_certificate` and `other`.
import * as grpc from '@grpc/grpc-js';
import { IdentityError } from './id.js';

/** Errno code (EACCES, EISDIR, ENOENT…) anywhere in the cause chain, else undefined. */
function errnoOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return code;
  }
  return undefined;
}

export function refreshErrorLabel(err: unknown): string {
  const errno = errnoOf(err);
  if (errno) return errno;
  if (err instanceof IdentityError) return err.code;
  if (err instanceof Error && err.name === 'CertificateRejectedError') return 'rejected_certificate';
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && grpc.status[code] !== undefined) return grpc.status[code]!;
  return 'other';
}
