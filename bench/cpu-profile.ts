// A probe loaded into a proxy process (`node --import`), not part of podwire: V8's CPU profile of
// the whole process, from the import to its exit, written as <tmpdir>/podwire-cpu-profiles/<pid>.cpuprofile
// (open it in Chrome's DevTools or speedscope). node refuses --cpu-prof in NODE_OPTIONS, which is
// how the bench reaches its proxies (`podwire bench --proxy-env`, bench/ab.ts --a/--b), so this
// does the same through node:inspector:
//
//   podwire bench --scenarios flat,flat-mux --workloads bulk --rounds 1 \
//     --proxy-env NODE_OPTIONS=--import=$PWD/dist/bench/cpu-profile.js
//
// A proxy killed by a signal it does not handle writes nothing; podwire exits on SIGTERM after its
// drain, and the bench stops its proxies with SIGTERM. It exports nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';

const OUT_DIR = path.join(os.tmpdir(), 'podwire-cpu-profiles');

const session = new Session();
session.connect();
// 1 ms between samples (V8's default), as --cpu-prof takes them.
session.post('Profiler.enable');
session.post('Profiler.start');

// The in-process inspector answers synchronously, so the profile can be taken in 'exit'.
process.on('exit', () => {
  session.post('Profiler.stop', (err, result) => {
    if (err !== null) return;
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(path.join(OUT_DIR, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
