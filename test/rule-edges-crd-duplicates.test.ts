// What crd-field-invalid, duplicate-env-var, duplicate-key and duplicate-object say, in full: each kind of
// CRD schema violation with and without its optional parts, the unquote/rename/set/apiVersion/move fixes and
// when they are withheld, and which repeats of env vars, keys and objects are findings (values, refs, arms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from './rule-helpers';
import { Analysis, lint, parseFile, type Finding, type SourceFile } from '../server/src/engine';
import { RULES_BY_ID } from '../server/src/engine/rules';
import { renderMsg } from '../server/src/engine/l10n/messages';
import type { Report } from '../server/src/engine/rules/types';

const NOW = new Date('2027-06-01T00:00:00Z');

function findings(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

/** Each finding as [text under its range, message, fix titles]. */
function said(files: SourceFile[], rule: string): Array<[string, string, string[]]> {
  const text = (uri: string) => files.find((f) => f.uri === uri)!.text;
  return findings(files, rule).map((f) => [
    text(f.span.uri).slice(f.span.start, f.span.end),
    f.message,
    f.fixes.map((x) => x.title),
  ]);
}

// ---- crd-field-invalid ----

const CRD = 'crd-field-invalid';
const FC = 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n';
const SM =
  'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: m\nspec:\n' +
  '  endpoints:\n    - port: metrics\n';
const felix = (spec: string): SourceFile[] => [{ uri: 'felixconfiguration.yaml', text: FC + spec }];
const monitor = (endpoint: string): SourceFile[] => [{ uri: 'monitor.yaml', text: SM + endpoint }];
const typeMsg = (path: string, expected: string, value: string, kind = 'FelixConfiguration') =>
  `${path} must be of type ${expected}, not ${value}; the API server rejects the ${kind} ("Invalid value").`;
const PORT = 'spec.prometheusMetricsPort';
const ENABLED = 'spec.prometheusMetricsEnabled';

test('crd-field-invalid: a wrong type names the value as written: a number, a boolean, a map, a list, a string', () => {
  assert.deepEqual(said(felix('  prometheusMetricsPort: 9091.5\n'), CRD), [
    ['9091.5', typeMsg(PORT, 'integer', '9091.5'), []],
  ]);
  assert.deepEqual(said(felix('  prometheusMetricsPort: true\n'), CRD), [
    ['true', typeMsg(PORT, 'integer', 'true'), []],
  ]);
  assert.deepEqual(said(felix('  prometheusMetricsHost: 10\n'), CRD), [
    ['10', typeMsg('spec.prometheusMetricsHost', 'string', '10'), []],
  ]);
  // A map or a list has no value to quote: the finding is at its key.
  assert.deepEqual(said(felix('  prometheusMetricsPort:\n    a: 1\n'), CRD), [
    ['prometheusMetricsPort', typeMsg(PORT, 'integer', 'an object'), []],
  ]);
  assert.deepEqual(said(felix('  prometheusMetricsPort:\n    - 1\n'), CRD), [
    ['prometheusMetricsPort', typeMsg(PORT, 'integer', 'a list'), []],
  ]);
  assert.deepEqual(said(felix('  prometheusMetricsCAFile: {}\n'), CRD), [
    ['prometheusMetricsCAFile', typeMsg('spec.prometheusMetricsCAFile', 'string', 'an object'), []],
  ]);
  assert.deepEqual(said(felix('  prometheusMetricsPort: "abc"\n'), CRD), [
    ['"abc"', typeMsg(PORT, 'integer', "the string 'abc'"), []],
  ]);
});

test('crd-field-invalid: a map or a list is named in the words of the locale, not as the model writes it', () => {
  const zh = (spec: string) =>
    lint(felix(spec), { now: NOW, locale: 'zh-cn' })
      .findings.filter((f) => f.rule === CRD)
      .map((f) => f.message);
  const wants = (value: string) =>
    `${PORT} 的类型必须是 integer，而不是${value}；API 服务器会拒绝该 FelixConfiguration（"Invalid value"）。`;
  assert.deepEqual(zh('  prometheusMetricsPort:\n    a: 1\n'), [wants('对象')]);
  assert.deepEqual(zh('  prometheusMetricsPort:\n    - 1\n'), [wants('列表')]);
});

test('crd-field-invalid: a quoted number or boolean is offered without its quotes, single or double', () => {
  for (const [spec, quoted, bare, path, expected] of [
    ['  prometheusMetricsPort: "9091"\n', '"9091"', '9091', PORT, 'integer'],
    ["  prometheusMetricsPort: '9091'\n", "'9091'", '9091', PORT, 'integer'],
    ['  prometheusMetricsEnabled: "true"\n', '"true"', 'true', ENABLED, 'boolean'],
    ["  prometheusMetricsEnabled: 'false'\n", "'false'", 'false', ENABLED, 'boolean'],
  ] as const) {
    const files = felix(spec);
    const fs = findings(files, CRD);
    assert.deepEqual(said(files, CRD), [
      [quoted, typeMsg(path, expected, `the string '${bare}'`), [`Write ${bare} without quotes`]],
    ]);
    assert.equal(fs[0]!.fixes[0]!.safety, 'safe');
    assert.equal(applyFix(files, fs[0]!)[0]!.text, FC + spec.replace(quoted, bare));
  }
});

test('crd-field-invalid: no unquote fix for a string that is not exactly the number or boolean wanted', () => {
  const noFix = (spec: string, at: string, path: string, expected: string, value: string) =>
    assert.deepEqual(said(felix(spec), CRD), [[at, typeMsg(path, expected, `the string '${value}'`), []]], spec);
  noFix('  prometheusMetricsEnabled: "xtrue"\n', '"xtrue"', ENABLED, 'boolean', 'xtrue');
  noFix('  prometheusMetricsEnabled: "truex"\n', '"truex"', ENABLED, 'boolean', 'truex');
  noFix('  prometheusMetricsEnabled: yes\n', 'yes', ENABLED, 'boolean', 'yes');
  // Digits are a number, not a boolean.
  noFix('  prometheusMetricsEnabled: "1"\n', '"1"', ENABLED, 'boolean', '1');
  noFix('  prometheusMetricsPort: "9091x"\n', '"9091x"', PORT, 'integer', '9091x');
  noFix('  prometheusMetricsPort: "x9091"\n', '"x9091"', PORT, 'integer', 'x9091');
  noFix('  prometheusMetricsPort: "true"\n', '"true"', PORT, 'integer', 'true');
  // A string written plain (tagged) or as a block scalar has no quotes to drop.
  noFix('  prometheusMetricsPort: !!str 9091\n', '9091', PORT, 'integer', '9091');
  noFix('  prometheusMetricsPort: >-\n    9091\n', '>-\n    9091\n', PORT, 'integer', '9091');
  assert.deepEqual(said(monitor('      tlsConfig:\n        insecureSkipVerify: "1"\n'), CRD), [
    [
      '"1"',
      typeMsg('spec.endpoints[0].tlsConfig.insecureSkipVerify', 'boolean', "the string '1'", 'ServiceMonitor'),
      [],
    ],
  ]);
});

test('crd-field-invalid: a value outside an enum, with and without a near value to set', () => {
  const allowed = 'RequireAndVerifyClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, NoClientCert';
  const enumMsg = (v: string) =>
    `spec.prometheusMetricsClientAuth: '${v}' is not one of ${allowed}; the API server rejects the ` +
    `FelixConfiguration ("Unsupported value: \\"${v}\\"").`;
  assert.deepEqual(said(felix('  prometheusMetricsClientAuth: Bogus\n'), CRD), [['Bogus', enumMsg('Bogus'), []]]);
  const near = felix('  prometheusMetricsClientAuth: requireAndVerifyClientCert\n');
  assert.deepEqual(said(near, CRD), [
    [
      'requireAndVerifyClientCert',
      `${enumMsg('requireAndVerifyClientCert')} Did you mean RequireAndVerifyClientCert?`,
      ['Set RequireAndVerifyClientCert'],
    ],
  ]);
  assert.equal(
    applyFix(near, findings(near, CRD)[0]!)[0]!.text,
    FC + '  prometheusMetricsClientAuth: RequireAndVerifyClientCert\n',
  );
  assert.deepEqual(said(monitor('      scheme: ftp\n'), CRD), [
    [
      'ftp',
      "spec.endpoints[0].scheme: 'ftp' is not one of http, https, HTTP, HTTPS; the API server rejects the " +
        'ServiceMonitor ("Unsupported value: \\"ftp\\"").',
      [],
    ],
  ]);
});

const INSTALLATION = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n';

test('crd-field-invalid: the unquote and set fixes are offered in flow YAML and JSON too', () => {
  const flow = [
    {
      uri: 'f.yaml',
      text: '{apiVersion: projectcalico.org/v3, kind: FelixConfiguration, spec: {prometheusMetricsPort: "9091"}}\n',
    },
  ];
  assert.deepEqual(said(flow, CRD), [
    ['"9091"', typeMsg(PORT, 'integer', "the string '9091'"), ['Write 9091 without quotes']],
  ]);
  const json = [
    {
      uri: 'f.json',
      text:
        '{"apiVersion": "projectcalico.org/v3", "kind": "FelixConfiguration", ' +
        '"spec": {"prometheusMetricsClientAuth": "NoClientCerts"}}\n',
    },
  ];
  assert.deepEqual(
    findings(json, CRD).map((f) => f.fixes.map((x) => [x.title, x.edits[0]!.newText])),
    [[['Set NoClientCert', '"NoClientCert"']]],
  );
});

test('crd-field-invalid: the algorithms another rule checks skip their enum only, not their type', () => {
  const cm = '  certificateManagement:\n    caCert: abc\n    signerName: a/b\n';
  assert.deepEqual(said([{ uri: 'i.yaml', text: `${INSTALLATION}${cm}    keyAlgorithm: RSA\n` }], CRD), []);
  assert.deepEqual(said([{ uri: 'i.yaml', text: `${INSTALLATION}${cm}    keyAlgorithm: 4096\n` }], CRD), [
    ['4096', typeMsg('spec.certificateManagement.keyAlgorithm', 'string', '4096', 'Installation'), []],
  ]);
});

test('crd-field-invalid: a near-miss beside the field it means is dead, and gets no rename', () => {
  const unknown = (field: string, path: string) =>
    `'${field}' is not a field of ServiceMonitor spec.endpoints[0].tlsConfig; the API server drops it (kubectl ` +
    `apply refuses the ServiceMonitor: "strict decoding error: unknown field \\"${path}\\""). Did you mean caFile?`;
  const path = 'spec.endpoints[0].tlsConfig.caFlie';
  assert.deepEqual(said(monitor('      tlsConfig:\n        caFlie: /ca.pem\n'), CRD), [
    ['caFlie', unknown('caFlie', path), ['Rename to caFile']],
  ]);
  assert.deepEqual(said(monitor('      tlsConfig:\n        caFile: /ca.pem\n        caFlie: /old.pem\n'), CRD), [
    ['caFlie', `${unknown('caFlie', path)} (caFile is set as well: this one is dead.)`, []],
  ]);
});

const API_MISSING =
  'Installation has no apiVersion; kubectl refuses it ("apiVersion not set"). It is operator.tigera.io/v1.';

test('crd-field-invalid: apiVersion is added before kind, at its column, in block YAML only', () => {
  const cases: Array<[string, string]> = [
    [
      'metadata:\n  name: default\nkind: Installation\n',
      'metadata:\n  name: default\napiVersion: operator.tigera.io/v1\nkind: Installation\n',
    ],
    [
      '  metadata:\n    name: default\n  kind: Installation\n',
      '  metadata:\n    name: default\n  apiVersion: operator.tigera.io/v1\n  kind: Installation\n',
    ],
  ];
  for (const [text, fixed] of cases) {
    const files = [{ uri: 'installation.yaml', text }];
    assert.deepEqual(said(files, CRD), [['Installation', API_MISSING, ['Add apiVersion: operator.tigera.io/v1']]]);
    assert.equal(applyFix(files, findings(files, CRD)[0]!)[0]!.text, fixed);
  }
  // A flow map or JSON: where a line would go is not the rule's guess.
  assert.deepEqual(said([{ uri: 'i.yaml', text: '{kind: Installation, metadata: {name: default}}\n' }], CRD), [
    ['Installation', API_MISSING, []],
  ]);
  assert.deepEqual(said([{ uri: 'i.json', text: '{"kind": "Installation", "metadata": {"name": "d"}}\n' }], CRD), [
    ['"Installation"', API_MISSING, []],
  ]);
});

const misplaced = (field: string, home: string, kind = 'Installation', path = field) =>
  `'${field}' does not belong here: ${kind} has it at ${home}; the API server drops it (kubectl apply refuses ` +
  `the ${kind}: "strict decoding error: unknown field \\"${path}\\"").`;
const HEAD = 'apiVersion: operator.tigera.io/v1\nkind: Installation\n';

test('crd-field-invalid: no apiVersion fix when a kustomize patch leaves the object without its kind line', () => {
  const kustomization = {
    uri: '/w/kustomization.yaml',
    text: 'resources:\n  - i.yaml\npatches:\n  - path: p.yaml\n    target:\n      kind: Installation\n',
  };
  const base = { uri: '/w/i.yaml', text: 'kind: Installation\nmetadata:\n  name: default\n' };
  const patch = (text: string) => [kustomization, base, { uri: '/w/p.yaml', text }];
  const fix = ['Add apiVersion: operator.tigera.io/v1'];
  assert.deepEqual(said(patch('metadata:\n  name: default\n'), CRD), [['Installation', API_MISSING, fix]]);
  assert.deepEqual(said(patch('kind: null\nmetadata:\n  name: default\n'), CRD), [['Installation', API_MISSING, []]]);
});

test('crd-field-invalid: one field at the top moves under its home; the fields after it stay, in order', () => {
  const files = [{ uri: 'i.yaml', text: `${HEAD}name: default\nspec:\n  variant: Calico\n` }];
  const fs = findings(files, CRD);
  assert.deepEqual(said(files, CRD), [['name', misplaced('name', 'metadata.name'), ['Move name to metadata.name']]]);
  assert.equal(fs[0]!.fixes[0]!.safety, 'unsafe');
  assert.deepEqual(fs[0]!.fixes[0]!.edits, [
    {
      uri: 'i.yaml',
      start: HEAD.length,
      end: files[0]!.text.length - 1,
      newText: 'spec:\n  variant: Calico\nmetadata:\n  name: default',
    },
  ]);
});

test('crd-field-invalid: several fields at the top move together, nested as deep as their home', () => {
  const cm = 'spec:\n  certificateManagement:\n    caCert: abc\n    signerName: a/b';
  const text = `kind: Installation\napiVersion: operator.tigera.io/v1\ncaCert: abc\nsignerName: a/b\nextra: 1\n`;
  const files = [{ uri: 'i.yaml', text: `${text}---\nkind: ConfigMap\n` }];
  const fs = findings(files, CRD);
  const title = 'Move 2 fields to where Installation has them';
  assert.deepEqual(said(files, CRD), [
    ['caCert', misplaced('caCert', 'spec.certificateManagement.caCert'), [title]],
    ['signerName', misplaced('signerName', 'spec.certificateManagement.signerName'), [title]],
  ]);
  const start = text.indexOf('caCert');
  assert.deepEqual(fs[0]!.fixes[0]!.edits, [
    { uri: 'i.yaml', start, end: text.length - 1, newText: `extra: 1\n${cm}` },
  ]);
  assert.deepEqual(fs[1]!.fixes[0]!.edits, fs[0]!.fixes[0]!.edits);
  // CRLF lines stay CRLF.
  const crlf = [{ uri: 'c.yaml', text: text.replace(/\n/g, '\r\n') }];
  assert.equal(findings(crlf, CRD)[0]!.fixes[0]!.edits[0]!.newText, `extra: 1\r\n${cm.replace(/\n/g, '\r\n')}`);
  // One field alone with a three-level home.
  const one = [{ uri: 'o.yaml', text: `${HEAD}caCert: abc\n` }];
  assert.deepEqual(said(one, CRD), [
    [
      'caCert',
      misplaced('caCert', 'spec.certificateManagement.caCert'),
      ['Move caCert to spec.certificateManagement.caCert'],
    ],
  ]);
  assert.equal(findings(one, CRD)[0]!.fixes[0]!.edits[0]!.newText, 'spec:\n  certificateManagement:\n    caCert: abc');
});

test('crd-field-invalid: no move of a value that is not a one-line scalar, into a list, or in flow or JSON', () => {
  const noMove = (uri: string, text: string, at = 'name', msg = misplaced('name', 'metadata.name')) =>
    assert.deepEqual(said([{ uri, text }], CRD), [[at, msg, []]], text);
  noMove('a.yaml', `${HEAD}labels:\n  a: b\n`, 'labels', misplaced('labels', 'metadata.labels'));
  noMove('a2.yaml', `${HEAD}labels: {a: b}\n`, 'labels', misplaced('labels', 'metadata.labels'));
  noMove('b.yaml', `${HEAD}name: |\n  default\n`);
  noMove('b2.yaml', `${HEAD}name: |`);
  noMove('c.yaml', `${HEAD}name: de\n  fault\n`);
  noMove('d.yaml', `${HEAD}name:\n  default\n`);
  noMove('e.yaml', '{apiVersion: operator.tigera.io/v1, kind: Installation, name: default}\n');
  noMove('f.json', '{"apiVersion": "operator.tigera.io/v1", "kind": "Installation", "name": "default"}\n', '"name"');
  noMove(
    'g.yaml',
    'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\ncaFile: /ca.pem\n',
    'caFile',
    misplaced('caFile', 'spec.endpoints[].tlsConfig.caFile', 'ServiceMonitor'),
  );
});

test('crd-field-invalid: only fields misplaced at the top move, not one misplaced deeper or misspelt', () => {
  const nested = [
    {
      uri: 'n.yaml',
      text:
        `${HEAD}name: default\nspec:\n  certificateManagement:\n    caCert: abc\n    signerName: a/b\n` +
        '    tlsCipherSuites: []\n',
    },
  ];
  assert.deepEqual(said(nested, CRD), [
    ['name', misplaced('name', 'metadata.name'), ['Move name to metadata.name']],
    [
      'tlsCipherSuites',
      misplaced(
        'tlsCipherSuites',
        'spec.tlsCipherSuites',
        'Installation',
        'spec.certificateManagement.tlsCipherSuites',
      ),
      [],
    ],
  ]);
  const misspelt = [{ uri: 's.yaml', text: `${HEAD}name: default\nSpec:\n  variant: Calico\n` }];
  const fs = findings(misspelt, CRD);
  assert.deepEqual(said(misspelt, CRD), [
    ['name', misplaced('name', 'metadata.name'), ['Move name to metadata.name']],
    [
      'Spec',
      "'Spec' is not a field of Installation; the API server drops it (kubectl apply refuses the Installation: " +
        '"strict decoding error: unknown field \\"Spec\\""). Did you mean spec?',
      ['Rename to spec'],
    ],
  ]);
  assert.equal(fs[0]!.fixes[0]!.edits[0]!.newText, 'Spec:\n  variant: Calico\nmetadata:\n  name: default');
});

test('crd-field-invalid: a schema error of another keyword is worded with ajv words, or generically without', () => {
  // The CRD parts kept today have no pattern, bounds or number types; the rule words such errors all the same.
  const files = felix('  prometheusMetricsPort: "9091"\n');
  const a = new Analysis(files.map((f) => parseFile(f)));
  const real = a.crdIssues[0]!;
  const run = (issue: object) => {
    const out: Report[] = [];
    const fake = Object.assign(Object.create(a) as Analysis, {});
    Object.defineProperty(fake, 'crdIssues', { value: [{ ...real, ...issue }] });
    RULES_BY_ID.get(CRD)!.check(fake, (r) => out.push(r));
    const say = (m: Report['message']) => renderMsg(m, CRD, RULES_BY_ID.get(CRD)!.meta.messages);
    return out.map((r) => [say(r.message), (r.fixes ?? []).map((x) => say(x.title))]);
  };
  assert.deepEqual(run({ kind: 'other', message: 'must be <= 65535', valueNode: undefined }), [
    [`${PORT} must be <= 65535; the API server rejects the FelixConfiguration.`, []],
  ]);
  assert.deepEqual(run({ kind: 'other', message: undefined, valueNode: undefined }), [
    [`${PORT} does not match the schema; the API server rejects the FelixConfiguration.`, []],
  ]);
  // An empty value an enum allows (the CRDs' "unset") is not listed as a value to write.
  assert.deepEqual(run({ kind: 'enum', allowed: ['', 'A', 'B'], value: 'C', valueNode: undefined }), [
    [
      `${PORT}: 'C' is not one of A, B; the API server rejects the FelixConfiguration ("Unsupported value: \\"C\\"").`,
      [],
    ],
  ]);
  // A quoted whole number where the schema wants a number is offered without quotes, as for an integer.
  assert.deepEqual(run({ expected: 'number' }), [
    [typeMsg(PORT, 'number', "the string '9091'"), ['Write 9091 without quotes']],
  ]);
});

// ---- duplicate-env-var ----

const ENV = 'duplicate-env-var';
const node = (env: string, uri = 'calico-node.yaml'): SourceFile[] => [
  {
    uri,
    text:
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\nspec:\n' +
      '  template:\n    spec:\n      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n' +
      `          env:\n${env}`,
  },
];
const item = (name: string, rest: string) => `            - name: ${name}\n              ${rest}\n`;
const ref = (type: string, name: string, key: string) =>
  `valueFrom:\n                ${type}:\n                  name: ${name}\n                  key: ${key}`;
const setAgain = (name: string, line: number) =>
  `${name} is set again at line ${line} in container 'calico-node'; Kubernetes keeps the last entry, so this one ` +
  'is ignored.';

test('duplicate-env-var: the same Secret or ConfigMap key twice changes nothing; another key or source does', () => {
  const twice = (a: string, b: string) =>
    said(node(item('FELIX_TYPHACAFILE', a) + item('FELIX_TYPHACAFILE', b)), ENV).map(([at, msg]) => [at, msg]);
  const s = ref('secretKeyRef', 'typha-ca', 'ca.crt');
  const c = ref('configMapKeyRef', 'typha-ca', 'ca.crt');
  assert.deepEqual(twice(s, s), []);
  assert.deepEqual(twice(c, c), []);
  const reported = [['FELIX_TYPHACAFILE', setAgain('FELIX_TYPHACAFILE', 18)]];
  assert.deepEqual(twice(s, c), reported);
  assert.deepEqual(twice(s, ref('secretKeyRef', 'typha-ca', 'tls.crt')), reported);
  assert.deepEqual(twice(s, ref('secretKeyRef', 'other-ca', 'ca.crt')), reported);
});

test('duplicate-env-var: values that cannot be compared (a fieldRef, a templated value) are reported', () => {
  const field = 'valueFrom:\n                fieldRef:\n                  fieldPath: spec.nodeName';
  const fs = findings(node(item('NODENAME', field) + item('NODENAME', field)), ENV);
  assert.deepEqual(
    fs.map((f) => [f.message, f.related.map((r) => r.message)]),
    [[setAgain('NODENAME', 17), ['the NODENAME that takes effect']]],
  );
  const templated = node(
    item('FELIX_LOGSEVERITYSCREEN', 'value: {{ .Values.a }}') +
      item('FELIX_LOGSEVERITYSCREEN', 'value: {{ .Values.a }}'),
    'templates/calico-node.yaml',
  );
  assert.deepEqual(
    findings(templated, ENV).map((f) => f.message),
    [setAgain('FELIX_LOGSEVERITYSCREEN', 15)],
  );
});

test('duplicate-env-var: three entries: each is hidden by the next one, not by an earlier one', () => {
  const env =
    item('FELIX_LOGSEVERITYSCREEN', 'value: info') +
    item('FELIX_LOGSEVERITYSCREEN', 'value: debug') +
    item('FELIX_LOGSEVERITYSCREEN', 'value: warning');
  const files = node(env);
  const fs = findings(files, ENV);
  const text = files[0]!.text;
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  assert.deepEqual(
    fs.map((f) => [line(f.span.start), f.message, f.related.map((r) => line(r.span.start))]),
    [
      [13, setAgain('FELIX_LOGSEVERITYSCREEN', 15), [15]],
      [15, setAgain('FELIX_LOGSEVERITYSCREEN', 17), [17]],
    ],
  );
});

// ---- duplicate-object ----

const OBJ = 'duplicate-object';
const configMap = (name: string, ns?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns === undefined ? '' : `  namespace: ${ns}\n`}` +
  'data:\n  typha_service_name: calico-typha\n';
const replaces = (object: string, at: string) =>
  `${object} is already defined at ${at}, in the same set of files; applied together, this definition replaces ` +
  'that one and its settings are lost.';

test('duplicate-object: an object without a namespace is named by kind and name only', () => {
  const files = [{ uri: '/w/c.yaml', text: `${configMap('calico-config')}---\n${configMap('calico-config')}` }];
  const fs = findings(files, OBJ);
  assert.deepEqual(
    fs.map((f) => [f.message, f.related.map((r) => [r.span.start, r.message])]),
    [[replaces('ConfigMap calico-config', 'line 4'), [[49, 'the earlier ConfigMap calico-config']]]],
  );
  // An empty namespace is the same (unset) namespace.
  const empty = [{ uri: '/w/c.yaml', text: `${configMap('calico-config')}---\n${configMap('calico-config', '""')}` }];
  assert.deepEqual(
    findings(empty, OBJ).map((f) => f.message),
    [replaces('ConfigMap calico-config', 'line 4')],
  );
});

test('duplicate-object: a copy in another file of the set names that file by its base name', () => {
  const files = [
    { uri: '/w/kustomization.yaml', text: 'resources:\n  - a.yaml\n  - sub/b.yaml\n' },
    { uri: '/w/a.yaml', text: configMap('calico-config', 'kube-system') },
    { uri: '/w/sub/b.yaml', text: configMap('calico-config', 'kube-system') },
  ];
  const fs = findings(files, OBJ);
  assert.deepEqual(
    fs.map((f) => [f.span.uri, f.message, f.related.map((r) => [r.span.uri, r.message])]),
    [
      [
        '/w/sub/b.yaml',
        replaces('ConfigMap kube-system/calico-config', 'a.yaml:4'),
        [['/w/a.yaml', 'the earlier ConfigMap kube-system/calico-config']],
      ],
    ],
  );
});

test('duplicate-object: no name, a templated name, or a copy a template may not render: not reported', () => {
  const unnamed = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n';
  assert.deepEqual(findings([{ uri: '/w/c.yaml', text: `${unnamed}---\n${unnamed}` }], OBJ), []);
  const templated = configMap('{{ .Values.name }}');
  assert.deepEqual(findings([{ uri: '/w/templates/c.yaml', text: `${templated}---\n${templated}` }], OBJ), []);
  const maybe = `${configMap('calico-config')}---\n{{- if .Values.x }}\n${configMap('calico-config')}{{- end }}\n`;
  assert.deepEqual(findings([{ uri: '/w/templates/c.yaml', text: maybe }], OBJ), []);
});

// ---- duplicate-key ----

const KEY = 'duplicate-key';

test('duplicate-key: the keys of a workload that is an etcd client are checked, whatever its name', () => {
  const text =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controllers\nspec:\n  replicas: 1\n  replicas: 2\n' +
    '  template:\n    spec:\n      containers:\n        - name: c\n          image: busybox\n          env:\n' +
    '            - name: ETCD_ENDPOINTS\n              value: https://etcd:2379\n';
  assert.deepEqual(said([{ uri: '/w/d.yaml', text }], KEY), [
    [
      'replicas',
      "'replicas' is already defined at line 6 of this mapping; kubectl rejects the Deployment with " +
        '"mapping key \\"replicas\\" already defined at line 6" and applies none of it.',
      [],
    ],
  ]);
});

test('duplicate-key: an INI file that is not felix.cfg or typha.cfg is not read', () => {
  assert.deepEqual(findings([{ uri: '/w/other.cfg', text: '[global]\nLogLevel = info\nloglevel = debug\n' }], KEY), []);
  // felix.cfg with the same lines is.
  assert.deepEqual(
    findings(
      [{ uri: '/w/felix.cfg', text: '[global]\nLogSeverityScreen = info\nlogseverityscreen = debug\n' }],
      KEY,
    ).map((f) => [f.message, f.related.map((r) => r.message)]),
    [
      [
        "LogSeverityScreen is set again at line 3 (as logseverityscreen); Calico keeps the later value, so 'info' " +
          'here is ignored.',
        ['the logseverityscreen that takes effect'],
      ],
    ],
  );
});

test('duplicate-key: a templated value in felix.cfg, first or later, may be the same: not reported', () => {
  for (const text of [
    '[global]\nTyphaCN = {{ cn }}\ntyphacn = calico-typha\n',
    '[global]\nTyphaCN = typha-server\ntyphacn = {{ cn }}\n',
  ])
    assert.deepEqual(findings([{ uri: '/w/felix.cfg.j2', text }], KEY), [], text);
});
