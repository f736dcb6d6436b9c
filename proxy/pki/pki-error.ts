// The error the pki code throws for input it refuses (a bad key, a bad name, an unusable CA). In a
// module of its own so code on the sidecar's path (csr-der.ts) can throw it without importing
// certs.ts, which loads @peculiar/x509.
export class PkiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PkiError';
  }
}
