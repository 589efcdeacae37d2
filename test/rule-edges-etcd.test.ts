// Edges of the etcd client rules (etcd-cert-without-key, etcd-client-cert-untrusted, etcd-client-cert-usage,
// etcd-https-without-ca, etcd-peer-port, etcd-plaintext, etcd-server-cert-sans) that no fixture reaches: full
// messages, the kubernetes datastore, templated halves, one finding per place written, and each client kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CERT_EXAMPLES } from '../server/src/engine/rules/support/cert-examples';
import { etcdManifest, etcdSecretSetup } from '../server/src/engine/rules/support/etcd-examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';
import { related, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');
const FROM = new Date('2027-01-01T00:00:00Z');
const UNTIL = new Date('2030-01-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const ctl = (spec: string, name = 'ctl'): string =>
  `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

// ---- etcd-cert-without-key ----

const WITHOUT_KEY = 'etcd-cert-without-key';

test('etcd-cert-without-key: a client on the kubernetes datastore is not judged', () => {
  const files = [
    { uri: 'a.yaml', text: ctl('  datastoreType: kubernetes\n  etcdCertFile: /etc/calico/cert.pem\n') },
    { uri: 'b.yaml', text: ctl('  datastoreType: etcdv3\n  etcdCertFile: /etc/calico/cert.pem\n', 'b') },
  ];
  assert.deepEqual(said(files, run(files, WITHOUT_KEY)), [
    [
      'etcdCertFile',
      'CalicoAPIConfig b: etcdCertFile is set but the key file is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: , cert: /etc/calico/cert.pem]".',
    ],
  ]);
});

test('etcd-cert-without-key: each half-set client is reported where it is written', () => {
  const files = [
    { uri: 'a.yaml', text: ctl('  etcdEndpoints: https://etcd:2379\n  etcdKeyFile: /k.pem\n', 'a') },
    { uri: 'b.yaml', text: ctl('  etcdEndpoints: https://etcd:2379\n  etcdCertFile: /c.pem\n', 'b') },
  ];
  assert.deepEqual(said(files, run(files, WITHOUT_KEY)), [
    [
      'etcdKeyFile',
      'CalicoAPIConfig a: etcdKeyFile is set but the certificate file is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: /k.pem, cert: ]".',
    ],
    [
      'etcdCertFile',
      'CalicoAPIConfig b: etcdCertFile is set but the key file is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: , cert: /c.pem]".',
    ],
  ]);
});

/** calico-etcd.yaml's ConfigMap with two more workloads reading etcd_cert / etcd_key from it. */
function sharedConfigMap(): SourceFile[] {
  const base = etcdManifest({ endpoints: 'https://10.0.0.1:2379', ca: '/ca', cert: '/calico-secrets/etcd-cert' });
  const second = base
    .slice(base.indexOf('---'))
    .replace('calico-kube-controllers\n  namespace', 'calico-other\n  namespace')
    .replace('- name: calico-kube-controllers', '- name: calico-other');
  return [{ uri: 'calico-etcd.yaml', text: base + second }];
}

test('etcd-cert-without-key: the empty ConfigMap key two workloads read is one finding, with the set side', () => {
  const files = sharedConfigMap();
  const found = run(files, WITHOUT_KEY);
  assert.deepEqual(said(files, found), [
    [
      '""',
      "container 'calico-kube-controllers' (Deployment kube-system/calico-kube-controllers): ETCD_CERT_FILE is set " +
        'but ETCD_KEY_FILE is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: , cert: /calico-secrets/etcd-cert]".',
    ],
  ]);
  assert.equal(found[0]!.severity, 'error');
  assert.deepEqual(related(files, found[0]!), [
    ['calico-etcd.yaml', '"/calico-secrets/etcd-cert"', 'ETCD_CERT_FILE is set here'],
  ]);
});

const EP = '  etcdEndpoints: https://etcd:2379\n';

const INLINE_HALF = (label: string) =>
  `${label}: inline etcd TLS needs both etcdCert and etcdKey; calicoctl fails with ` +
  '"Certificate and Key must both be present inline."';

test('etcd-cert-without-key: inline CA with a certificate or a key alone is half a pair, not a CA alone', () => {
  const withCert = [{ uri: 'c.yaml', text: ctl(EP + '  etcdCACert: CA\n  etcdCert: CERT\n', 'c') }];
  assert.deepEqual(said(withCert, run(withCert, WITHOUT_KEY)), [['etcdCert', INLINE_HALF('CalicoAPIConfig c')]]);
  const withKey = [{ uri: 'k.yaml', text: ctl(EP + '  etcdCACert: CA\n  etcdKey: KEY\n', 'k') }];
  assert.deepEqual(said(withKey, run(withKey, WITHOUT_KEY)), [['etcdKey', INLINE_HALF('CalicoAPIConfig k')]]);
  const both = [{ uri: 'b.yaml', text: ctl(EP + '  etcdCACert: CA\n  etcdCert: CERT\n  etcdKey: KEY\n', 'b') }];
  assert.deepEqual(run(both, WITHOUT_KEY), []);
  const none = [{ uri: 'n.yaml', text: ctl('  etcdEndpoints: https://etcd:2379\n  etcdCACertFile: /ca.pem\n', 'n') }];
  assert.deepEqual(run(none, WITHOUT_KEY), []);
});

test('etcd-cert-without-key: an inline half that is a template expression may be set: no finding', () => {
  for (const spec of [
    '  etcdCACert: CA\n  etcdCert: "{{ .Values.cert }}"\n',
    '  etcdCACert: CA\n  etcdKey: "{{ .Values.key }}"\n',
    '  etcdCert: CERT\n  etcdKey: "{{ .Values.key }}"\n',
    '  etcdKey: KEY\n  etcdCert: "{{ .Values.cert }}"\n',
  ]) {
    assert.deepEqual(run([{ uri: 't.yaml', text: ctl(EP + spec) }], WITHOUT_KEY), [], spec);
  }
});

// ---- etcd-https-without-ca ----

const WITHOUT_CA = 'etcd-https-without-ca';

const noCa = (label: string, setting = 'etcdCACertFile / etcdCACert') =>
  `${label} connects to etcd over HTTPS without an etcd CA (${setting} unset), so only the system roots are trusted.`;

test('etcd-https-without-ca: one https endpoint among several is enough, spaces after commas allowed', () => {
  const files = [
    { uri: 'a.yaml', text: ctl('  etcdEndpoints: http://10.0.0.1:2379, https://10.0.0.2:2379\n', 'a') },
    { uri: 'b.yaml', text: ctl('  etcdEndpoints: "https://10.0.0.2:2379,http://10.0.0.1:2379"\n', 'b') },
  ];
  assert.deepEqual(said(files, run(files, WITHOUT_CA)), [
    ['etcdEndpoints', noCa('CalicoAPIConfig a')],
    ['etcdEndpoints', noCa('CalicoAPIConfig b')],
  ]);
});

test('etcd-https-without-ca: only a URL starting with https:// is https; kubernetes clients are not judged', () => {
  const files = [
    { uri: 'a.yaml', text: ctl('  etcdEndpoints: http://10.0.0.1:2379/https://\n', 'a') },
    { uri: 'b.yaml', text: ctl('  datastoreType: kubernetes\n  etcdEndpoints: https://10.0.0.1:2379\n', 'b') },
    { uri: 'c.yaml', text: ctl('  datastoreType: Kubernetes\n  etcdEndpoints: https://10.0.0.1:2379\n', 'c') },
  ];
  assert.deepEqual(run(files, WITHOUT_CA), []);
});

const workload = (name: string, image: string, env: string): string =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n' +
  `  name: ${name}\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n` +
  `        - name: ${name}\n          image: ${image}\n          env:\n${env}`;

const envVar = (name: string, value: string) => `            - name: ${name}\n              value: ${value}\n`;

test("etcd-https-without-ca: Typha's view of its etcd settings is not judged on its own (it merges the env CA)", () => {
  const files = [
    {
      uri: 'typha.yaml',
      text: workload(
        'calico-typha',
        'calico/typha:v3.30.0',
        envVar('TYPHA_DATASTORETYPE', 'etcdv3') + envVar('TYPHA_ETCDENDPOINTS', 'https://10.0.0.1:2379'),
      ),
    },
  ];
  assert.deepEqual(run(files, WITHOUT_CA), []);
});

// ---- etcd-peer-port ----

const PEER = 'etcd-peer-port';

const peerPort = (endpoints: string) =>
  `etcd endpoint ${endpoints} is on port 2380, etcd's peer port; Calico is an etcd client and ` +
  'must use the client port (2379).';

test('etcd-peer-port: every endpoint on 2380 is named, trimmed, one finding per client', () => {
  const files = [
    {
      uri: 'a.yaml',
      text: ctl('  etcdEndpoints: "https://10.0.0.1:2380/ , https://10.0.0.2:2379,  https://10.0.0.3:2380"\n', 'a'),
    },
    { uri: 'b.yaml', text: ctl('  etcdEndpoints: https://etcd:2380 \n', 'b') },
  ];
  assert.deepEqual(said(files, run(files, PEER)), [
    [
      '"https://10.0.0.1:2380/ , https://10.0.0.2:2379,  https://10.0.0.3:2380"',
      peerPort('https://10.0.0.1:2380/, https://10.0.0.3:2380'),
    ],
    ['https://etcd:2380', peerPort('https://etcd:2380')],
  ]);
});

test('etcd-peer-port: a port that only starts with 2380 is not the peer port', () => {
  const files = [{ uri: 'a.yaml', text: ctl('  etcdEndpoints: https://10.0.0.1:23800,https://10.0.0.2:2380/v3\n') }];
  assert.deepEqual(run(files, PEER), []);
});

// ---- etcd-plaintext ----

const PLAIN = 'etcd-plaintext';

test('etcd-plaintext: each client with an http:// endpoint (after spaces) is reported; https URLs are not', () => {
  const files = [
    { uri: 'a.yaml', text: ctl('  etcdEndpoints: https://10.0.0.1:2379, http://10.0.0.2:2379\n', 'a') },
    { uri: 'b.yaml', text: ctl('  etcdEndpoints: http://10.0.0.3:2379\n  etcdCACertFile: /ca.pem\n', 'b') },
    { uri: 'c.yaml', text: ctl('  etcdEndpoints: https://10.0.0.4:2379/http://\n', 'c') },
  ];
  assert.deepEqual(said(files, run(files, PLAIN)), [
    [
      'https://10.0.0.1:2379, http://10.0.0.2:2379',
      'etcd endpoint http://10.0.0.2:2379 uses plain HTTP (CalicoAPIConfig a). Use https:// with mutual TLS.',
    ],
    [
      'http://10.0.0.3:2379',
      'etcd endpoint http://10.0.0.3:2379 uses plain HTTP (CalicoAPIConfig b); etcdCACertFile is then not used. ' +
        'Use https:// with mutual TLS.',
    ],
  ]);
});

test('etcd-plaintext: a felix.cfg on the kubernetes datastore builds no etcd endpoint from EtcdScheme', () => {
  const cfg = '[global]\nDatastoreType = kubernetes\nEtcdAddr = 10.0.0.1:2379\nEtcdScheme = http\n';
  assert.deepEqual(run([{ uri: 'felix.cfg', text: cfg }], PLAIN), []);
});

const typhaEnv = (env: string): SourceFile[] => [
  { uri: 'typha.yaml', text: workload('calico-typha', 'calico/typha:v3.30.0', env) },
];

test('etcd-plaintext: Typha without EtcdAddr connects to EtcdScheme://127.0.0.1:2379', () => {
  const files = typhaEnv(envVar('TYPHA_ETCDSCHEME', 'http') + envVar('TYPHA_ETCDCAFILE', '/calico-secrets/etcd-ca'));
  assert.deepEqual(said(files, run(files, PLAIN)), [
    [
      'http',
      "TYPHA_ETCDSCHEME = http makes Typha in container 'calico-typha' (Deployment kube-system/calico-typha) " +
        'connect to etcd at http://127.0.0.1:2379, plain HTTP (EtcdScheme://EtcdAddr is used when ' +
        'TYPHA_ETCDENDPOINTS is not set); TYPHA_ETCDCAFILE is then not used. Set TYPHA_ETCDSCHEME to https, or ' +
        'TYPHA_ETCDENDPOINTS to https:// URLs.',
    ],
  ]);
});

test('etcd-plaintext: a templated EtcdScheme or EtcdAddr may make https: no finding', () => {
  for (const env of [
    envVar('TYPHA_ETCDSCHEME', 'http') + envVar('TYPHA_ETCDADDR', '"{{ .Values.etcdAddr }}"'),
    envVar('TYPHA_ETCDSCHEME', '"{{ .Values.etcdScheme }}"') + envVar('TYPHA_ETCDADDR', '10.0.0.1:2379'),
  ]) {
    assert.deepEqual(run(typhaEnv(env), PLAIN), [], env);
  }
});

test('etcd-plaintext: Typha with neither EtcdScheme nor a non-empty EtcdAddr has no line to point at', () => {
  const files = typhaEnv(envVar('TYPHA_ETCDADDR', '""') + envVar('TYPHA_ETCDCAFILE', '/calico-secrets/etcd-ca'));
  assert.deepEqual(run(files, PLAIN), []);
});

// ---- etcd-client-cert-usage ----

const USAGE = 'etcd-client-cert-usage';
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';

interface UsageCerts {
  readonly ca: Issued;
  readonly serverOnly: Issued;
  readonly other: Issued;
}
let usageCerts: Promise<UsageCerts> | undefined;

/** An etcd CA and two leaves it issued: serverAuth + codeSigning, and another key for the mismatch case. */
function usage(): Promise<UsageCerts> {
  usageCerts ??= (async () => {
    const ca = await makeCert({ cn: 'etcd-ca', ca: true, notBefore: FROM, notAfter: UNTIL });
    const leaf = (cn: string, eku: string[]) =>
      makeCert({ cn, eku, issuer: ca, notBefore: FROM, notAfter: UNTIL, dns: ['etcd'] });
    return {
      ca,
      serverOnly: await leaf('etcd-server-copy', [SERVER_AUTH, CODE_SIGNING]),
      other: await leaf('etcd-client', [CLIENT_AUTH]),
    };
  })();
  return usageCerts;
}

const noClientAuth = (cert: string, where: string, usages: string) =>
  `etcd client certificate '${cert}' (${where}) has extended key usage ${usages} but not clientAuth; ` +
  'etcd refuses it with "x509: certificate specifies an incompatible key usage".';

/** calicoctl.cfg naming its etcd files on the node, and their copies in the workspace. */
function calicoctlFiles(certPem: string, spec: string, keyPem = ''): SourceFile[] {
  return [
    {
      uri: 'etc/calico/calicoctl.cfg',
      text: ctl(`  datastoreType: etcdv3\n  etcdEndpoints: https://etcd:2379\n${spec}`),
    },
    { uri: 'etc/calico/etcd-client.crt', text: certPem },
    { uri: 'etc/calico/etcd-client.key', text: keyPem },
  ];
}

test('etcd-client-cert-usage: calicoctl etcdCertFile (trimmed) names each usage, OIDs as written', async () => {
  const c = await usage();
  const files = calicoctlFiles(
    c.serverOnly.certPem,
    '  etcdCertFile: " /etc/calico/etcd-client.crt"\n  etcdKeyFile: /etc/calico/etcd-client.key\n',
    c.serverOnly.keyPem,
  );
  const found = run(files, USAGE);
  assert.deepEqual(said(files, found), [
    [
      '" /etc/calico/etcd-client.crt"',
      noClientAuth('etcd-server-copy', 'etcdCertFile -> /etc/calico/etcd-client.crt', `serverAuth, ${CODE_SIGNING}`),
    ],
  ]);
  assert.equal(found[0]!.severity, 'error');
  assert.deepEqual(
    found[0]!.related.map((r) => [r.span.uri, r.message]),
    [['etc/calico/etcd-client.crt', 'the certificate']],
  );
});

test('etcd-client-cert-usage: an EKU extension with no usage at all is refused too', async () => {
  const c = await usage();
  const empty = await makeCert({ cn: 'no-usages', eku: [], issuer: c.ca, notBefore: FROM, notAfter: UNTIL });
  const files = calicoctlFiles(empty.certPem, '  etcdCertFile: /etc/calico/etcd-client.crt\n');
  assert.deepEqual(said(files, run(files, USAGE)), [
    [
      '/etc/calico/etcd-client.crt',
      "etcd client certificate 'no-usages' (etcdCertFile -> /etc/calico/etcd-client.crt) has extended key usage " +
        'none but not clientAuth; etcd refuses it with "x509: certificate specifies an incompatible key usage".',
    ],
  ]);
});

test('etcd-client-cert-usage: calicoctl on kubernetes, a relative path, a Felix file: not judged', async () => {
  const c = await usage();
  const cert = c.serverOnly.certPem;
  const kube = calicoctlFiles(cert, '  etcdCertFile: /etc/calico/etcd-client.crt\n').map((f) =>
    f.uri.endsWith('.cfg') ? { ...f, text: f.text.replace('datastoreType: etcdv3', 'datastoreType: kubernetes') } : f,
  );
  assert.deepEqual(run(kube, USAGE), []);
  assert.deepEqual(run(calicoctlFiles(cert, '  etcdCertFile: etc/calico/etcd-client.crt\n'), USAGE), []);
  const felix = [
    {
      uri: 'etc/calico/felix.cfg',
      text: '[global]\nEtcdEndpoints = https://etcd:2379\n' + 'EtcdCertFile = /etc/calico/etcd-client.crt\n',
    },
    { uri: 'etc/calico/etcd-client.crt', text: cert },
  ];
  assert.deepEqual(run(felix, USAGE), []);
});

test('etcd-client-cert-usage: only ETCD_CERT_FILE is a client certificate, not a CA without clientAuth', async () => {
  const c = await usage();
  const ca = await makeCert({ cn: 'server-only-ca', ca: true, eku: [SERVER_AUTH], notBefore: FROM, notAfter: UNTIL });
  const files = asFiles(etcdSecretSetup({ ca: ca.certPem, cert: c.other.certPem, key: c.other.keyPem }));
  assert.deepEqual(run(files, USAGE), []);
});

test('etcd-client-cert-usage: a templated or placeholder etcdCertFile is not followed', async () => {
  const c = await usage();
  for (const path of ['"{{ .Values.etcdCertFile }}"', '__ETCD_CERT_FILE__', '""']) {
    assert.deepEqual(run(calicoctlFiles(c.serverOnly.certPem, `  etcdCertFile: ${path}\n`), USAGE), [], path);
  }
});

/**
 * etcdSecretSetup's calico-etcd.yaml plus a calicoctl Deployment reading the same ConfigMap keys and Secret
 * through CALICO_ETCD_* (which calicoctl prefers).
 */
function twoReaders(pem: { ca: string; cert: string; key: string }): SourceFile[] {
  const [manifest, secret] = etcdSecretSetup(pem);
  const text = manifest!.text;
  const second = text
    .slice(text.indexOf('---'))
    .replace('calico-kube-controllers\n  namespace', 'calicoctl\n  namespace')
    .replace(/- name: calico-kube-controllers\n.*\n/, '- name: calicoctl\n          image: calico/ctl:v3.30.0\n')
    .replace(/- name: ETCD_/g, '- name: CALICO_ETCD_');
  return [
    { uri: 'calico-etcd.yaml', text: text + second },
    { uri: secret!.name, text: secret!.text },
  ];
}

test('etcd-client-cert-usage: a Secret key two workloads read is one finding; calicoctl.cfg another', async () => {
  const c = await usage();
  const files = [
    ...twoReaders({ ca: c.ca.certPem, cert: c.serverOnly.certPem, key: c.serverOnly.keyPem }),
    ...calicoctlFiles(c.serverOnly.certPem, '  etcdCertFile: /etc/calico/etcd-client.crt\n'),
  ];
  const found = run(files, USAGE);
  assert.deepEqual(
    found.map((f) => [f.span.uri, f.message]),
    [
      [
        'calico-etcd.yaml',
        noClientAuth(
          'etcd-server-copy',
          "ETCD_CERT_FILE -> '/calico-secrets/etcd-cert' (Secret kube-system/calico-etcd-secrets, key etcd-cert)",
          `serverAuth, ${CODE_SIGNING}`,
        ),
      ],
      [
        'etc/calico/calicoctl.cfg',
        noClientAuth('etcd-server-copy', 'etcdCertFile -> /etc/calico/etcd-client.crt', `serverAuth, ${CODE_SIGNING}`),
      ],
    ],
  );
});

test('etcd-client-cert-usage: a certificate with the wrong key never loads, so its usage is not judged', async () => {
  const c = await usage();
  const files = etcdSecretSetup({ ca: c.ca.certPem, cert: c.serverOnly.certPem, key: c.other.keyPem }).map((f) => ({
    uri: f.name,
    text: f.text,
  }));
  assert.deepEqual(run(files, USAGE), []);
  assert.equal(lint(files, { now: NOW }).findings.filter((f) => f.rule === 'cert-key-mismatch').length, 1);
});

// ---- etcd-client-cert-untrusted ----

const UNTRUSTED = 'etcd-client-cert-untrusted';
const X = CERT_EXAMPLES;

/** etcd's configuration file serving `url` with its files under /etc/<dir>/pki. */
const etcdConf = (dir: string, url: string) =>
  `name: ${dir}\nlisten-client-urls: ${url}\nadvertise-client-urls: ${url}\nclient-transport-security:\n` +
  `  cert-file: /etc/${dir}/pki/etcd-server.crt\n  key-file: /etc/${dir}/pki/etcd-server.key\n` +
  `  client-cert-auth: true\n  trusted-ca-file: /etc/${dir}/pki/etcd-ca.crt\n`;

/** An etcd server at `url` with its configuration, trusted CA and server certificate as workspace files. */
function etcdServer(dir: string, url: string, ca: string, serverCert: string = X.etcdServerCert): SourceFile[] {
  return [
    { uri: `etc/${dir}/etcd.conf.yml`, text: etcdConf(dir, url) },
    { uri: `etc/${dir}/pki/etcd-ca.crt`, text: ca },
    { uri: `etc/${dir}/pki/etcd-server.crt`, text: serverCert },
  ];
}

const asFiles = (xs: Array<{ name: string; text: string }>): SourceFile[] =>
  xs.map((x) => ({ uri: x.name, text: x.text }));

const untrusted = (where: string, servers: string) =>
  `etcd client certificate 'typha-client' (${where}, issuer 'some-other-ca') is not issued by a CA the etcd ` +
  `server trusts for client certificates: ${servers}. etcd refuses it with ` +
  '"x509: certificate signed by unknown authority".';
const SECRET_CERT =
  "ETCD_CERT_FILE -> '/calico-secrets/etcd-cert' (Secret kube-system/calico-etcd-secrets, key etcd-cert)";
const trusts = (endpoint: string, ca: string) =>
  `etcd configuration file etcd.conf.yml at ${endpoint} trusts '${ca}' (client-transport-security.trusted-ca-file)`;
const FOREIGN = { ca: X.etcdCaCert, cert: X.foreignClientCert, key: X.foreignClientKey };

test('etcd-client-cert-untrusted: every server refusing the certificate is named, one after the other', () => {
  const files = [
    ...asFiles(etcdSecretSetup(FOREIGN, 'https://10.0.0.1:2379,https://10.0.0.2:2379')),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert),
    ...etcdServer('etcd-b', 'https://10.0.0.2:2379', X.caCert),
  ];
  const found = run(files, UNTRUSTED);
  assert.deepEqual(said(files, found), [
    [
      '"/calico-secrets/etcd-cert"',
      untrusted(
        SECRET_CERT,
        `${trusts('https://10.0.0.1:2379', 'etcd-ca')}; ${trusts('https://10.0.0.2:2379', 'calico-typha-ca')}`,
      ),
    ],
  ]);
  assert.deepEqual(
    related(files, found[0]!).map(([uri, text, message]) => [uri, uri.endsWith('.yml') ? text : '', message]),
    [
      [
        'etc/etcd-a/etcd.conf.yml',
        'trusted-ca-file: /etc/etcd-a/pki/etcd-ca.crt',
        'etcd configuration file etcd.conf.yml: client-transport-security.trusted-ca-file',
      ],
      [
        'etc/etcd-b/etcd.conf.yml',
        'trusted-ca-file: /etc/etcd-b/pki/etcd-ca.crt',
        'etcd configuration file etcd.conf.yml: client-transport-security.trusted-ca-file',
      ],
      ['etcd-secrets.yaml', '', 'the certificate'],
    ],
  );
});

test('etcd-client-cert-untrusted: a trusted-ca-file holding no certificate decides nothing', () => {
  const files = [
    ...asFiles(etcdSecretSetup(FOREIGN)),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', '# the CA goes here\n'),
  ];
  assert.deepEqual(run(files, UNTRUSTED), []);
});

test('etcd-client-cert-untrusted: a client certificate not in the workspace, or no certificate, is not judged', () => {
  const server = etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert);
  const manifest = etcdManifest({ endpoints: 'https://10.0.0.1:2379', ca: '/c/ca', cert: '/c/cert', key: '/c/key' });
  assert.deepEqual(run([{ uri: 'calico-etcd.yaml', text: manifest }, ...server], UNTRUSTED), []);
  const notACert = [
    {
      uri: 'etc/calico/calicoctl.cfg',
      text: ctl(
        '  datastoreType: etcdv3\n  etcdEndpoints: https://10.0.0.1:2379\n' +
          '  etcdCertFile: /etc/calico/etcd-client.crt\n  etcdKeyFile: /etc/calico/etcd-client.key\n',
      ),
    },
    { uri: 'etc/calico/etcd-client.crt', text: X.foreignClientKey },
    ...server,
  ];
  assert.deepEqual(run(notACert, UNTRUSTED), []);
});

