// SPIFFE (URI SAN) identities on both ends: a client whose identity is a spiffe:// URI is seen
// as such by the server, and a server discovery names by URI (with a DNS server_name for SNI)
// is verified by its URI SAN.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { startPodwire, splitAddr } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startDestinationServer, identityEnv, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';

const SERVER_URI = 'spiffe://cluster.local/ns/default/sa/server';

describe('SPIFFE identities', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    echo = await startEchoServer();
    const serverLeaf = writeLeafFiles(path.join(w.dir, 'uri-server'), await issueLeaf([SERVER_URI, IDS.server]));
    const { proc, addrs } = await startPodwire({
      LINKERD2_PROXY_IDENTITY_LOCAL_NAME: SERVER_URI,
      PODWIRE_IDENTITY_CERT_FILE: serverLeaf.certFile,
      PODWIRE_IDENTITY_KEY_FILE: serverLeaf.keyFile,
      PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: w.pki.ca.anchorsFile,
      PODWIRE_INBOUND_TARGET_IP: '127.0.0.1',
    });
    server = { proc, addrs, inboundPort: splitAddr(addrs.inbound).port };
    dst.setEndpoints(`${SERVICE}:80`, [{
      ip: '127.0.0.1', port: echo.port, uriIdentity: SERVER_URI, serverName: IDS.server, inboundPort: server.inboundPort,
    }]);
    client = await startClientProxy(w, dst, identityEnv(w.pki.leaves.spiffeClient, w.pki));
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await echo?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('carries a URI client identity to a URI-identified server', async () => {
    expect((await roundTrip(client.forwardPort, 'spiffe')).toString()).toBe('spiffe');
    await server.proc.waitForAccessLog({ direction: 'inbound', client_id: IDS.spiffeClient, reason: 'ok' });
    await client.proc.waitForAccessLog({ direction: 'outbound', server_id: SERVER_URI, reason: 'ok' });
  });
});
