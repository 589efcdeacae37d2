// Every snippet, expanded with its defaults (first choice, default text, empty tab stops), is
// inserted where it belongs in a host fixture and must lint without error. The package.json
// contributes every snippet file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lint } from '../server/src/engine';
import { read, repoRoot } from './helpers';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

/** VS Code snippet syntax with defaults: ${1:text} -> text, ${1|a,b|} -> a, $1/${1}/$0 -> ''. */
export function expand(body: string[]): string {
  let t = body.join('\n');
  for (let i = 0; i < 10; i++) {
    const next = t
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
    if (next === t) break;
    t = next;
  }
  return t;
}

const indent = (s: string, n: number) =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

const NODE_HOST = (env: string, mounts: string, volumes: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
${env}
          volumeMounts:
${mounts}
      volumes:
${volumes}
`;

const DEFAULT_ENV = indent('- name: FELIX_LOGSEVERITYSCREEN\n  value: info', 12);
const DEFAULT_MOUNTS = indent(
  '- name: calico-typha-ca\n  mountPath: /calico-typha-ca\n- name: calico-node-certs\n  mountPath: /calico-node-certs',
  12,
);
const DEFAULT_VOLUMES = indent(
  '- name: calico-typha-ca\n  configMap:\n    name: calico-typha-ca\n- name: calico-node-certs\n  secret:\n    secretName: calico-node-certs',
  8,
);
const TYPHA_MOUNTS = indent(
  '- name: calico-typha-ca\n  mountPath: /calico-typha-ca\n- name: calico-typha-certs\n  mountPath: /calico-typha-certs',
  12,
);

/** Where each snippet goes. */
const HOSTS: Record<string, (s: string) => Array<{ uri: string; text: string }>> = {
  'calico-tls-felix-env-cn': (s) => [
    { uri: 'node.yaml', text: NODE_HOST(indent(s, 12), DEFAULT_MOUNTS, DEFAULT_VOLUMES) },
  ],
  'calico-tls-felix-env-spiffe': (s) => [
    { uri: 'node.yaml', text: NODE_HOST(indent(s, 12), DEFAULT_MOUNTS, DEFAULT_VOLUMES) },
  ],
  'calico-tls-typha-env': (s) => [
    {
      uri: 'typha.yaml',
      text: NODE_HOST(indent(s, 12), TYPHA_MOUNTS, DEFAULT_VOLUMES)
        .replace(/calico-node/g, 'calico-typha')
        .replace('DaemonSet', 'Deployment')
        .replace('calico/node', 'calico/typha'),
    },
  ],
  'calico-tls-felix-mounts': (s) => [
    { uri: 'node.yaml', text: NODE_HOST(DEFAULT_ENV, indent(s, 12), DEFAULT_VOLUMES) },
  ],
  'calico-tls-felix-volumes': (s) => [{ uri: 'node.yaml', text: NODE_HOST(DEFAULT_ENV, DEFAULT_MOUNTS, indent(s, 8)) }],
  'calico-tls-prometheus-secrets': (s) => [
    {
      uri: 'prometheus.yaml',
      text: `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: calico-node-prometheus\n  namespace: calico-monitoring\nspec:\n${indent(s, 2)}\n`,
    },
  ],
};

const FILES: Array<[string, string]> = [
  ['snippets/yaml.json', 'snippet.yaml'],
  ['snippets/json.json', '10-calico.conflist'],
  ['snippets/ini.json', 'felix.cfg'],
];

test('every snippet, with its defaults, lints without error where it belongs', () => {
  let n = 0;
  for (const [file, standalone] of FILES) {
    const snippets = JSON.parse(read(join(repoRoot(), file))) as Record<string, Snippet>;
    for (const [title, s] of Object.entries(snippets)) {
      assert.ok(s.prefix.startsWith('calico-tls-') && s.description.length > 20, title);
      const text = expand(s.body);
      assert.ok(!/\$\{|\$\d/.test(text), `${title}: unexpanded placeholder`);
      let sources = HOSTS[s.prefix]?.(text) ?? [{ uri: standalone, text: text + '\n' }];
      if (s.prefix === 'calico-tls-typha-cfg') sources = [{ uri: 'typha.cfg', text }];
      if (s.prefix === 'calico-tls-cni-etcd')
        sources = [
          {
            uri: '10-calico.conflist',
            text: `{"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [${text}]}`,
          },
        ];
      const res = lint(sources);
      assert.deepEqual(res.ruleErrors, []);
      const errors = res.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
      assert.deepEqual(errors, [], `${title}`);
      n++;
    }
  }
  assert.ok(n >= 15, `${n} snippets`);
});

test('package.json contributes the snippet files for YAML, JSON and INI', () => {
  const pkg = JSON.parse(read(join(repoRoot(), 'package.json'))) as {
    contributes: { snippets: Array<{ language: string; path: string }> };
  };
  const langs = pkg.contributes.snippets.map((s) => `${s.language}:${s.path}`);
  for (const want of ['yaml:./snippets/yaml.json', 'json:./snippets/json.json', 'ini:./snippets/ini.json'])
    assert.ok(langs.includes(want), want);
});
