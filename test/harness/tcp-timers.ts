// The kernel's view of established TCP sockets, read with `ss -tnoH` (iproute2): local and peer
// address and the timer running on each, so a test can check that TCP keepalive is armed on the
// proxy's sockets (`timer:(keepalive,9.9sec,0)` counts down from the configured idle time).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface TcpSocketInfo {
  readonly local: string;
  readonly peer: string;
  /** The timer's kind (`keepalive`, `on`, `persist` …), undefined when none runs. */
  readonly timer?: string;
  /** Seconds left on the timer. */
  readonly timerSeconds?: number;
}

const TIMER = /timer:\((\w+),([^,)]+)/;

/** ss's time: `1min39sec`, `39sec`, `692ms` (iproute2 writes the parts it has). */
function seconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([\d.]+)(min|sec|ms)/g)) total += Number(m[1]) * (m[2] === 'min' ? 60 : m[2] === 'sec' ? 1 : 0.001);
  return total;
}

export async function establishedTcpSockets(): Promise<TcpSocketInfo[]> {
  const { stdout } = await promisify(execFile)('ss', ['-tnoH', 'state', 'established'], { timeout: 5_000 });
  const out: TcpSocketInfo[] = [];
  for (const line of stdout.split('\n')) {
    // With a state filter ss omits the state column: Recv-Q Send-Q Local Peer [timer:(…)]
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const m = TIMER.exec(line);
    out.push({ local: cols[2]!, peer: cols[3]!, ...(m && { timer: m[1], timerSeconds: seconds(m[2]!) }) });
  }
  return out;
}

/** The socket from `local` to `peer` (both "ip:port"), or undefined. */
export function findSocket(sockets: readonly TcpSocketInfo[], local: string, peer: string): TcpSocketInfo | undefined {
  return sockets.find((s) => s.local === local && s.peer === peer);
}
