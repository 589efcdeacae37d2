// Edges of servicemonitor-secret-not-mounted and servicemonitor-https-without-ca that no fixture reaches:
// arbitraryFSAccessThroughSMs.deny, which Prometheus resources a monitor is judged against (namespaces), several
// Prometheus resources, Secrets without data, paths outside /etc/prometheus/secrets, unnamed objects, schemes that
// only contain "https", near-miss and misplaced CA fields, and where the finding is placed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules';
import { readsObject } from '../server/src/engine/model/reads';
import { related, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

// ---- servicemonitor-secret-not-mounted ----

const MOUNTED = 'servicemonitor-secret-not-mounted';

/** A Prometheus resource; `name`/`namespace` undefined leave the field out. */
function prometheus(o: { name?: string; namespace?: string; secrets?: string[]; deny?: boolean }): string {
  const meta = [o.name ? `  name: ${o.name}\n` : '', o.namespace ? `  namespace: ${o.namespace}\n` : ''].join('');
  const secrets = o.secrets ? `  secrets:\n${o.secrets.map((s) => `    - ${s}\n`).join('')}` : '';
  const deny = o.deny !== undefined ? `  arbitraryFSAccessThroughSMs:\n    deny: ${o.deny}\n` : '';
  return (
    `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n${meta}spec:\n` +
    `  serviceMonitorSelector:\n    matchLabels:\n      team: network\n${secrets}${deny}`
  );
}

/** A ServiceMonitor of calico-node with one endpoint whose tlsConfig holds `tls` (lines at 8 spaces). */
function monitor(tls: string, namespace: string | undefined = 'calico-monitoring', kind = 'ServiceMonitor'): string {
  const ns = namespace ? `  namespace: ${namespace}\n` : '';
  const eps = kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
  return (
    `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\nmetadata:\n  name: calico-node-monitor\n${ns}spec:\n` +
    `  selector:\n    matchLabels:\n      k8s-app: calico-node\n  ${eps}:\n    - port: calico-metrics-port\n` +
    `      scheme: https\n      tlsConfig:\n${tls}`
  );
}

const FILES3 =
  '        caFile: /etc/prometheus/secrets/certs/ca.pem\n' +
  '        certFile: /etc/prometheus/secrets/certs/prom.pem\n' +
  '        keyFile: /etc/prometheus/secrets/certs/prom-key.pem\n';

const denied = (prom: string, kind: string, instead: string) =>
  `Prometheus ${prom} sets arbitraryFSAccessThroughSMs.deny, so the operator rejects this ${kind} ` +
  '("it accesses file system via tls config which Prometheus specification prohibits"); ' +
  `use ${instead} instead.`;

const notListed = (field: string, secret: string, proms: string) =>
  `${field} points into Secret '${secret}', but Prometheus ${proms} does not list it in spec.secrets, so nothing ` +
  `is mounted at /etc/prometheus/secrets/${secret}/.`;

const keyMissing = (field: string, key: string, secret: string, keys: string) =>
  `${field} names key '${key}' of Secret '${secret}', which has ${keys}; the file does not exist in the Prometheus pod.`;

const secret = (name: string, data: string, namespace = 'calico-monitoring') =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${data}`;

test('servicemonitor-secret-not-mounted: deny rejects every file field, each naming its object field', () => {
  const files = [
    {
      uri: 'p.yaml',
      text: prometheus({ name: 'prom', namespace: 'calico-monitoring', secrets: ['certs'], deny: true }),
    },
    { uri: 'm.yaml', text: monitor(FILES3) },
  ];
  assert.deepEqual(said(files, run(files, MOUNTED)), [
    ['/etc/prometheus/secrets/certs/ca.pem', denied('prom', 'ServiceMonitor', 'ca')],
    ['/etc/prometheus/secrets/certs/prom.pem', denied('prom', 'ServiceMonitor', 'cert')],
    ['/etc/prometheus/secrets/certs/prom-key.pem', denied('prom', 'ServiceMonitor', 'keySecret')],
  ]);
  assert.deepEqual(
    run(files, MOUNTED).map((f) => f.related),
    [[], [], []],
  );
});

test('servicemonitor-secret-not-mounted: deny on a PodMonitor, any path, an unnamed Prometheus', () => {
  const files = [
    { uri: 'p.yaml', text: prometheus({ namespace: 'calico-monitoring', deny: true }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/ssl/ca.pem\n', 'calico-monitoring', 'PodMonitor') },
  ];
  assert.deepEqual(said(files, run(files, MOUNTED)), [['/etc/ssl/ca.pem', denied('?', 'PodMonitor', 'ca')]]);
});

test('servicemonitor-secret-not-mounted: deny: false, or deny on only one of two Prometheus resources, allows files', () => {
  for (const other of [false, undefined]) {
    const files = [
      {
        uri: 'a.yaml',
        text: prometheus({ name: 'a', namespace: 'calico-monitoring', secrets: ['certs'], deny: true }),
      },
      {
        uri: 'b.yaml',
        text: prometheus({ name: 'b', namespace: 'calico-monitoring', secrets: ['certs'], deny: other }),
      },
      { uri: 'm.yaml', text: monitor(FILES3) },
    ];
    assert.deepEqual(run(files, MOUNTED), [], String(other));
  }
  const files = [
    { uri: 'a.yaml', text: prometheus({ name: 'a', namespace: 'calico-monitoring', secrets: ['certs'], deny: false }) },
    { uri: 'm.yaml', text: monitor(FILES3) },
  ];
  assert.deepEqual(run(files, MOUNTED), []);
});

test('servicemonitor-secret-not-mounted: each file field is checked; the finding names the Prometheus resource', () => {
  const files = [
    { uri: 'p.yaml', text: prometheus({ name: 'prom', namespace: 'calico-monitoring', secrets: ['other'] }) },
    { uri: 'm.yaml', text: monitor(FILES3) },
  ];
  const fs = run(files, MOUNTED);
  assert.deepEqual(said(files, fs), [
    ['/etc/prometheus/secrets/certs/ca.pem', notListed('caFile', 'certs', 'prom')],
    ['/etc/prometheus/secrets/certs/prom.pem', notListed('certFile', 'certs', 'prom')],
    ['/etc/prometheus/secrets/certs/prom-key.pem', notListed('keyFile', 'certs', 'prom')],
  ]);
  for (const f of fs) assert.deepEqual(related(files, f), [['p.yaml', 'prom', 'Prometheus prom']]);
});

test('servicemonitor-secret-not-mounted: a Prometheus in the monitor namespace decides, not one elsewhere', () => {
  const files = [
    { uri: 'a.yaml', text: prometheus({ name: 'here', namespace: 'calico-monitoring', secrets: ['other'] }) },
    { uri: 'b.yaml', text: prometheus({ name: 'there', namespace: 'elsewhere', secrets: ['certs'] }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/prometheus/secrets/certs/ca.pem\n') },
  ];
  const fs = run(files, MOUNTED);
  assert.deepEqual(said(files, fs), [['/etc/prometheus/secrets/certs/ca.pem', notListed('caFile', 'certs', 'here')]]);
  assert.deepEqual(related(files, fs[0]!), [['a.yaml', 'here', 'Prometheus here']]);
});

test('servicemonitor-secret-not-mounted: a Prometheus without a namespace is a candidate for any monitor', () => {
  const files = [
    { uri: 'a.yaml', text: prometheus({ secrets: ['other'] }) },
    { uri: 'b.yaml', text: prometheus({ name: 'there', namespace: 'elsewhere', secrets: ['certs'] }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/prometheus/secrets/certs/ca.pem\n') },
  ];
  const fs = run(files, MOUNTED);
  // Unnamed: '?' in the message and in the related location, which is then its kind.
  assert.deepEqual(said(files, fs), [['/etc/prometheus/secrets/certs/ca.pem', notListed('caFile', 'certs', '?')]]);
  assert.deepEqual(related(files, fs[0]!), [['a.yaml', 'Prometheus', 'Prometheus ?']]);
});

test('servicemonitor-secret-not-mounted: a monitor without a namespace is judged against every Prometheus', () => {
  const files = [
    { uri: 'a.yaml', text: prometheus({ name: 'a', namespace: 'ns-a', secrets: ['other'] }) },
    { uri: 'b.yaml', text: prometheus({ name: 'b', namespace: 'ns-b', secrets: ['certs'] }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/prometheus/secrets/certs/ca.pem\n', undefined) },
  ];
  assert.deepEqual(run(files, MOUNTED), []);
});

test('servicemonitor-secret-not-mounted: no Prometheus in its namespace, every Prometheus is a candidate', () => {
  const files = [
    { uri: 'a.yaml', text: prometheus({ name: 'a', namespace: 'ns-a', secrets: ['other'] }) },
    { uri: 'b.yaml', text: prometheus({ name: 'b', namespace: 'ns-b' }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/prometheus/secrets/certs/ca.pem\n') },
  ];
  const fs = run(files, MOUNTED);
  assert.deepEqual(said(files, fs), [['/etc/prometheus/secrets/certs/ca.pem', notListed('caFile', 'certs', 'a, b')]]);
  assert.deepEqual(related(files, fs[0]!), [
    ['a.yaml', 'a', 'Prometheus a'],
    ['b.yaml', 'b', 'Prometheus b'],
  ]);
});

test('servicemonitor-secret-not-mounted: one candidate listing the Secret is enough', () => {
  const files = [
    { uri: 'a.yaml', text: prometheus({ name: 'a', namespace: 'calico-monitoring', secrets: ['other'] }) },
    { uri: 'b.yaml', text: prometheus({ name: 'b', namespace: 'calico-monitoring', secrets: ['certs'] }) },
    { uri: 'm.yaml', text: monitor('        caFile: /etc/prometheus/secrets/certs/ca.pem\n') },
  ];
  assert.deepEqual(run(files, MOUNTED), []);
});

test('servicemonitor-secret-not-mounted: paths outside /etc/prometheus/secrets/<name>/ are not judged', () => {
  const files = [
    { uri: 'p.yaml', text: prometheus({ name: 'prom', namespace: 'calico-monitoring', secrets: ['other'] }) },
    {
      uri: 'm.yaml',
      text: monitor(
        '        caFile: /etc/ssl/ca.pem\n' +
          '        certFile: /x/etc/prometheus/secrets/certs/prom.pem\n' +
          '        keyFile: /etc/prometheus/secrets/certs\n',
      ),
    },
  ];
  assert.deepEqual(run(files, MOUNTED), []);
});

test('servicemonitor-secret-not-mounted: a key the listed Secret lacks; a Secret without data or absent is unknown', () => {
  const prom = {
    uri: 'p.yaml',
    text: prometheus({ name: 'prom', namespace: 'calico-monitoring', secrets: ['certs'] }),
  };
  const m = { uri: 'm.yaml', text: monitor(FILES3) };
  const files = [prom, m, { uri: 's.yaml', text: secret('certs', 'data:\n  ca.pem: YQ==\n  tls.crt: YQ==\n') }];
  const fs = run(files, MOUNTED);
  assert.deepEqual(said(files, fs), [
    ['/etc/prometheus/secrets/certs/prom.pem', keyMissing('certFile', 'prom.pem', 'certs', "'ca.pem', 'tls.crt'")],
    [
      '/etc/prometheus/secrets/certs/prom-key.pem',
      keyMissing('keyFile', 'prom-key.pem', 'certs', "'ca.pem', 'tls.crt'"),
    ],
  ]);
  for (const f of fs) assert.deepEqual(related(files, f), [['s.yaml', 'certs', 'Secret certs']]);
  assert.deepEqual(run([prom, m, { uri: 's.yaml', text: secret('certs', 'type: Opaque\n') }], MOUNTED), []);
  assert.deepEqual(run([prom, m], MOUNTED), []);
  // The Secret is looked up in the Prometheus namespace.
  assert.deepEqual(
    run([prom, m, { uri: 's.yaml', text: secret('certs', 'data:\n  a: YQ==\n', 'other') }], MOUNTED),
    [],
  );
});

test('servicemonitor-secret-not-mounted: without a Prometheus resource nothing is judged', () => {
  const files = [{ uri: 'm.yaml', text: monitor(FILES3) }];
  assert.deepEqual(run(files, MOUNTED), []);
});

test('servicemonitor-secret-not-mounted declares that it reads Secrets itself', () => {
  const reads = RULES.find((r) => r.meta.id === MOUNTED)!.meta.reads;
  assert.ok(reads);
  assert.equal(readsObject([reads], { apiVersion: 'v1', kind: 'Secret', name: 'x' }), true);
  assert.equal(readsObject([reads], { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }), false);
});

// ---- servicemonitor-https-without-ca ----

const NO_CA = 'servicemonitor-https-without-ca';

const noCa = (kind: string, name: string, targets: string) =>
  `${kind} ${name} scrapes ${targets} over HTTPS without a CA (caFile or ca); only the system roots are trusted, ` +
  "which do not hold Calico's CA.";

/** A ServiceMonitor of calico-node with one endpoint given as its lines (at 6 spaces after the dash line). */
function sm(
  endpoint: string,
  meta = '  name: calico-node-monitor\n',
  selector = '    matchLabels:\n      k8s-app: calico-node\n',
) {
  return (
    `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n${meta}  namespace: calico-monitoring\n` +
    `spec:\n  selector:\n${selector}  endpoints:\n${endpoint}`
  );
}

test('servicemonitor-https-without-ca: a scheme that only contains https is not HTTPS', () => {
  for (const scheme of ['https', 'HTTPS', 'xhttps', 'httpsx']) {
    const files = [{ uri: 'm.yaml', text: sm(`    - port: calico-metrics-port\n      scheme: ${scheme}\n`) }];
    const fs = run(files, NO_CA);
    if (scheme.toLowerCase() === 'https')
      assert.deepEqual(said(files, fs), [['scheme', noCa('ServiceMonitor', 'calico-node-monitor', 'calico-node')]]);
    else assert.deepEqual(fs, [], scheme);
  }
});

test('servicemonitor-https-without-ca: reported at tlsConfig, else at scheme, else at the first key', () => {
  const withTls = [
    {
      uri: 'm.yaml',
      text: sm('    - port: calico-metrics-port\n      scheme: https\n      tlsConfig:\n        serverName: x\n'),
    },
  ];
  assert.deepEqual(said(withTls, run(withTls, NO_CA)), [
    ['tlsConfig', noCa('ServiceMonitor', 'calico-node-monitor', 'calico-node')],
  ]);
  const relabel = [
    {
      uri: 'm.yaml',
      text: sm(
        '    - port: calico-metrics-port\n      relabelings:\n        - targetLabel: __scheme__\n' +
          '          replacement: https\n',
      ),
    },
  ];
  assert.deepEqual(said(relabel, run(relabel, NO_CA)), [
    ['port', noCa('ServiceMonitor', 'calico-node-monitor', 'calico-node')],
  ]);
});

test('servicemonitor-https-without-ca: insecureSkipVerify false still verifies; true does not', () => {
  const ep = (v: string) =>
    `    - port: calico-metrics-port\n      scheme: https\n      tlsConfig:\n        insecureSkipVerify: ${v}\n`;
  const off = [{ uri: 'm.yaml', text: sm(ep('false')) }];
  assert.deepEqual(said(off, run(off, NO_CA)), [
    ['tlsConfig', noCa('ServiceMonitor', 'calico-node-monitor', 'calico-node')],
  ]);
  assert.deepEqual(run([{ uri: 'm.yaml', text: sm(ep('true')) }], NO_CA), []);
});

test('servicemonitor-https-without-ca: an unnamed monitor, several targets', () => {
  const files = [
    {
      uri: 'm.yaml',
      text: sm(
        '    - port: calico-metrics-port\n      scheme: https\n',
        '',
        '    matchLabels:\n      k8s-app: calico-node\n    matchExpressions:\n      - key: k8s-app\n' +
          '        operator: In\n        values:\n          - calico-typha\n',
      ),
    },
  ];
  assert.deepEqual(said(files, run(files, NO_CA)), [
    ['scheme', noCa('ServiceMonitor', '?', 'calico-node, calico-typha')],
  ]);
});

test('servicemonitor-https-without-ca: a near-miss of ca or tlsConfig, or a ca beside tlsConfig, is left to crd-field-invalid', () => {
  const cases = [
    '    - port: calico-metrics-port\n      scheme: https\n      tlsConfig:\n        cA:\n          secret:\n            name: certs\n            key: ca.pem\n',
    '    - port: calico-metrics-port\n      scheme: https\n      tlsconfig:\n        serverName: x\n',
    '    - port: calico-metrics-port\n      scheme: https\n      ca:\n        secret:\n          name: certs\n          key: ca.pem\n      tlsConfig:\n        serverName: x\n',
  ];
  for (const c of cases) {
    const files = [{ uri: 'm.yaml', text: sm(c) }];
    const r = lint(files, { now: NOW });
    assert.deepEqual(r.ruleErrors, []);
    assert.ok(
      r.findings.some((f) => f.rule === 'crd-field-invalid'),
      c,
    );
    assert.deepEqual(
      r.findings.filter((f) => f.rule === NO_CA),
      [],
      c,
    );
  }
});
