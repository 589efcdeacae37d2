// Edges of manager-cert-sans that no fixture reaches: how a certificate's names cover a host (IP
// SANs, several DNS names, one leftmost wildcard label), the full messages (names listed, CN only,
// a nameless Ingress), where the certificate comes from (Ingress TLS Secret, the Manager's own
// Secret by namespace and key names, legacy serviceName backends, the passthrough annotation),
// which TLS entry serves a host, and the unknowns (no Secret, no host, no secretName, templates)
// that give no finding and no rule error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules';
import { readsObject } from '../server/src/engine/model/reads';
import { makeCert, SERVER_AUTH } from './certfactory';
import { related, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');
const FROM = new Date('2027-01-01T00:00:00Z');
const UNTIL = new Date('2030-01-01T00:00:00Z');
const RULE = 'manager-cert-sans';

function run(files: SourceFile[]): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

const certs = new Map<string, Promise<string>>();
/** A server certificate (PEM) with these SANs, made once per set of names. */
function cert(cn: string, names: { dns?: string[]; ips?: string[] } = {}): Promise<string> {
  const k = JSON.stringify([cn, names]);
  let c = certs.get(k);
  if (!c) {
    c = makeCert({ cn, eku: [SERVER_AUTH], notBefore: FROM, notAfter: UNTIL, ...names }).then((x) => x.certPem);
    certs.set(k, c);
  }
  return c;
}

/** A Secret whose data holds these PEM values (base64-encoded), each under its key. */
function secret(name: string, ns: string | undefined, data: Record<string, string>): string {
  const meta = ns ? `  name: ${name}\n  namespace: ${ns}\n` : `  name: ${name}\n`;
  const body = Object.entries(data)
    .map(([k, v]) => `  ${k}: ${b64(v)}\n`)
    .join('');
  return `apiVersion: v1\nkind: Secret\nmetadata:\n${meta}data:\n${body}`;
}

/** One Ingress rule: `host` (left out when undefined) routed to each service in turn. */
function rule(host: string | undefined, ...services: string[]): string {
  const paths = services
    .map(
      (s) =>
        `          - path: /${s}\n            pathType: Prefix\n            backend:\n              service:\n` +
        `                name: ${s}\n                port: {number: 9443}\n`,
    )
    .join('');
  return `${host === undefined ? '    - http:\n' : `    - host: ${host}\n      http:\n`}        paths:\n${paths}`;
}

const PASS = '    nginx.ingress.kubernetes.io/ssl-passthrough: "true"\n';

/** An Ingress `manager` in kube-system with these annotation lines, `tls:` items and `rules:` items. */
function ingress(o: { annotations?: string; tls?: string; rules: string; meta?: string }): string {
  const meta = o.meta ?? '  name: manager\n  namespace: kube-system\n';
  const ann = o.annotations ? `  annotations:\n${o.annotations}` : '';
  const tls = o.tls ? `  tls:\n${o.tls}` : '';
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n${meta}${ann}spec:\n${tls}  rules:\n${o.rules}`;
}

const OWN = "Secret cnx-manager-tls, the Manager's own certificate passed through";
const notCovered = (host: string, source: string, names: string, ing = 'manager') =>
  `Ingress ${ing} serves the Manager at '${host}', but the certificate browsers get (${source}) covers ${names}; browsers reject it.`;

test('manager-cert-sans: a host is covered by an IP SAN, by any one DNS name, or by a wildcard for exactly one leftmost label', async () => {
  const pem = await cert('manager', {
    dns: ['other.example.org', 'a.example.com', '*.apps.example.com', 'example.net'],
    ips: ['10.0.0.7'],
  });
  const files = [
    {
      uri: 'ingress.yaml',
      text: ingress({
        annotations: PASS,
        rules: [
          '10.0.0.7',
          'a.example.com',
          'ui.apps.example.com',
          'UI.Apps.Example.com',
          'x.ui.apps.example.com',
          'apps.example.com',
          'b.example.com',
          'ui.example.net',
        ]
          .map((h) => rule(h, 'cnx-manager'))
          .join(''),
      }),
    },
    { uri: 'secret.yaml', text: secret('cnx-manager-tls', 'kube-system', { cert: pem, key: 'unused' }) },
  ];
  const names = 'other.example.org, a.example.com, *.apps.example.com, example.net, 10.0.0.7';
  const fs = run(files);
  assert.deepEqual(said(files, fs), [
    ['x.ui.apps.example.com', notCovered('x.ui.apps.example.com', OWN, names)],
    ['apps.example.com', notCovered('apps.example.com', OWN, names)],
    ['b.example.com', notCovered('b.example.com', OWN, names)],
    ['ui.example.net', notCovered('ui.example.net', OWN, names)],
  ]);
  const secretText = files[1]!.text;
  const certB64 = b64(pem);
  assert.ok(secretText.includes(certB64));
  for (const f of fs) assert.deepEqual(related(files, f), [['secret.yaml', certB64, 'the certificate browsers get']]);
});

test('manager-cert-sans: a certificate with no SANs at all is said to cover no DNS or IP names', async () => {
  const pem = await cert('manager.example.com');
  const files = [
    {
      uri: 'm.yaml',
      text: `${ingress({ annotations: PASS, rules: rule('manager.example.com', 'cnx-manager') })}---\n${secret('cnx-manager-tls', 'kube-system', { cert: pem })}`,
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    [
      'manager.example.com',
      "Ingress manager serves the Manager at 'manager.example.com', but the certificate browsers get " +
        "(Secret cnx-manager-tls, the Manager's own certificate passed through) covers no DNS or IP names (CN only); " +
        'browsers reject it.',
    ],
  ]);
});

test('manager-cert-sans: an Ingress without a name of its own is written ?', async () => {
  const pem = await cert('m', { dns: ['manager.example.com'] });
  for (const meta of ['  namespace: kube-system\n', '  name: "{{ .Values.name }}"\n  namespace: kube-system\n']) {
    const files = [
      {
        uri: 'm.yaml',
        text: `${ingress({ meta, annotations: PASS, rules: rule('ui.example.com', 'cnx-manager') })}---\n${secret('cnx-manager-tls', 'kube-system', { cert: pem })}`,
      },
    ];
    assert.deepEqual(
      said(files, run(files)),
      [['ui.example.com', notCovered('ui.example.com', OWN, 'manager.example.com', '?')]],
      meta,
    );
  }
});

test('manager-cert-sans: no Secret, or a Secret without the keys read, is unknown: no finding and no rule error', async () => {
  const pem = await cert('m', { dns: ['other.example.com'] });
  const pass = (svc: string, ns = 'kube-system') =>
    ingress({
      meta: `  name: manager\n  namespace: ${ns}\n`,
      annotations: PASS,
      rules: rule('ui.example.com', svc),
    });
  const cases: Array<[string, string]> = [
    // Passed through, and the Manager's Secret is not in the workspace.
    ['no cnx-manager-tls', pass('cnx-manager')],
    ['no manager-tls', pass('calico-manager', 'calico-system')],
    // cnx-manager-tls is read under `cert` only: tls.crt there is a file nobody reads.
    [
      'cnx-manager-tls without cert',
      `${pass('cnx-manager')}---\n${secret('cnx-manager-tls', 'kube-system', { 'tls.crt': pem })}`,
    ],
    // manager-tls with none of the operator's pairs.
    [
      'manager-tls without a pair',
      `${pass('calico-manager', 'calico-system')}---\n${secret('manager-tls', 'calico-system', { 'ca.crt': pem })}`,
    ],
    // The Ingress terminates TLS with a Secret not in the workspace, or one without tls.crt.
    ['no Ingress Secret', ingress({ tls: '    - secretName: ui-tls\n', rules: rule('ui.example.com', 'cnx-manager') })],
    [
      'Ingress Secret without tls.crt',
      `${ingress({ tls: '    - secretName: ui-tls\n', rules: rule('ui.example.com', 'cnx-manager') })}---\n${secret('ui-tls', 'kube-system', { cert: pem })}`,
    ],
    [
      'manager-tls TLS entry not in the workspace',
      ingress({
        tls: '    - hosts: [ui.example.com]\n      secretName: manager-tls\n',
        rules: rule('web.example.com', 'web'),
      }),
    ],
  ];
  for (const [what, text] of cases) assert.deepEqual(run([{ uri: 'm.yaml', text }]), [], what);
});

test("manager-cert-sans: cnx-manager-tls is read in the Ingress's namespace only; manager-tls also from the operator's", async () => {
  const pem = await cert('m', { dns: ['other.example.com'] });
  const other = await cert('m', { dns: ['unrelated.example.com'] });
  // cnx-manager-tls in another namespace is not the one this Manager mounts.
  const manual = [
    {
      uri: 'm.yaml',
      text: `${ingress({ annotations: PASS, rules: rule('ui.example.com', 'cnx-manager') })}---\n${secret('cnx-manager-tls', 'default', { cert: pem })}`,
    },
  ];
  assert.deepEqual(run(manual), []);
  // The operator copies manager-tls from tigera-operator; a Secret of another name is not it.
  const operator = [
    {
      uri: 'm.yaml',
      text:
        `${ingress({ meta: '  name: manager\n  namespace: calico-system\n', annotations: PASS, rules: rule('ui.example.com', 'calico-manager') })}---\n` +
        `${secret('other-tls', 'calico-system', { 'tls.crt': other })}---\n${secret('manager-tls', 'tigera-operator', { 'tls.crt': pem })}`,
    },
  ];
  assert.deepEqual(said(operator, run(operator)), [
    [
      'ui.example.com',
      notCovered(
        'ui.example.com',
        "Secret manager-tls, the Manager's own certificate passed through",
        'other.example.com',
      ),
    ],
  ]);
  // Without manager-tls anywhere, the other Secret is not taken for it.
  const none = [{ uri: 'm.yaml', text: operator[0]!.text.split('---\n').slice(0, 2).join('---\n') }];
  assert.deepEqual(run(none), []);
});

test("manager-cert-sans: manager-tls is read under the operator's legacy cert/key when it has no tls.crt", async () => {
  const pem = await cert('m', { dns: ['other.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        `${ingress({ meta: '  name: mgr\n  namespace: calico-system\n', annotations: PASS, rules: rule('ui.example.com', 'tigera-manager') })}---\n` +
        secret('manager-tls', 'calico-system', { cert: pem, key: 'k' }),
    },
  ];
  const fs = run(files);
  assert.deepEqual(said(files, fs), [
    [
      'ui.example.com',
      notCovered(
        'ui.example.com',
        "Secret manager-tls, the Manager's own certificate passed through",
        'other.example.com',
        'mgr',
      ),
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['m.yaml', b64(pem), 'the certificate browsers get']]);
});

test('manager-cert-sans: a legacy serviceName backend routes to the Manager; a resource backend beside it is no service', async () => {
  const pem = await cert('m', { dns: ['other.example.com'] });
  const legacy =
    '    - host: ui.example.com\n      http:\n        paths:\n' +
    '          - path: /static\n            backend:\n              resource:\n                apiGroup: k8s.example.com\n' +
    '                kind: StorageBucket\n                name: static\n' +
    '          - path: /\n            backend:\n              serviceName: cnx-manager\n              servicePort: 9443\n';
  const files = [
    {
      uri: 'm.yaml',
      text: `${ingress({ annotations: PASS, rules: legacy })}---\n${secret('cnx-manager-tls', 'kube-system', { cert: pem })}`,
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    ['ui.example.com', notCovered('ui.example.com', OWN, 'other.example.com')],
  ]);
});

test('manager-cert-sans: TLS is passed through only by an ssl-passthrough annotation set to true', async () => {
  const pem = await cert('m', { dns: ['other.example.com'] });
  const withAnnotations = (annotations: string) => [
    {
      uri: 'm.yaml',
      text: `${ingress({ annotations, rules: rule('ui.example.com', 'cnx-manager') })}---\n${secret('cnx-manager-tls', 'kube-system', { cert: pem })}`,
    },
  ];
  const expected = [['ui.example.com', notCovered('ui.example.com', OWN, 'other.example.com')]];
  for (const ann of [
    // Beside other annotations, under any prefix or none, any case of true.
    `    kubernetes.io/ingress.class: nginx\n${PASS}    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n`,
    '    ssl-passthrough: "TRUE"\n',
    '    haproxy.router.example/ssl-passthrough: "true"\n',
  ]) {
    const files = withAnnotations(ann);
    assert.deepEqual(said(files, run(files)), expected, ann);
  }
  for (const ann of [
    '    nginx.ingress.kubernetes.io/ssl-passthrough: "false"\n',
    '    nginx.ingress.kubernetes.io/ssl-passthrough-extra: "true"\n',
    '    nginx.ingress.kubernetes.io/my-ssl-passthrough: "true"\n',
    '    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"\n',
    '    nginx.ingress.kubernetes.io/ssl-passthrough: [true]\n',
    '    kubernetes.io/ingress.class: nginx\n',
  ]) {
    assert.deepEqual(run(withAnnotations(ann)), [], ann);
  }
});

test('manager-cert-sans: a TLS entry naming a Manager Secret claims its listed hosts; the first claim wins', async () => {
  const good = await cert('m', { dns: ['ui.example.com'] });
  const bad = await cert('m', { dns: ['other.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        ingress({
          tls:
            // A non-scalar item and a templated host are not hosts.
            '    - hosts: [{name: x}, "{{ .Values.host }}", ui.example.com]\n      secretName: cnx-manager-tls\n' +
            '    - hosts: [ui.example.com, api.example.com]\n      secretName: manager-tls\n',
          rules: rule('web.example.com', 'web'),
        }) +
        `---\n${secret('cnx-manager-tls', 'kube-system', { 'tls.crt': good })}---\n${secret('manager-tls', 'kube-system', { 'tls.crt': bad })}`,
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    [
      'api.example.com',
      notCovered('api.example.com', 'Secret manager-tls, served by the Ingress controller', 'other.example.com'),
    ],
  ]);
});

test('manager-cert-sans: a TLS entry with no secretName or a Secret that is not the Manager claims nothing by itself', async () => {
  const bad = await cert('m', { dns: ['other.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        ingress({
          tls:
            '    - hosts: [ui.example.com]\n' +
            '    - hosts: [web.example.com]\n      secretName: web-tls\n' +
            '    - hosts: [t.example.com]\n      secretName: "{{ .Values.secret }}"\n',
          // ui.example.com: the controller's default certificate; t.example.com: a templated Secret.
          rules:
            rule('ui.example.com', 'cnx-manager') +
            rule('web.example.com', 'web') +
            rule('t.example.com', 'cnx-manager'),
        }) + `---\n${secret('web-tls', 'kube-system', { 'tls.crt': bad })}`,
    },
  ];
  assert.deepEqual(run(files), []);
});

test('manager-cert-sans: a rule without a host or with a templated one is not checked', async () => {
  const bad = await cert('m', { dns: ['other.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        ingress({
          annotations: PASS,
          tls: '    - hosts: [a.example.com]\n      secretName: web-tls\n',
          rules: rule(undefined, 'cnx-manager') + rule('"{{ .Values.host }}"', 'cnx-manager'),
        }) + `---\n${secret('cnx-manager-tls', 'kube-system', { cert: bad })}`,
    },
  ];
  assert.deepEqual(run(files), []);
});

test('manager-cert-sans: only a rule with a path to a Manager Service is checked, whichever path it is', async () => {
  const bad = await cert('m', { dns: ['other.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        ingress({
          annotations: PASS,
          rules: rule('web.example.com', 'web') + rule('ui.example.com', 'web', 'cnx-manager'),
        }) +
        `---\n${secret('cnx-manager-tls', 'kube-system', { cert: bad })}---\n${secret('manager-tls', 'kube-system', { 'tls.crt': bad })}`,
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    ['ui.example.com', notCovered('ui.example.com', OWN, 'other.example.com')],
  ]);
});

test('manager-cert-sans: a host is served by the TLS entry listing it, among others, before one that lists none', async () => {
  const bad = await cert('m', { dns: ['other.example.com'] });
  const good = await cert('m', { dns: ['ui.example.com'] });
  const files = [
    {
      uri: 'm.yaml',
      text:
        ingress({
          tls:
            '    - secretName: default-tls\n' +
            '    - hosts: ["{{ .Values.host }}", other.example.com, ui.example.com]\n      secretName: ui-tls\n',
          rules: rule('ui.example.com', 'cnx-manager') + rule('api.example.com', 'cnx-manager'),
        }) +
        `---\n${secret('ui-tls', 'kube-system', { 'tls.crt': bad })}---\n${secret('default-tls', 'kube-system', { 'tls.crt': good })}`,
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    [
      'ui.example.com',
      notCovered('ui.example.com', 'Secret ui-tls, served by the Ingress controller', 'other.example.com'),
    ],
    [
      'api.example.com',
      notCovered('api.example.com', 'Secret default-tls, served by the Ingress controller', 'ui.example.com'),
    ],
  ]);
});

test('manager-cert-sans declares that it reads Ingresses and Secrets itself', () => {
  const reads = RULES.find((r) => r.meta.id === RULE)!.meta.reads;
  assert.ok(reads);
  for (const kind of ['Ingress', 'Secret'])
    assert.equal(readsObject([reads], { apiVersion: 'v1', kind, name: 'x' }), true, kind);
  assert.equal(readsObject([reads], { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }), false);
});
