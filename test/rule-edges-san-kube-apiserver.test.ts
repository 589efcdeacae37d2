// Edges of invalid-uri-san, file-skipped and kube-apiserver-cert-key-mismatch that no fixture reaches: each
// problem's full message, when a "Change to" fix is offered and its text, the 2048-byte limit, the values skipped
// ("none", templates), where notes of files not analysed go, and small edges of four more apiserver/felix rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { apiserverPod } from '../server/src/engine/rules/support/apiserver-examples';
import { CERT_EXAMPLES as C } from '../server/src/engine/rules/support/cert-examples';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

// ---- invalid-uri-san ----

const felixEnv = (value: string): string =>
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n' +
  '      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n          env:\n' +
  `            - name: FELIX_TYPHAURISAN\n              value: ${JSON.stringify(value)}\n`;

/** The finding on FELIX_TYPHAURISAN set to value: [message, fix titles and new texts]; undefined when none. */
function uriSan(value: string): [string, Array<[string, string[]]>] | undefined {
  const files = [{ uri: 'node.yaml', text: felixEnv(value) }];
  const fs = run(files, 'invalid-uri-san');
  if (fs.length === 0) return undefined;
  assert.equal(fs.length, 1);
  const f = fs[0]!;
  assert.equal(f.severity, 'error');
  assert.equal(files[0]!.text.slice(f.span.start, f.span.end), JSON.stringify(value));
  return [f.message, f.fixes.map((x) => [x.title, x.edits.map((e) => e.newText)])];
}

const N = 'FELIX_TYPHAURISAN';
const fix = (v: string): Array<[string, string[]]> => [[`Change to ${v}`, [JSON.stringify(v)]]];
const SPIFFE = 'is a SPIFFE ID';
const ws = (v: string) => `${N} '${v}' contains whitespace.`;
const noScheme = (v: string) => `${N} '${v}' has no URI scheme (expected e.g. spiffe://<trust-domain>/<path>).`;
const upper = (v: string, s: string) =>
  `${N} '${v}' has an upper-case scheme '${s}'; Go's url.String() lower-cases it, so the comparison never matches.`;
const tdChars = (v: string, td: string) =>
  `${N} '${v}' ${SPIFFE} whose trust domain '${td}' has characters SPIFFE forbids (only lower-case letters, ` +
  "digits, '.', '-', '_').";
const dot = (v: string) => `${N} '${v}' ${SPIFFE} with an empty, '.' or '..' path segment, which SPIFFE forbids.`;
const pathChars = (v: string) =>
  `${N} '${v}' ${SPIFFE} whose path has characters SPIFFE forbids (only letters, digits, '.', '-', '_').`;

test('invalid-uri-san: whitespace is reported, with a fix only when trimming leaves a valid value', () => {
  assert.deepEqual(uriSan(' spiffe://a/b'), [ws(' spiffe://a/b'), fix('spiffe://a/b')]);
  assert.deepEqual(uriSan(' SPIFFE://A/x '), [ws(' SPIFFE://A/x '), fix('spiffe://a/x')]);
  assert.deepEqual(uriSan('x y'), [ws('x y'), []]);
  // Trimmed, the value still has an empty path segment: no fix.
  assert.deepEqual(uriSan(' spiffe://a//x'), [ws(' spiffe://a//x'), []]);
  // A line break ends the URI: nothing after the scheme is dropped to make a fix.
  assert.deepEqual(uriSan('spiffe://A/x\ny'), [ws('spiffe://A/x\ny'), []]);
});

