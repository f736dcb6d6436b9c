// ControllerChannel: the gRPC channel a discovery client (Destination, inbound policy) keeps to
// the controller, and the server streams open on it. Set up by credentials.ts (plaintext or mTLS
// verified by SAN), with grpc-js's reconnect pacing tied to our backoff (and capped, backoff.ts); a
// credentials change swaps in a new channel and cancels the streams on the old one so their
// RecoveringStreams reopen them on the new channel. Streams that failed because the controller was
// unreachable can ask to be woken when the channel connects again (whenReconnected), so they come
// back with the controller rather than whenever their own backoff timer ends.
import * as grpc from '@grpc/grpc-js';
import { channelReconnectOptions, type BackoffConfig } from './backoff.js';
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
    this.#closed = true;
    this.#reconnectWaiters.clear();
    this.#client.close();
  }

  #newClient(setup: ChannelSetup): grpc.Client {
    return new grpc.Client(this.#addr, setup.credentials, {
      ...setup.options,
      // Keep grpc-js's own reconnect pacing in step with ours, or a restarted controller would be
      // retried only as fast as grpc-js's 1 s..120 s default allows; capped, see backoff.ts.
      ...channelReconnectOptions(this.#backoff),
    });
  }

  /**
   * Call `cb` once when the channel next becomes READY coming from any other state, i.e. when the
   * controller is reachable again; meanwhile the channel is kept trying to connect (an idle
   * grpc-js channel otherwise waits for a call). A channel that is READY now must first lose the
   * connection: a stream the server ended over a working connection keeps its own backoff.
   * Returns a function that cancels the wait.
   */
  whenReconnected(cb: () => void): () => void {
    this.#reconnectWaiters.add(cb);
    if (!this.#watchingConnectivity) this.#watchConnectivity(this.#client.getChannel().getConnectivityState(false));
    return () => this.#reconnectWaiters.delete(cb);
  }

  #reconnectWaiters = new Set<() => void>();
  #watchingConnectivity = false;
  #closed = false;

  #watchConnectivity(last: grpc.connectivityState): void {
    this.#watchingConnectivity = true;
    if (this.#reconnectWaiters.size === 0 || this.#closed) {
      this.#watchingConnectivity = false;
      return;
    }
    const channel = this.#client.getChannel();
    const state = channel.getConnectivityState(true);
    if (state === grpc.connectivityState.READY && last !== grpc.connectivityState.READY) {
      this.#watchingConnectivity = false;
      const waiters = [...this.#reconnectWaiters];
      this.#reconnectWaiters.clear();
      for (const wake of waiters) wake();
      return;
    }
    // The deadline re-checks now and then even without a transition (e.g. the client was swapped
    // by updateTls, whose old channel never changes state again).
    const next = () => this.#watchConnectivity(state);
    try {
      channel.watchConnectivityState(state, Date.now() + CONNECTIVITY_RECHECK_MS, next);
    } catch {
      setTimeout(next, CONNECTIVITY_RECHECK_MS).unref();
    }
  }
}

/** How often a reconnect watch looks at the channel even without a state change. */
const CONNECTIVITY_RECHECK_MS = 1_000;
