// The smallest whole mesh many end-to-end tests start from: a test Destination server, an echo
// application, a server-side podwire in front of it and a client-side podwire whose one forward
// reaches it over mTLS — all real processes on loopback — and one close() for all of it.
import { startEchoServer, type TestServer } from './servers.js';
import { IDS } from './pki.js';
import {
  makeWorkdir, meshedEndpoint, startClientProxy, startDestinationServer, startServerProxy, SERVICE,
  type RunningPodwire, type Workdir,
} from './mesh.js';
import type { TestDestinationServer } from './destination-server.js';

export interface EchoMesh {
  readonly w: Workdir;
  readonly dst: TestDestinationServer;
  readonly echo: TestServer;
  readonly server: RunningPodwire;
  readonly client: RunningPodwire & { forwardPort: number };
  close(): Promise<void>;
}

/** Start the mesh; `serverEnv` / `clientEnv` add to each proxy's environment. */
export async function startEchoMesh(opts: { serverEnv?: Record<string, string>; clientEnv?: Record<string, string> } = {}): Promise<EchoMesh> {
  const w = await makeWorkdir();
  const dst = await startDestinationServer();
  const echo = await startEchoServer();
  const server = await startServerProxy(w, opts.serverEnv);
  dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echo.port, server, IDS.server)]);
  const client = await startClientProxy(w, dst, opts.clientEnv);
  return {
    w, dst, echo, server, client,
    close: async () => {
      await client.proc.stop();
      await server.proc.stop();
      await echo.close();
      await dst.close();
      await w.cleanup();
    },
  };
}