test('invalid-uri-san: a value without a scheme, and upper-case schemes with the corrected value', () => {
  assert.deepEqual(uriSan('nocolon'), [noScheme('nocolon'), []]);
  assert.deepEqual(uriSan('1A:b'), [noScheme('1A:b'), []]);
  assert.deepEqual(uriSan('SPIFFE://a/b'), [upper('SPIFFE://a/b', 'SPIFFE'), fix('spiffe://a/b')]);
  assert.deepEqual(uriSan('SPIFFE://A/x//'), [upper('SPIFFE://A/x//', 'SPIFFE'), fix('spiffe://a/x')]);
  assert.deepEqual(uriSan('HTTP://X/Y/'), [upper('HTTP://X/Y/', 'HTTP'), fix('http://X/Y/')]);
  // Only a scheme that is exactly spiffe gets its trust domain lower-cased.
  assert.deepEqual(uriSan('XSPIFFE://A/'), [upper('XSPIFFE://A/', 'XSPIFFE'), fix('xspiffe://A/')]);
  assert.equal(uriSan('http://X/Y/'), undefined);
  assert.equal(uriSan('a:b'), undefined);
});

test('invalid-uri-san: each malformed SPIFFE ID has its own message', () => {
  assert.deepEqual(uriSan('spiffe:x'), [
    `${N} 'spiffe:x' is not a SPIFFE ID: expected 'spiffe://' followed by a trust domain.`,
    [],
  ]);
  assert.deepEqual(uriSan('spiffe://'), [`${N} 'spiffe://' ${SPIFFE} without a trust domain.`, []]);
  assert.deepEqual(uriSan('spiffe:///x'), [`${N} 'spiffe:///x' ${SPIFFE} without a trust domain.`, []]);
  const portOrUser = (v: string) =>
    `${N} '${v}' ${SPIFFE} whose trust domain has a port or user info, which SPIFFE forbids.`;
  assert.deepEqual(uriSan('spiffe://u@h/x'), [portOrUser('spiffe://u@h/x'), []]);
  assert.deepEqual(uriSan('spiffe://h:1/x'), [portOrUser('spiffe://h:1/x'), []]);
  assert.deepEqual(uriSan('spiffe://A.b/x'), [tdChars('spiffe://A.b/x', 'A.b'), fix('spiffe://a.b/x')]);
  assert.deepEqual(uriSan('spiffe://a.B/x'), [tdChars('spiffe://a.B/x', 'a.B'), fix('spiffe://a.b/x')]);
  assert.deepEqual(uriSan('spiffe://A.B'), [tdChars('spiffe://A.B', 'A.B'), fix('spiffe://a.b')]);
  const query = (v: string) => `${N} '${v}' ${SPIFFE} with a query or fragment, which SPIFFE forbids.`;
  assert.deepEqual(uriSan('spiffe://a/x?q'), [query('spiffe://a/x?q'), []]);
  assert.deepEqual(uriSan('spiffe://a/x#f'), [query('spiffe://a/x#f'), []]);
  assert.deepEqual(uriSan('spiffe://a/x/'), [
    `${N} 'spiffe://a/x/' ${SPIFFE} with a trailing slash, which SPIFFE forbids.`,
    fix('spiffe://a/x'),
  ]);
  assert.deepEqual(uriSan('spiffe://a/'), [
    `${N} 'spiffe://a/' ${SPIFFE} with a trailing slash, which SPIFFE forbids.`,
    fix('spiffe://a'),
  ]);
  for (const v of ['spiffe://a//x', 'spiffe://a/./x', 'spiffe://a/../x', 'spiffe://a/x/./y']) {
    assert.deepEqual(uriSan(v), [dot(v), []], v);
  }
  for (const v of ['spiffe://a/x%20', 'spiffe://a/ns/x%', 'spiffe://a/ns/%x']) {
    assert.deepEqual(uriSan(v), [pathChars(v), []], v);
  }
});

test('invalid-uri-san: valid SPIFFE IDs and URIs, "none" in any case and the empty value are not reported', () => {
  for (const v of ['spiffe://a', 'spiffe://ab', 'spiffe://a/x', 'spiffe://a/b/c', 'spiffe://a.b_c-d/e', 'NONE', '']) {
    assert.equal(uriSan(v), undefined, v);
  }
});

