// Where the tunnel processes spend their CPU: reads the V8 .cpuprofile files that
// `run.js --cpu-prof DIR` left (one directory per candidate and round, one file per process) and
// prints, per directory, the functions with the most self time, in % of the busy samples (the
// "(idle)" pseudo-function, time spent waiting in the event loop, is left out).
//
//   node dist/bench/mux-candidates/hot-spots.js DIR [--top 12]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function selfTimes(files: string[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as Profile;
    const hits = new Map<number, number>();
    for (const id of p.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
    for (const n of p.nodes) {
      const h = hits.get(n.id) ?? 0;
      if (h === 0) continue;
      const where = n.callFrame.url ? `${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : '';
      const key = `${n.callFrame.functionName || '(anonymous)'} ${where}`.trim();
      byName.set(key, (byName.get(key) ?? 0) + h);
    }
  }
  return byName;
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: hot-spots.js DIR [--top N]');
  const topIdx = process.argv.indexOf('--top');
  const top = topIdx > 0 ? Number(process.argv[topIdx + 1]) : 12;
  for (const sub of readdirSync(dir).sort()) {
    const d = path.join(dir, sub);
    if (!statSync(d).isDirectory()) continue;
    const files = readdirSync(d).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(d, f));
    const times = selfTimes(files);
    times.delete('(idle)');
    const total = [...times.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${sub} (${files.length} profiles, ${total} busy samples)`);
    for (const [name, h] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * h) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
}

main();
