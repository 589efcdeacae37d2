// Cluster dumps: the same manifests as separate files, as one multi-document file, as a
// `kind: List` (kubectl -o yaml) and as a JSON List (kubectl -o json) produce the same
// findings, each pointing at the same text inside the dump; the operator-rendered dump with
// correct certificates is clean and the example dump reports each defect once, naming both objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { lint, resolveFinding, type SourceFile } from '../server/src/engine';
import { fixture, read, repoRoot, walk } from './helpers';

/** (rule, message, the text the finding points at) for every finding, quotes stripped. */
function signature(files: SourceFile[]): string[] {
  const res = lint(files);
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  return res.findings
    .map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      const text = byUri
        .get(f.span.uri)!
        .text.slice(f.span.start, f.span.end)
        .replace(/^["']|["']$/g, '');
      assert.ok(r.range.start.line === r.range.end.line, 'single-line ranges in these manifests');
      return `${f.rule} | ${f.message} | ${text}`;
    })
    .sort();
}

test('dump forms (multi-document, List YAML, List JSON) give the same findings at the same text as separate files', () => {
  const dir = join(repoRoot(), 'examples', 'typha-felix-broken');
  const files = walk(dir, (p) => p.endsWith('.yaml')).map((p) => ({ uri: p, text: read(p) }));
  const separate = signature(files);
  assert.ok(separate.length >= 7);
  const multi = files.map((f) => f.text.replace(/\n*$/, '\n')).join('---\n');
  assert.deepEqual(signature([{ uri: 'dump.yaml', text: multi }]), separate);
  const objects = files.flatMap((f) => parseAllDocuments(f.text).map((d) => d.toJS()));
  const list = { apiVersion: 'v1', kind: 'List', items: objects };
  assert.deepEqual(signature([{ uri: 'dump-list.yaml', text: stringify(list, { lineWidth: 0 }) }]), separate);
  assert.deepEqual(signature([{ uri: 'dump.json', text: JSON.stringify(list, null, 2) }]), separate);
  // kubectl -o json names its Lists after the kind too.
  assert.deepEqual(
    signature([{ uri: 'secrets.json', text: JSON.stringify({ ...list, kind: 'SecretList' }, null, 4) }]),
    separate,
  );
});

test('operator-rendered dump with correct certificates lints clean', () => {
  const f = fixture('dumps', 'operator-good.yaml');
  const res = lint([{ uri: f, text: read(f) }]);
  assert.deepEqual(
    res.findings.map((x) => `${x.rule}: ${x.message}`),
    [],
  );
});

test('examples/cluster-dump: the expired Typha certificate and the stray node certificate, each once, naming both objects', () => {
  const f = join(repoRoot(), 'examples', 'cluster-dump', 'cluster-dump.yaml');
  const res = lint([{ uri: f, text: read(f) }]);
  assert.deepEqual(res.findings.map((x) => x.rule).sort(), ['cert-expired', 'typha-cert-untrusted']);
  const expired = res.findings.find((x) => x.rule === 'cert-expired')!;
  assert.match(expired.message, /calico-system\/typha-certs/);
  assert.match(expired.message, /tigera-operator\/typha-certs/);
  assert.equal(expired.related.length, 1);
  const untrusted = res.findings.find((x) => x.rule === 'typha-cert-untrusted')!;
  assert.match(untrusted.message, /node-certs/);
  assert.match(untrusted.message, /tigera-ca-bundle/);
});

test('operator-bundle-missing-issuer judges a dump that holds only Secrets and ConfigMaps', () => {
  const f = join(repoRoot(), 'examples', 'cluster-dump', 'cluster-dump.yaml');
  const docs = parseAllDocuments(read(f))[0]!.toJS() as { items: Array<{ kind: string }> };
  const noWorkloads = { ...docs, items: docs.items.filter((i) => i.kind === 'Secret' || i.kind === 'ConfigMap') };
  const res = lint([{ uri: 'secrets.yaml', text: stringify(noWorkloads, { lineWidth: 0 }) }]);
  assert.deepEqual(res.findings.map((x) => x.rule).sort(), ['cert-expired', 'operator-bundle-missing-issuer']);
});
