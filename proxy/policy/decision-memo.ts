// Authorization decisions remembered per policy and client, so the inbound path runs authorize()
// once per (policy, client IP, client identity) rather than for every connection: the streams of a
// multiplexed connection all come from one IP and identity, and so do an application's repeated
// connections. Deciding afresh parsed the client IP into BigInts, filtered the authorizations and
// built the server's name, per connection: 4.7% of the inbound proxy's sampled allocation under
// new mux streams, and the policy object the file source built for each, 1.8% (lab, 2026-12-06).
//
// This is exact, not a cache that can go stale: authorize() is a pure function of the policy
// object and the client's IP and TLS identity, and every policy source hands out the same object
// for a port until the policy changes, when it hands out a new one (which starts empty here; the
// old one's decisions go with it, WeakMap). A remembered decision's `client` is the first
// connection's, equal in both fields to every later one it is returned for.
import { authorize, type Decision } from './authorize.js';
import type { PolicyClient, ServerPolicy } from './types.js';

/** Keys for clients without a usable identity; NUL never occurs in a verified identity. */
const PLAINTEXT = '\u0000plaintext';
const TLS_WITHOUT_IDENTITY = '\u0000tls';
/**
 * Most client IPs remembered per policy, and identities per IP: past that the level starts over,
 * so a scan from many addresses costs a re-decision per connection, never unbounded memory.
 */
export const MAX_REMEMBERED = 1024;

const byPolicy = new WeakMap<ServerPolicy, Map<string, Map<string, Decision>>>();

/** authorize(policy, client), remembered for the policy object's life. */
export function decide(policy: ServerPolicy, client: PolicyClient): Decision {
  let byIp = byPolicy.get(policy);
  if (byIp === undefined) byPolicy.set(policy, (byIp = new Map()));
  let byIdentity = byIp.get(client.ip);
  if (byIdentity === undefined) {
    if (byIp.size >= MAX_REMEMBERED) byIp.clear();
    byIp.set(client.ip, (byIdentity = new Map()));
  }
  const identity = client.tls === undefined ? PLAINTEXT : client.tls.identity ?? TLS_WITHOUT_IDENTITY;
  let decision = byIdentity.get(identity);
  if (decision === undefined) {
    if (byIdentity.size >= MAX_REMEMBERED) byIdentity.clear();
    decision = authorize(policy, client);
    byIdentity.set(identity, decision);
  }
  return decision;
}
