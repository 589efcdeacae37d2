import { nodeSpan } from '../parse/tree';
import { envParamName, lookupParam } from '../calico/params';
import type { EnvEntry } from '../model/workloads';
import { alternatives } from '../parse';
import type { Rule } from './types';
import { m } from '../l10n/messages';

/** Names Calico reads from its environment besides FELIX_/TYPHA_ parameters (fact sheet, 1d). */
const CALICO_ENV = /^(CALICO_|ETCD_|DATASTORE_TYPE$|KUBECONFIG$|NODENAME$)/;

function calicoReads(name: string): boolean {
  const p = envParamName(name);
  if (p) return !!lookupParam(p.component, p.key);
  return CALICO_ENV.test(name);
}

/** Where the value comes from, as a comparable string; undefined when it cannot be compared. */
function source(e: EnvEntry): string | undefined {
  const v = e.value;
  if (v.type === 'value') return v.text === undefined ? undefined : `value:${v.text}`;
  if (v.type === 'secretKeyRef' || v.type === 'configMapKeyRef') return `${v.type}:${v.name}/${v.key}`;
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-env-var',
    category: 'general',
    severity: 'warning',
    description:
      'A container lists a variable Calico reads twice, with different values: Kubernetes ' +
      'keeps the last, so the earlier value is silently ignored.',
    why:
      "The API server accepts duplicate names in a container's env list (it only warns: " +
      '"hides previous definition"), and the container gets the last one. Calico then runs ' +
      'with the later value, while the earlier entry, often the one a reader finds first, ' +
      'looks as if it were in effect. Only variables Calico reads (FELIX_ and TYPHA_ ' +
      'parameters, CALICO_*, ETCD_*, DATASTORE_TYPE, KUBECONFIG, NODENAME) are reported, and ' +
      'only when the values differ; the two arms of a template conditional are alternatives, ' +
      'not duplicates.',
    messages: {
      setAgain:
        "{name} is set again at line {line} in container '{container}'; Kubernetes keeps the last entry, so " +
        'this one is ignored.',
      takesEffect: 'the {name} that takes effect',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text:
                'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: ' +
                'kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: ' +
                'calico-node\n          image: calico/node:v3.30.0\n          env:\n            - name: ' +
                'FELIX_TYPHACN\n              value: typha-server\n            - name: ' +
                'FELIX_TYPHAK8SSERVICENAME\n              value: calico-typha\n            - name: ' +
                'FELIX_TYPHACN\n              value: calico-typha\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-node.yml.j2',
              text:
                'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: ' +
                'kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: ' +
                'calico-node\n          image: calico/node:v3.30.0\n          env:\n{% if ipv4 %}\n      ' +
                '      - name: CALICO_IPV4POOL_CIDR\n              value: "10.244.0.0/16"\n{% else %}\n  ' +
                '          - name: CALICO_IPV4POOL_CIDR\n              value: "none"\n{% endif %}\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const c of a.ws.containers) {
      const file = c.workload.object.file;
      const seen = new Map<string, EnvEntry[]>();
      for (const e of c.env) {
        if (e.nameNode.templated || !calicoReads(e.name)) continue;
        const list = seen.get(e.name);
        if (list) list.push(e);
        else seen.set(e.name, [e]);
      }
      for (const [name, entries] of seen) {
        for (let i = 0; i < entries.length - 1; i++) {
          const e = entries[i]!;
          // The later entry that hides this one: not in another arm of the same conditional.
          const later = entries.slice(i + 1).find((x) => !alternatives(file, e.nameNode.start, x.nameNode.start));
          if (!later) continue;
          const [s1, s2] = [source(e), source(later)];
          if (s1 !== undefined && s1 === s2) continue;
          const line = file.lines.positionAt(later.nameNode.start).line + 1;
          report({
            span: nodeSpan(file.uri, e.nameNode),
            message: m('setAgain', { name, line, container: c.name }),
            related: [{ span: nodeSpan(file.uri, later.nameNode), message: m('takesEffect', { name }) }],
          });
        }
      }
    }
  },
};
