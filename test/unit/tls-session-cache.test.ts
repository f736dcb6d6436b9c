// The outbound's ticket cache: per-peer keys (address, SNI, identity), least-recently-used
// eviction at its bound, expiry, and one cache per Credentials object (so a rotation drops it).
import { describe, expect, it } from 'vitest';
import { TlsSessionCache, sessionCacheFor } from '../../proxy/outbound/tls-sessions.js';
import type { Credentials } from '../../proxy/identity/credentials.js';

const key = (addr: string, identity = 'a.ns.serviceaccount.identity.linkerd.cluster.local') => ({ addr, serverName: identity, identity });
const ticket = (s: string) => Buffer.from(s);

describe('TlsSessionCache', () => {
  it('keys by address, server name and identity together', () => {
    const c = new TlsSessionCache();
    c.set(key('10.0.0.1:4143'), ticket('t1'));
    expect(c.get(key('10.0.0.1:4143'))?.toString()).toBe('t1');
    expect(c.get(key('10.0.0.2:4143'))).toBeUndefined();
    expect(c.get(key('10.0.0.1:4143', 'b.ns.serviceaccount.identity.linkerd.cluster.local'))).toBeUndefined();
    expect(c.get({ ...key('10.0.0.1:4143'), serverName: 'other.example' })).toBeUndefined();
  });

  it('keeps the latest ticket, and evicts the least recently used past its bound', () => {
    const c = new TlsSessionCache(2);
    c.set(key('a:1'), ticket('old'));
    c.set(key('a:1'), ticket('new'));
    c.set(key('b:1'), ticket('b'));
    expect(c.get(key('a:1'))?.toString()).toBe('new'); // a is now the most recent
    c.set(key('c:1'), ticket('c'));
    expect(c.size).toBe(2);
    expect(c.get(key('b:1'))).toBeUndefined();
    expect(c.get(key('a:1'))?.toString()).toBe('new');
    expect(c.get(key('c:1'))?.toString()).toBe('c');
  });

  it('stops offering a ticket once it is older than the maximum age, and forgets deleted ones', () => {
    let now = 1_000;
    const c = new TlsSessionCache(10, 500, () => now);
    c.set(key('a:1'), ticket('t'));
    c.set(key('b:1'), ticket('u'));
    now = 1_499;
    expect(c.get(key('a:1'))).toBeDefined();
    now = 1_500;
    expect(c.get(key('a:1'))).toBeUndefined();
    expect(c.size).toBe(1);
    c.delete(key('b:1'));
    expect(c.size).toBe(0);
  });

  it('belongs to one Credentials object: new credentials start empty', () => {
    const before = {} as Credentials;
    const after = {} as Credentials;
    sessionCacheFor(before).set(key('a:1'), ticket('t'));
    expect(sessionCacheFor(before).get(key('a:1'))?.toString()).toBe('t');
    expect(sessionCacheFor(after).get(key('a:1'))).toBeUndefined();
  });
});
