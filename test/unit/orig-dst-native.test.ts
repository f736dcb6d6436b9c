// The SO_ORIGINAL_DST addon and its wrapper: errors come back as errno codes, a connection nobody
// redirected has the listener's own address as its original destination, and anything else the
// kernel refuses gives "unknown" so the caller refuses the connection instead of guessing.
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { ADDON_PATH, lookupWith, nativeOrigDst } from '../../proxy/transport/orig-dst-native.js';
import { unavailableOrigDst } from '../../proxy/transport/orig-dst.js';

type Addon = Parameters<typeof lookupWith>[0];
const sockets: net.Socket[] = [];
const servers: net.Server[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

/** An accepted socket on a loopback listener (not redirected by anything). */
async function acceptedSocket(host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => {
      sockets.push(s);
      resolve(s);
    });
    servers.push(server);
    server.listen(0, host, () => sockets.push(net.connect((server.address() as net.AddressInfo).port, host)));
  });
}

const throwing = (code: string): Addon => ({
  originalDst: () => {
    throw Object.assign(new Error(code), { code });
  },
});

describe('SO_ORIGINAL_DST addon', () => {
  it('is built by npm ci and loads', () => {
    expect(nativeOrigDst(), `addon at ${ADDON_PATH}`).toMatchObject({ available: true });
  });

  it('reports bad descriptors as errno codes', () => {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as Addon;
    expect(() => addon.originalDst(-1)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    const file = openSync(ADDON_PATH, 'r');
    try {
      expect(() => addon.originalDst(file)).toThrow(expect.objectContaining({ code: 'ENOTSOCK' }));
    } finally {
      closeSync(file);
    }
  });

  it('gives a connection nobody redirected the listener address', async () => {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as Addon;
    const s = await acceptedSocket();
    expect(lookupWith(addon, s)).toEqual({ ip: '127.0.0.1', port: s.localPort });
  });
});

describe('original destination lookup', () => {
  it('unmaps v4-mapped addresses from dual-stack sockets', async () => {
    const s = await acceptedSocket();
    expect(lookupWith({ originalDst: () => ({ ip: '::ffff:10.1.2.3', port: 80 }) }, s)).toEqual({ ip: '10.1.2.3', port: 80 });
    expect(lookupWith({ originalDst: () => ({ ip: 'fd00::1', port: 443 }) }, s)).toEqual({ ip: 'fd00::1', port: 443 });
  });

  it('treats ENOENT as "not redirected" and other failures as unknown', async () => {
    const s = await acceptedSocket();
    expect(lookupWith(throwing('ENOENT'), s)).toEqual({ ip: '127.0.0.1', port: s.localPort });
    expect(lookupWith(throwing('ENOPROTOOPT'), s)).toBeUndefined();
  });

  it('gives unknown for a socket that is already closed', async () => {
    const s = await acceptedSocket();
    s.destroy();
    expect(lookupWith({ originalDst: () => ({ ip: '10.0.0.1', port: 1 }) }, s)).toBeUndefined();
  });

  it('says why interception is off when the addon is missing', () => {
    const src = unavailableOrigDst('the addon was not built');
    expect(src.lookup(new net.Socket())).toBeUndefined();
    expect(src.description).toMatch(/^unavailable: the addon was not built; only PODWIRE_OUTBOUND_FORWARDS carry traffic$/);
  });
});
