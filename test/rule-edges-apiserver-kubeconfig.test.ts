// Edges of kube-apiserver-etcd-plaintext, kube-apiserver-etcd-cert-without-key and kubeconfig-insecure
// that no fixture reaches: whole messages (one TLS file or several, kubeadm's refusal), blank and
// templated settings, quoted endpoints the https:// fix cannot rewrite, templated endpoint lists,
// kubeconfig clusters without a name, a server or a cluster map, and objects that are not kubeconfigs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { apiserverPod, kubeadmConfig } from '../server/src/engine/rules/support/apiserver-examples';
import { applyFix, related, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const POD = 'kube-apiserver (Pod kube-system/kube-apiserver)';
const KUBEADM = 'kube-apiserver (kubeadm ClusterConfiguration)';

/** kubeadm's static pod with one argument line replaced as written (quoted, templated). */
function podWith(flag: string, line: string, set: Record<string, string> = {}): string {
  const text = apiserverPod({ set });
  const at = text.indexOf(`- --${flag}=`);
  assert.ok(at >= 0, flag);
  return text.slice(0, at) + line + text.slice(text.indexOf('\n', at));
}

// ---- kube-apiserver-etcd-plaintext ----

const PLAIN = 'kube-apiserver-etcd-plaintext';

test('kube-apiserver-etcd-plaintext: all three TLS files are named unused, and the fix rewrites the scheme', () => {
  const files = [{ uri: 'a.yaml', text: apiserverPod({ set: { 'etcd-servers': 'http://10.0.0.1:2379' } }) }];
  const fs = run(files, PLAIN);
  assert.deepEqual(said(files, fs), [
    [
      'http://10.0.0.1:2379',
      `${POD}: etcd endpoint http://10.0.0.1:2379 uses plain HTTP; --etcd-cafile, --etcd-certfile, ` +
        '--etcd-keyfile are then not used. Use https:// with mutual TLS.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), []);
  assert.equal(fs[0]!.fixes.length, 1);
  assert.equal(fs[0]!.fixes[0]!.title, 'Use https://');
  assert.equal(fs[0]!.fixes[0]!.safety, 'unsafe');
  const edits = fs[0]!.fixes[0]!.edits;
  assert.deepEqual(
    edits.map((e) => [files[0]!.text.slice(e.start, e.end), e.newText]),
    [['http://', 'https://']],
  );
  const fixed = applyFix(files, fs[0]!);
  assert.ok(fixed[0]!.text.includes('- --etcd-servers=https://10.0.0.1:2379\n'));
  assert.deepEqual(run(fixed, PLAIN), []);
});

test('kube-apiserver-etcd-plaintext: one TLS file set is named alone; each plain endpoint is fixed', () => {
  const files = [
    {
      uri: 'a.yaml',
      text: apiserverPod({
        set: { 'etcd-servers': 'http://10.0.0.1:2379,https://10.0.0.2:2379,HTTP://10.0.0.3:2379' },
        drop: ['etcd-certfile', 'etcd-keyfile'],
      }),
    },
  ];
  const fs = run(files, PLAIN);
  assert.deepEqual(said(files, fs), [
    [
      'http://10.0.0.1:2379',
      `${POD}: etcd endpoints http://10.0.0.1:2379, HTTP://10.0.0.3:2379 use plain HTTP; --etcd-cafile is ` +
        'then not used. Use https:// with mutual TLS.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['a.yaml', 'HTTP://10.0.0.3:2379', 'another plain-HTTP endpoint']]);
  const fixed = applyFix(files, fs[0]!);
  assert.ok(
    fixed[0]!.text.includes('- --etcd-servers=https://10.0.0.1:2379,https://10.0.0.2:2379,https://10.0.0.3:2379\n'),
  );
});

test('kube-apiserver-etcd-plaintext: without TLS files no file is named and no https:// is offered', () => {
  const files = [
    {
      uri: 'a.yaml',
      text: apiserverPod({
        set: { 'etcd-servers': 'http://10.0.0.1:2379' },
        drop: ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'],
      }),
    },
  ];
  const fs = run(files, PLAIN);
  assert.deepEqual(said(files, fs), [
    [
      'http://10.0.0.1:2379',
      `${POD}: etcd endpoint http://10.0.0.1:2379 uses plain HTTP. Use https:// with mutual TLS.`,
    ],
  ]);
  assert.deepEqual(fs[0]!.fixes, []);
});

test('kube-apiserver-etcd-plaintext: blank, empty and templated TLS files are not named', () => {
  const text = podWith('etcd-cafile', '- "--etcd-cafile=  "', { 'etcd-servers': 'http://10.0.0.1:2379' })
    .replace('- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '- --etcd-certfile=')
    .replace('- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '- --etcd-keyfile={{ .Values.key }}');
  const files = [{ uri: 'a.yaml', text }];
  const fs = run(files, PLAIN);
  assert.deepEqual(said(files, fs), [
    [
      'http://10.0.0.1:2379',
      `${POD}: etcd endpoint http://10.0.0.1:2379 uses plain HTTP. Use https:// with mutual TLS.`,
    ],
  ]);
  assert.deepEqual(fs[0]!.fixes, []);
});

test('kube-apiserver-etcd-plaintext: one blank kubeadm file among set ones is left out', () => {
  const files = [
    {
      uri: 'kubeadm.yaml',
      text: kubeadmConfig({
        etcd:
          '  external:\n    endpoints:\n      - http://10.0.0.20:2379\n    caFile: " "\n' +
          '    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n',
      }),
    },
  ];
  assert.deepEqual(said(files, run(files, PLAIN)), [
    [
      'http://10.0.0.20:2379',
      `${KUBEADM}: etcd endpoint http://10.0.0.20:2379 uses plain HTTP; etcd.external.certFile, ` +
        'etcd.external.keyFile are then not used, and kubeadm refuses certificate files with http:// endpoints. ' +
        'Use https:// with mutual TLS.',
    ],
  ]);
});

test('kube-apiserver-etcd-plaintext: a quoted kubeadm endpoint gets no https:// fix for any endpoint', () => {
  const files = [
    {
      uri: 'kubeadm.yaml',
      text: kubeadmConfig({
        etcd:
          '  external:\n    endpoints:\n      - "http://10.0.0.20:2379"\n      - http://10.0.0.21:2379\n' +
          '    caFile: /etc/etcd/ca.crt\n',
      }),
    },
  ];
  const fs = run(files, PLAIN);
  assert.deepEqual(said(files, fs), [
    [
      '"http://10.0.0.20:2379"',
      `${KUBEADM}: etcd endpoints http://10.0.0.20:2379, http://10.0.0.21:2379 use plain HTTP; ` +
        'etcd.external.caFile is then not used, and kubeadm refuses certificate files with http:// endpoints. ' +
        'Use https:// with mutual TLS.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['kubeadm.yaml', 'http://10.0.0.21:2379', 'another plain-HTTP endpoint']]);
  assert.deepEqual(fs[0]!.fixes, []);
});

test('kube-apiserver-etcd-plaintext: a kubeadm endpoint list with a templated entry is not judged', () => {
  const files = [
    {
      uri: 'kubeadm.yaml',
      text: kubeadmConfig({
        etcd:
          '  external:\n    endpoints:\n      - "{{ .Values.etcd }}"\n      - http://10.0.0.21:2379\n' +
          '    caFile: /etc/etcd/ca.crt\n',
      }),
    },
  ];
  assert.deepEqual(run(files, PLAIN), []);
});

test('kube-apiserver-etcd-plaintext: http:// inside an https:// endpoint, or no --etcd-servers, is no finding', () => {
  const files = [
    { uri: 'a.yaml', text: apiserverPod({ set: { 'etcd-servers': 'https://10.0.0.1:2379/http://x' } }) },
    {
      uri: 'b.yaml',
      text: apiserverPod({ drop: ['etcd-servers'] }).replace(
        'name: kube-apiserver\n  namespace',
        'name: b\n  namespace',
      ),
    },
  ];
  assert.deepEqual(run(files, PLAIN), []);
});

// ---- kube-apiserver-etcd-cert-without-key ----

const WITHOUT_KEY = 'kube-apiserver-etcd-cert-without-key';

const external = (fields: string) =>
  kubeadmConfig({
    etcd: `  external:\n    endpoints: [https://10.0.0.20:2379]\n    caFile: /etc/etcd/ca.crt\n${fields}`,
  });

test('kube-apiserver-etcd-cert-without-key: kubeadm names the missing keyFile or certFile', () => {
  const files = [
    { uri: 'cert.yaml', text: external('    certFile: /etc/etcd/client.crt\n') },
    { uri: 'key.yaml', text: external('    keyFile: /etc/etcd/client.key\n') },
  ];
  const refuses =
    'kubeadm refuses it ("either both or none of .Etcd.External.CertFile and .Etcd.External.KeyFile must be set").';
  assert.deepEqual(said(files, run(files, WITHOUT_KEY)), [
    [
      'certFile: /etc/etcd/client.crt',
      `${KUBEADM}: etcd.external.certFile is set but etcd.external.keyFile is not; ${refuses}`,
    ],
    [
      'keyFile: /etc/etcd/client.key',
      `${KUBEADM}: etcd.external.keyFile is set but etcd.external.certFile is not; ${refuses}`,
    ],
  ]);
});

test('kube-apiserver-etcd-cert-without-key: a blank key is empty; the certificate path is quoted trimmed', () => {
  const text = podWith('etcd-keyfile', '- "--etcd-keyfile= "').replace(
    '- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '- "--etcd-certfile= /etc/kubernetes/pki/apiserver-etcd-client.crt "',
  );
  const files = [{ uri: 'a.yaml', text }];
  const fs = run(files, WITHOUT_KEY);
  assert.deepEqual(said(files, fs), [
    [
      '"--etcd-keyfile= "',
      `${POD}: --etcd-certfile is set but --etcd-keyfile is empty; kube-apiserver cannot start: ` +
        '"KeyFile and CertFile must both be present[key: , cert: /etc/kubernetes/pki/apiserver-etcd-client.crt]".',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [
    ['a.yaml', '"--etcd-certfile= /etc/kubernetes/pki/apiserver-etcd-client.crt "', 'the other half'],
  ]);
});

test('kube-apiserver-etcd-cert-without-key: a templated key is not judged', () => {
  const files = [{ uri: 'a.yaml', text: podWith('etcd-keyfile', '- --etcd-keyfile={{ .Values.key }}') }];
  assert.deepEqual(run(files, WITHOUT_KEY), []);
});

// ---- kubeconfig-insecure ----

const INSECURE = 'kubeconfig-insecure';

const kubeconfig = (clusters: string, head = 'apiVersion: v1\nkind: Config\n') =>
  `${head}clusters:\n${clusters}users:\n  - name: calico-cni\n    user:\n      token: "<token>"\n`;

test('kubeconfig-insecure: a cluster without a name is called ?', () => {
  const files = [
    {
      uri: 'kc',
      text: kubeconfig('  - cluster:\n      server: https://10.96.0.1:443\n      insecure-skip-tls-verify: true\n'),
    },
  ];
  assert.deepEqual(said(files, run(files, INSECURE)), [
    [
      'insecure-skip-tls-verify: true',
      "kubeconfig cluster '?' skips TLS verification of kube-apiserver; credentials go to whoever answers. " +
        'Set certificate-authority instead.',
    ],
  ]);
});

test('kubeconfig-insecure: insecure-skip-tls-verify: false is judged on its server', () => {
  const files = [
    {
      uri: 'kc',
      text: kubeconfig(
        '  - name: a\n    cluster:\n      server: https://10.96.0.1:443\n      insecure-skip-tls-verify: false\n',
      ),
    },
  ];
  assert.deepEqual(said(files, run(files, INSECURE)), [
    [
      'https://10.96.0.1:443',
      "kubeconfig cluster 'a' has no certificate-authority or certificate-authority-data, so only the system " +
        'roots are trusted for https://10.96.0.1:443.',
    ],
  ]);
});

test('kubeconfig-insecure: certificate-authority-data is a CA', () => {
  const files = [
    {
      uri: 'kc',
      text: kubeconfig(
        '  - name: a\n    cluster:\n      server: https://10.96.0.1:443\n      certificate-authority-data: LS0t\n',
      ),
    },
  ];
  assert.deepEqual(run(files, INSECURE), []);
});

test('kubeconfig-insecure: clusters without a cluster map, a server or an https:// scheme are not judged', () => {
  const files = [
    {
      uri: 'kc',
      text: kubeconfig(
        '  - name: no-map\n' +
          '  - name: scalar\n    cluster: kubernetes\n' +
          '  - name: no-server\n    cluster:\n      proxy-url: http://proxy:3128\n' +
          '  - name: no-scheme\n    cluster:\n      server: 10.96.0.1:443\n' +
          '  - name: wrapped\n    cluster:\n      server: tcp+https://10.96.0.1:443\n' +
          '  - name: inside\n    cluster:\n      server: https://10.96.0.1:443/http://x\n' +
          '      certificate-authority: /ca.crt\n',
      ),
    },
  ];
  assert.deepEqual(run(files, INSECURE), []);
});

test('kubeconfig-insecure: a templated http:// server is not judged', () => {
  const files = [
    {
      uri: 'kc.yaml',
      text: kubeconfig('  - name: t\n    cluster:\n      server: http://{{ .Values.host }}:8080\n'),
    },
  ];
  assert.deepEqual(run(files, INSECURE), []);
});

test('kubeconfig-insecure: only apiVersion v1 kind Config is a kubeconfig', () => {
  const clusters = '  - name: a\n    cluster:\n      server: http://10.96.0.1:8080\n';
  const files = [
    { uri: 'v2', text: kubeconfig(clusters, 'apiVersion: v2\nkind: Config\n') },
    { uri: 'list', text: kubeconfig(clusters, 'apiVersion: v1\nkind: List\n') },
    { uri: 'other', text: kubeconfig(clusters, 'apiVersion: example.com/v1\nkind: Other\n') },
    { uri: 'good', text: kubeconfig(clusters) },
  ];
  assert.deepEqual(said(files, run(files, INSECURE)), [
    [
      'http://10.96.0.1:8080',
      "kubeconfig cluster 'a' talks to kube-apiserver over plain HTTP (http://10.96.0.1:8080).",
    ],
  ]);
});
