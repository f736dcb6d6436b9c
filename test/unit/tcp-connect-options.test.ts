// The options podwire dials TCP with (tcp-connect-options.ts): the socket behaves as with Node's
// defaults plus half-open and no Nagle, and Node's copy of them gets no fresh V8 maps per socket.
// The map check runs a real Node process with --log-maps and counts the map transitions that
// net.Socket's constructor makes on its copy of the options.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnectOptions } from '../../proxy/tcp-connect-options.js';
import { LOOPBACK, listen, onCleanup, runCleanups } from '../harness/sockets.js';

afterEach(runCleanups);

const MODULE = path.resolve('dist/proxy/tcp-connect-options.js');
const SOCKETS = 50;

/** Dial a refused port SOCKETS times with `options` ('podwire' or 'literal') under --log-maps; the log's text. */
async function mapLogOfDials(options: 'podwire' | 'literal'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcp-options-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  const logfile = path.join(dir, 'v8.log');
  const script = `
    import net from 'node:net';
    const { tcpConnectOptions } = await import(${JSON.stringify(MODULE)});
    const probe = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    const port = probe.address().port;
    await new Promise((r) => probe.close(r));
    for (let i = 0; i < ${SOCKETS}; i++) {
      const opts = ${JSON.stringify(options)} === 'podwire'
        ? tcpConnectOptions('127.0.0.1', port)
        : { host: '127.0.0.1', port, allowHalfOpen: true, noDelay: true };
      await new Promise((r) => net.connect(opts).once('error', r).once('close', r));
    }`;
  await promisify(execFile)(process.execPath, ['--log-maps', `--logfile=${logfile}`, '--no-logfile-per-isolate', '--input-type=module', '-e', script]);
  return fs.readFileSync(logfile, 'utf8');
}

/**
 * Fresh maps made by adding emitClose to a map outside the transition tree (a spread copy's, on
 * V8 11.3), which --log-maps writes as transitions with the reason "prototype".
 */
function detachedEmitCloseMaps(log: string): number {
  return log.split('\n').filter((line) => line.startsWith('map,Transition,') && line.endsWith(',prototype,emitClose')).length;
}

describe('tcpConnectOptions', () => {
  it("dials a half-open connection whose stream settings are Node's own", async () => {
    let serverReceived!: Promise<string>;
    const port = await listen((s) => {
      s.setEncoding('utf8');
      serverReceived = new Promise((resolve) => {
        let text = '';
        s.on('data', (d: string) => (text += d)).once('end', () => resolve(text));
      });
      s.end(); // the server's FIN: a half-open client may still write after it
    });
    const socket = net.connect(tcpConnectOptions(LOOPBACK, port));
    onCleanup(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('end', resolve).resume());
    socket.end('after the peer ended');
    expect(await serverReceived).toBe('after the peer ended');
    // Node's stream state (internals): the three keys must carry the values Node sets anyway.
    const stateOf = (s: net.Socket, which: string) => (s as unknown as Record<string, Record<string, unknown>>)[which]!;
    const plain = new net.Socket();
    for (const which of ['_readableState', '_writableState']) {
      for (const key of ['emitClose', 'autoDestroy', 'decodeStrings']) {
        expect(stateOf(socket, which)[key], `${which}.${key}`).toBe(stateOf(plain, which)[key]);
      }
    }
  });

  it("lets net.Socket copy them without a fresh map per socket", async () => {
    expect(detachedEmitCloseMaps(await mapLogOfDials('podwire'))).toBe(0);
    // The workaround's reason: on Node 20's V8 (11.3) the plain options make a map per socket.
    if (process.versions.v8.startsWith('11.3.')) {
      expect(detachedEmitCloseMaps(await mapLogOfDials('literal'))).toBeGreaterThan(SOCKETS / 2); // the first few copies take V8's slow path
    }
  });
});
