// Identity string parsing: Linkerd DNS-like ids and SPIFFE URIs, with precise errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityError, isSpiffe, parseIdentity } from '../../proxy/identity/id.js';

describe('parseIdentity', () => {
  it('accepts Linkerd DNS ids and lower-cases them', () => {
    expect(parseIdentity('web.default.serviceaccount.identity.linkerd.cluster.local')).toEqual({
      kind: 'dns',
      id: 'web.default.serviceaccount.identity.linkerd.cluster.local',
    });
    expect(parseIdentity('Web.Default.serviceaccount.identity.linkerd.cluster.local').id).toBe(
      'web.default.serviceaccount.identity.linkerd.cluster.local',
    );
  });

  it('accepts SPIFFE ids verbatim', () => {
    expect(parseIdentity('spiffe://cluster.local/ns/default/sa/Web')).toEqual({
      kind: 'uri',
      id: 'spiffe://cluster.local/ns/default/sa/Web',
    });
  });

  it.each([
    ['', /identity is empty/],
    ['web.default.svc.', /must not end with a dot/],
    ['web_default.svc', /not a valid DNS name/],
    ['-web.default', /not a valid DNS name/],
    [`${'a'.repeat(64)}.default`, /not a valid DNS name/],
    ['https://example.com/x', /only spiffe:\/\/ URIs/],
    ['spiffe://', /empty trust domain/],
    ['spiffe:///ns/default', /empty trust domain/],
    ['spiffe://Cluster.local/ns/x', /trust domain "Cluster.local"/],
    ['spiffe://cluster.local', /needs a workload path/],
    ['spiffe://cluster.local/', /needs a workload path/],
    ['spiffe://cluster.local/ns//sa', /must not be empty, "." or ".."/],
    ['spiffe://cluster.local/ns/../sa', /must not be empty, "." or ".."/],
    ['spiffe://cluster.local/ns/a,b', /path segment "a,b"/],
    ['spiffe://cluster.local/ns/x?y=1', /path segment "x\?y=1"/],
  ])('rejects %j', (input, message) => {
    const err = (() => {
      try {
        parseIdentity(input);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).code).toBe('invalid_identity');
    expect((err as Error).message).toContain(JSON.stringify(input));
    expect((err as Error).message).toMatch(message);
  });

  it('round-trips generated DNS names and SPIFFE paths', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 6 }), (labels) => {
        const name = labels.join('.');
        expect(parseIdentity(name)).toEqual({ kind: 'dns', id: name });
        const spiffe = `spiffe://td.example/${labels.join('/')}`;
        expect(parseIdentity(spiffe)).toEqual({ kind: 'uri', id: spiffe });
      }),
    );
  });

  it('isSpiffe only looks at the scheme', () => {
    expect(isSpiffe('spiffe://x/y')).toBe(true);
    expect(isSpiffe('web.default')).toBe(false);
  });
});