test('etcd-client-cert-untrusted: the Secret key two workloads present is one finding; calicoctl.cfg another', () => {
  const files = [
    ...twoReaders(FOREIGN),
    {
      uri: 'etc/calico/calicoctl.cfg',
      text: ctl(
        '  datastoreType: etcdv3\n  etcdEndpoints: https://10.0.0.1:2379\n' +
          '  etcdCertFile: /etc/calico/etcd-client.crt\n  etcdKeyFile: /etc/calico/etcd-client.key\n',
      ),
    },
    { uri: 'etc/calico/etcd-client.crt', text: X.foreignClientCert },
    { uri: 'etc/calico/etcd-client.key', text: X.foreignClientKey },
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert),
  ];
  const servers = trusts('https://10.0.0.1:2379', 'etcd-ca');
  assert.deepEqual(
    run(files, UNTRUSTED).map((f) => [f.span.uri, f.message]),
    [
      ['calico-etcd.yaml', untrusted(SECRET_CERT, servers)],
      ['etc/calico/calicoctl.cfg', untrusted('etcdCertFile -> /etc/calico/etcd-client.crt', servers)],
    ],
  );
});

// ---- etcd-server-cert-sans ----

const SANS = 'etcd-server-cert-sans';

const client = (endpoints: string): SourceFile[] => asFiles(etcdSecretSetup(FOREIGN, endpoints));

const served = (endpoint: string, cert: string, validFor: string, host: string, refusal: string) =>
  `etcd endpoint ${endpoint}: the certificate etcd configuration file etcd.conf.yml serves ('${cert}', ` +
  `client-transport-security.cert-file) is valid for ${validFor}, not ${host}; the client refuses it with ${refusal}.`;
const noIpSans = (ip: string) => `"x509: cannot validate certificate for ${ip} because it doesn't contain any IP SANs"`;
const notValidFor = (host: string) => `"x509: certificate is valid for ..., not ${host}"`;

/** A server certificate from a fixed CA, valid around NOW. */
async function serverCert(cn: string, names: { dns?: string[]; ips?: string[] }): Promise<string> {
  const ca = await makeCert({ cn: 'etcd-ca', ca: true, notBefore: FROM, notAfter: UNTIL });
  return (await makeCert({ cn, issuer: ca, ...names, notBefore: FROM, notAfter: UNTIL })).certPem;
}

test('etcd-server-cert-sans: an IP endpoint, a certificate without IP SANs: Go says so; one per endpoint', async () => {
  const cert = await serverCert('etcd-dns', { dns: ['etcd-0.example.com'] });
  const files = [
    ...client('https://10.0.0.1:2379,https://etcd.example.com:2379'),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, cert),
  ];
  const found = run(files, SANS);
  assert.deepEqual(said(files, found), [
    [
      'https://10.0.0.1:2379',
      served('https://10.0.0.1:2379', 'etcd-dns', 'etcd-0.example.com', '10.0.0.1', noIpSans('10.0.0.1')),
    ],
    [
      'https://etcd.example.com:2379',
      served(
        'https://etcd.example.com:2379',
        'etcd-dns',
        'etcd-0.example.com',
        'etcd.example.com',
        notValidFor('etcd.example.com'),
      ),
    ],
  ]);
  assert.deepEqual(
    related(files, found[0]!).map(([uri, text, message]) => [uri, text.split('\n')[0], message]),
    [
      [
        'etc/etcd-a/etcd.conf.yml',
        'cert-file: /etc/etcd-a/pki/etcd-server.crt',
        'etcd configuration file etcd.conf.yml: client-transport-security.cert-file',
      ],
      ['etc/etcd-a/pki/etcd-server.crt', '-----BEGIN CERTIFICATE-----', 'the server certificate'],
    ],
  );
});

