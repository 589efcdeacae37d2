// Incremental analysis (the language server's): findings after any edit equal a full analysis
// of the workspace, and an edit re-checks only the files connected to the edited one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, IncrementalAnalyzer, parseFile, type Finding, type ParsedFile } from '../server/src/engine';
import { fixture, read, walk } from './helpers';
import { makeCert, SERVER_AUTH, CLIENT_AUTH } from './certfactory';

const NOW = new Date('2027-06-01T00:00:00Z');
const key = (f: Finding) => JSON.stringify([f.rule, f.severity, f.span, f.message, f.related, f.fixes]);

function assertSame(inc: { findings: Finding[] }, files: readonly ParsedFile[], what: string): void {
  const full = analyze(files, { now: NOW });
  assert.deepEqual(inc.findings.map(key), full.findings.map(key), what);
}

type Source = { uri: string; text: string };

/**
 * A YAML file split into one file per document, so that every relation between two objects of
 * a fixture becomes a relation between two files (most fixtures are a single file).
 */
function splitDocuments(s: Source): Source[] {
  if (!/\.ya?ml$/.test(s.uri) || !/^---/m.test(s.text)) return [s];
  const parts = s.text.split(/^(?=---(?:[ \t]|$))/m).filter((t) => t.trim());
  return parts.map((text, i) => ({ uri: s.uri.replace(/\.ya?ml$/, `.doc${i}.yaml`), text }));
}

/** Every rule fixture workspace, each under its own folder name so that they can be merged. */
function fixtureWorkspaces(split: boolean): Source[][] {
  const root = fixture('rules');
  const out: Source[][] = [];
  for (const rule of readdirSync(root).sort()) {
    for (const e of readdirSync(join(root, rule)).sort()) {
      const p = join(root, rule, e);
      const files = statSync(p).isDirectory() ? walk(p) : [p];
      const sources = files.map((f) => ({ uri: `file:///fixtures/${relative(root, f)}`, text: read(f) }));
      out.push(split ? sources.flatMap(splitDocuments) : sources);
    }
  }
  return out;
}

test('incremental: re-checking every file of every rule fixture (documents split into files), one at a time, equals a full analysis', () => {
  for (const ws of [...fixtureWorkspaces(false), ...fixtureWorkspaces(true)]) {
    const what = ws.map((s) => s.uri).join(', ');
    const inc = new IncrementalAnalyzer();
    let files = ws.map((s) => parseFile(s));
    assertSame(inc.run(files, { now: NOW }), files, `cold: ${what}`);
    // A fresh parse of one file is an edit as far as the analyzer knows: its component is
    // analysed alone, the rest reused.
    for (let i = 0; i < files.length; i++) {
      files = files.map((f, j) => (j === i ? parseFile(ws[j]!) : f));
      const res = inc.run(files, { now: NOW });
      assert.ok(res.rechecked.includes(files[i]!.uri));
      assertSame(res, files, `after touching ${files[i]!.uri}`);
    }
    // Every file touched at once: every component analysed on its own.
    files = ws.map((s) => parseFile(s));
    assertSame(inc.run(files, { now: NOW }), files, `all touched: ${what}`);
  }
});

