// Where the .proto files live, whether we run from TypeScript sources (tests) or from dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProtoDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'discovery-client', 'proto');
    if (existsSync(candidate)) return candidate;
    const here = path.join(dir, 'proto');
    if (path.basename(dir) === 'discovery-client' && existsSync(here)) return here;
    dir = path.dirname(dir);
  }
  throw new Error('podwire: cannot find discovery-client/proto next to the installed package');
}

/** Absolute path of the directory holding podwire's .proto files. */
export const PROTO_DIR = findProtoDir();
