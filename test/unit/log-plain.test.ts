// The built-in plain log format: one line per event, level name, message, other fields as JSON,
// pid/hostname dropped, an error's stack kept inside that one line.
import { describe, expect, it } from 'vitest';
import { pino, type Logger } from 'pino';
import { plainLine } from '../../proxy/log-plain.js';

/** Run real pino records through plainLine. */
function render(emit: (log: Logger) => void): string[] {
  const lines: string[] = [];
  const log = pino({ base: { component: 'podwire' } }, { write: (chunk: string) => { for (const l of chunk.split('\n')) if (l) lines.push(plainLine(l)); } });
  emit(log);
  return lines;
}

describe('plain log format', () => {
  it('writes time, level, message and the other fields on one line', () => {
    const [line] = render((log) => log.child({ component: 'inbound' }).warn({ peer: '10.0.0.1:4143', n: { x: 1 } }, 'refused'));
    expect(line).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] WARN: refused \{.*\}$/);
    const fields = JSON.parse(line!.slice(line!.indexOf('{'))) as Record<string, unknown>;
    expect(fields).toEqual({ component: 'inbound', peer: '10.0.0.1:4143', n: { x: 1 } });
    expect(line).not.toContain('hostname');
  });

  it('keeps an error and its stack on the same single line', () => {
    const lines = render((log) => log.error({ err: new Error('boom') }, 'failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERROR: failed');
    expect(lines[0]).toContain('"message":"boom"');
    expect(lines[0]).not.toContain('\n');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(plainLine('not json')).toBe('not json');
  });
});