test('incremental: all rule fixtures and the corpus merged into one workspace, edited file by file, equal a full analysis', () => {
  const corpus = walk(fixture('corpus')).filter((p) => /\.(ya?ml|json|cfg|conflist)$/.test(p));
  const sources = [
    ...fixtureWorkspaces(true).flat(),
    ...corpus
      .map((p) => ({ uri: `file:///corpus/${relative(fixture('corpus'), p)}`, text: read(p) }))
      .flatMap(splitDocuments),
  ];
  const inc = new IncrementalAnalyzer();
  let files = sources.map((s) => parseFile(s));
  assertSame(inc.run(files, { now: NOW }), files, 'cold');
  // Components worked out when idle, as the language server does after publishing (the
  // fixture test above leaves it to the next run); settling twice is harmless.
  inc.settle();
  inc.settle();
  // Edits that change references and certificates: rename objects, drop keys, delete files.
  const edits: Array<(t: string) => string> = [
    (t) => t.replace(/name: (\S+)/, 'name: $1-renamed'),
    (t) => t.replace(/tls\.key/g, 'tls.key.gone'),
    (t) => t.replace(/calico-typha/g, 'calico-typha-x'),
    (t) => t.replace(/secretName: (\S+)/, 'secretName: other-$1'),
    (t) => t.replace(/-----BEGIN CERTIFICATE-----/, '-----BEGIN CERTIFICATE-----\nAAAA'),
  ];
  let step = 0;
  for (let i = 0; i < files.length; i += 7) {
    const edit = edits[step++ % edits.length]!;
    const text = edit(files[i]!.text);
    files = files.map((f, j) => (j === i ? parseFile({ uri: f.uri, text }) : f));
    if (step % 6 === 0) files = files.filter((_, j) => j !== i + 1);
    const res = inc.run(files, { now: NOW });
    assertSame(res, files, `after editing ${files[i]!.uri}`);
    assert.ok(res.rechecked.length < files.length, 'an edit does not re-check the whole merged workspace');
  }
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

function nodeDaemonSet(name: string, secret: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
            - name: FELIX_TYPHAK8SSERVICENAME
              value: calico-typha
            - name: FELIX_TYPHACAFILE
              value: /certs/ca.crt
            - name: FELIX_TYPHACERTFILE
              value: /certs/tls.crt
            - name: FELIX_TYPHAKEYFILE
              value: /certs/tls.key
            - name: FELIX_TYPHACN
              value: typha-server
          volumeMounts:
            - {name: certs, mountPath: /certs}
      volumes:
        - {name: certs, secret: {secretName: ${secret}}}
`;
}

function secret(name: string, cert: string, key: string | undefined, ca: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: kube-system
type: kubernetes.io/tls
data:
  tls.crt: ${b64(cert)}
${key ? `  tls.key: ${b64(key)}\n` : ''}  ca.crt: ${b64(ca)}
`;
}

/** A CA named ca-<p> and a leaf it signs, valid 2026-2036 (the tests' clock is 2027). */
async function caAndLeaf(p: string, cn: string, eku: readonly string[]) {
  const valid = { notBefore: new Date('2026-01-01'), notAfter: new Date('2036-01-01') };
  const ca = await makeCert({ cn: `ca-${p}`, ca: true, ...valid });
  const leaf = await makeCert({ cn, issuer: ca, eku, ...valid });
  return { ca, leaf };
}

test('incremental: a Secret edit re-checks only the Secret and the workload that mounts it', async () => {
  // Two independent node pools, each with its own CA, leaf and Secret.
  const pools = await Promise.all(['a', 'b'].map((p) => caAndLeaf(p, `node-${p}`, [CLIENT_AUTH, SERVER_AUTH])));
  const [a, b] = pools as [(typeof pools)[0], (typeof pools)[0]];
  const src = {
    secretA: {
      uri: 'file:///ws/secret-a.yaml',
      text: secret('node-certs-a', a.leaf.certPem, a.leaf.keyPem, a.ca.certPem),
    },
    nodeA: { uri: 'file:///ws/node-a.yaml', text: nodeDaemonSet('calico-node-a', 'node-certs-a') },
    secretB: {
      uri: 'file:///ws/secret-b.yaml',
      text: secret('node-certs-b', b.leaf.certPem, b.leaf.keyPem, b.ca.certPem),
    },
    nodeB: { uri: 'file:///ws/node-b.yaml', text: nodeDaemonSet('calico-node-b', 'node-certs-b') },
  };
  const inc = new IncrementalAnalyzer();
  let files = Object.values(src).map((s) => parseFile(s));
  const cold = inc.run(files, { now: NOW });
  assert.deepEqual([...cold.rechecked].sort(), files.map((f) => f.uri).sort(), 'the first run checks everything');
  assert.equal(cold.findings.filter((f) => f.rule === 'tls-file-key-missing').length, 0);

  // Drop tls.key from Secret A: node A's FELIX_TYPHAKEYFILE now points at a missing key.
  const edited = parseFile({
    uri: src.secretA.uri,
    text: secret('node-certs-a', a.leaf.certPem, undefined, a.ca.certPem),
  });
  files = files.map((f) => (f.uri === src.secretA.uri ? edited : f));
  const res = inc.run(files, { now: NOW });
  assert.deepEqual(
    [...res.rechecked].sort(),
    [src.nodeA.uri, src.secretA.uri].sort(),
    'only the Secret and its dependent are re-checked',
  );
  const missing = res.findings.filter((f) => f.rule === 'tls-file-key-missing');
  assert.deepEqual(
    missing.map((f) => f.span.uri),
    [src.nodeA.uri],
    'the dependent got the new finding',
  );
  assertSame(res, files, 'equal to a full analysis');

  // An edit that changes nothing the analyzer sees (same parsed files) re-checks nothing.
  assert.deepEqual(inc.run(files, { now: NOW }).rechecked, []);

  // Pointing node B at Secret A connects them: now an edit of Secret A reaches node B too.
  files = files.map((f) =>
    f.uri === src.nodeB.uri ? parseFile({ uri: f.uri, text: nodeDaemonSet('calico-node-b', 'node-certs-a') }) : f,
  );
  inc.run(files, { now: NOW });
  files = files.map((f) => (f.uri === src.secretA.uri ? parseFile(src.secretA) : f));
  const again = inc.run(files, { now: NOW });
  assert.deepEqual([...again.rechecked].sort(), [src.nodeA.uri, src.nodeB.uri, src.secretA.uri].sort());
  assertSame(again, files, 'equal to a full analysis after re-pointing');
});

test('incremental: an edit that changes how the workspace is cut into units is seen (the cut is reused only when it cannot change)', () => {
  const secret = (name: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\ndata:\n  tls.crt: not*base64\n`;
  const node = (name: string, secretName: string) =>
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${name}\n  namespace: kube-system\nspec:\n  template:\n` +
    '    spec:\n      containers:\n      - name: calico-node\n        image: calico/node:v3.27.0\n        env:\n' +
    '        - name: FELIX_TYPHACAFILE\n          value: /certs/ca.crt\n        volumeMounts:\n        - name: certs\n' +
    `          mountPath: /certs\n      volumes:\n      - name: certs\n        secret:\n          secretName: ${secretName}\n`;
  const inc = new IncrementalAnalyzer();
  const ws = [
    { uri: 'file:///ws/dev/node.yaml', text: node('calico-node', 'typha-ca') },
    { uri: 'file:///ws/dev/secret.yaml', text: secret('typha-ca') },
    { uri: 'file:///ws/prod/node.yaml', text: node('calico-node-prod', 'typha-ca') },
    { uri: 'file:///ws/prod/secret.yaml', text: secret('other') },
  ];
  let files = ws.map((s) => parseFile(s));
  assertSame(inc.run(files, { now: NOW }), files, 'cold');
  // One unit at first (no object twice): a wrong cut after the edit below says the Secret is
  // defined twice (duplicate-object), a right one does not.
  const steps: Array<[number, string]> = [
    [3, secret('typha-ca')], // prod's Secret now collides with dev's: dev/ and prod/ become units of their own
    [3, secret('typha-ca') + '# a comment\n'], // the same objects: the cut is reused
    [3, secret('other')], // no collision: one unit again
    [1, secret('typha-ca').replace('kube-system', 'calico-system')], // same kind and name, another namespace
  ];
  for (const [i, text] of steps) {
    files = files.map((f, j) => (j === i ? parseFile({ uri: ws[j]!.uri, text }) : f));
    assertSame(inc.run(files, { now: NOW }), files, `after editing ${ws[i]!.uri}`);
  }
});

test('incremental: an edit that connects a Felix to another Typha (a configuration key, not a file key) re-groups them', async () => {
  // Two Typhas, each with its own CA and server certificate; the Felix trusts CA a and expects
  // Typha a's name. Pointing it at typha-b ties it to files it shared no key with before.
  const [a, b] = await Promise.all(['a', 'b'].map((p) => caAndLeaf(p, `typha-${p}`, [SERVER_AUTH])));
  const felixLeaf = await makeCert({
    cn: 'felix',
    issuer: a!.ca,
    eku: [CLIENT_AUTH],
    notBefore: new Date('2026-01-01'),
    notAfter: new Date('2036-01-01'),
  });
  const typha = (p: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: typha-${p}\n  namespace: kube-system\nspec:\n  selector:\n    app: typha-${p}\n` +
    `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typha-${p}\n  namespace: kube-system\nspec:\n  template:\n` +
    `    metadata:\n      labels:\n        app: typha-${p}\n    spec:\n      containers:\n        - name: calico-typha\n` +
    '          image: calico/typha:v3.30.0\n          env:\n            - {name: TYPHA_CAFILE, value: /certs/ca.crt}\n' +
    '            - {name: TYPHA_SERVERCERTFILE, value: /certs/tls.crt}\n            - {name: TYPHA_SERVERKEYFILE, value: /certs/tls.key}\n' +
    '            - {name: TYPHA_CLIENTCN, value: felix}\n          volumeMounts:\n            - {name: certs, mountPath: /certs}\n' +
    `      volumes:\n        - {name: certs, secret: {secretName: typha-certs-${p}}}\n`;
  const felix = (service: string) =>
    nodeDaemonSet('calico-node', 'node-certs')
      .replace('value: calico-typha', `value: ${service}`)
      .replace('value: typha-server', 'value: typha-a');
  const ws = [
    { uri: 'file:///ws/node.yaml', text: felix('typha-a') },
    {
      uri: 'file:///ws/node-certs.yaml',
      text: secret('node-certs', felixLeaf.certPem, felixLeaf.keyPem, a!.ca.certPem),
    },
    { uri: 'file:///ws/typha-a.yaml', text: typha('a') },
    {
      uri: 'file:///ws/typha-certs-a.yaml',
      text: secret('typha-certs-a', a!.leaf.certPem, a!.leaf.keyPem, a!.ca.certPem),
    },
    { uri: 'file:///ws/typha-b.yaml', text: typha('b') },
    {
      uri: 'file:///ws/typha-certs-b.yaml',
      text: secret('typha-certs-b', b!.leaf.certPem, b!.leaf.keyPem, b!.ca.certPem),
    },
  ];
  const inc = new IncrementalAnalyzer();
  let files = ws.map((s) => parseFile(s));
  assertSame(inc.run(files, { now: NOW }), files, 'cold');
  inc.settle();
  files = files.map((f, i) => (i === 0 ? parseFile({ uri: ws[0]!.uri, text: felix('typha-b') }) : f));
  const res = inc.run(files, { now: NOW });
  assertSame(res, files, 'after pointing the Felix at typha-b');
  // The edit did change what is reported: findings now point into Typha b's files.
  assert.ok(
    res.findings.some((f) =>
      [f.span, ...f.related.map((r) => r.span)].some((s) => /typha(-certs)?-b\.yaml$/.test(s.uri)),
    ),
    res.findings.map((f) => `${f.rule} ${f.span.uri}`).join('\n'),
  );
});
