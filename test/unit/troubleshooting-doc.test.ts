// docs/troubleshooting.md documents every ProxyError reason (proxy/errors.ts) exactly once, with
// the Linkerd `error` class podwire exports next to it, and names no reason that does not exist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../proxy/errors.js';

const DOC = path.resolve(import.meta.dirname, '../../docs/troubleshooting.md');

/** Rows of the "By reason" table: reason → its cells. */
function reasonRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| `([a-z_]+)` \|/.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]!), `${m[1]} documented twice`).toBe(false);
    rows.set(m[1]!, line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim()));
  }
  return rows;
}

describe('docs/troubleshooting.md', () => {
  const rows = reasonRows();

  it('documents every reason and only real ones', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(REASONS).sort());
  });

  it.each(Object.entries(REASONS))('%s: Linkerd class %j, a meaning and an action', (reason, linkerdClass) => {
    const cells = rows.get(reason)!;
    expect(cells).toHaveLength(5);
    expect(cells[2]).toBe(linkerdClass);
    expect(cells[3]!.length).toBeGreaterThan(20);
    expect(cells[4]!.length).toBeGreaterThan(20);
  });
});
