// Loads @peculiar/x509 on first use, synchronously. The library (with reflect-metadata and its
// ASN.1 stack) costs about 20 MB of resident memory, so the proxy's hot modules must not import
// it eagerly; code that needs it only on a rare path (verify.ts's DER fallback) calls loadX509().
// The package ships one CommonJS build, so this and x509.ts's import share a single instance.
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';

type X509Lib = typeof import('@peculiar/x509');

let lib: X509Lib | undefined;

export function loadX509(): X509Lib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  // tsyringe (inside the library) needs the Reflect metadata polyfill before it loads.
  require('reflect-metadata');
  const loaded = require('@peculiar/x509') as X509Lib;
  loaded.cryptoProvider.set(webcrypto);
  return (lib = loaded);
}
