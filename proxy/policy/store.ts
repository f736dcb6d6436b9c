// Where the inbound side gets the policy for a port: the PODWIRE_POLICY_FILE rules when the file
// covers the port, else the default policy (opaque variant on opaque ports, tightened on
// LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY/_TLS ports: defaults.ts PortDefaults). The file is watched
// (directory events + polling, identity/file-watch.ts) and re-parsed only when its content hash
// changes; a broken edit is logged with every problem and the last good policy stays in force.
// 'change' fires after a new policy is in force, so live connections can be re-checked.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { Network } from '../config/parse.js';
import { FileWatch } from '../identity/file-watch.js';
import type { IdentityLogger } from '../identity/store.js';
import { PortDefaults, type DefaultPolicyName } from './defaults.js';
import { inRanges, REQUIREMENT_VAR, type RequiredPorts } from './require.js';
import { parsePolicyFile, PolicyFileError, type PolicyFile } from './policy-file.js';
import type { ServerPolicy } from './types.js';

export interface PolicyStoreOptions {
  readonly defaultPolicy: DefaultPolicyName;
  readonly clusterNetworks: readonly Network[];
  /** LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION, as inclusive ranges. */
  readonly opaquePorts: ReadonlyArray<readonly [number, number]>;
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS: tighten those ports' default. */
  readonly required?: RequiredPorts;
  readonly file?: string;
  readonly log: IdentityLogger;
  readonly pollIntervalMs?: number;
  readonly debounceMs?: number;
  readonly fsWatch?: boolean;
}

export interface PolicySource {
  policyFor(port: number): ServerPolicy;
  on(event: 'change', listener: () => void): this;
  off(event: 'change', listener: () => void): this;
}

export class PolicyStore extends EventEmitter<{ change: [] }> implements PolicySource {
  private readonly defaults: PortDefaults;
  private file: PolicyFile = { rules: [] };
  private hash = '';
  private watch: FileWatch | undefined;
  /**
   * The policy per port, built once per loaded file: the same object for every connection until
   * the file changes, so what is derived from it (decision-memo.ts, the label sets) is reused, and
   * no policy object is built per connection. Bounded by the port space (65,535 small entries).
   */
  private readonly policies = new Map<number, ServerPolicy>();

  /** Loads the file at once: a file that is missing or invalid at startup is an error. */
  constructor(private readonly opts: PolicyStoreOptions) {
    super();
    this.defaults = new PortDefaults(opts);
    if (opts.file !== undefined) {
      const text = readText(opts.file);
      try {
        this.file = parsePolicyFile(text);
      } catch (err) {
        throw new Error(`${opts.file}: ${(err as Error).message}`, { cause: err });
      }
      this.hash = sha256(text);
      this.warnOverridden();
    }
  }

  policyFor(port: number): ServerPolicy {
    let policy = this.policies.get(port);
    if (policy === undefined) this.policies.set(port, (policy = this.buildPolicy(port)));
    return policy;
  }

  private buildPolicy(port: number): ServerPolicy {
    const rule = this.file.rules.find((r) => r.ports[0] <= port && port <= r.ports[1]);
    if (!rule) return this.defaults.forPort(port);
    return {
      protocol: rule.protocol ?? (this.isOpaque(port) ? 'opaque' : 'detect'),
      meta: rule.meta,
      authorizations: rule.authorizations,
      ...(rule.audit && { audit: true }),
    };
  }

  /** Start watching the file (no-op without one). */
  start(): this {
    if (this.opts.file === undefined || this.watch) return this;
    this.watch = new FileWatch({
      files: [this.opts.file],
      onChange: () => this.reload(),
      log: this.opts.log,
      ...(this.opts.pollIntervalMs !== undefined && { pollIntervalMs: this.opts.pollIntervalMs }),
      ...(this.opts.debounceMs !== undefined && { debounceMs: this.opts.debounceMs }),
      ...(this.opts.fsWatch !== undefined && { fsWatch: this.opts.fsWatch }),
    });
    this.watch.start();
    return this;
  }

  close(): void {
    this.watch?.close();
    this.watch = undefined;
  }

  /** Re-read the file; true when a new policy came into force. Never throws. */
  reload(): boolean {
    const file = this.opts.file;
    if (file === undefined) return false;
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      this.opts.log.warn({ file, err: (err as Error).message }, 'cannot read the policy file; keeping the last good policy');
      return false;
    }
    const hash = sha256(text);
    if (hash === this.hash) return false;
    try {
      this.file = parsePolicyFile(text);
    } catch (err) {
      const problems = err instanceof PolicyFileError ? err.problems : [(err as Error).message];
      // Remember the hash so a broken file is reported once, not on every poll.
      this.hash = hash;
      this.opts.log.error({ file, problems }, 'policy file is invalid; keeping the last good policy');
      return false;
    }
    this.hash = hash;
    this.policies.clear();
    this.opts.log.info({ file, ports: this.file.rules.map((r) => r.meta.name) }, 'policy file loaded');
    this.warnOverridden();
    this.emit('change');
    return true;
  }

  /**
   * A file rule is an explicit policy and wins over a port's required-ports setting (as a Server
   * does in Linkerd); say so when a rule covers such a port, so the setting is not silently moot.
   */
  private warnOverridden(): void {
    const required = this.opts.required;
    if (!required) return;
    for (const rule of this.file.rules) {
      for (const [kind, ranges] of [['identity', required.identity], ['tls', required.tls]] as const) {
        const covered = ranges.filter(([lo, hi]) => lo <= rule.ports[1] && rule.ports[0] <= hi);
        if (covered.length === 0) continue;
        this.opts.log.warn(
          { file: this.opts.file, rule: rule.meta.name, ports: covered.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',') },
          `${REQUIREMENT_VAR[kind]} does not apply where a policy file rule covers the port: the rule decides who is admitted`,
        );
      }
    }
  }

  private isOpaque(port: number): boolean {
    return inRanges(this.opts.opaquePorts, port);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read policy file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
