// Bring the demo's clusters up and down: a controller per cluster, an echo application and a
// podwire sidecar per pod, all on the pods' own loopback addresses.
import net from 'node:net';
import { spawnPodwire, type PodwireProcess } from './processes.js';
import { ADMIN_PORT, APP_PORT, CLUSTERS, FORWARDS, INBOUND_PORT, PODS, podIdentity, type ClusterName, type Files, type PodDef } from './world.js';

/** An application that echoes every byte; `kill()` drops it and its connections like a crash. */
export interface App {
  readonly pod: PodDef;
  /** Connections this application accepted (counted by the app itself, so a crash loses none). */
  served(): number;
  kill(): Promise<void>;
}

export function startApp(pod: PodDef): Promise<App> {
  const sockets = new Set<net.Socket>();
  let served = 0;
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    served++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.pipe(s);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`app of ${pod.name} on ${pod.ip}:${APP_PORT}: ${err.message}`)));
    server.listen(APP_PORT, pod.ip, () => resolve({
      pod,
      served: () => served,
      kill: () => new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
    }));
  });
}

export function startController(cluster: ClusterName, files: Files): PodwireProcess {
  const ip = CLUSTERS[cluster].controllerIp;
  return spawnPodwire(`controller-${cluster}`, [
    'controller', '--topology', files.topologyFile(cluster),
    '--plaintext-listen', `${ip}:8087`, '--admin', `${ip}:9996`, '--log-format', 'json',
  ], {});
}

export function sidecarEnv(pod: PodDef, files: Files): Record<string, string> {
  const leaf = files.leaf(pod.name);
  return {
    LINKERD2_PROXY_LOG: 'info',
    LINKERD2_PROXY_LOG_FORMAT: 'json',
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: podIdentity(pod),
    PODWIRE_IDENTITY_CERT_FILE: leaf.certFile,
    PODWIRE_IDENTITY_KEY_FILE: leaf.keyFile,
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: files.anchorsFile,
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${pod.ip}:${INBOUND_PORT}`,
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: `${pod.ip}:4140`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${pod.ip}:${ADMIN_PORT}`,
    LINKERD2_PROXY_INBOUND_IPS: pod.ip,
    // The pod's controller is on the same "host" network: plaintext, as Linkerd's proxy does for loopback.
    LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CLUSTERS[pod.cluster].controllerIp}:8087`,
    LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '1s',
    // The demo shows podwire-to-podwire hops on the multiplexed transport (off by default).
    PODWIRE_MUX: 'true',
    ...(pod.gateway && { PODWIRE_GATEWAY: 'true' }),
    ...(pod.name === 'client-0' && {
      PODWIRE_OUTBOUND_FORWARDS: Object.values(FORWARDS).map((f) => `${pod.ip}:${f.port}=${f.authority}`).join(','),
    }),
  };
}

export function startSidecar(pod: PodDef, files: Files): PodwireProcess {
  return spawnPodwire(pod.name, ['proxy'], sidecarEnv(pod, files));
}

export interface Clusters {
  readonly controllers: PodwireProcess[];
  readonly sidecars: Map<string, PodwireProcess>;
  readonly apps: Map<string, App>;
  stop(): Promise<void>;
}

/** Start everything and wait until every process says it is ready. */
export async function startClusters(files: Files): Promise<Clusters> {
  const controllers: PodwireProcess[] = [];
  const sidecars = new Map<string, PodwireProcess>();
  const apps = new Map<string, App>();
  const stop = async () => {
    await Promise.all([...sidecars.values()].map((p) => p.stop()));
    await Promise.all(controllers.map((p) => p.stop()));
    await Promise.all([...apps.values()].map((a) => a.kill()));
  };
  try {
    // West first: east's controller links to it.
    controllers.push(startController('west', files));
    await controllers[0]!.waitFor((l) => l.msg === 'podwire controller ready', 'readiness');
    controllers.push(startController('east', files));
    for (const pod of PODS) {
      if (pod.service) apps.set(pod.name, await startApp(pod));
      sidecars.set(pod.name, startSidecar(pod, files));
    }
    await controllers[1]!.waitFor((l) => l.msg === 'podwire controller ready', 'readiness');
    await Promise.all([...sidecars.values()].map((p) => p.waitFor((l) => l.msg === 'podwire proxy ready', 'readiness')));
    return { controllers, sidecars, apps, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
