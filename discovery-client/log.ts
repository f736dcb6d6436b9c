// The logger shape the discovery client needs: a subset of pino's, so a pino logger (or a child of
// one) can be passed straight in, and tests can pass a silent or recording stub.

export interface DiscoveryLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Discards everything; for callers that do not care. */
export const silentLogger: DiscoveryLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
