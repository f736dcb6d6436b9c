// `podwire controller`: serve Linkerd's Destination and Identity APIs from a topology file, for
// VMs, tests, the demo and benchmarks (in Kubernetes, Linkerd's own control plane serves podwire).
import { parseArgs } from 'node:util';
import { nodeOptionsVariable } from '../config.js';
import { createLogger, drainLogger } from '../log.js';
import { startupOptionsWarning } from '../node-startup-options.js';
import { parseDuration, parseListenAddr, parseLogLevel, type LogLevel } from '../config/parse.js';
import { startController } from '../../controller/app.js';
import { TopologyError } from '../../controller/topology.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from '../../controller/destination-stream.js';
import type { SocketAddr } from '../transport/addr.js';

export const CONTROLLER_HELP = `podwire controller — a control plane for podwire (and linkerd2-proxy) outside Kubernetes

Serves, over gRPC, io.linkerd.proxy.destination.Destination (Get, GetProfile) and, when the
topology has an identity issuer, io.linkerd.proxy.identity.Identity (Certify), from a YAML
topology file that is watched: edits reach open streams without a restart, and a broken edit is
rejected while the last good topology keeps serving. Links to other clusters' controllers
serve flat (pod-to-pod), gateway and federated services. See controller/TOPOLOGY.md.

Usage: podwire controller --topology FILE [options]

Options:
  --topology FILE      the topology file (required)
  --listen ADDR        override controller.listen from the file (e.g. 127.0.0.1:8086)
  --plaintext-listen ADDR
                       also serve plaintext here, for proxies on this host (they use plaintext
                       for a loopback control plane, as Linkerd's do); repeatable
  --admin ADDR         admin HTTP (/live, /ready, /metrics); default 127.0.0.1:9996, "off" to disable
  --stream-buffer-limit SIZE
                       bytes of updates one Destination/policy stream may hold for a client that
                       is not reading (e.g. 512KiB, 4MiB; default 1MiB); past it the stream is
                       reset and the client reconnects to a fresh snapshot
  --stream-buffer-total-limit SIZE
                       bytes all those streams may hold together (default 128MiB); past it the
                       streams holding the most are reset first
  --stream-stall-timeout DURATION
                       reset a stream holding updates that its client has not taken for this
                       long (e.g. 10s; default 30s)
  --log-level LEVEL    trace, debug, info (default), warn, error
  --log-format FORMAT  plain (default) or json
  -h, --help           this help

Exit codes: 0 after SIGTERM/SIGINT, 1 startup failure, 2 invalid arguments or topology.
`;

interface ControllerArgs {
  topologyFile: string;
  listen?: SocketAddr;
  plaintextListen: SocketAddr[];
  admin?: SocketAddr;
  level: LogLevel;
  format: 'plain' | 'json';
  streamLimits: StreamLimits;
}

function parseControllerArgs(argv: readonly string[]): ControllerArgs | { help: true } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      topology: { type: 'string' }, listen: { type: 'string' }, admin: { type: 'string' },
      'plaintext-listen': { type: 'string', multiple: true },
      'stream-buffer-limit': { type: 'string' }, 'stream-buffer-total-limit': { type: 'string' }, 'stream-stall-timeout': { type: 'string' },
      'log-level': { type: 'string' }, 'log-format': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.topology) throw new Error('--topology FILE is required');
  const format = values['log-format'] ?? 'plain';
  if (format !== 'plain' && format !== 'json') throw new Error(`--log-format: expected plain or json, got ${JSON.stringify(format)}`);
  const flag = <T>(name: string, text: string | undefined, parse: (t: string) => T): T | undefined => {
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (err) {
      throw new Error(`--${name}: ${(err as Error).message}`);
    }
  };
  const adminText = values.admin ?? '127.0.0.1:9996';
  return {
    topologyFile: values.topology,
    ...(values.listen !== undefined && { listen: flag('listen', values.listen, parseListenAddr)! }),
    plaintextListen: (values['plaintext-listen'] ?? []).map((t) => flag('plaintext-listen', t, parseListenAddr)!),
    ...(adminText !== 'off' && { admin: flag('admin', adminText, parseListenAddr)! }),
    level: flag('log-level', values['log-level'], parseLogLevel) ?? 'info',
    format,
    streamLimits: {
      bufferBytes: flag('stream-buffer-limit', values['stream-buffer-limit'], parseByteSize) ?? DEFAULT_STREAM_LIMITS.bufferBytes,
      stallTimeoutMs: flag('stream-stall-timeout', values['stream-stall-timeout'], parsePositiveDuration) ?? DEFAULT_STREAM_LIMITS.stallTimeoutMs,
      totalBytes: flag('stream-buffer-total-limit', values['stream-buffer-total-limit'], parseByteSize) ?? DEFAULT_STREAM_LIMITS.totalBytes,
    },
  };
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/** "4MiB", "512KiB", "1000000" -> bytes; at least 1 KiB, so one stream can hold a message. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`expected a size like 4MiB, 512KiB or 1000000 (bytes), got ${JSON.stringify(text)}`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1024) throw new Error(`must be at least 1KiB, got ${JSON.stringify(text)}`);
  return bytes;
}

function parsePositiveDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms <= 0) throw new Error(`must be longer than 0, got ${JSON.stringify(text)}`);
  return ms;
}

export async function runControllerCommand(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseControllerArgs(argv);
  } catch (err) {
    process.stderr.write(`podwire controller: ${(err as Error).message}\n\n${CONTROLLER_HELP}`);
    return 2;
  }
  if ('help' in args) {
    process.stdout.write(CONTROLLER_HELP);
    return 0;
  }
  const log = createLogger({ level: args.level, format: args.format, name: 'controller' });
  const nodeWarning = startupOptionsWarning(process.execArgv, nodeOptionsVariable());
  if (nodeWarning) log.warn(nodeWarning);
  // Installed before starting, so a signal during startup still leads to a clean exit 0.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  let controller;
  try {
    controller = await startController({
      topologyFile: args.topologyFile, log,
      ...(args.listen && { listen: args.listen }), ...(args.admin && { adminListen: args.admin }),
      plaintextListen: args.plaintextListen, streamLimits: args.streamLimits,
    });
  } catch (err) {
    const code = err instanceof TopologyError ? 2 : 1;
    process.stderr.write(`podwire controller: ${(err as Error).message}\n`);
    await drainLogger(log);
    return code;
  }
  await stopped;
  log.info('podwire controller stopping');
  await controller.close();
  await drainLogger(log);
  return 0;
}
