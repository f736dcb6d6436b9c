// A container's `env` list turned into the environment its process sees, the way the kubelet
// does it: entries in order, `valueFrom.fieldRef` filled from the pod, and `$(VAR)` replaced by
// the value of a variable defined earlier in the list (an undefined one stays as written; `$$`
// is a literal `$`). Used to run podwire with an environment block exactly as an injector writes it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface EnvEntry {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath: string } };
}

export interface ContainerSpec {
  readonly name: string;
  readonly env: readonly EnvEntry[];
  readonly lifecycle?: { readonly postStart?: { readonly exec?: { readonly command: readonly string[] } } };
}

/** The pod fields a fieldRef may name (`status.podIPs` is the IPs, comma-separated). */
export interface PodFields {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly nodeName: string;
  readonly podIPs: readonly string[];
}

/** Linkerd 2.14's injected pod (deploy/kubernetes/linkerd-2.14/injected-pod.yaml): the fixture for what its injector writes. */
export const INJECTED_POD_214 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/kubernetes/linkerd-2.14/injected-pod.yaml');

/** A container from a file holding either the container itself or a Pod (picked by name). */
export function readContainerFixture(file: string, name = 'linkerd-proxy'): ContainerSpec {
  const doc = parse(fs.readFileSync(file, 'utf8')) as ContainerSpec | { kind: 'Pod'; spec: { containers: ContainerSpec[] } };
  if (!('kind' in doc) || doc.kind !== 'Pod') return doc as ContainerSpec;
  const container = doc.spec.containers.find((c) => c.name === name);
  if (!container) throw new Error(`${file} has no container ${name}`);
  return container;
}

function fieldValue(pod: PodFields, fieldPath: string): string {
  switch (fieldPath) {
    case 'metadata.name': return pod.name;
    case 'metadata.namespace': return pod.namespace;
    case 'spec.serviceAccountName': return pod.serviceAccountName;
    case 'spec.nodeName': return pod.nodeName;
    case 'status.podIP': return pod.podIPs[0] ?? '';
    case 'status.podIPs': return pod.podIPs.join(',');
    default: throw new Error(`fieldRef ${fieldPath} is not supported by this harness`);
  }
}

/** Kubernetes' expansion of `$(VAR)` against the variables defined so far. */
export function expandReferences(text: string, defined: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      out += '$';
      i++;
    } else if (text[i] === '$' && text[i + 1] === '(') {
      const end = text.indexOf(')', i + 2);
      const name = end < 0 ? undefined : text.slice(i + 2, end);
      if (name !== undefined && defined.has(name)) {
        out += defined.get(name);
        i = end;
      } else {
        out += text[i];
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

export function resolveEnv(env: readonly EnvEntry[], pod: PodFields): Record<string, string> {
  const defined = new Map<string, string>();
  for (const e of env) {
    const fieldPath = e.valueFrom?.fieldRef?.fieldPath;
    const value = fieldPath !== undefined ? fieldValue(pod, fieldPath) : expandReferences(e.value ?? '', defined);
    defined.set(e.name, value);
  }
  return Object.fromEntries(defined);
}
