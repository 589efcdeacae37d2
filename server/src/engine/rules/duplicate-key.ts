import { alternatives, type ParsedFile } from '../parse';
import { repeatedKeys } from '../parse/keys';
import type { K8sObject } from '../model/objects';
import type { ObjectId } from '../model/reads';
import { configOfIniFile } from '../model/config';
import type { Rule } from './types';
import { m } from '../l10n/messages';

/** Calico/Tigera resources, and anything named for Calico. */
function calicoNamed(o: ObjectId): boolean {
  return /projectcalico|tigera/.test(o.apiVersion) || /calico|tigera|typha|felix/i.test(o.name ?? '');
}

/** Objects whose fields Calico or its tooling reads: those above and the workloads running Felix or Typha. */
function calicoObject(o: K8sObject, roles: ReadonlySet<K8sObject>): boolean {
  return calicoNamed(o) || roles.has(o);
}

function line(f: ParsedFile, offset: number): number {
  return f.lines.positionAt(offset).line + 1;
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-key',
    category: 'general',
    severity: 'error',
    // The keys of Calico's own objects of any kind (its CRDs too): a CRD no other reader reads is
    // then cut to its identity with its repeated keys kept, which the parse of a large workspace
    // finds from the text without composing the document (parse/keys.ts). The workloads holding
    // Felix/Typha roles are read whole by the model.
    reads: { keys: calicoNamed },
    description:
      'A key written twice in one mapping of a Calico object (kubectl rejects the object), or ' +
      'twice in felix.cfg/typha.cfg (the later value wins).',
    why:
      'kubectl, Helm and kustomize decode manifests with sigs.k8s.io/yaml, which refuses a ' +
      'mapping with a repeated key: `error converting YAML to JSON: yaml: unmarshal errors: ' +
      'line 17: mapping key "value" already defined at line 15`, and nothing of that object is ' +
      'applied. YAML editors parse such a file without complaint, so the mistake reaches CI. ' +
      'In felix.cfg and typha.cfg, Calico reads the file with gopkg.in/ini and lower-cases ' +
      'every key (CAL felix/config/file_loader.go): a key written twice, in any case, takes ' +
      'the later value. Keys in different arms of a template conditional are alternatives, not ' +
      'duplicates.',
    messages: {
      duplicateKey:
        "'{key}' is already defined at line {line} of this mapping; kubectl rejects the {kind} with " +
        '"mapping key \\"{key}\\" already defined at line {line}" and applies none of it.',
      firstKey: "the first '{key}'",
      iniSetAgain:
        "{key} is set again at line {line} (as {laterKey}); Calico keeps the later value, so '{value}' here is " +
        'ignored.',
      takesEffect: 'the {key} that takes effect',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-config.yaml',
              text:
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: ' +
                'kube-system\ndata:\n  typha_service_name: calico-typha\n  calico_backend: bird\n  ' +
                'typha_service_name: none\n',
            },
          ],
        },
        {
          files: [
            {
              name: 'felix.cfg',
              text:
                '[global]\nTyphaCN = typha-server\nTyphaCAFile = /etc/calico/typha-ca.crt\ntyphacn = ' +
                'calico-typha\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-config.yaml',
              text:
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: ' +
                'kube-system\ndata:\n  typha_service_name: calico-typha\n  calico_backend: bird\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const roles = new Set<K8sObject>();
    for (const cfg of a.configs) if (cfg.container) roles.add(cfg.container.workload.object);
    for (const e of a.etcd) if (e.container) roles.add(e.container.workload.object);
    for (const o of a.ws.objects) {
      if (!calicoObject(o, roles)) continue;
      const f = o.file;
      // A document cut to its identity kept its repeats (model/compact.ts); any other object has its tree.
      const repeats = (o.doc.root === o.node && o.doc.repeatedKeys) || repeatedKeys(o.node);
      for (const r of repeats) {
        if (alternatives(f, r.first.start, r.again.start)) continue;
        report({
          span: { uri: r.again.uri ?? f.uri, start: r.again.start, end: r.again.end },
          message: m('duplicateKey', { key: r.key, line: line(f, r.first.start), kind: o.kind }),
          related: [
            {
              span: { uri: r.first.uri ?? f.uri, start: r.first.start, end: r.first.end },
              message: m('firstKey', { key: r.key }),
            },
          ],
        });
      }
    }
    for (const f of a.files) {
      if (!configOfIniFile(f)) continue;
      const last = new Map<string, number>();
      f.ini.forEach((e, i) => last.set(e.key.toLowerCase(), i));
      f.ini.forEach((e, i) => {
        const j = last.get(e.key.toLowerCase())!;
        if (j === i) return;
        const later = f.ini[j]!;
        if (e.templated || later.templated || alternatives(f, e.keyStart, later.keyStart) || e.value === later.value)
          return;
        report({
          span: { uri: f.uri, start: e.keyStart, end: e.keyEnd },
          message: m('iniSetAgain', { key: e.key, line: line(f, later.keyStart), laterKey: later.key, value: e.value }),
          related: [
            {
              span: { uri: f.uri, start: later.keyStart, end: later.keyEnd },
              message: m('takesEffect', { key: later.key }),
            },
          ],
        });
      });
    }
  },
};
