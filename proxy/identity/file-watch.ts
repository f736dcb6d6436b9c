// Noticing that identity files changed on disk, for the file identity store and the trust-anchors
// bundle. Kubelet and editors replace files by rename or symlink swap (`..data`), which per-file
// watches miss, so the parent directories are watched (any event counts) and the files are also
// polled; both paths end in one debounced callback, whose job is to re-read and compare content.
import fs from 'node:fs';
import path from 'node:path';
import type { IdentityLogger } from './store.js';

export interface FileWatchOptions {
  readonly files: readonly string[];
  /** Called (debounced after directory events, and on every poll) to re-read the files. */
  readonly onChange: () => void;
  readonly log: IdentityLogger;
  /** Fallback poll period; default 5s. */
  readonly pollIntervalMs?: number;
  /** Quiet period after a directory event before calling onChange; default 100ms. */
  readonly debounceMs?: number;
  /** Set false to rely on polling only (filesystems without inotify, tests); default true. */
  readonly fsWatch?: boolean;
}

export const DEFAULT_POLL_MS = 5_000;
export const DEFAULT_DEBOUNCE_MS = 100;

export class FileWatch {
  private watchers: fs.FSWatcher[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: FileWatchOptions) {}

  /** Start watching directories and polling. Idempotent. */
  start(): void {
    if (this.closed || this.pollTimer) return;
    if (this.opts.fsWatch !== false) for (const dir of this.dirs()) this.watchDir(dir);
    const every = this.opts.pollIntervalMs ?? DEFAULT_POLL_MS;
    // unref: identity refresh alone must not keep a process (or a test run) alive.
    this.pollTimer = setInterval(() => this.opts.onChange(), every).unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private dirs(): Set<string> {
    return new Set(this.opts.files.map((f) => path.dirname(path.resolve(f))));
  }

  /** Any event in the directory counts: symlink swaps (`..data`) never name our files. */
  private watchDir(dir: string): void {
    try {
      const w = fs.watch(dir, { persistent: false }, () => this.schedule());
      w.on('error', (err) => {
        this.opts.log.warn({ dir, err: err.message }, 'identity directory watch failed; relying on polling');
        w.close();
      });
      this.watchers.push(w);
    } catch (err) {
      this.opts.log.warn({ dir, err: (err as Error).message }, 'cannot watch identity directory; relying on polling');
    }
  }

  /** Debounce bursts (a rename swap emits several events) so one consistent snapshot is read. */
  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.debounceTimer);
    const wait = this.opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.debounceTimer = setTimeout(() => this.opts.onChange(), wait).unref();
  }
}
