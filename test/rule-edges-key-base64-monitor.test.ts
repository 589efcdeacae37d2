// Edges of private-key-invalid, secret-invalid-base64, servicemonitor-servername-mismatch,
// servicemonitor-tls-conflict and servicemonitor-insecure-skip-verify that no fixture reaches: the
// whole message of each finding kind, fix contents, a swapped reference pair, monitors scraping two
// Calico components or without a name, and near-misses of the missing tlsConfig half.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CERT_EXAMPLES as C } from '../server/src/engine/rules/support/cert-examples';
import { calicoNode } from '../server/src/engine/rules/support/examples';
import { calicoNodeWithMetricsTls } from '../server/src/engine/rules/support/monitor-examples';
import { applyFix, related, said } from './rule-helpers';
import { makeCert, SERVER_AUTH } from './certfactory';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const indented = (pem: string) =>
  pem
    .trim()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
const secret = (body: string, name = 's') =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\n${body}`;
const secretFile = (body: string): SourceFile[] => [{ uri: 'a.yaml', text: secret(body) }];

// ---- private-key-invalid ----

const KEY = 'private-key-invalid';

test('private-key-invalid: a key encoded twice is named so', () => {
  const files = secretFile(`data:\n  tls.key: ${b64(b64(C.typhaClientKey))}\n`);
  assert.deepEqual(said(files, run(files, KEY)), [
    [b64(b64(C.typhaClientKey)), 'Secret kube-system/s, key tls.key holds a PEM key encoded twice (base64 of base64).'],
  ]);
});

test('private-key-invalid: a DER key is named so', () => {
  const der = Buffer.from(C.typhaClientKey.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
  const files = secretFile(`data:\n  tls.key: ${der}\n`);
  assert.deepEqual(said(files, run(files, KEY)), [
    [der, 'Secret kube-system/s, key tls.key holds DER (binary) data; Calico reads PEM keys only.'],
  ]);
});

test('private-key-invalid: text that is not PEM, and an empty value (no finding)', () => {
  const files = secretFile(`stringData:\n  tls.key: hello world\n  other.key: ""\n`);
  assert.deepEqual(said(files, run(files, KEY)), [
    ['hello world', 'Secret kube-system/s, key tls.key is not a private key: it is not PEM (no "-----BEGIN" line).'],
  ]);
});

test('private-key-invalid: a certificate in the key field, and a BEGIN line no block parses', () => {
  const files = secretFile(
    `stringData:\n  tls.key: |\n${indented(C.caCert)}\n  b.key: "-----BEGIN private key-----"\n`,
  );
  assert.deepEqual(said(files, run(files, KEY)), [
    ['tls.key: |', 'Secret kube-system/s, key tls.key holds a PEM "CERTIFICATE" block, not a private key.'],
    ['"-----BEGIN private key-----"', 'Secret kube-system/s, key b.key holds a PEM "?" block, not a private key.'],
  ]);
});

test('private-key-invalid: damaged, unreadable and encrypted keys', () => {
  const head = C.typhaClientKey.trim().split('\n').slice(0, 3).join('\n');
  const files = secretFile(
    `stringData:\n  a.key: |\n${indented(head)}\n` +
      `  b.key: |\n    -----BEGIN PRIVATE KEY-----\n    AAAA\n    -----END PRIVATE KEY-----\n` +
      `  c.key: |\n    -----BEGIN ENCRYPTED PRIVATE KEY-----\n    AAAA\n    -----END ENCRYPTED PRIVATE KEY-----\n`,
  );
  assert.deepEqual(said(files, run(files, KEY)), [
    ['a.key: |', 'Secret kube-system/s, key a.key is damaged: the PRIVATE KEY block has no END line (truncated).'],
    ['b.key: |', 'Secret kube-system/s, key b.key is not a readable private key.'],
    [
      'c.key: |',
      'Secret kube-system/s, key c.key is an encrypted private key; Calico has no passphrase setting and cannot load it.',
    ],
  ]);
});

const ENCRYPTED = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n';

test('private-key-invalid: a key in a pair whose references are swapped is still judged (only stored swaps are skipped)', () => {
  const files = [
    {
      uri: 'node.yaml',
      text: calicoNode(
        {
          FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
          FELIX_TYPHACAFILE: '/t/ca.crt',
          FELIX_TYPHACERTFILE: '/t/tls.key',
          FELIX_TYPHAKEYFILE: '/t/tls.crt',
          FELIX_TYPHACN: 'typha-server',
        },
        [{ volume: 't', path: '/t', secret: 's' }],
      ),
    },
    ...secretFile(
      `data:\n  ca.crt: ${b64(C.caCert)}\n  tls.crt: ${b64(C.typhaClientCert)}\n  tls.key: ${b64(ENCRYPTED)}\n`,
    ),
  ];
  assert.equal(run(files, 'cert-key-swapped').length, 1);
  assert.deepEqual(said(files, run(files, KEY)), [
    [
      b64(ENCRYPTED),
      'Secret kube-system/s, key tls.key is an encrypted private key; Calico has no passphrase setting and cannot load it.',
    ],
  ]);
});

test('private-key-invalid: stored values swapped are cert-key-swapped only', () => {
  const files = secretFile(`data:\n  tls.crt: ${b64(ENCRYPTED)}\n  tls.key: ${b64(C.typhaClientCert)}\n`);
  assert.equal(run(files, 'cert-key-swapped').length, 1);
  assert.deepEqual(run(files, KEY), []);
});

// ---- secret-invalid-base64 ----

const B64 = 'secret-invalid-base64';

test('secret-invalid-base64: PEM certificate text in data, as a block scalar, is encoded as it is', () => {
  // The last key of the file: the block scalar's final line break stays.
  const files = secretFile(`data:\n  tls.crt: |\n${indented(C.caCert)}\n`);
  const fs = run(files, B64);
  assert.deepEqual(said(files, fs), [
    [
      'tls.crt: |',
      'Secret kube-system/s, key tls.crt is not valid base64: the API server rejects the object with ' +
        '"illegal base64 data at input byte 0" (it holds PEM text; use stringData, or encode it).',
    ],
  ]);
  const f = fs[0]!;
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0]!.title, 'Encode the PEM text as base64');
  assert.equal(f.fixes[0]!.safety, 'safe');
  const fixed = applyFix(files, f)[0]!.text;
  assert.equal(fixed, secret(`data:\n  tls.crt: ${b64(C.caCert.trim() + '\n')}\n`));
  assert.deepEqual(run([{ uri: 'a.yaml', text: fixed }], B64), []);
});

test('secret-invalid-base64: a block scalar followed by another key keeps that key on its own line', () => {
  const files = secretFile(`data:\n  tls.crt: |\n${indented(C.caCert)}\n  common-name: dHlwaGE=\n`);
  const fs = run(files, B64);
  assert.equal(fs.length, 1);
  const fixed = applyFix(files, fs[0]!)[0]!.text;
  assert.equal(fixed, secret(`data:\n  tls.crt: ${b64(C.caCert.trim() + '\n')}\n  common-name: dHlwaGE=\n`));
  assert.deepEqual(run([{ uri: 'a.yaml', text: fixed }], B64), []);
});

test('secret-invalid-base64: a quoted PEM certificate gets a final newline when encoded', () => {
  const pem = C.caCert.trim();
  const files = secretFile(`data:\n  tls.crt: ${JSON.stringify(pem)}\n`);
  const fs = run(files, B64);
  assert.equal(fs.length, 1);
  assert.deepEqual(
    fs[0]!.fixes[0]!.edits.map((e) => e.newText),
    [b64(pem + '\n')],
  );
});

test('secret-invalid-base64: PEM private key text gets the hint but no fix (no key material in a fix)', () => {
  const files = secretFile(`data:\n  tls.key: |\n${indented(C.typhaClientKey)}\n`);
  const fs = run(files, B64);
  assert.deepEqual(said(files, fs), [
    [
      'tls.key: |',
      'Secret kube-system/s, key tls.key is not valid base64: the API server rejects the object with ' +
        '"illegal base64 data at input byte 0" (it holds PEM text; use stringData, or encode it).',
    ],
  ]);
  assert.deepEqual(fs[0]!.fixes, []);
});

test('secret-invalid-base64: text that is not PEM has no hint and no fix', () => {
  const files = secretFile(`data:\n  ca.crt: $(cat /etc/etcd/ca.crt | base64 -w 0)\n`);
  const fs = run(files, B64);
  assert.deepEqual(said(files, fs), [
    [
      '$(cat /etc/etcd/ca.crt | base64 -w 0)',
      'Secret kube-system/s, key ca.crt is not valid base64: the API server rejects the object with ' +
        '"illegal base64 data at input byte 0".',
    ],
  ]);
  assert.deepEqual(fs[0]!.fixes, []);
});

test('secret-invalid-base64: the hint names where PEM text goes in a ConfigMap and an Installation', () => {
  const files = [
    {
      uri: 'cm.yaml',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: kube-system\nbinaryData:\n  ca.crt: |\n${indented(C.caCert)}\n`,
    },
    {
      uri: 'inst.yaml',
      text:
        `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n` +
        `  certificateManagement:\n    caCert: |\n${indented(C.caCert).replace(/^/gm, '    ')}\n` +
        `    signerName: example.com/signer\n`,
    },
  ];
  const fs = run(files, B64);
  assert.deepEqual(said(files, fs), [
    [
      'ca.crt: |',
      'ConfigMap kube-system/cm, key ca.crt is not valid base64: the API server rejects the object with ' +
        '"illegal base64 data at input byte 0" (it holds PEM text; put it under data instead of binaryData, or encode it).',
    ],
    [
      'caCert: |',
      'Installation default, certificateManagement.caCert is not valid base64: the API server rejects the object ' +
        'with "illegal base64 data at input byte 0" (it holds PEM text; encode it as base64).',
    ],
  ]);
});

