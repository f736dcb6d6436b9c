// The packages `podwire bench` needs and the sidecar does not: autocannon (HTTP load) and
// hdr-histogram-js (latency histograms). They are optionalDependencies, so `npm ci` installs them
// and the container image (`npm ci --omit=dev --omit=optional`) leaves them out; this checks for
// them before the bench's modules are loaded, so a missing one is named instead of surfacing as a
// module-resolution stack trace.
import { createRequire } from 'node:module';

export const BENCH_PACKAGES = ['autocannon', 'hdr-histogram-js'] as const;

/** The bench packages that cannot be resolved from podwire's installation. */
export function missingBenchPackages(resolve: (name: string) => string = createRequire(import.meta.url).resolve): string[] {
  return BENCH_PACKAGES.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The message `podwire bench` prints when some are missing. */
export function missingBenchMessage(missing: readonly string[]): string {
  const versions = missing.join(' ');
  return `podwire bench: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed. `
    + `They are optional dependencies, left out of the container image and of installs made with --omit=optional; `
    + `install them next to podwire (npm install ${versions}, or npm ci without --omit=optional) and run the bench again.\n`;
}
