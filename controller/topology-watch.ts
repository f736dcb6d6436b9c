// Live topology: a TopologyStore holds the current version and tells subscribers about new ones;
// a TopologyWatcher is a store fed by a file. Resolvers depend only on the TopologySource
// interface, so tests and embedders can drive them with a plain store.
//
// The watcher uses fs.watch on the file's directory (editors replace files by rename, which a
// watch on the file itself would lose) plus a poll as a fallback for filesystems where fs.watch is
// silent. A check reads the file and hashes it; content is acted on once two reads a debounce apart
// agree (so a half-written file is not served), touches and duplicate events do nothing, and each
// distinct content is handled once. A broken edit is logged and emitted as 'invalid' while the last
// good version keeps serving. Edits reach subscribers in about 100 ms (poll fallback: < 1 s).
//
// The files the topology names (issuer, tokens, serving and link certificates) are part of what a
// check hashes, so replacing one of them — a rotated issuer, a new token table — is a new version
// too: the poll sees it within 250 ms and subscribers reload without anyone touching the topology.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../proxy/log.js';
import { silentLogger } from '../proxy/log.js';
import { parseTopology, type ParseOptions } from './topology.js';
import { TopologyError, type Topology } from './topology-types.js';

/** Anything that has a current topology and announces new ones. */
export interface TopologySource {
  current(): Topology;
  on(event: 'update', listener: (topology: Topology, previous: Topology) => void): unknown;
  off(event: 'update', listener: (topology: Topology, previous: Topology) => void): unknown;
}

/** A settable TopologySource: emits 'update'(topology, previous) on every set(). */
export class TopologyStore extends EventEmitter implements TopologySource {
  #current: Topology;

  constructor(initial: Topology) {
    super();
    // One listener per open stream's view: the default limit of 10 would warn under normal load.
    this.setMaxListeners(0);
    this.#current = initial;
  }

  current(): Topology {
    return this.#current;
  }

  set(topology: Topology): void {
    const previous = this.#current;
    this.#current = topology;
    this.emit('update', topology, previous);
  }
}

export interface TopologyWatcherOptions extends Omit<ParseOptions, 'source'> {
  readonly log?: Logger;
  /** Quiet time after a change event before reading the file (default 50 ms). */
  readonly debounceMs?: number;
  /** Poll interval of the fallback (default 250 ms): even unwatched edits reach streams well within a second. */
  readonly pollMs?: number;
  /** Use fs.watch (default true); false leaves only the poll, e.g. to test the fallback. */
  readonly fsWatch?: boolean;
}

export class TopologyWatcher extends TopologyStore {
  readonly file: string;
  readonly #log: Logger;
  readonly #opts: TopologyWatcherOptions;
  /** Hash of the content now served. */
  #goodHash: string;
  /** What was last rejected (content hash or read error), so each bad state is logged once. */
  #rejected: string | undefined;
  /** What the previous check read: content is acted on only once two reads agree. */
  #lastRead: string;
  #fsWatcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #checking = false;
  #again = false;
  #closed = false;

  private constructor(file: string, initial: Topology, hash: string, opts: TopologyWatcherOptions) {
    super(initial);
    this.file = file;
    this.#goodHash = hash;
    this.#lastRead = hash;
    this.#opts = opts;
    this.#log = opts.log ?? silentLogger();
  }

  /** Load `file` (throws TopologyError if the first version is invalid) and start watching it. */
  static async start(file: string, opts: TopologyWatcherOptions = {}): Promise<TopologyWatcher> {
    const abs = path.resolve(file);
    const text = await readText(abs);
    const topology = parseTopology(text, path.dirname(abs), { ...opts, source: abs });
    const watcher = new TopologyWatcher(abs, topology, hashOf(text, await filesDigest(topology)), opts);
    watcher.#startWatching();
    return watcher;
  }

