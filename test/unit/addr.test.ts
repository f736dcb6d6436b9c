// addr.ts: socket addresses print in Linkerd's Display form and parse back to themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddrParseError, formatAddr, normalizeIp, parseSocketAddr } from '../../proxy/transport/addr.js';

describe('formatAddr', () => {
  it.each([
    [{ ip: '10.0.0.1', port: 80 }, '10.0.0.1:80'],
    [{ ip: '::1', port: 4143 }, '[::1]:4143'],
    [{ ip: 'fd00::1', port: 8080 }, '[fd00::1]:8080'],
    [{ ip: '::ffff:10.0.0.1', port: 80 }, '[::ffff:10.0.0.1]:80'],
    [{ ip: '2001:db8:0:0:0:0:0:1', port: 1 }, '[2001:db8:0:0:0:0:0:1]:1'],
  ])('%j prints as %s', (addr, text) => {
    expect(formatAddr(addr)).toBe(text);
  });

  it('parseSocketAddr(formatAddr(a)) = a for every IPv4 and IPv6 address', () => {
    const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended()).filter((t) => {
      try {
        normalizeIp(t);
        return true;
      } catch {
        return false;
      }
    });
    fc.assert(
      fc.property(ip, fc.integer({ min: 1, max: 65535 }), (text, port) => {
        const a = { ip: normalizeIp(text), port };
        expect(parseSocketAddr(formatAddr(a))).toEqual(a);
      }),
      { numRuns: 2000 },
    );
  });

  it('bracketless IPv6 and bracketed IPv4 are refused on the way back in', () => {
    expect(() => parseSocketAddr('fd00::1:80')).toThrow(AddrParseError);
    expect(() => parseSocketAddr('[10.0.0.1]:80')).toThrow(/brackets are for IPv6 only/);
  });
});
