// Certify mode with a TLS control plane: the Destination client presents our workload certificate,
// so it can only start once the identity service has certified us. Until then, connections that
// need discovery fail at once with identity_not_ready (and are never sent in plaintext); afterwards
// discovery runs over mTLS with the Certify certificate and follows every refresh (updateTls).
//
// The Destination address is `[::ffff:127.91.20.1]:PORT`: an IPv4-mapped loopback address reaches a
// local server but is not a loopback address to Linkerd (Rust's Ipv6Addr::is_loopback is ::1 only),
// nor to podwire's isLoopbackHost, so the proxy uses TLS to it exactly as it would off-host.
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService, type IdentityService } from '../../controller/identity-server.js';
import { createTokenValidator } from '../../controller/tokens.js';
import { isLoopbackHost } from '../../proxy/config/parse.js';
import { silentLogger } from '../../proxy/log.js';
import { readCaFiles } from '../../proxy/pki/files.js';
import { IDS, issueLeaf } from '../harness/pki.js';
import { makeWorkdir, startDestinationServer, type Workdir } from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { fetchText, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';

const DST_HOST = '127.91.20.1';
const IDENTITY_ADDR = '127.91.20.2:8080';
const CLIENT_POD = '127.91.21.1';
const PLAIN_HOST = '127.91.22.1';
const DEST_ID = 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local';
const PLAIN = 'legacy.default.svc.cluster.local';
/** Only asked for after several refreshes: its Get stream must open on the updated channel. */
const LATER = 'later.default.svc.cluster.local';

describe('Certify mode with a TLS Destination service', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let plainApp: TestServer;
  let identity: grpc.Server | undefined;
  let client: ProxyProcess;

  beforeAll(async () => {
    w = await makeWorkdir();
    plainApp = await startEchoServer(PLAIN_HOST, 8080);
    const dstLeaf = await issueLeaf([DEST_ID]);
    dst = await startDestinationServer({ host: DST_HOST, tls: { certPem: dstLeaf.chainPem, keyPem: dstLeaf.keyPem, clientCaPem: w.pki.ca.anchorsPem } });
    dst.setEndpoints(`${PLAIN}:80`, [{ ip: PLAIN_HOST, port: 8080 }]);
    dst.setEndpoints(`${LATER}:80`, [{ ip: PLAIN_HOST, port: 8080 }]);
    const dstAddr = `[::ffff:${DST_HOST}]:${dst.port}`;
    expect(isLoopbackHost(`::ffff:${DST_HOST}`)).toBe(false);
    const tokenFile = path.join(w.dir, 'client.token');
    fs.writeFileSync(tokenFile, 'tok-client');
    client = (await startPodwire({
      LINKERD2_PROXY_IDENTITY_LOCAL_NAME: IDS.client,
      LINKERD2_PROXY_IDENTITY_SVC_ADDR: IDENTITY_ADDR,
      LINKERD2_PROXY_IDENTITY_DIR: path.join(w.dir, 'client-identity'),
      LINKERD2_PROXY_IDENTITY_TOKEN_FILE: tokenFile,
      LINKERD2_PROXY_IDENTITY_MIN_REFRESH: '1s',
      PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: w.pki.ca.anchorsFile,
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${CLIENT_POD}:4143`,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${CLIENT_POD}:4191`,
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: dstAddr,
      LINKERD2_PROXY_DESTINATION_SVC_NAME: DEST_ID,
      PODWIRE_OUTBOUND_FORWARDS: `${CLIENT_POD}:9001=${PLAIN}:80,${CLIENT_POD}:9002=${LATER}:80`,
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '60s',
    })).proc;
  });

  afterAll(async () => {
    await client?.stop();
    identity?.forceShutdown();
    await dst?.close();
    await plainApp?.close();
    await w?.cleanup();
  });

  it('before the first certificate: no discovery, and named targets fail at once with identity_not_ready', async () => {
    await client.waitForLog((l) => l.msg === 'destination client starts once the identity service has certified us');
    await expect(roundTrip(9001, 'not yet', CLIENT_POD, 10_000)).rejects.toThrow(/ECONNRESET|socket hang up/);
    const refused = await client.waitForAccessLog({ direction: 'outbound', reason: 'identity_not_ready' });
    expect(refused.target).toBe(`${PLAIN}:80`);
    expect(refused.error).toMatch(/discovery starts once our identity is certified/);
    expect(dst.requests).toEqual([]);
    expect(plainApp.connections()).toBe(0);
  });

  it('once certified, discovers over mTLS with the Certify certificate and keeps it current on every refresh', async () => {
    const svc: IdentityService = await createIdentityService({
      issuer: readCaFiles(path.join(w.dir, 'ca/issuer')),
      trustAnchorsPem: w.pki.ca.anchorsPem,
      trustDomain: 'cluster.local', controlPlaneNamespace: 'linkerd',
      issuanceLifetimeMs: 3_000, clockSkewMs: 0,
      tokens: createTokenValidator([['tok-client', 'client.default']]),
      log: silentLogger(),
    });
    identity = new grpc.Server();
    svc.register(identity);
    await new Promise<void>((resolve, reject) => identity!.bindAsync(IDENTITY_ADDR, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));

    await expect.poll(async () => (await fetchText(`${CLIENT_POD}:4191`, '/ready')).status, { timeout: 15_000 }).toBe(200);
    expect((await roundTrip(9001, 'discovered', CLIENT_POD)).toString()).toBe('discovered');
    expect(dst.requests.length).toBeGreaterThan(0);
    expect(dst.requests.every((r) => r.peerSans === `DNS:${IDS.client}`)).toBe(true);

    // Two refreshes later the Destination channel has been rebuilt with the new certificate.
    await client.waitForLog((l) => l.msg === 'destination client credentials updated', 15_000);
    await expect.poll(() => client.logs.filter((l) => l.msg === 'identity certificate refreshed').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect((await roundTrip(9001, 'still discovered', CLIENT_POD)).toString()).toBe('still discovered');
    expect((await roundTrip(9002, 'a new stream', CLIENT_POD)).toString()).toBe('a new stream');
    const later = dst.requests.filter((r) => r.path === `${LATER}:80`);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.peerSans === `DNS:${IDS.client}`)).toBe(true);
    expect(client.logs.filter((l) => l.msg === 'connection closed' && l['reason'] !== 'ok' && l['reason'] !== 'identity_not_ready')).toEqual([]);
  });
});
