// The public face of podwire.mux/1 (docs/mux-protocol.md): what the pool and the inbound/outbound
// pipelines import. frame.ts stays importable on its own for tests and tools.
export { MUX_ALPN, ResetCode, GOAWAY_NO_ERROR, MuxProtocolError, resetCodeName, type MuxSettings, type MuxProtocolReason } from './frame.js';
export { MuxSessionError, MuxStreamResetError, type MuxSessionErrorCode } from './errors.js';
export { MuxSession, type MuxSessionState, type MuxSessionEvents } from './session.js';
export { MUX_DEFAULTS, type MuxRole, type MuxSessionOptions } from './settings.js';
export { MuxStream } from './stream.js';
export { MAX_REPLAYS, type SessionSupplier } from './replay.js';
