// `npm run docs`: regenerates the reference pages under docs/ (configuration, metrics, CLI) from
// the code. Run after `npm run build` (the CLI reference runs the built CLI); the unit and e2e
// tests fail, naming this command, when a committed page differs from what it would write.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_REFERENCE_PATH, renderConfigReference } from './config-reference.js';
import { METRICS_REFERENCE_PATH, renderMetricsReference } from './metrics-reference.js';
import { CLI_REFERENCE_PATH, collectHelp, renderCliReference, runCli } from './cli-reference.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/proxy/docs → the repository root. */
const root = path.resolve(here, '../../..');
const cli = path.resolve(here, '../main.js');

const pages: Array<[string, string]> = [
  [CONFIG_REFERENCE_PATH, renderConfigReference()],
  [METRICS_REFERENCE_PATH, renderMetricsReference()],
  [CLI_REFERENCE_PATH, renderCliReference(collectHelp((args) => runCli(cli, args)))],
];
for (const [rel, text] of pages) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  fs.writeFileSync(file, text);
  process.stdout.write(`${before === text ? 'unchanged' : 'wrote'} ${rel}\n`);
}