test('invalid-uri-san: 2048 bytes is allowed, one more is too long', () => {
  const at = 'spiffe://a/' + 'x'.repeat(2037);
  assert.equal(at.length, 2048);
  assert.equal(uriSan(at), undefined);
  const over = at + 'x';
  assert.deepEqual(uriSan(over), [`${N} '${over}' is longer than the 2048 bytes SPIFFE allows.`, []]);
});

test('invalid-uri-san: a templated value is not judged', () => {
  const files = [{ uri: 'chart/templates/node.yaml', text: felixEnv('{{ .Values.typhaUriSan }}') }];
  assert.deepEqual(run(files, 'invalid-uri-san'), []);
});

// ---- file-skipped ----

/** file-skipped findings as [file, start, end, message]. */
function skipped(files: SourceFile[], maxFileSize?: number): Array<[string, number, number, string]> {
  const r = lint(files, { now: NOW, ...(maxFileSize === undefined ? {} : { maxFileSize }) });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings
    .filter((f) => f.rule === 'file-skipped')
    .map((f) => [f.span.uri, f.span.start, f.span.end, f.message]);
}

const OVER_CAP =
  'Not analysed: the file is larger than the 0 KiB size cap; raise maxFileSize in .calico-tls.yaml to include it.';
const TOO_DEEP = 'Not analysed: nesting deeper than 256 levels; what is below this point is not analysed.';

test('file-skipped: an over-cap file is marked on its first line, at most 200 characters; binary files never', () => {
  assert.deepEqual(skipped([{ uri: 'dump.yaml', text: 'a: b\n'.repeat(40) }], 100), [['dump.yaml', 0, 4, OVER_CAP]]);
  assert.deepEqual(skipped([{ uri: 'dump.yaml', text: 'a'.repeat(300) }], 100), [['dump.yaml', 0, 200, OVER_CAP]]);
  assert.deepEqual(skipped([{ uri: 'x.yaml', text: 'PK\u0003\u0004\u0000\u0000binary' }]), []);
  assert.deepEqual(skipped([{ uri: 'README.md', text: '# hi\nthere\n' }]), [
    ['README.md', 0, 4, 'Not analysed: a document (Markdown, reStructuredText, AsciiDoc, HTML), not configuration.'],
  ]);
});

test('file-skipped: nesting too deep is marked from where reading stopped to the end of that line', () => {
  const json = `{"a": ${'['.repeat(300)}1${']'.repeat(300)}}`;
  assert.deepEqual(skipped([{ uri: 'deep.json', text: json }]), [['deep.json', 261, 262, TOO_DEEP]]);
  const flow = `deep: ${'['.repeat(300)}1${']'.repeat(300)}\nb: 1\n`;
  assert.deepEqual(skipped([{ uri: 'deep.yaml', text: flow }]), [['deep.yaml', 261, flow.indexOf('\n'), TOO_DEEP]]);
  // The cut structure goes on over the next lines: only its first line is marked.
  const split = `deep: ${'['.repeat(300)}\n1${']'.repeat(300)}\nb: 1\n`;
  assert.deepEqual(skipped([{ uri: 'deep.yaml', text: split }]), [['deep.yaml', 261, split.indexOf('\n'), TOO_DEEP]]);
});

// ---- kube-apiserver-cert-key-mismatch ----

const MISMATCH = 'kube-apiserver-cert-key-mismatch';
const podFile = (set?: Record<string, string>): SourceFile => ({
  uri: 'manifests/kube-apiserver.yaml',
  text: apiserverPod(set ? { set } : {}),
});

