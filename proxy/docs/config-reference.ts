// Renders docs/configuration.md from the variable table in proxy/config/vars.ts, the same table
// config.ts checks every read against, so the reference lists exactly what podwire reads, and
// from proxy/config/linkerd-unimplemented.ts, the Linkerd variables it warns it does not implement.
import { CONFIG_VARS, GROUP_TITLES, type ConfigVar, type VarGroup } from '../config/vars.js';
import { LINKERD_UNIMPLEMENTED } from '../config/linkerd-unimplemented.js';
import { code, generatedBanner, table } from './markdown.js';

export const CONFIG_REFERENCE_PATH = 'docs/configuration.md';

function defaultCell(v: ConfigVar): string {
  if (v.default !== undefined) return code(v.default);
  return v.unset ?? 'none';
}

export function renderConfigReference(): string {
  const groups = new Map<VarGroup, ConfigVar[]>();
  for (const v of CONFIG_VARS) groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
  const sections = [...groups].map(([group, vars]) =>
    `## ${GROUP_TITLES[group]}\n\n${table(['Variable', 'Default', 'Meaning'], vars.map((v) => [code(v.name), defaultCell(v), v.meaning]))}`);
  return `${generatedBanner('proxy/config/vars.ts')}
# Configuration reference

\`podwire proxy\` is configured only from the environment, with linkerd2-proxy's variable names
where it has the setting (\`LINKERD2_PROXY_*\`) and \`PODWIRE_*\` for its own. These are all
the ${CONFIG_VARS.length} variables it reads. Any other \`LINKERD2_PROXY_*\` or \`PODWIRE_*\`
variable gets a warning at startup, one log line each (\`variable\`, \`problem\`, and \`suggestion\`
when a known name is close, e.g. \`PODWIRE_OUTBOUND_FOWARDS\` → \`PODWIRE_OUTBOUND_FORWARDS\`);
[Linkerd's variables that podwire does not implement](#linkerd-variables-podwire-does-not-implement)
are named as such. Warnings never stop the proxy; \`podwire proxy --check-config\` prints them with
the effective configuration and exits.

- Every problem is reported at once (variable, value, why) and podwire exits with code 2 before
  binding anything. An empty value counts as unset.
- Durations use Linkerd's syntax: an integer and \`ms\`, \`s\`, \`m\`, \`h\` or \`d\` (\`0\` alone is allowed).
- Control-plane addresses come in pairs, \`<BASE>_ADDR\` (\`host:port\`) and \`<BASE>_NAME\` (its TLS
  identity); a loopback address needs no name and is used in plaintext, as Linkerd does.
- Identity comes either from files (\`PODWIRE_IDENTITY_CERT_FILE\` and \`_KEY_FILE\`) or from the
  identity service (\`LINKERD2_PROXY_IDENTITY_SVC_ADDR\`, \`_DIR\`, \`_TOKEN_FILE\`), never both.
- A default in \`code\` is the value that behaves exactly like leaving the variable unset.

${sections.join('\n')}
## Linkerd variables podwire does not implement

Set by Linkerd's injector or documented for linkerd2-proxy, accepted, and without effect in
podwire: each one that is set gets a startup warning saying so.

${table(['Variables', 'What podwire does instead'], LINKERD_UNIMPLEMENTED.map((g) => [g.names.map(code).join(', '), g.instead]))}`;
}