// ---- ServiceMonitor rules ----

/** A monitor scraping calico-node and calico-typha, with the endpoint's tlsConfig lines. */
const monitor = (tls: string, name = '  name: two\n') =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n${name}  namespace: m\nspec:\n` +
  `  selector:\n    matchExpressions:\n      - key: k8s-app\n        operator: In\n        values: [calico-node, calico-typha]\n` +
  `  endpoints:\n    - port: calico-metrics-port\n      scheme: https\n      tlsConfig:\n${tls}`;

/** calico-node serving metrics with this certificate. */
function serving(certPem: string): SourceFile[] {
  const [node] = calicoNodeWithMetricsTls();
  return [
    { uri: 'calico-node.yaml', text: node!.text },
    {
      uri: 'metrics-tls.yaml',
      text: secret(`data:\n  tls.crt: ${b64(certPem)}\n  ca.crt: ${b64(C.caCert)}\n`, 'calico-node-metrics-tls'),
    },
  ];
}

const MISMATCH = 'servicemonitor-servername-mismatch';

test('servicemonitor-servername-mismatch: a CN-only name lists every SAN, each offered as a fix', async () => {
  const cert = await makeCert({ cn: 'felix', eku: [SERVER_AUTH], dns: ['calico-node-metrics', 'node.example'] });
  const files = [{ uri: 'mon.yaml', text: monitor('        serverName: felix\n') }, ...serving(cert.certPem)];
  const fs = run(files, MISMATCH);
  assert.deepEqual(said(files, fs), [
    [
      'felix',
      "serverName 'felix' is only the Common Name of the metrics certificate (Secret kube-system/calico-node-metrics-tls, key tls.crt); Go ignores the CN, so " +
        'verification fails. Its SANs are calico-node-metrics, node.example.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['metrics-tls.yaml', b64(cert.certPem), 'the metrics certificate']]);
  assert.deepEqual(
    fs[0]!.fixes.map((f, i) => [f.title, f.safety, applyFix(files, fs[0]!, i)[0]!.text.split('tlsConfig:\n')[1]]),
    [
      ['Set serverName to calico-node-metrics', 'unsafe', '        serverName: calico-node-metrics\n'],
      ['Set serverName to node.example', 'unsafe', '        serverName: node.example\n'],
    ],
  );
});

test('servicemonitor-servername-mismatch: a certificate without SANs, two targets named', async () => {
  const cert = await makeCert({ cn: 'felix', eku: [SERVER_AUTH] });
  const files = [{ uri: 'mon.yaml', text: monitor('        serverName: other\n') }, ...serving(cert.certPem)];
  const fs = run(files, MISMATCH);
  assert.deepEqual(said(files, fs), [
    [
      'other',
      "serverName 'other' is not in the metrics certificate served by calico-node, calico-typha " +
        '(Secret kube-system/calico-node-metrics-tls, key tls.crt), whose names are none (no SANs); ' +
        'Prometheus fails with "certificate is valid for ..., not other".',
    ],
  ]);
  assert.deepEqual(fs[0]!.fixes, []);
});

const CONFLICT = 'servicemonitor-tls-conflict';

test('servicemonitor-tls-conflict: a near-miss of the missing half is left to crd-field-invalid, for each name', () => {
  const cases: Array<[string, number]> = [
    ['        certFile: /c.pem\n        keyFlie: /k.pem\n', 0],
    ['        certFile: /c.pem\n        keySecrt:\n          name: s\n          key: k\n', 0],
    ['        keyFile: /k.pem\n        certFlie: /c.pem\n', 0],
    ['        keyFile: /k.pem\n        cret:\n          secret:\n            name: s\n            key: c\n', 0],
    ['        certFile: /c.pem\n', 1],
  ];
  for (const [tls, n] of cases) {
    const files = [{ uri: 'mon.yaml', text: monitor(tls) }];
    assert.equal(run(files, CONFLICT).length, n, tls);
  }
});

const SKIP = 'servicemonitor-insecure-skip-verify';

test('servicemonitor-insecure-skip-verify: a monitor without a name scraping two components', () => {
  const files = [{ uri: 'mon.yaml', text: monitor('        insecureSkipVerify: true\n', '') }];
  assert.deepEqual(said(files, run(files, SKIP)), [
    [
      'insecureSkipVerify: true',
      'ServiceMonitor ? scrapes calico-node, calico-typha with insecureSkipVerify: true; the metrics certificate ' +
        'is not verified. Set serverName and a CA instead.',
    ],
  ]);
});

test('servicemonitor-insecure-skip-verify: the fix writes serverName, or turns verification on beside one', async () => {
  const cert = await makeCert({ cn: 'felix', eku: [SERVER_AUTH], dns: ['calico-node-metrics'] });
  const fixOf = (tls: string) => {
    const files = [{ uri: 'mon.yaml', text: monitor(tls) }, ...serving(cert.certPem)];
    const fs = run(files, SKIP);
    assert.equal(fs.length, 1);
    const f = fs[0]!;
    return [f.fixes[0]!.title, applyFix(files, f)[0]!.text.split('tlsConfig:\n')[1]];
  };
  assert.deepEqual(fixOf('        insecureSkipVerify: true\n'), [
    'Verify the certificate: replace with serverName: calico-node-metrics',
    '        serverName: calico-node-metrics\n',
  ]);
  assert.deepEqual(fixOf('        insecureSkipVerify: true\n        serverName: x\n'), [
    'Verify the certificate: set insecureSkipVerify: false (serverName is already x)',
    '        insecureSkipVerify: false\n        serverName: x\n',
  ]);
  assert.deepEqual(fixOf('        insecureSkipVerify: true\n        serverName:\n'), [
    'Verify the certificate: set insecureSkipVerify: false (serverName is already )',
    '        insecureSkipVerify: false\n        serverName:\n',
  ]);
  assert.deepEqual(fixOf('        insecureSkipVerify: true\n        serverName: [x]\n'), [
    'Verify the certificate: set insecureSkipVerify: false (serverName is already )',
    '        insecureSkipVerify: false\n        serverName: [x]\n',
  ]);
});
