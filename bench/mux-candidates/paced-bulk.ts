// A bulk download read at a fixed pace: one connection asks the backend for `GET /bulk` and its
// reader takes at most `mbPerSec` (pausing the socket when ahead), so the sender is held back by
// flow control rather than by CPU. Beside a request/response workload it shows head-of-line
// blocking and scheduling on a shared connection without saturating a 2-core machine, which the
// unpaced bulk workload does (then every path, pooled or not, measures CPU contention).
import net from 'node:net';
import type { Target } from '../workloads/target.js';

const REQUEST = Buffer.from('GET /bulk HTTP/1.1\r\nhost: bench\r\n\r\n');
const TICK_MS = 5;

export async function runPacedBulk(target: Target, opts: { mbPerSec: number; durationMs: number }): Promise<{ mbPerSec: number; errors: number }> {
  const s = net.connect({ host: target.host, port: target.port });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('error', reject);
  });
  let errors = 0;
  s.on('error', () => errors++);
  s.write(REQUEST);
  const start = performance.now();
  const allowance = () => ((performance.now() - start) / 1000) * opts.mbPerSec * 1e6;
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  s.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > allowance() && !timer) {
      s.pause();
      const wake = () => {
        if (bytes > allowance()) timer = setTimeout(wake, TICK_MS);
        else {
          timer = undefined;
          s.resume();
        }
      };
      timer = setTimeout(wake, TICK_MS);
    }
  });
  await new Promise((r) => setTimeout(r, opts.durationMs));
  if (timer) clearTimeout(timer);
  const seconds = (performance.now() - start) / 1000;
  s.destroy();
  return { mbPerSec: bytes / seconds / 1e6, errors };
}
