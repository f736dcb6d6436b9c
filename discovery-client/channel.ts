// ControllerChannel: the gRPC channel a discovery client (Destination, inbound policy) keeps to
// the controller, and the server streams open on it. Set up by credentials.ts (plaintext or mTLS
// verified by SAN), with grpc-js's reconnect pacing tied to our backoff; a credentials change
// swaps in a new channel and cancels the streams on the old one so their RecoveringStreams reopen
// them on the new channel.
import * as grpc from '@grpc/grpc-js';
import type { BackoffConfig } from './backoff.js';
import { channelSetup, type ChannelSetup, type DestinationTls } from './credentials.js';

export class ControllerChannel {
  #client: grpc.Client;
  /** Streams open on the current channel, so a credentials change can move them to the next one. */
  #calls = new Set<grpc.ClientReadableStream<unknown>>();
  readonly #addr: string;
  readonly #serverName: string | undefined;
  readonly #backoff: BackoffConfig;
  /** True when the channel was set up without TLS (the caller passed none). */
  readonly plaintext: boolean;

  constructor(addr: string, serverName: string | undefined, tls: DestinationTls | undefined, backoff: BackoffConfig) {
    this.#addr = addr;
    this.#serverName = serverName;
    this.#backoff = backoff;
    const setup = channelSetup(addr, serverName, tls);
    this.plaintext = setup.plaintext;
    this.#client = this.#newClient(setup);
  }

  /** Open a server-streaming call on the current channel, tracked until its status arrives. */
  serverStream<Req, Res>(method: grpc.MethodDefinition<Req, Res>, req: Req): grpc.ClientReadableStream<Res> {
    const call = this.#client.makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, req);
    const calls = this.#calls;
    calls.add(call);
    call.once('status', () => calls.delete(call));
    return call;
  }

  /**
   * Use new client credentials: streams opened from now on use a new channel and the old one is
   * closed. Returns false, changing nothing, when the setup for `tls` is plaintext.
   */
  updateTls(tls: DestinationTls): boolean {
    const setup = channelSetup(this.#addr, this.#serverName, tls);
    if (setup.plaintext) return false;
    const old = this.#client;
    const oldCalls = this.#calls;
    this.#client = this.#newClient(setup);
    this.#calls = new Set();
    // A live stream would otherwise stay on the old TLS session indefinitely; cancelling it makes
    // RecoveringStream reopen it on the new channel (the caller's last answer is kept in between).
    for (const call of oldCalls) call.cancel();
    old.close();
    return true;
  }

  close(): void {
    this.#client.close();
  }

  #newClient(setup: ChannelSetup): grpc.Client {
    return new grpc.Client(this.#addr, setup.credentials, {
      ...setup.options,
      // Keep grpc-js's own reconnect pacing in step with ours, or a restarted controller would be
      // retried only as fast as grpc-js's 1 s..120 s default allows.
      'grpc.initial_reconnect_backoff_ms': this.#backoff.minMs,
      'grpc.max_reconnect_backoff_ms': this.#backoff.maxMs,
    });
  }
}