test('kube-apiserver-cert-key-mismatch: a half missing or holding the wrong kind of PEM is not judged', () => {
  const crt = (text: string) => ({ uri: 'pki/apiserver.crt', text });
  const key = (text: string) => ({ uri: 'pki/apiserver.key', text });
  for (const [label, files] of [
    ['no certificate file', [podFile(), key(C.typhaClientKey)]],
    ['no key file', [podFile(), crt(C.typhaServerCert)]],
    ['a key where the certificate should be', [podFile(), crt(C.typhaServerKey), key(C.typhaClientKey)]],
    ['a certificate where the key should be', [podFile(), crt(C.typhaServerCert), key(C.typhaClientCert)]],
  ] as const) {
    assert.deepEqual(run([...files], MISMATCH), [], label);
  }
});

test('kube-apiserver-cert-key-mismatch: cert and key in two node folders are judged when their paths differ', () => {
  const keyPath = '/etc/kubernetes/pki/keys/apiserver.key';
  const files = [
    podFile({ 'tls-private-key-file': keyPath }),
    { uri: 'a/pki/apiserver.crt', text: C.typhaServerCert },
    { uri: 'b/pki/keys/apiserver.key', text: C.typhaClientKey },
  ];
  const fs = run(files, MISMATCH);
  assert.equal(fs.length, 1);
  const f = fs[0]!;
  assert.equal(files[0]!.text.slice(f.span.start, f.span.end), keyPath);
  assert.equal(
    f.message,
    `kube-apiserver (Pod kube-system/kube-apiserver): --tls-private-key-file (${keyPath}) is not the key of ` +
      "--tls-cert-file (/etc/kubernetes/pki/apiserver.crt, 'typha-server'): loading the pair fails with " +
      '"private key does not match public key".',
  );
  assert.deepEqual(
    f.related.map((r) => [r.span.uri, r.message]),
    [
      ['manifests/kube-apiserver.yaml', 'the certificate flag'],
      ['a/pki/apiserver.crt', "the certificate ('typha-server')"],
      ['b/pki/keys/apiserver.key', 'the key'],
    ],
  );
});

test('kube-apiserver-cert-key-mismatch: a pair read from one mounted Secret is judged', () => {
  const pod = apiserverPod({
    set: { 'tls-cert-file': '/etc/tls/tls.crt', 'tls-private-key-file': '/etc/tls/tls.key' },
  }).replace(
    '  volumes:\n',
    '        - {mountPath: /etc/tls, name: tls}\n  volumes:\n    - {name: tls, secret: {secretName: tls}}\n',
  );
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret =
    'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: kube-system}\ntype: kubernetes.io/tls\ndata:\n' +
    `  tls.crt: ${b64(C.typhaServerCert)}\n  tls.key: ${b64(C.typhaClientKey)}\n`;
  const files = [
    { uri: 'manifests/kube-apiserver.yaml', text: pod },
    { uri: 'secret.yaml', text: secret },
  ];
  const fs = run(files, MISMATCH);
  assert.deepEqual(
    fs.map((f) => [f.message, f.related.map((r) => [r.span.uri, r.message])]),
    [
      [
        'kube-apiserver (Pod kube-system/kube-apiserver): --tls-private-key-file (/etc/tls/tls.key) ' +
          'is not the key of ' +
          "--tls-cert-file (/etc/tls/tls.crt, 'typha-server'): loading the pair fails with " +
          '"private key does not match public key".',
        [
          ['manifests/kube-apiserver.yaml', 'the certificate flag'],
          ['secret.yaml', "the certificate ('typha-server')"],
          ['secret.yaml', 'the key'],
        ],
      ],
    ],
  );
});

// ---- kube-apiserver-anonymous-auth, kube-apiserver-client-ca-missing ----

const LABEL = 'kube-apiserver (Pod kube-system/kube-apiserver)';

/** Findings of rule as [text under the range, message]. */
function onPod(uri: string, text: string, rule: string): Array<[string, string]> {
  return run([{ uri, text }], rule).map((f) => [text.slice(f.span.start, f.span.end), f.message]);
}

