// The one place that loads @peculiar/x509: installs the Reflect metadata polyfill its dependency
// injection (tsyringe) needs first, and points it at
// Node's WebCrypto. Every podwire module that wants the library imports it from here, never directly,
// so import order can't break (ES modules evaluate a module's imports in source order).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };
