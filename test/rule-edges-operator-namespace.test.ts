// The operator namespace in the bring-your-own rules (operator-byo-secret, operator-byo-identity,
// operator-cert-usage, operator-secret-copy-differs): the operator reads BYO objects from
// OPERATOR_NAMESPACE, else the namespace it runs in, else tigera-operator (fact sheet 1e). An
// operator in another namespace makes the objects there the ones judged, and the same objects in
// tigera-operator ones it never reads; a namespace the workspace does not tell falls back to the
// default, as the operator does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { related, said } from './rule-helpers';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** An object of `kind` with `data` written as given. */
function object(kind: string, name: string, ns: string, data: Record<string, string>): string {
  const body = Object.entries(data)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('');
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n${body}`;
}
const secret = (name: string, ns: string, data: Record<string, string>) =>
  object('Secret', name, ns, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])));

/** The operator Deployment, running in `ns`, with OPERATOR_NAMESPACE written as `env` (none if undefined). */
function operator(ns: string, env?: string): SourceFile {
  const envText =
    env === undefined ? '' : `          env:\n            - name: OPERATOR_NAMESPACE\n              value: ${env}\n`;
  return {
    uri: 'operator.yaml',
    text:
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tigera-operator\n  namespace: ${ns}\nspec:\n` +
      '  template:\n    spec:\n      containers:\n        - name: tigera-operator\n' +
      `          image: quay.io/tigera/operator:v1.38.0\n${envText}`,
  };
}

let made: Promise<{ ca: Issued; both: Issued; serverOnly: Issued; other: Issued }> | undefined;
function certs() {
  made ??= (async () => {
    const ca = await makeCert({
      cn: 'my-ca',
      ca: true,
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() + 3000 * DAY),
    });
    const leaf = (cn: string, eku: string[], days: number) =>
      makeCert({
        cn,
        eku,
        issuer: ca,
        notBefore: new Date(NOW.getTime() - 10 * DAY),
        notAfter: new Date(NOW.getTime() + days * DAY),
      });
    return {
      ca,
      both: await leaf('typha-server', [SERVER_AUTH, CLIENT_AUTH], 365),
      serverOnly: await leaf('typha-server', [SERVER_AUTH], 365),
      other: await leaf('typha-old', [SERVER_AUTH, CLIENT_AUTH], 100),
    };
  })();
  return made;
}

/** Which YAML document of `file` (0-based) a finding is in. */
const docOf = (file: SourceFile, f: Finding) => file.text.slice(0, f.span.start).split('---\n').length - 1;

/** One file holding a typha-ca ConfigMap without caBundle in each of two namespaces. */
const typhaCas = (first: string, second: string): SourceFile => ({
  uri: 'ca.yaml',
  text: [first, second].map((ns) => object('ConfigMap', 'typha-ca', ns, { 'ca.crt': 'x' })).join('---\n'),
});

const noCaBundle =
  "ConfigMap typha-ca has no key 'caBundle' (it has 'ca.crt'); the operator fails with " +
  '"ConfigMap \\"typha-ca\\" does not have a field named \\"caBundle\\"".';

test('operator-byo-secret: the typha-ca of the namespace the operator runs in is read; the one in tigera-operator is not', () => {
  const cms = typhaCas('ops', 'tigera-operator');
  const files = [operator('ops'), cms];
  const fs = run(files, 'operator-byo-secret');
  assert.deepEqual(said(files, fs), [['typha-ca', noCaBundle]]);
  // The finding is on the first object (namespace ops), not the second.
  assert.deepEqual(
    fs.map((f) => docOf(cms, f)),
    [0],
  );
});

test('operator-byo-secret: OPERATOR_NAMESPACE wins over the namespace the operator runs in', () => {
  const cms = typhaCas('ops', 'byo');
  const fs = run([operator('ops', 'byo'), cms], 'operator-byo-secret');
  assert.deepEqual(
    fs.map((f) => docOf(cms, f)),
    [1],
  );
});

