// Where an intercepted connection was going. In a pod this is SO_ORIGINAL_DST after an iptables
// REDIRECT (orig-dst-native.ts reads it); everything goes through this one small interface, so
// tests can supply the destination directly.
import type net from 'node:net';
import { origDst, type OrigDstAddr } from './addr.js';

export interface OrigDstSource {
  /** The original destination of an accepted socket, or undefined when it can't be known. */
  lookup(socket: net.Socket): OrigDstAddr | undefined;
  /** Shown at startup so operators know which mode the outbound listener runs in. */
  readonly description: string;
}

/** No interception support (`why`): the outbound listener can't learn original destinations. */
export function unavailableOrigDst(why: string): OrigDstSource {
  return { lookup: () => undefined, description: `unavailable: ${why}; only PODWIRE_OUTBOUND_FORWARDS carry traffic` };
}

/** A source answering from a function, e.g. a test that knows where each client meant to go. */
export function origDstFrom(fn: (socket: net.Socket) => { ip: string; port: number } | undefined, description = 'supplied'): OrigDstSource {
  return {
    description,
    lookup: (socket) => {
      const a = fn(socket);
      return a ? origDst(a) : undefined;
    },
  };
}
