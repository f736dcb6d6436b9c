// The access-log line a ConnectionRecord writes: optional fields appear only when they have a value
// (the entry is one fixed-shape literal with absent fields undefined, connection.ts), in the JSON
// format written to a real file descriptor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionRecord } from '../../proxy/connection.js';
import { Metrics } from '../../proxy/metrics.js';
import { createAccessLog } from '../../proxy/access-log.js';
import { silentLogger } from '../../proxy/log.js';
import { ProxyError } from '../../proxy/errors.js';

/** Close one record with `configure` applied, and return the JSON line it wrote. */
async function lineOf(configure: (r: ConnectionRecord) => void, error?: ProxyError): Promise<Record<string, unknown>> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-')), 'log');
  const fd = fs.openSync(file, 'w');
  const accessLog = createAccessLog('json', fd);
  const client = { bytesRead: 7, bytesWritten: 9, writableLength: 0, remoteAddress: '10.0.0.1', remotePort: 4000 };
  const record = new ConnectionRecord({ metrics: new Metrics({ version: 'test', processMetrics: false }), log: silentLogger(), accessLog }, 'outbound', client);
  configure(record);
  record.close(error);
  // The destination writes asynchronously: wait for the line before closing the descriptor under it
  // (closing first lost the line and failed that write with EBADF, once in a CI run on Node 24).
  expect(await accessLog.drain(5_000)).toBe(true);
  fs.closeSync(fd);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe("a record's access-log line", () => {
  it('leaves out the fields a clean, first-try connection has no value for', async () => {
    const line = await lineOf(() => {});
    expect(Object.keys(line).sort()).toEqual(['bytes_in', 'bytes_out', 'client', 'conn_id', 'direction', 'duration_ms', 'reason', 'timestamp']);
    expect(line).toMatchObject({ direction: 'outbound', client: '10.0.0.1:4000', bytes_in: 7, bytes_out: 9, reason: 'ok' });
  });

  it('has every field, in the same order as before, when each has a value', async () => {
    const line = await lineOf((r) => {
      r.clientId = 'a.ns.serviceaccount.identity.linkerd.cluster.local';
      r.serverId = 'b.ns.serviceaccount.identity.linkerd.cluster.local';
      r.target = 'web.ns.svc.cluster.local:80';
      r.endpoint = '10.0.0.2:80';
      r.connectAttempts = 2;
    }, new ProxyError('connect_refused', 'connection refused'));
    expect(Object.keys(line)).toEqual([
      'timestamp', 'direction', 'conn_id', 'client', 'client_id', 'target', 'endpoint', 'server_id',
      'bytes_in', 'bytes_out', 'duration_ms', 'connect_attempts', 'reason', 'error',
    ]);
    expect(line).toMatchObject({ connect_attempts: 2, reason: 'connect_refused', error: 'connection refused' });
  });

  it('leaves out connect_attempts for a single attempt', async () => {
    expect(await lineOf((r) => (r.connectAttempts = 1))).not.toHaveProperty('connect_attempts');
  });
});
