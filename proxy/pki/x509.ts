// The one place that imports @peculiar/x509 eagerly: installs the Reflect metadata polyfill its
// dependency injection (tsyringe) needs first, and points it at Node's WebCrypto. The pki tooling
// and the controller's Certify server import the library from here, never directly, so import
// order can't break (ES modules evaluate a module's imports in source order). The proxy's own
// modules must not import this file: the library costs about 20 MB resident; they call
// loadX509() (x509-load.ts) on the rare path that needs it, which yields the same instance.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };
