// The real manifests of test/fixtures/corpus (copied from ../shared/corpus; sources and
// licences in its SOURCES.md) are correct setups: no error and no warning. The placeholder
// files are published examples with placeholders: they must be read without crashing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { lint, resolveFinding } from '../server/src/engine';
import { fixture, read, walk } from './helpers';

const root = fixture('corpus');
const all = walk(root, (p) => /\.(ya?ml|json|cfg|conflist)$/.test(p));

test('corpus: every file outside placeholders/ lints with no error and no warning (as one workspace)', () => {
  const files = all.filter((p) => !/^(placeholders|real-world)/.test(relative(root, p)));
  assert.ok(files.length >= 30, `expected the corpus, found ${files.length} files`);
  const res = lint(files.map((f) => ({ uri: f, text: read(f) })));
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const bad = res.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      return `${relative(root, r.uri)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.rule} ${r.message}`;
    });
  assert.deepEqual(bad, []);
});

test('corpus: each file alone also lints clean (no finding depends on a neighbour hiding it)', () => {
  for (const f of all.filter((p) => !/^(placeholders|real-world)/.test(relative(root, p)))) {
    const res = lint([{ uri: f, text: read(f) }]);
    assert.deepEqual(res.ruleErrors, [], f);
    assert.deepEqual(
      res.findings.filter((x) => x.severity !== 'info').map((x) => x.rule),
      [],
      relative(root, f),
    );
  }
});

test('corpus: placeholder files are read without crashing and the Helm templates parse', () => {
  const files = all.filter((p) => relative(root, p).startsWith('placeholders'));
  assert.ok(files.length >= 4);
  const res = lint(files.map((f) => ({ uri: f, text: read(f) })));
  assert.deepEqual(res.ruleErrors, []);
  for (const f of res.files) assert.notEqual(f.format, 'skipped', f.uri);
  // The published dummy certificates get what they deserve, on the placeholder fields only.
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const got = res.findings.map((f) => {
    const r = resolveFinding(f, (u) => byUri.get(u));
    const line = byUri.get(f.span.uri)!.lines.lineText(r.range.start.line).trim();
    return `${relative(root, f.span.uri)} ${line.split(':')[0]} ${f.rule}`;
  });
  const inline = 'placeholders/docs/calicoctl-calicoapiconfig-etcd-tls-inline.yaml';
  // Exactly these, all on the placeholder fields: the plaintext etcd_endpoints placeholder, the
  // dummy inline certificates (damaged, expired, MD5) and key, the caCert and signerName placeholders.
  assert.deepEqual(
    got.sort(),
    [
      `${inline} etcdCACert cert-expired`,
      `${inline} etcdCACert cert-not-pem`,
      `${inline} etcdCACert cert-weak-algorithm`,
      `${inline} etcdCert cert-not-pem`,
      `${inline} etcdKey private-key-invalid`,
      'placeholders/calico/manifest-calico-etcd.yaml etcd_endpoints etcd-plaintext',
      'placeholders/calico/manifest-canal-etcd.yaml etcd_endpoints etcd-plaintext',
      'placeholders/docs/installation-certificatemanagement.yaml caCert secret-invalid-base64',
      'placeholders/docs/installation-certificatemanagement.yaml signerName certificate-management-signer-name',
    ].sort(),
  );
});

test('corpus: the calico-typha manifest is understood (objects, workloads, Felix/Typha roles)', async () => {
  const { Analysis, parseFile } = await import('../server/src/engine');
  const f = fixture('corpus', 'calico', 'manifest-calico-typha.yaml');
  const a = new Analysis([parseFile({ uri: f, text: read(f) })]);
  const node = a.configs.find((c) => c.component === 'felix' && c.container?.name === 'calico-node');
  const typha = a.configs.find((c) => c.component === 'typha' && c.container?.name === 'calico-typha');
  assert.ok(node, 'calico-node Felix config');
  assert.ok(typha, 'calico-typha Typha config');
  // FELIX_TYPHAK8SSERVICENAME comes from ConfigMap calico-config key typha_service_name.
  const svc = node.effective.get('typhak8sservicename');
  assert.equal(svc?.value.state, 'known');
  assert.equal(svc?.value.state === 'known' ? svc.value.value : '', 'calico-typha');
  assert.equal(a.ws.objects.length, 41); // `grep -c "^kind:"` of the manifest
});
