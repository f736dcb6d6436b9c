// The access log's stderr formats (LINKERD2_PROXY_ACCESS_LOG=json|apache): the same fields in
// both, a common-log-format timestamp in UTC, and a JSON line that parses with one key per name.
import { describe, expect, it } from 'vitest';
import { apacheLine, jsonLine, parseAccessLogMode, type AccessLogEntry } from '../../proxy/access-log.js';

const ENTRY: AccessLogEntry = {
  direction: 'outbound',
  conn_id: '3f2a9c0d5e6b7a81',
  client: '127.0.0.1:51234',
  client_id: 'web.default.serviceaccount.identity.linkerd.cluster.local',
  target: 'api.default.svc.cluster.local:80',
  endpoint: '10.0.0.7:4143',
  bytes_in: 1200,
  bytes_out: 34000,
  duration_ms: 12.5,
  reason: 'ok',
};
const AT = new Date(Date.UTC(2026, 11, 4, 8, 9, 24, 123));

describe('access log formats', () => {
  it('apache: the common log format\'s fields, for a TCP connection', () => {
    expect(apacheLine(ENTRY, AT)).toBe(
      '127.0.0.1:51234 - web.default.serviceaccount.identity.linkerd.cluster.local [04/Dec/2026:08:09:24 +0000] '
        + '"TCP outbound api.default.svc.cluster.local:80" ok 1200 34000 12.5 3f2a9c0d5e6b7a81\n',
    );
    const { client_id: _omitted, target: _t, ...anonymous } = ENTRY;
    expect(apacheLine(anonymous, AT)).toContain(' - - [04/Dec/2026:08:09:24 +0000] "TCP outbound -" ok ');
  });

  it('json: one object per line, a timestamp and every field once', () => {
    const line = jsonLine({ ...ENTRY, reason: 'connect_refused', error: 'connect ECONNREFUSED' }, AT);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toEqual({ timestamp: '2026-12-04T08:09:24.123Z', ...ENTRY, reason: 'connect_refused', error: 'connect ECONNREFUSED' });
    expect(line.match(/"reason":/g)).toHaveLength(1);
  });

  it('parses the variable\'s values case-insensitively and names the accepted ones otherwise', () => {
    expect(parseAccessLogMode(' JSON ')).toBe('json');
    expect(() => parseAccessLogMode('')).toThrow(/podwire, json, apache, off/);
    expect(() => parseAccessLogMode('true')).toThrow(/podwire, json, apache, off/);
  });
});
