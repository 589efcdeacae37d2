// Edges of manager-tls-secret that no fixture pins: each message kind in full, the renames it
// offers (and the kubernetes.io/tls type it changes to Opaque with them), which entries count as
// the certificate or the key under another name (a CA or bundle never does), the pairs a manual
// Manager's pod projects with `items` (and the volumes that do not count), the operator's legacy
// pairs, templated Secrets, and a Secret a kustomize patch completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CERT_EXAMPLES } from '../server/src/engine/rules/support/cert-examples';
import { applyFix } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');
const RULE = 'manager-tls-secret';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** A leaf (not CA) certificate, its key, and a CA certificate, base64 as a Secret's data holds them. */
const CERT = b64(CERT_EXAMPLES.metricsServerCert);
const KEY = b64(CERT_EXAMPLES.metricsServerKey);
const CA = b64(CERT_EXAMPLES.caCert);

function run(files: SourceFile[]): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

const textOf = (files: SourceFile[], uri: string) => files.find((f) => f.uri === uri)!.text;

/** Each finding as [text under its range, message]. */
function said(files: SourceFile[], fs: readonly Finding[]): Array<[string, string]> {
  return fs.map((f) => [textOf(files, f.span.uri).slice(f.span.start, f.span.end), f.message]);
}

/** A finding whole: range text, message, related [text, message], fixes [title, safety, [text, newText]]. */
function whole(files: SourceFile[], f: Finding): unknown {
  const at = (s: { uri: string; start: number; end: number }) => textOf(files, s.uri).slice(s.start, s.end);
  return [
    at(f.span),
    f.message,
    f.related.map((r) => [at(r.span), r.message]),
    f.fixes.map((x) => [x.title, x.safety, x.edits.map((e) => [at(e), e.newText])]),
  ];
}

const secret = (name: string, ns: string, body: string, type?: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n` +
  (type ? `type: ${type}\n` : '') +
  body;
const data = (entries: Record<string, string>): string =>
  'data:\n' +
  Object.entries(entries)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('');
const manual = (ns: string, entries: Record<string, string>, type?: string) =>
  secret('cnx-manager-tls', ns, data(entries), type);

/** A Deployment in `ns` with the given volumes (already indented list items). */
const deployment = (ns: string, volumes: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cnx-manager\n  namespace: ${ns}\nspec:\n  template:\n` +
  `    spec:\n      containers:\n        - name: cnx-manager\n          image: quay.io/tigera/cnx-manager:v2.3.0\n` +
  `      volumes:\n${volumes}`;
const itemsOf = (items: Array<[string, string]>, indent: string) =>
  `${indent}items:\n` + items.map(([k, p]) => `${indent}  - key: ${k}\n${indent}    path: ${p}\n`).join('');
const secretVolume = (name: string, secretName: string, items?: Array<[string, string]>): string =>
  `        - name: ${name}\n          secret:\n            secretName: ${secretName}\n` +
  (items ? itemsOf(items, '            ') : '');

const READS_MANUAL = "the Manager reads the files 'cert' and 'key' from it";
const READS_OPERATOR = "the operator reads the pair 'tls.crt'/'tls.key' (or a whole legacy pair such as 'cert'/'key')";
const NO_CERT = ': the Manager gets no certificate.';

// ---- the certificate or the key under another name ----

test('manager-tls-secret: a leaf certificate under a name of no kind is the certificate to rename', () => {
  const files = [{ uri: 's.yaml', text: manual('a', { web: CERT, key: KEY }) }];
  const found = run(files);
  assert.deepEqual(
    found.map((f) => whole(files, f)),
    [
      [
        'web',
        `Secret cnx-manager-tls holds the certificate under 'web', but ${READS_MANUAL}${NO_CERT}`,
        [],
        [["Rename 'web' to 'cert'", 'unsafe', [['web', 'cert']]]],
      ],
    ],
  );
  assert.deepEqual(run(applyFix(files, found[0]!)), []);
  // A CA certificate there is not the Manager's: nothing to rename, the pair is half there.
  const ca = [{ uri: 's.yaml', text: manual('a', { web: CA, key: KEY }) }];
  assert.deepEqual(said(ca, run(ca)), [
    ['key', "Secret cnx-manager-tls has 'key' but not 'cert'; the Manager needs both."],
  ]);
});

test('manager-tls-secret: a key alone under another name is reported without a fix (no certificate to complete it)', () => {
  const files = [{ uri: 's.yaml', text: manual('a', { 'server.key': KEY }) }];
  assert.deepEqual(
    run(files).map((f) => whole(files, f)),
    [
      [
        'server.key',
        `Secret cnx-manager-tls holds the key under 'server.key' and no certificate, but ${READS_MANUAL}${NO_CERT}`,
        [],
        [],
      ],
    ],
  );
});

test('manager-tls-secret: a certificate alone under another name is reported without a fix', () => {
  const files = [{ uri: 's.yaml', text: manual('a', { 'server.crt': CERT }) }];
  assert.deepEqual(
    run(files).map((f) => whole(files, f)),
    [
      [
        'server.crt',
        `Secret cnx-manager-tls holds the certificate under 'server.crt' and no key, but ${READS_MANUAL}${NO_CERT}`,
        [],
        [],
      ],
    ],
  );
});

test('manager-tls-secret: the key under another name beside the certificate is renamed; a certificate in place is never a candidate', () => {
  const msg = `Secret cnx-manager-tls holds the key under 'server.key', but ${READS_MANUAL}${NO_CERT}`;
  const fix = [["Rename 'server.key' to 'key'", 'unsafe', [['server.key', 'key']]]];
  const one = [{ uri: 's.yaml', text: manual('a', { cert: CERT, 'server.key': KEY }) }];
  assert.deepEqual(
    run(one).map((f) => whole(one, f)),
    [['server.key', msg, [], fix]],
  );
  // 'cert' is set: another certificate is not offered in its place.
  const two = [{ uri: 's.yaml', text: manual('a', { cert: CERT, 'other.crt': CERT, 'server.key': KEY }) }];
  assert.deepEqual(
    run(two).map((f) => whole(two, f)),
    [['server.key', msg, [], fix]],
  );
});

test('manager-tls-secret: a key is known by its name even when its value is not a key', () => {
  const files = [
    {
      uri: 's.yaml',
      text: secret('cnx-manager-tls', 'a', data({ cert: CERT }) + 'stringData:\n  server.key: garbage\n'),
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    ['server.key', `Secret cnx-manager-tls holds the key under 'server.key', but ${READS_MANUAL}${NO_CERT}`],
  ]);
  // ... and by its value under a name of no kind.
  const byValue = [{ uri: 's.yaml', text: manual('a', { cert: CERT, web: KEY }) }];
  assert.deepEqual(said(byValue, run(byValue)), [
    ['web', `Secret cnx-manager-tls holds the key under 'web', but ${READS_MANUAL}${NO_CERT}`],
  ]);
});

test('manager-tls-secret: the entries under the wanted names are never the other half', () => {
  // A certificate under 'key' is not renamed to 'cert'; a key under 'cert' is not renamed to 'key'.
  const files = [
    {
      uri: 's.yaml',
      text: [manual('a', { key: CERT, 'tls.key': KEY }), manual('b', { cert: KEY, 'tls.crt': CERT })].join('---\n'),
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    ['key', "Secret cnx-manager-tls has 'key' but not 'cert'; the Manager needs both."],
    ['cert', "Secret cnx-manager-tls has 'cert' but not 'key'; the Manager needs both."],
  ]);
});

test('manager-tls-secret: a CA or bundle entry is not the certificate (cert-manager adds ca.crt beside it)', () => {
  const rename = (from: string) => [
    from,
    `Secret cnx-manager-tls holds the certificate under '${from}', but ${READS_MANUAL}${NO_CERT}`,
  ];
  // Each holds a leaf certificate, so only the name can rule it out.
  const files = [
    {
      uri: 's.yaml',
      text: [
        manual('a', { 'ca.crt': CERT, 'server.crt': CERT, key: KEY }),
        manual('b', { 'my-ca.crt': CERT, 'server.crt': CERT, key: KEY }),
        manual('c', { ca: CERT, 'server.crt': CERT, key: KEY }),
        manual('d', { 'ca-bundle.crt': CERT, 'server.crt': CERT, key: KEY }),
        // 'ca' inside a word is not a CA.
        manual('e', { 'cacerts.crt': CERT, key: KEY }),
      ].join('---\n'),
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    rename('server.crt'),
    rename('server.crt'),
    rename('server.crt'),
    rename('server.crt'),
    rename('cacerts.crt'),
  ]);
});

// ---- the kubernetes.io/tls type ----

test('manager-tls-secret: renaming tls.crt or tls.key of a kubernetes.io/tls Secret makes it Opaque, and only then', () => {
  const both = (c: string, k: string) =>
    `Secret cnx-manager-tls holds the certificate under '${c}' and the key under '${k}', but ${READS_MANUAL}${NO_CERT}`;
  const files = [
    {
      uri: 's.yaml',
      text: [
        manual('a', { 'tls.crt': CERT, 'tls.key': KEY }, 'kubernetes.io/tls'),
        manual('b', { 'tls.crt': CERT, 'server.key': KEY }, 'kubernetes.io/tls'),
        manual('c', { 'server.crt': CERT, 'server.key': KEY }, 'kubernetes.io/tls'),
        manual('d', { 'tls.crt': CERT, key: KEY }, 'kubernetes.io/tls'),
        manual('e', { cert: CERT, 'tls.key': KEY }, '"kubernetes.io/tls"'),
        manual('f', { 'tls.crt': CERT, 'tls.key': KEY }),
        manual('g', { 'tls.crt': CERT, 'tls.key': KEY }, 'Opaque'),
      ].join('---\n'),
    },
  ];
  const found = run(files);
  assert.deepEqual(
    found.map((f) => whole(files, f)),
    [
      [
        'tls.crt',
        both('tls.crt', 'tls.key'),
        [['tls.key', 'the key']],
        [
          [
            "Rename 'tls.crt' to 'cert' and 'tls.key' to 'key'",
            'unsafe',
            [
              ['tls.crt', 'cert'],
              ['tls.key', 'key'],
              ['kubernetes.io/tls', 'Opaque'],
            ],
          ],
        ],
      ],
      [
        'tls.crt',
        both('tls.crt', 'server.key'),
        [['server.key', 'the key']],
        [
          [
            "Rename 'tls.crt' to 'cert' and 'server.key' to 'key'",
            'unsafe',
            [
              ['tls.crt', 'cert'],
              ['server.key', 'key'],
              ['kubernetes.io/tls', 'Opaque'],
            ],
          ],
        ],
      ],
      [
        'server.crt',
        both('server.crt', 'server.key'),
        [['server.key', 'the key']],
        [
          [
            "Rename 'server.crt' to 'cert' and 'server.key' to 'key'",
            'unsafe',
            [
              ['server.crt', 'cert'],
              ['server.key', 'key'],
            ],
          ],
        ],
      ],
      [
        'tls.crt',
        `Secret cnx-manager-tls holds the certificate under 'tls.crt', but ${READS_MANUAL}${NO_CERT}`,
        [],
        [
          [
            "Rename 'tls.crt' to 'cert'",
            'unsafe',
            [
              ['tls.crt', 'cert'],
              ['kubernetes.io/tls', 'Opaque'],
            ],
          ],
        ],
      ],
      [
        'tls.key',
        `Secret cnx-manager-tls holds the key under 'tls.key', but ${READS_MANUAL}${NO_CERT}`,
        [],
        [
          [
            "Rename 'tls.key' to 'key'",
            'unsafe',
            [
              ['tls.key', 'key'],
              ['"kubernetes.io/tls"', '"Opaque"'],
            ],
          ],
        ],
      ],
      [
        'tls.crt',
        both('tls.crt', 'tls.key'),
        [['tls.key', 'the key']],
        [
          [
            "Rename 'tls.crt' to 'cert' and 'tls.key' to 'key'",
            'unsafe',
            [
              ['tls.crt', 'cert'],
              ['tls.key', 'key'],
            ],
          ],
        ],
      ],
      [
        'tls.crt',
        both('tls.crt', 'tls.key'),
        [['tls.key', 'the key']],
        [
          [
            "Rename 'tls.crt' to 'cert' and 'tls.key' to 'key'",
            'unsafe',
            [
              ['tls.crt', 'cert'],
              ['tls.key', 'key'],
            ],
          ],
        ],
      ],
    ],
  );
  assert.deepEqual(run(applyFix(files, found[0]!)).length, found.length - 1);
});

// ---- half a pair, no pair ----

test('manager-tls-secret: half the pair names the half that is missing', () => {
  const files = [{ uri: 's.yaml', text: [manual('a', { cert: CERT }), manual('b', { key: KEY })].join('---\n') }];
  assert.deepEqual(said(files, run(files)), [
    ['cert', "Secret cnx-manager-tls has 'cert' but not 'key'; the Manager needs both."],
    ['key', "Secret cnx-manager-tls has 'key' but not 'cert'; the Manager needs both."],
  ]);
});

test('manager-tls-secret: the operator completes the legacy pair whose half is there, not tls.crt/tls.key', () => {
  const files = [
    { uri: 's.yaml', text: secret('manager-tls', 'tigera-operator', data({ cert: CERT })) },
    { uri: 't.yaml', text: secret('manager-tls', 'other', data({ 'server.crt': CERT })) },
  ];
  assert.deepEqual(said(files, run(files)), [
    ['cert', "Secret manager-tls has 'cert' but not 'key'; the Manager needs both."],
    [
      'server.crt',
      `Secret manager-tls holds the certificate under 'server.crt' and no key, but ${READS_OPERATOR}${NO_CERT}`,
    ],
  ]);
});

test('manager-tls-secret: no pair at all lists the pairs read and the keys there are', () => {
  const files = [
    {
      uri: 's.yaml',
      text: [
        secret('cnx-manager-tls', 'a', 'stringData:\n  readme: x\n  notes: y\n'),
        secret('manager-tls', 'b', 'data: {}\n'),
        secret('manager-tls', 'c', 'stringData:\n  readme: x\n'),
      ].join('---\n'),
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    [
      'cnx-manager-tls',
      "Secret cnx-manager-tls has no cert/key pair (it has 'readme', 'notes'); the Manager cannot find its certificate.",
    ],
    [
      'manager-tls',
      'Secret manager-tls has no tls.crt/tls.key or cert/key (or other legacy) pair; the Manager cannot find its ' +
        'certificate.',
    ],
    [
      'manager-tls',
      "Secret manager-tls has no tls.crt/tls.key or cert/key (or other legacy) pair (it has 'readme'); the Manager " +
        'cannot find its certificate.',
    ],
  ]);
});

// ---- the pairs a manual Manager's pod projects with items ----

test('manager-tls-secret: items name the keys the Manager reads; two volumes name two pairs', () => {
  const files = [
    { uri: 's.yaml', text: secret('cnx-manager-tls', 'a', 'stringData:\n  readme: x\n') },
    {
      uri: 'd.yaml',
      text: deployment(
        'a',
        secretVolume('v1', 'cnx-manager-tls', [
          ['a.crt', 'cert'],
          ['a.key', 'key'],
        ]) +
          secretVolume('v2', 'cnx-manager-tls', [
            ['b.crt', 'cert'],
            ['b.key', 'key'],
          ]),
      ),
    },
  ];
  assert.deepEqual(said(files, run(files)), [
    [
      'cnx-manager-tls',
      "Secret cnx-manager-tls has no a.crt/a.key or b.crt/b.key pair (it has 'readme'); the Manager cannot find its " +
        'certificate.',
    ],
  ]);
  // Either pair there is enough.
  const one = [{ uri: 's.yaml', text: manual('a', { 'b.crt': CERT, 'b.key': KEY }) }, files[1]!];
  assert.deepEqual(run(one), []);
});

test('manager-tls-secret: the keys projected to cert and key are the ones wanted, whatever other items there are', () => {
  const volumes =
    secretVolume('v1', 'cnx-manager-tls', [
      ['ca.crt', 'ca'],
      ['tls.crt', 'cert'],
      ['tls.key', 'key'],
    ]) +
    // Volumes that are not this Secret with items do not count.
    '        - name: scratch\n          emptyDir: {}\n' +
    secretVolume('whole', 'cnx-manager-tls') +
    '        - name: cm\n          configMap:\n            name: cnx-manager-tls\n' +
    itemsOf([['x.crt', 'cert']], '            ') +
    secretVolume('other', 'other-secret', [
      ['o.crt', 'cert'],
      ['o.key', 'key'],
    ]);
  const files = [
    { uri: 's.yaml', text: manual('a', { cert: CERT, key: KEY }) },
    { uri: 'd.yaml', text: deployment('a', volumes) },
  ];
  assert.deepEqual(
    run(files).map((f) => whole(files, f)),
    [
      [
        'cert',
        "Secret cnx-manager-tls holds the certificate under 'cert' and the key under 'key', but the Manager reads " +
          `the files 'tls.crt' and 'tls.key' from it${NO_CERT}`,
        [['key', 'the key']],
        [
          [
            "Rename 'cert' to 'tls.crt' and 'key' to 'tls.key'",
            'unsafe',
            [
              ['cert', 'tls.crt'],
              ['key', 'tls.key'],
            ],
          ],
        ],
      ],
    ],
  );
  // The items the other way round.
  const reversed = [
    files[0]!,
    {
      uri: 'd.yaml',
      text: deployment(
        'a',
        secretVolume('v1', 'cnx-manager-tls', [
          ['tls.key', 'key'],
          ['tls.crt', 'cert'],
        ]),
      ),
    },
  ];
  assert.deepEqual(
    said(reversed, run(reversed)).map(([t]) => t),
    ['cert'],
  );
  assert.match(run(reversed)[0]!.message, /reads the files 'tls\.crt' and 'tls\.key'/);
});

test('manager-tls-secret: items that leave out the cert or the key file: the volume is wrong, not the Secret', () => {
  const s = { uri: 's.yaml', text: manual('a', { 'tls.crt': CERT, 'tls.key': KEY }, 'kubernetes.io/tls') };
  for (const items of [[['tls.crt', 'cert']], [['tls.key', 'key']]] as Array<Array<[string, string]>>) {
    const files = [s, { uri: 'd.yaml', text: deployment('a', secretVolume('v1', 'cnx-manager-tls', items)) }];
    assert.deepEqual(run(files), [], JSON.stringify(items));
  }
});

test('manager-tls-secret: items count only from a volume of this very Secret', () => {
  const projectedItems: Array<[string, string]> = [
    ['tls.crt', 'cert'],
    ['tls.key', 'key'],
  ];
  const s = { uri: 's.yaml', text: manual('a', { 'tls.crt': CERT, 'tls.key': KEY }) };
  // A projected volume projects the Secret's keys too.
  const projected =
    '        - name: p\n          projected:\n            sources:\n              - secret:\n' +
    '                  name: cnx-manager-tls\n' +
    itemsOf(projectedItems, '                  ');
  assert.deepEqual(run([s, { uri: 'd.yaml', text: deployment('a', projected) }]), []);
  // A workload in another namespace mounts another cnx-manager-tls; another Secret's items, or a
  // ConfigMap of the same name, say nothing of this one.
  const cm =
    '        - name: cm\n          configMap:\n            name: cnx-manager-tls\n' +
    itemsOf(projectedItems, '            ');
  for (const other of [
    deployment('elsewhere', secretVolume('v1', 'cnx-manager-tls', projectedItems)),
    deployment('a', secretVolume('v1', 'other-secret', projectedItems)),
    deployment('a', cm),
  ]) {
    const files = [s, { uri: 'd.yaml', text: other }];
    assert.deepEqual(
      said(files, run(files)).map(([t]) => t),
      ['tls.crt'],
      other,
    );
  }
});

test('manager-tls-secret: the operator reads its pairs whatever a pod projects', () => {
  const files = [
    { uri: 's.yaml', text: secret('manager-tls', 'tigera-operator', data({ 'tls.crt': CERT, 'tls.key': KEY })) },
    {
      uri: 'd.yaml',
      text: deployment(
        'tigera-operator',
        secretVolume('v1', 'manager-tls', [
          ['x.crt', 'cert'],
          ['x.key', 'key'],
        ]) + secretVolume('v2', 'manager-tls', [['tls.crt', 'cert']]),
      ),
    },
  ];
  assert.deepEqual(run(files), []);
  const half = [
    { uri: 's.yaml', text: secret('manager-tls', 'tigera-operator', data({ 'tls.crt': CERT })) },
    files[1]!,
  ];
  assert.deepEqual(said(half, run(half)), [
    ['tls.crt', "Secret manager-tls has 'tls.crt' but not 'tls.key'; the Manager needs both."],
  ]);
});

// ---- templates ----

test('manager-tls-secret: a templated Secret is judged on the keys it shows, unless a template inserts keys or all of it', () => {
  // Only the namespace is templated: its keys are known.
  const shown = [
    {
      uri: 'chart/templates/s.yaml',
      text: secret('cnx-manager-tls', '{{ .Release.Namespace }}', data({ 'tls.crt': CERT, 'tls.key': KEY })),
    },
  ];
  assert.deepEqual(
    said(shown, run(shown)).map(([t]) => t),
    ['tls.crt'],
  );
  // No data in a template: the keys come from elsewhere.
  const none = [{ uri: 'chart/templates/s.yaml', text: secret('cnx-manager-tls', '{{ .Release.Namespace }}', '') }];
  assert.deepEqual(run(none), []);
  // The same without a template is a Secret with no keys.
  const plain = [{ uri: 's.yaml', text: secret('cnx-manager-tls', 'a', '') }];
  assert.deepEqual(said(plain, run(plain)), [
    ['cnx-manager-tls', 'Secret cnx-manager-tls has no cert/key pair; the Manager cannot find its certificate.'],
  ]);
  // A template inserts keys beside 'cert', or all of them.
  for (const body of [
    data({ cert: CERT }) + '{{- include "more" . | nindent 2 }}\n',
    'data:\n{{- include "more" . | nindent 2 }}\n',
  ]) {
    const files = [{ uri: 'chart/templates/s.yaml', text: secret('cnx-manager-tls', 'x', body) }];
    assert.deepEqual(run(files), [], body);
  }
});

// ---- a Secret a kustomize patch writes ----

test('manager-tls-secret: keys and type a kustomize patch writes are pointed at and renamed in the patch', () => {
  const base = secret('cnx-manager-tls', 'kube-system', 'stringData:\n  readme: x\n');
  const patch = secret(
    'cnx-manager-tls',
    'kube-system',
    data({ 'tls.crt': CERT, 'tls.key': KEY }),
    'kubernetes.io/tls',
  );
  const PATCH = 'file:///w/overlay/patch.yaml';
  const files: SourceFile[] = [
    { uri: 'file:///w/base/s.yaml', text: '# shifted\n'.repeat(8) + base },
    { uri: 'file:///w/base/kustomization.yaml', text: 'resources:\n- s.yaml\n' },
    { uri: 'file:///w/overlay/kustomization.yaml', text: 'resources:\n- ../base\npatches:\n- path: patch.yaml\n' },
    { uri: PATCH, text: patch },
  ];
  const found = run(files);
  assert.equal(found.length, 1);
  const f = found[0]!;
  assert.deepEqual(
    [f.span.uri, ...f.related.map((r) => r.span.uri), ...f.fixes[0]!.edits.map((e) => e.uri)],
    [PATCH, PATCH, PATCH, PATCH, PATCH],
  );
  assert.deepEqual(whole(files, f), [
    'tls.crt',
    `Secret cnx-manager-tls holds the certificate under 'tls.crt' and the key under 'tls.key', but ${READS_MANUAL}${NO_CERT}`,
    [['tls.key', 'the key']],
    [
      [
        "Rename 'tls.crt' to 'cert' and 'tls.key' to 'key'",
        'unsafe',
        [
          ['tls.crt', 'cert'],
          ['tls.key', 'key'],
          ['kubernetes.io/tls', 'Opaque'],
        ],
      ],
    ],
  ]);
  const fixed = applyFix(files, f);
  assert.equal(fixed[0]!.text, files[0]!.text, 'the base is not edited');
  assert.deepEqual(run(fixed), []);
});