test('kube-apiserver-anonymous-auth: " true" is still true; a templated value is not judged', () => {
  const rule = 'kube-apiserver-anonymous-auth';
  assert.deepEqual(onPod('m/kube-apiserver.yaml', apiserverPod({ set: { 'anonymous-auth': ' true' } }), rule), [
    [
      '--anonymous-auth= true',
      `${LABEL}: --anonymous-auth is true: requests without credentials are served as system:anonymous instead ` +
        'of being refused. Set it to false (health probes then need credentials, or anonymous access limited to ' +
        '/livez, /readyz, /healthz).',
    ],
  ]);
  const tpl = apiserverPod({ set: { 'anonymous-auth': '{{ .Values.anon }}' } });
  assert.deepEqual(onPod('chart/templates/kube-apiserver.yaml', tpl, rule), []);
});

test('kube-apiserver-client-ca-missing: a client CA of only spaces is empty; a templated one is not judged', () => {
  const rule = 'kube-apiserver-client-ca-missing';
  const spaces = apiserverPod({ set: { 'client-ca-file': 'X' } }).replace(
    '- --client-ca-file=X',
    '- "--client-ca-file= "',
  );
  assert.deepEqual(onPod('m/kube-apiserver.yaml', spaces, rule), [
    ['"--client-ca-file= "', `${LABEL}: --client-ca-file is empty, so client certificates are not authenticated.`],
  ]);
  const tpl = apiserverPod({ set: { 'client-ca-file': '{{ .Values.ca }}' } });
  assert.deepEqual(onPod('chart/templates/kube-apiserver.yaml', tpl, rule), []);
});

// ---- felixconfiguration-local-only ----

test('felixconfiguration-local-only: an unnamed FelixConfiguration is named "?"; one without a spec is fine', () => {
  const rule = 'felixconfiguration-local-only';
  const head = 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\n';
  const unnamed = `${head}metadata: {}\nspec:\n  typhaCN: typha-server\n`;
  assert.deepEqual(onPod('fc.yaml', unnamed, rule), [
    [
      'typhaCN',
      'typhaCN is local-only: Felix accepts TyphaCN only from its environment or felix.cfg and ignores it ' +
        "in FelixConfiguration '?'. Set FELIX_TYPHACN on the calico-node container instead.",
    ],
  ]);
  assert.deepEqual(onPod('fc.yaml', `${head}metadata: {name: default}\n`, rule), []);
});

test('felixconfiguration-local-only: only the Calico API groups, whole: not a longer group or version', () => {
  const rule = 'felixconfiguration-local-only';
  const fc = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: FelixConfiguration\nmetadata: {name: default}\nspec:\n  typhaCN: typha-server\n`;
  for (const apiVersion of ['projectcalico.org/v3', 'crd.projectcalico.org/v1'])
    assert.deepEqual(
      onPod('fc.yaml', fc(apiVersion), rule).map(([flagged]) => flagged),
      ['typhaCN'],
      apiVersion,
    );
  // Another API's FelixConfiguration is not Felix's: a group that ends like Calico's, a later version.
  for (const apiVersion of ['example.projectcalico.org/v3', 'projectcalico.org/v3beta1', 'crd.projectcalico.org/v10'])
    assert.deepEqual(onPod('fc.yaml', fc(apiVersion), rule), [], apiVersion);
});

test('invalid-uri-san: a value from an envFrom ConfigMap is reported without a fix on the container', () => {
  const cm =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: felix-env, namespace: kube-system}\n' +
    'data:\n  FELIX_TYPHAURISAN: SPIFFE://a/b\n';
  const node =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: calico-node, namespace: kube-system}\nspec:\n' +
    '  template:\n    spec:\n      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n' +
    '          envFrom:\n            - configMapRef: {name: felix-env}\n';
  const fs = run(
    [
      { uri: 'cm.yaml', text: cm },
      { uri: 'node.yaml', text: node },
    ],
    'invalid-uri-san',
  );
  assert.deepEqual(
    fs.map((f) => [f.message, f.fixes.length]),
    [[upper('SPIFFE://a/b', 'SPIFFE'), 0]],
  );
});
