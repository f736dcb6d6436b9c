// The effective configuration as plain JSON-ready data, for `podwire proxy --check-config`: what
// the loader made of the environment, defaults filled in. Nothing secret is in Config (tokens and
// keys are file paths, read later), but as a guard any PEM text is summarised rather than printed,
// and a private key, should one ever get here, is redacted.
import type { Config } from '../config.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/g;

function summarisePem(text: string): string {
  const kinds = [...text.matchAll(PEM_BLOCK)].map((m) => m[1]!);
  if (kinds.some((k) => k.includes('PRIVATE KEY'))) return '<redacted: PEM private key>';
  const certs = kinds.filter((k) => k === 'CERTIFICATE').length;
  return `<inline PEM: ${certs} certificate${certs === 1 ? '' : 's'}>`;
}

/** `config` as JSON-ready data with PEM text summarised. */
export function describeConfig(config: Config): unknown {
  return JSON.parse(JSON.stringify(config, (_key, value: unknown) => {
    if (typeof value === 'string' && value.includes('-----BEGIN ')) return summarisePem(value);
    return value;
  }));
}
