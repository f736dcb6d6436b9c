// Trust anchors for the Certify identity source: inline PEM (LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS,
// fixed for the life of the process, as in Linkerd) or a bundle file
// (PODWIRE_IDENTITY_TRUST_ANCHORS_FILE) that is watched, so roots can be added and removed without a
// restart. A changed bundle is only passed on when it is complete: every PEM block closed and every
// block a certificate. Anything else - most often a file caught half-written, or a paste gone wrong -
// keeps the previous anchors and says why, once per distinct problem.
import { createHash, X509Certificate } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { pemBlocks } from './credentials.js';
import { FileWatch } from './file-watch.js';
import { IdentityError } from './id.js';
import type { IdentityLogger } from './store.js';

export interface TrustAnchorsEvents {
  change: [anchorsPem: string];
}

/** The current trust bundle, and a 'change' event when a new usable one appears. */
export interface TrustAnchorsSource {
  current(): string;
  /** Where the anchors come from, for messages. */
  readonly description: string;
  on(event: 'change', listener: (anchorsPem: string) => void): this;
  off(event: 'change', listener: (anchorsPem: string) => void): this;
  close(): void;
}

/** Inline anchors never change. */
export class StaticTrustAnchors extends EventEmitter<TrustAnchorsEvents> implements TrustAnchorsSource {
  readonly description = 'inline trust anchors (LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS)';
  constructor(private readonly pem: string) {
    super();
  }

  current(): string {
    return this.pem;
  }

  close(): void {}
}

export interface WatchedTrustAnchorsOptions {
  readonly file: string;
  readonly log: IdentityLogger;
  readonly pollIntervalMs?: number;
  readonly debounceMs?: number;
  readonly fsWatch?: boolean;
}

export class WatchedTrustAnchors extends EventEmitter<TrustAnchorsEvents> implements TrustAnchorsSource {
  readonly description: string;
  private pem: string;
  private hash: string;
  private lastProblem: string | undefined;
  private readonly watch: FileWatch;

  /** Reads the file at once; throws IdentityError when it is unreadable or holds no usable certificate. */
  constructor(private readonly opts: WatchedTrustAnchorsOptions) {
    super();
    this.description = `trust anchors file ${opts.file}`;
    this.pem = readBundle(opts.file);
    // At startup there is nothing better to fall back to: one usable certificate is enough, as in Linkerd.
    if (usableCount(this.pem) === 0) throw new IdentityError('no_trust_anchors', `${this.description} holds no usable PEM certificate`);
    this.hash = digest(this.pem);
    this.watch = new FileWatch({
      files: [opts.file],
      onChange: () => this.reload(),
      log: opts.log,
      ...(opts.pollIntervalMs !== undefined && { pollIntervalMs: opts.pollIntervalMs }),
      ...(opts.debounceMs !== undefined && { debounceMs: opts.debounceMs }),
      ...(opts.fsWatch !== undefined && { fsWatch: opts.fsWatch }),
    });
    this.watch.start();
  }

  current(): string {
    return this.pem;
  }

  /** Re-read now; returns whether new anchors were taken. Never throws. */
  reload(): boolean {
    let text: string;
    try {
      text = readBundle(this.opts.file);
    } catch (err) {
      return this.refuse((err as Error).message);
    }
    const hash = digest(text);
    if (hash === this.hash) return false;
    const problem = bundleProblem(text);
    if (problem) return this.refuse(`${this.description}: ${problem}`);
    this.pem = text;
    this.hash = hash;
    this.lastProblem = undefined;
    this.opts.log.info({ file: this.opts.file, anchors: usableCount(text) }, 'trust anchors changed');
    this.emit('change', text);
    return true;
  }

  close(): void {
    this.watch.close();
  }

  private refuse(why: string): false {
    if (why !== this.lastProblem) this.opts.log.warn({ file: this.opts.file, err: why }, 'trust anchors not updated; keeping the previous ones');
    this.lastProblem = why;
    return false;
  }
}

/** Why a changed bundle must not replace the current one; undefined when it is fine. */
export function bundleProblem(text: string): string | undefined {
  const blocks = pemBlocks(text);
  const begins = (text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? []).length;
  if (begins > blocks.length) return `has ${begins - blocks.length} unterminated PEM block(s) (file written only partly?)`;
  if (blocks.length === 0) return 'holds no PEM certificate';
  for (const [i, b] of blocks.entries()) {
    if (b.label !== 'CERTIFICATE') return `entry #${i + 1} is a "${b.label}" block, not a CERTIFICATE`;
    try {
      new X509Certificate(b.pem);
    } catch (err) {
      return `entry #${i + 1} is not a valid X.509 certificate (${(err as Error).message})`;
    }
  }
  return undefined;
}

function usableCount(text: string): number {
  return pemBlocks(text).filter((b) => {
    if (b.label !== 'CERTIFICATE') return false;
    try {
      new X509Certificate(b.pem);
      return true;
    } catch {
      return false;
    }
  }).length;
}

function readBundle(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new IdentityError('io', `cannot read trust anchors file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