test('etcd-server-cert-sans: an IP endpoint, a certificate with other IP SANs: "valid for ..., not <ip>"', async () => {
  const cert = await serverCert('etcd-ip', { dns: ['etcd-0.example.com'], ips: ['10.0.0.9'] });
  const files = [
    ...client('https://10.0.0.1:2379'),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, cert),
  ];
  assert.deepEqual(said(files, run(files, SANS)), [
    [
      'https://10.0.0.1:2379',
      served('https://10.0.0.1:2379', 'etcd-ip', 'etcd-0.example.com, 10.0.0.9', '10.0.0.1', notValidFor('10.0.0.1')),
    ],
  ]);
});

test('etcd-server-cert-sans: a certificate with no SANs at all is valid for no name', async () => {
  const cert = await serverCert('etcd-bare', {});
  const files = [
    ...client('https://10.0.0.1:2379'),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, cert),
  ];
  assert.deepEqual(said(files, run(files, SANS)), [
    [
      'https://10.0.0.1:2379',
      'etcd endpoint https://10.0.0.1:2379: the certificate etcd configuration file etcd.conf.yml serves ' +
        "('etcd-bare', client-transport-security.cert-file) is valid for no name (no SANs), not 10.0.0.1; " +
        'the client refuses it ' +
        `with ${noIpSans('10.0.0.1')}.`,
    ],
  ]);
});

test('etcd-server-cert-sans: a cert-file holding no certificate decides nothing', () => {
  const files = [
    ...client('https://10.0.0.1:2379'),
    ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, '# the certificate goes here\n'),
  ];
  assert.deepEqual(run(files, SANS), []);
});

test('etcd-server-cert-sans: endpoints written plain (not quoted) are each found at their place in the value', async () => {
  const cert = await serverCert('etcd-dns', { dns: ['etcd-0.example.com'] });
  const ctlFile = {
    uri: 'calicoctl.cfg',
    text: ctl(
      '  datastoreType: etcdv3\n  etcdEndpoints: https://10.0.0.1:2379/x,https://10.0.0.1:2379\n' +
        '  etcdCACertFile: /etc/calico/ca.crt\n',
    ),
  };
  const files = [ctlFile, ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, cert)];
  const found = run(files, SANS).sort((x, y) => x.span.start - y.span.start);
  const starts = found.map((f) => f.span.start - ctlFile.text.indexOf('https://'));
  // The second is inside the first: it is looked for after the first, not at its first occurrence.
  assert.deepEqual(
    said(files, found).map(([text]) => text),
    ['https://10.0.0.1:2379/x', 'https://10.0.0.1:2379'],
  );
  assert.deepEqual(starts, [0, 'https://10.0.0.1:2379/x,'.length]);
});

test("etcd-server-cert-sans: Felix's EtcdScheme and EtcdAddr (no EtcdEndpoints) make the endpoint, found at EtcdAddr", async () => {
  const cert = await serverCert('etcd-dns', { dns: ['etcd-0.example.com'] });
  const cfg = {
    uri: 'felix.cfg',
    text: '[global]\nDatastoreType = etcdv3\nEtcdScheme = https\nEtcdAddr = 10.0.0.1:2379\nEtcdCaFile = /etc/ca.crt\n',
  };
  const files = [cfg, ...etcdServer('etcd-a', 'https://10.0.0.1:2379', X.etcdCaCert, cert)];
  assert.deepEqual(said(files, run(files, SANS)), [
    [
      '10.0.0.1:2379',
      served('https://10.0.0.1:2379', 'etcd-dns', 'etcd-0.example.com', '10.0.0.1', noIpSans('10.0.0.1')),
    ],
  ]);
  // Without EtcdScheme (Felix's default is http): no https endpoint, nothing to judge.
  assert.deepEqual(run([{ ...cfg, text: cfg.text.replace('EtcdScheme = https\n', '') }, ...files.slice(1)], SANS), []);
});