  close(): void {
    this.#closed = true;
    this.#fsWatcher?.close();
    clearInterval(this.#poll);
    clearTimeout(this.#debounce);
  }

  /** Check the file now (normally driven by fs events and the poll). */
  async check(): Promise<void> {
    if (this.#checking) {
      this.#again = true;
      return;
    }
    this.#checking = true;
    try {
      do {
        this.#again = false;
        await this.#checkOnce();
      } while (this.#again && !this.#closed);
    } finally {
      this.#checking = false;
    }
  }

  #startWatching(): void {
    const dir = path.dirname(this.file);
    const base = path.basename(this.file);
    if (this.#opts.fsWatch !== false) this.#watchDir(dir, base);
    this.#poll = setInterval(() => void this.check(), this.#opts.pollMs ?? 250);
    this.#poll.unref();
  }

  #watchDir(dir: string, base: string): void {
    try {
      this.#fsWatcher = watch(dir, { persistent: false }, (_event, filename) => {
        if (filename === null || filename === base) this.#schedule();
      });
      this.#fsWatcher.on('error', (err) => this.#log.warn({ err: err.message, file: this.file }, 'topology: fs.watch failed; polling only'));
    } catch (err) {
      this.#log.warn({ err: (err as Error).message, file: this.file }, 'topology: fs.watch unavailable; polling only');
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.check(), this.#opts.debounceMs ?? 50);
    this.#debounce.unref();
  }

  async #checkOnce(): Promise<void> {
    let text: string | undefined;
    let key: string;
    let readError: Error | undefined;
    try {
      text = await readText(this.file);
      key = hashOf(text, await filesDigest(this.current()));
    } catch (err) {
      readError = err as Error;
      key = `io:${readError.message}`;
    }
    if (this.#closed) return;
    // A writer truncates and then writes: a read in between sees a partial file, which may even be
    // valid YAML. Acting only once two reads a debounce apart agree keeps torn reads out unless
    // the writer stalls longer than that (writing a temp file and renaming it avoids even that).
    if (key !== this.#lastRead) {
      this.#lastRead = key;
      this.#schedule();
      return;
    }
    if (readError || text === undefined) return this.#reject(key, readError ?? new Error('unreadable'));
    const hash = key;
    if (hash === this.#goodHash) {
      this.#rejected = undefined;
      return;
    }
    // Invalid content is parsed again on every check (it is cheap), so fixing a referenced file
    // without touching the topology still gets picked up; it is only logged once.
    let topology: Topology;
    try {
      topology = parseTopology(text, path.dirname(this.file), { ...this.#opts, source: this.file });
    } catch (err) {
      return this.#reject(hash, err as Error);
    }
    // Hash again over the files the new version names, so the next check doesn't see a change.
    this.#goodHash = hashOf(text, await filesDigest(topology));
    this.#lastRead = this.#goodHash;
    this.#rejected = undefined;
    if (this.#closed) return;
    this.#log.info({ file: this.file, services: topology.services.length, workloads: topology.workloads.length }, 'topology: loaded new version');
    this.set(topology);
  }

  /** Log a bad state once and keep serving the last good version. */
  #reject(key: string, err: Error): void {
    if (key === this.#rejected || this.#closed) return;
    this.#rejected = key;
    this.#log.error({ file: this.file, err: err.message }, 'topology: rejected an invalid edit; still serving the last good version');
    this.emit('invalid', err);
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new TopologyError([{ path: '', message: `cannot read ${file}: ${(err as Error).message}` }], file);
  }
}

/** Every file the topology names, whose content the services read. */
export function referencedFiles(t: Topology): string[] {
  const files = [
    t.identity?.trustAnchorsFile, t.identity?.issuerCertFile, t.identity?.issuerKeyFile, t.identity?.tokensFile,
    t.controller.identity?.certFile, t.controller.identity?.keyFile,
    ...t.links.flatMap((l) => [l.tls?.certFile, l.tls?.keyFile, l.tls?.trustAnchorsFile]),
  ];
  return [...new Set(files.filter((f): f is string => f !== undefined))].sort();
}

/** The referenced files' contents in one string (a missing file counts as its error). */
async function filesDigest(t: Topology): Promise<string> {
  const parts = await Promise.all(referencedFiles(t).map(async (f) => {
    try {
      return `${f}\0${createHash('sha256').update(await readFile(f)).digest('hex')}`;
    } catch (err) {
      return `${f}\0${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`;
    }
  }));
  return parts.join('\n');
}

function hashOf(text: string, files: string): string {
  return createHash('sha256').update(text).update('\0').update(files).digest('hex');
}
