// The controller's own serving certificate, replaceable while it serves: grpc-js server
// credentials fed by a certificate provider, so a rotated certificate reaches new connections
// without rebinding the port (open streams keep the handshake they had).
//
// grpc-js's createCertificateProviderServerCredentials(ca, identity, requireClientCert) hands its
// first two arguments to the credentials constructor in the opposite order (grpc-js 1.14), so the
// provider goes first and the "identity" slot gets null: the effect is our certificate served and
// no client certificate requested (Linkerd's controller does not ask for one). The rotation test
// (test/unit/controller-serving-tls.test.ts) fails if a grpc-js release changes that.
import * as grpc from '@grpc/grpc-js';

type IdentityUpdate = grpc.experimental.IdentityCertificateUpdate;
type IdentityListener = grpc.experimental.IdentityCertificateUpdateListener;

export interface ServingPem {
  readonly certPem: string | Buffer;
  readonly keyPem: string | Buffer;
}

/** A CertificateProvider holding one identity (chain + key) that can be replaced. */
export class ServingCertificate implements grpc.experimental.CertificateProvider {
  #latest: IdentityUpdate;
  readonly #listeners = new Set<IdentityListener>();

  constructor(pem: ServingPem) {
    this.#latest = toUpdate(pem);
  }

  /** Serve `pem` to connections accepted from now on. */
  update(pem: ServingPem): void {
    this.#latest = toUpdate(pem);
    for (const l of this.#listeners) l(this.#latest);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.#listeners.add(listener);
    // Deliver on a microtask, as grpc-js's own providers do: the credentials register their
    // server-side watcher only after this call returns, and a synchronous update would miss it
    // (the server would then drop every connection as "credentials not loaded").
    queueMicrotask(() => {
      if (this.#listeners.has(listener)) listener(this.#latest);
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.#listeners.delete(listener);
  }

  // No client certificates are requested, so there are no CA updates to give.
  addCaCertificateListener(): void {}
  removeCaCertificateListener(): void {}

  /** Server credentials that follow this certificate. */
  credentials(): grpc.ServerCredentials {
    return grpc.experimental.createCertificateProviderServerCredentials(this, null, false);
  }
}

function toUpdate(pem: ServingPem): IdentityUpdate {
  return { certificate: Buffer.from(pem.certPem), privateKey: Buffer.from(pem.keyPem) };
}
