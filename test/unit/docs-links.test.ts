// Relative links in the README and the documentation lead to files that exist, so moving a page
// (or a guide referring to a manifest) cannot leave a dead link behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGES = [
  'README.md',
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  'deploy/kubernetes/README.md',
  'deploy/vm/README.md',
];

describe.each(PAGES)('%s', (page) => {
  it('links only to files that exist', () => {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    const dead: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      if (target === '' || /^[a-z]+:/.test(target)) continue;
      if (!fs.existsSync(path.resolve(path.dirname(path.join(ROOT, page)), target))) dead.push(m[1]!);
    }
    expect(dead).toEqual([]);
  });
});