test('operator-byo-secret: a templated OPERATOR_NAMESPACE, or no operator in sight, falls back to tigera-operator', () => {
  const cms = typhaCas('ops', 'tigera-operator');
  for (const files of [[operator('ops', '"{{ .Values.operatorNamespace }}"'), cms], [cms]]) {
    const fs = run(files, 'operator-byo-secret');
    assert.deepEqual(
      fs.map((f) => docOf(cms, f)),
      [1],
      files.map((f) => f.uri).join(),
    );
  }
});

test('operator-byo-identity: identity kinds are compared in the namespace the operator reads', () => {
  const pair = (ns: string) =>
    [
      object('Secret', 'typha-certs', ns, { 'uri-san': b64('spiffe://a/typha') }),
      object('Secret', 'node-certs', ns, { 'common-name': b64('typha-client') }),
    ].join('---\n');
  const inOps = [operator('ops'), { uri: 'certs.yaml', text: pair('ops') }];
  assert.deepEqual(
    run(inOps, 'operator-byo-identity').map((f) => f.message.split(':')[0]),
    ['typha-certs sets only uri-san but node-certs sets only common-name'],
  );
  const inDefault = [operator('ops'), { uri: 'certs.yaml', text: pair('tigera-operator') }];
  assert.deepEqual(run(inDefault, 'operator-byo-identity'), []);
});

test('operator-cert-usage: the Secret in the operator namespace and its copy in calico-system, not one in tigera-operator', async () => {
  const { serverOnly } = await certs();
  const files = [
    operator('ops'),
    {
      uri: 'certs.yaml',
      text: [
        secret('typha-certs', 'ops', { 'tls.crt': serverOnly.certPem }),
        secret('typha-certs', 'tigera-operator', { 'tls.crt': serverOnly.certPem }),
        secret('typha-certs', 'calico-system', { 'tls.crt': serverOnly.certPem }),
      ].join('---\n'),
    },
  ];
  const lacks = (label: string) =>
    `${label}: the certificate lacks clientAuth; the operator and the Calico docs expect both serverAuth and ` +
    'clientAuth on typha-certs.';
  assert.deepEqual(
    run(files, 'operator-cert-usage').map((f) => f.message),
    [lacks('Secret ops/typha-certs, key tls.crt'), lacks('Secret calico-system/typha-certs, key tls.crt')],
  );
});

test('operator-secret-copy-differs: the source is in the operator namespace, and the message names it', async () => {
  const { both, other } = await certs();
  const files = [
    operator('ops'),
    {
      uri: 'dump.yaml',
      text: [
        secret('typha-certs', 'ops', { 'tls.crt': both.certPem }),
        secret('typha-certs', 'calico-system', { 'tls.crt': other.certPem }),
      ].join('---\n'),
    },
  ];
  const fs = run(files, 'operator-secret-copy-differs');
  const until = (c: Issued) => c.cert.notAfter.toISOString().slice(0, 10);
  assert.deepEqual(said(files, fs), [
    [
      b64(other.certPem),
      `Secret calico-system/typha-certs, key tls.crt differs from its source in ops ('typha-old' valid to ` +
        `${until(other)} here, 'typha-server' valid to ${until(both)} there): the operator is not reconciling the copy.`,
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['dump.yaml', b64(both.certPem), 'the source in ops']]);
  // The same source in tigera-operator is not what this operator copies from.
  const elsewhere = [
    operator('ops'),
    {
      uri: 'dump.yaml',
      text: [
        secret('typha-certs', 'tigera-operator', { 'tls.crt': both.certPem }),
        secret('typha-certs', 'calico-system', { 'tls.crt': other.certPem }),
      ].join('---\n'),
    },
  ];
  assert.deepEqual(run(elsewhere, 'operator-secret-copy-differs'), []);
});
