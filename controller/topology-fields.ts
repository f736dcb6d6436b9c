// Field readers for the topology parser. Each reader takes the raw (YAML-decoded) value, the path
// of that value for messages (e.g. `workloads[2].ip`) and a Problems collector; it returns the typed
// value, a default, or undefined after recording what is wrong. Readers never throw, so one parse
// reports every problem in the file at once.
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isDnsName, normalizeIp } from '../proxy/transport/addr.js';
import { isUnspecifiedIp } from '../discovery-client/ip.js';
import { parseDuration } from '../proxy/config/parse.js';
import type { TopologyProblem } from './topology-types.js';

export type RawMap = Readonly<Record<string, unknown>>;

export class Problems {
  readonly list: TopologyProblem[] = [];

  add(at: string, message: string): void {
    this.list.push({ path: at, message });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Context every section parser needs. */
export interface ParseContext {
  readonly problems: Problems;
  /** Relative file paths are resolved against this directory. */
  readonly baseDir: string;
  /** Check that referenced files exist (tests of pure parsing may turn it off). */
  readonly checkFiles: boolean;
}

export function field(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

export function item(at: string, index: number): string {
  return `${at}[${index}]`;
}

export function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

/**
 * A mapping with only the `known` keys; unknown keys are reported (they are nearly always typos,
 * and a silently ignored `servicAccount` would serve the wrong identity).
 */
export function readMap(value: unknown, at: string, p: Problems, known: readonly string[]): RawMap | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    p.add(at, `expected a mapping, got ${show(value)}`);
    return undefined;
  }
  const map = value as RawMap;
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) p.add(field(at, key), `unknown field (expected one of: ${known.join(', ')})`);
  }
  return map;
}

/** A list, or [] when absent and not required. */
export function readList(map: RawMap, key: string, at: string, p: Problems, required = false): readonly unknown[] {
  const v = map[key];
  if (v === undefined || v === null) {
    if (required) p.add(field(at, key), 'is required');
    return [];
  }
  if (!Array.isArray(v)) {
    p.add(field(at, key), `expected a list, got ${show(v)}`);
    return [];
  }
  return v;
}

interface StringOpts {
  readonly required?: boolean;
  readonly default?: string;
  /** Returns why the value is invalid, or undefined when it is fine. */
  readonly check?: (s: string) => string | undefined;
}

export function readString(map: RawMap, key: string, at: string, p: Problems, opts: StringOpts = {}): string | undefined {
  const v = map[key];
  const where = field(at, key);
  if (v === undefined || v === null) {
    if (opts.required) p.add(where, 'is required');
    return opts.default;
  }
  if (typeof v !== 'string') {
    p.add(where, `expected a string, got ${show(v)}`);
    return undefined;
  }
  const why = opts.check?.(v);
  if (why !== undefined) {
    p.add(where, why);
    return undefined;
  }
  return v;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkDnsLabel(s: string): string | undefined {
  return DNS_LABEL.test(s) ? undefined : `${show(s)} is not a DNS label (lower-case letters, digits and '-', at most 63)`;
}

export function checkDnsName(s: string): string | undefined {
  if (s.endsWith('.')) return `${show(s)} must not end with a dot`;
  return isDnsName(s) ? undefined : `${show(s)} is not a lower-case DNS name`;
}

export function readBool(map: RawMap, key: string, at: string, p: Problems, dflt: boolean): boolean {
  const v = map[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') {
    p.add(field(at, key), `expected true or false, got ${show(v)}`);
    return dflt;
  }
  return v;
}

interface PortOpts {
  readonly required?: boolean;
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
  readonly why?: string;
}

export function readPort(map: RawMap, key: string, at: string, p: Problems, opts: PortOpts = {}): number | undefined {
  const v = map[key];
  const where = field(at, key);
  if (v === undefined || v === null) {
    if (opts.required) p.add(where, 'is required');
    return opts.default;
  }
  const min = opts.min ?? 1;
  const max = opts.max ?? 65535;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    p.add(where, `${show(v)} is not a port in ${min}..${max}${opts.why ? ` (${opts.why})` : ''}`);
    return undefined;
  }
  return v;
}

/** An IP address in canonical form; the unspecified address is never a usable endpoint. */
export function readIp(map: RawMap, key: string, at: string, p: Problems, required: boolean): string | undefined {
  const text = readString(map, key, at, p, { required });
  if (text === undefined) return undefined;
  if (!net.isIP(text)) {
    p.add(field(at, key), `${show(text)} is not an IP address`);
    return undefined;
  }
  if (isUnspecifiedIp(text)) {
    p.add(field(at, key), `${show(text)} is the unspecified address, which cannot be dialled`);
    return undefined;
  }
  return normalizeIp(text);
}

/** A Linkerd duration ("24h", "20s"; a bare 0 is allowed, also unquoted), in ms. */
export function readDuration(map: RawMap, key: string, at: string, p: Problems, dflt: string, positive: boolean): number | undefined {
  const raw = map[key];
  const text = typeof raw === 'number' ? String(raw) : readString(map, key, at, p, { default: dflt });
  if (text === undefined) return undefined;
  try {
    const ms = parseDuration(text);
    if (positive && ms <= 0) throw new Error('must be greater than zero');
    return ms;
  } catch (err) {
    p.add(field(at, key), `${show(text)}: ${(err as Error).message}`);
    return undefined;
  }
}

/** A file path resolved against the topology's directory; optionally checked to be a file. */
export function readFile(map: RawMap, key: string, at: string, ctx: ParseContext, required: boolean): string | undefined {
  const text = readString(map, key, at, ctx.problems, {
    required,
    check: (s) => (s.trim() === '' ? 'is empty' : undefined),
  });
  if (text === undefined) return undefined;
  const abs = path.resolve(ctx.baseDir, text);
  if (ctx.checkFiles) {
    try {
      if (!statSync(abs).isFile()) ctx.problems.add(field(at, key), `${abs} is not a regular file`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      ctx.problems.add(field(at, key), code === 'ENOENT' ? `${abs} does not exist` : `${abs}: ${(err as Error).message}`);
    }
  }
  return abs;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** String→string labels whose names work as Prometheus label names (proxies export dst_<name>). */
export function readLabels(map: RawMap, key: string, at: string, p: Problems, reserved: readonly string[]): Record<string, string> {
  const v = map[key];
  const where = field(at, key);
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    p.add(where, `expected a mapping of label names to strings, got ${show(v)}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v as RawMap)) {
    const at2 = field(where, name);
    if (!LABEL_NAME.test(name)) p.add(at2, `${show(name)} is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
    else if (reserved.includes(name)) p.add(at2, `${show(name)} is set by the controller and cannot be overridden`);
    else if (typeof value !== 'string') p.add(at2, `expected a string, got ${show(value)} (quote it)`);
    else out[name] = value;
  }
  return out;
}
