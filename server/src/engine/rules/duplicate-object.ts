import { nodeSpan } from '../parse/tree';
import { conditional } from '../parse';
import type { K8sObject } from '../model/objects';
import type { Rule } from './types';
import { m } from '../l10n/messages';

function where(o: K8sObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-object',
    category: 'general',
    severity: 'warning',
    description:
      'The same object (kind, namespace and name) twice in what is applied together: the later ' +
      'definition replaces the earlier one.',
    why:
      '`kubectl apply -f` and `kustomize build` apply a folder or a kustomization as one set; ' +
      'an object defined twice in it is applied twice and the later definition wins, so every ' +
      'setting of the earlier one (the keys of a TLS Secret, a calico-node env var) silently ' +
      'disappears. Calico TLS relates objects only inside such a set (a kustomization, a ' +
      'chart, a folder whose parts define no object twice; ARCHITECTURE.md, "Units"), so dev/ ' +
      'and prod/ copies of the same object are never reported, and neither are objects in ' +
      'different arms of a template conditional or inside one (their rendering depends on ' +
      'values).',
    messages: {
      definedAtLine:
        '{object} is already defined at line {line}, in the same set of files; applied together, this ' +
        'definition replaces that one and its settings are lost.',
      definedInFile:
        '{object} is already defined at {file}:{line}, in the same set of files; applied together, this ' +
        'definition replaces that one and its settings are lost.',
      earlier: 'the earlier {object}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'certs.yaml',
              text:
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: ' +
                'kube-system\ndata:\n  typha_service_name: calico-typha\n---\napiVersion: v1\nkind: ' +
                'ConfigMap\nmetadata:\n  name: calico-config\n  namespace: kube-system\ndata:\n  ' +
                'typha_service_name: none\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'dev/certs.yaml',
              text:
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: ' +
                'kube-system\ndata:\n  typha_service_name: calico-typha\n',
            },
            {
              name: 'prod/certs.yaml',
              text:
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: ' +
                'kube-system\ndata:\n  typha_service_name: calico-typha\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const seen = new Map<string, K8sObject>();
    for (const o of a.ws.objects) {
      if (o.name === undefined || !o.nameNode) continue;
      // An object a template may or may not render is not known to be there twice (objects in different arms of
      // one conditional are both inside it).
      if (conditional(o.file, o.node.start)) continue;
      const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, o);
        continue;
      }
      const at = first.file.lines.positionAt(first.nameNode!.start).line + 1;
      report({
        span: nodeSpan(o.file.uri, o.nameNode),
        message:
          first.file === o.file
            ? m('definedAtLine', { object: where(o), line: at })
            : m('definedInFile', { object: where(o), file: first.file.uri.split(/[\\/]/).pop()!, line: at }),
        related: [{ span: nodeSpan(first.file.uri, first.nameNode!), message: m('earlier', { object: where(first) }) }],
      });
    }
  },
};
