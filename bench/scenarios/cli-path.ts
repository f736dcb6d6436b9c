// Where the built podwire CLI is: the bench runs from dist/bench/, the CLI is dist/proxy/main.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PODWIRE_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../proxy/main.js');
