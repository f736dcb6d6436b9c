// `io.linkerd.proxy.inbound.InboundServerPolicies` for `podwire controller` (spec §5), answered
// from the topology's `policy` section (topology-policy.ts):
// - PortSpec.workload is `{"ns":..,"pod":..}` or the legacy `ns:pod`, like linkerd's
//   policy-controller (grpc/src/workload.rs); anything else, or a port outside 1..65535, is
//   InvalidArgument. `{"ns":..,"external_workload":..}` and pods the topology does not have get
//   NotFound, as the policy-controller answers for an unknown pod (proxies retry with backoff and
//   keep their default meanwhile).
// - The answer for (pod, port) is the first `policy.servers` entry whose namespace, pods/podSelector
//   and port range match; else `policy.default` (all-unauthenticated without a policy section),
//   opaque when the port is an opaque targetPort of a service selecting the pod, else detect.
//   The `audit` default has no wire form of its own: it is sent as one allow-all authorization with
//   metadata `default: audit` (the proxy then admits everything, which is what audit does).
// - GetPort answers once; WatchPort sends the answer, then a new Server whenever a topology edit
//   changes it (nothing for unrelated edits), and ends with NotFound if the pod disappears. A
//   watcher that does not keep up is reset once it holds too many bytes or stalls
//   (destination-stream.ts); it reconnects and gets the current policy.
import * as grpc from '@grpc/grpc-js';
import { isDeepStrictEqual } from 'node:util';
import { encodeServer } from '../discovery-client/policy-codec.js';
import { inboundPolicyDefinitions, type PbPortSpec, type PbServer } from '../discovery-client/policy-wire.js';
import type { Logger } from '../proxy/log.js';
import { silentLogger } from '../proxy/log.js';
import { defaultPolicy } from '../proxy/policy/defaults.js';
import { ALL_NETWORKS } from '../proxy/policy/networks.js';
import { defaultMeta, type ServerPolicy } from '../proxy/policy/types.js';
import type { GrpcServiceEntry } from './destination-server.js';
import { acceptEncodedResponses, DEFAULT_STREAM_LIMITS, StreamSender, type StreamLimits } from './destination-stream.js';
import { StreamBudget } from './stream-budget.js';
import { indexOf } from './topology-index.js';
import type { Topology, WorkloadSpec } from './topology-types.js';
import type { TopologySource } from './topology-watch.js';
import { PolicyMetrics } from './policy-metrics.js';

export interface PolicyServiceOptions {
  readonly topology: TopologySource;
  readonly log?: Logger;
  /** Detect timeout sent with protocol detect (default 10s, linkerd's). */
  readonly detectTimeoutMs?: number;
  /** Request, stream and update counts (a private registry when absent). */
  readonly metrics?: PolicyMetrics;
  /** Per-stream byte bound and stall timeout (DEFAULT_STREAM_LIMITS when absent). */
  readonly streamLimits?: StreamLimits;
  /** The byte budget shared with the controller's other streams (its own when absent). */
  readonly streamBudget?: StreamBudget;
}

export interface PolicyService extends GrpcServiceEntry {
  openStreams(): number;
  close(): void;
}

export class PolicyRequestError extends Error {
  constructor(readonly code: grpc.status, message: string) {
    super(message);
    this.name = 'PolicyRequestError';
  }
}

export interface WorkloadRef {
  readonly namespace: string;
  readonly pod: string;
}

/** PortSpec.workload -> namespace and pod; throws PolicyRequestError. */
export function parseWorkloadRef(text: string): WorkloadRef {
  const invalid = (why: string) => new PolicyRequestError(grpc.status.INVALID_ARGUMENT, `invalid workload ${JSON.stringify(text)}: ${why}`);
  if (text.trim().startsWith('{')) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw invalid('not valid JSON');
    }
    if (typeof o !== 'object' || o === null || typeof o['ns'] !== 'string' || o['ns'] === '') throw invalid('expected {"ns":..,"pod":..}');
    if (typeof o['external_workload'] === 'string') {
      throw new PolicyRequestError(grpc.status.NOT_FOUND, `external workload ${o['ns']}/${o['external_workload']} not found (the topology has pods only)`);
    }
    if (typeof o['pod'] !== 'string' || o['pod'] === '') throw invalid('expected {"ns":..,"pod":..}');
    return { namespace: o['ns'], pod: o['pod'] };
  }
  const parts = text.trim().split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw invalid('expected {"ns":..,"pod":..} or ns:pod');
  return { namespace: parts[0], pod: parts[1] };
}

/** The policy a pod's proxy enforces on `port`; throws NotFound for a pod the topology lacks. */
export function policyForPort(topology: Topology, ref: WorkloadRef, port: number): ServerPolicy {
  const workload = indexOf(topology).workloadByPod(ref.namespace, ref.pod);
  if (!workload) throw new PolicyRequestError(grpc.status.NOT_FOUND, `pod ${ref.namespace}/${ref.pod} not found`);
  const opaque = isOpaqueTargetPort(topology, workload, port);
  const settings = topology.policy;
  const server = settings?.servers.find((s) => s.namespace === workload.namespace && s.ports[0] <= port && port <= s.ports[1] && selects(s, workload));
  if (server) {
    return { protocol: server.protocol ?? (opaque ? 'opaque' : 'detect'), meta: server.meta, authorizations: server.authorizations };
  }
  const name = settings?.default ?? 'all-unauthenticated';
  const protocol = opaque ? 'opaque' : 'detect';
  if (name === 'audit') {
    const meta = defaultMeta('audit');
    return { protocol, meta, authorizations: [{ networks: ALL_NETWORKS, authentication: { kind: 'unauthenticated' }, meta }] };
  }
  return defaultPolicy(name, settings?.clusterNetworks ?? [], protocol);
}

