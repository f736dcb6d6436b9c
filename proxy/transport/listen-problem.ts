// A listen address the proxy could not bind, said as a configuration problem: the variable that
// set the address, and what to change. `podwire proxy` reports every one at once and exits 2, as
// for a bad variable (cli/proxy-command.ts), instead of a bare EADDRINUSE naming no setting.
import type { ConfigProblem } from '../config.js';
import { formatAddr, type SocketAddr } from './addr.js';

export function listenProblem(variable: string, addr: SocketAddr, what: string, err: unknown): ConfigProblem {
  const e = ((err as Error).cause ?? err) as NodeJS.ErrnoException;
  const at = formatAddr(addr);
  const why = (() => {
    switch (e.code) {
      case 'EADDRINUSE':
        return `${at} (${what}) is already in use by another process (another proxy in the pod, or the application itself): set ${variable} to a free address, or stop that process`;
      case 'EADDRNOTAVAIL':
        return `${at} (${what}) is not an address of this host: set ${variable} to one of its addresses (or 0.0.0.0)`;
      case 'EACCES':
        return `${at} (${what}): permission denied (ports below 1024 need privileges): set ${variable} to a higher port`;
      default:
        return `cannot listen on ${at} (${what}): ${e.message}; check ${variable}`;
    }
  })();
  return { name: variable, value: at, why };
}