function selects(s: NonNullable<Topology['policy']>['servers'][number], w: WorkloadSpec): boolean {
  if (s.pods) return s.pods.includes(w.pod);
  if (s.podSelector) return Object.entries(s.podSelector).every(([k, v]) => w.labels[k] === v);
  return true;
}

function isOpaqueTargetPort(topology: Topology, w: WorkloadSpec, port: number): boolean {
  const idx = indexOf(topology);
  return w.services.some((name) => idx.service(w.namespace, name)?.ports.some((p) => p.opaque && p.targetPort === port));
}

export function createPolicyService(opts: PolicyServiceOptions): PolicyService {
  const log = opts.log ?? silentLogger();
  const metrics = opts.metrics ?? new PolicyMetrics();
  const source = opts.topology;
  const limits = opts.streamLimits ?? DEFAULT_STREAM_LIMITS;
  const budget = opts.streamBudget ?? new StreamBudget(limits.totalBytes);
  const definitions = inboundPolicyDefinitions();
  const streams = new Set<StreamSender<PbServer>>();
  const encode = (p: ServerPolicy): PbServer => encodeServer(p, { ...(opts.detectTimeoutMs !== undefined && { detectTimeoutMs: opts.detectTimeoutMs }) });
  let closed = false;

  const request = (req: PbPortSpec): { ref: WorkloadRef; port: number } => {
    const port = req.port ?? 0;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new PolicyRequestError(grpc.status.INVALID_ARGUMENT, `port ${port} is outside 1..65535`);
    return { ref: parseWorkloadRef(req.workload ?? ''), port };
  };
  const statusOf = (err: unknown) => (err instanceof PolicyRequestError
    ? { code: err.code, details: err.message }
    : { code: grpc.status.INTERNAL, details: 'internal error' });

  const getPort: grpc.handleUnaryCall<PbPortSpec, PbServer> = (call, callback) => {
    try {
      if (closed) throw new PolicyRequestError(grpc.status.UNAVAILABLE, 'controller is shutting down');
      const { ref, port } = request(call.request);
      callback(null, encode(policyForPort(source.current(), ref, port)));
      metrics.requests.inc({ method: 'GetPort', code: 'OK' });
    } catch (err) {
      if (!(err instanceof PolicyRequestError)) log.error({ err: (err as Error).message }, 'policy: GetPort failed');
      const s = statusOf(err);
      metrics.requests.inc({ method: 'GetPort', code: grpc.status[s.code] });
      callback(s);
    }
  };

  const watchPort: grpc.handleServerStreamingCall<PbPortSpec, PbServer> = (call) => {
    let ref: WorkloadRef;
    let port: number;
    let current: ServerPolicy;
    try {
      if (closed) throw new PolicyRequestError(grpc.status.UNAVAILABLE, 'controller is shutting down');
      ({ ref, port } = request(call.request));
      current = policyForPort(source.current(), ref, port);
    } catch (err) {
      const s = statusOf(err);
      log.debug({ workload: call.request.workload, port: call.request.port, code: grpc.status[s.code], details: s.details }, 'policy: WatchPort refused');
      metrics.requests.inc({ method: 'WatchPort', code: grpc.status[s.code] });
      call.emit('error', s);
      return;
    }
    const onUpdate = (t: Topology): void => {
      let next: ServerPolicy;
      try {
        next = policyForPort(t, ref, port);
      } catch (err) {
        const s = statusOf(err);
        sender.end(s.code, s.details);
        return;
      }
      if (isDeepStrictEqual(next, current)) return;
      current = next;
      metrics.updates.inc();
      sender.send(encode(next));
    };
    const sender: StreamSender<PbServer> = new StreamSender(call, {
      limits,
      budget,
      encode: definitions.watchPort.responseSerialize as (msg: PbServer) => Buffer,
      onQueuedBytes: (delta) => metrics.queuedBytes.inc(delta),
      onSlow: (reason, heldBytes) => {
        log.warn({ workload: call.request.workload, port, peer: call.getPeer(), reason, heldBytes, limitBytes: limits.bufferBytes, stallTimeoutMs: limits.stallTimeoutMs, totalBytes: budget.totalBytes },
          'policy: client is not keeping up; stream reset (it will reconnect and get the current policy)');
        metrics.slowStreamsReset.inc({ reason });
      },
      onDone: () => {
        streams.delete(sender);
        metrics.openStreams.set(streams.size);
        source.off('update', onUpdate);
      },
    });
    streams.add(sender);
    metrics.requests.inc({ method: 'WatchPort', code: 'OK' });
    metrics.openStreams.set(streams.size);
    source.on('update', onUpdate);
    log.debug({ pod: `${ref.namespace}/${ref.pod}`, port }, 'policy: WatchPort');
    sender.send(encode(current));
  };

  return {
    definition: acceptEncodedResponses(definitions.service),
    implementation: { GetPort: getPort, WatchPort: watchPort },
    openStreams: () => streams.size,
    close: () => {
      closed = true;
      for (const s of [...streams]) s.end(grpc.status.OK);
    },
  };
}
