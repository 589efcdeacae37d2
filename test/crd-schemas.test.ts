// The CRD schemas the engine validates Installation, FelixConfiguration and ServiceMonitor with
// (issue 19 item 7): cut from the CRD files of the corpus by scripts/crd-schemas.mjs, compiled to
// standalone validators by ajv. Both generated files must be what the script makes from the CRDs
// now (run `node scripts/gen-crd-schemas.mjs` when a CRD changes), and every real resource of the
// corpus must validate: the schemas are not stricter than the API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CRD_SOURCES, extractCrdSchemas, schemasJson, validatorsCode } from '../scripts/crd-schemas.mjs';
import * as validators from '../server/src/engine/calico/crd-validators';
import type { CrdValidator } from '../server/src/engine/calico/crd-validators';
import { FELIX_PARAMS } from '../server/src/engine/calico/params';
import { closestNames } from '../server/src/engine/calico/spelling';
import { fixture, read, repoRoot, walk } from './helpers';

const FELIX_PARAMS_LIST = [...FELIX_PARAMS.values()];

const CORPUS = fixture('corpus');
const CALICO = join(repoRoot(), 'server', 'src', 'engine', 'calico');
const extracted = () => extractCrdSchemas((f) => read(join(CORPUS, f)));

test('crd-schemas.json is what scripts/crd-schemas.mjs extracts from the corpus CRDs', () => {
  assert.equal(
    read(join(CALICO, 'crd-schemas.json')),
    schemasJson(extracted()),
    'stale: run node scripts/gen-crd-schemas.mjs',
  );
});

test('crd-validators.js is what ajv/standalone generates from crd-schemas.json', () => {
  assert.equal(
    read(join(CALICO, 'crd-validators.js')),
    validatorsCode(extracted()),
    'stale: run node scripts/gen-crd-schemas.mjs',
  );
});

test('the extraction keeps each TLS-relevant field whole and only the names on the way to it', () => {
  const k = extracted().kinds;
  const s = (kind: string) => JSON.stringify(k[kind]?.schema);
  // Whole: the enums and required fields of the kept parts.
  assert.match(s('Installation'), /"required":\["caCert","signerName"\]/);
  assert.match(s('ServiceMonitor'), /"enum":\["http","https","HTTP","HTTPS"\]/);
  assert.match(s('FelixConfiguration'), /"prometheusMetricsClientAuth":\{"enum":\["RequireAndVerifyClientCert"/);
  // On the way: names only, and no documentation anywhere.
  assert.match(s('Installation'), /"calicoNetwork":\{\}/);
  assert.doesNotMatch(s('Installation') + s('FelixConfiguration') + s('ServiceMonitor'), /"description"/);
  // Prometheus: every field of the spec by name (from the model package), secrets/configMaps typed.
  assert.match(s('Prometheus'), /"secrets":\{"type":"array","items":\{"type":"string"\}\}/);
  assert.match(s('Prometheus'), /"serviceMonitorSelector":\{\}/);
  assert.doesNotMatch(s('Prometheus'), /"description"/);
  assert.deepEqual(
    CRD_SOURCES.map((c) => c.kind),
    ['Installation', 'FelixConfiguration', 'ServiceMonitor', 'Prometheus'],
  );
});

test('every Installation, FelixConfiguration, ServiceMonitor and Prometheus of the corpus validates', () => {
  const byKind: Record<string, CrdValidator> = validators;
  const seen: string[] = [];
  const bad: string[] = [];
  for (const f of walk(CORPUS, (p) => /\.ya?ml$/.test(p) && !/\.tmpl\.yaml$/.test(p))) {
    const text = read(f);
    if (!/kind:\s*(Installation|FelixConfiguration|ServiceMonitor|Prometheus)\b/.test(text)) continue;
    for (const doc of parseAllDocuments(text)) {
      if (!('toJS' in doc)) continue;
      const o = doc.toJS() as { kind?: string; apiVersion?: string; metadata?: { name?: string } } | null;
      const src = CRD_SOURCES.find((c) => c.kind === o?.kind);
      if (!o || !src || !src.apiVersions.includes(o.apiVersion ?? '')) continue;
      const v = byKind[src.kind]!;
      const name = `${relative(CORPUS, f)} ${o.kind}/${o.metadata?.name ?? '?'}`;
      seen.push(name);
      if (!v(o)) bad.push(`${name}: ${JSON.stringify(v.errors)}`);
    }
  }
  assert.deepEqual(bad, []);
  // The corpus holds real ones of each kind (the operator's samples, kube-prometheus' monitors).
  for (const kind of ['Installation', 'ServiceMonitor', 'Prometheus'])
    assert.ok(
      seen.some((n) => n.includes(` ${kind}/`)),
      kind,
    );
});

test('no real Felix field of any edition is taken for a near-miss of a TLS-relevant FelixConfiguration field', () => {
  // model/crd.ts offers "did you mean" among the kept fields only; a field of Calico Enterprise
  // or of another version that is not in this CRD must not look like a typo of one of them.
  const fc = extracted().kinds.FelixConfiguration!;
  const spec = (fc.schema as { properties: { spec: { properties: Record<string, unknown> } } }).properties.spec;
  const inCrd = new Set(Object.keys(spec.properties));
  const kept = fc.keep.map((k) => k.replace(/^spec\./, ''));
  const taken = FELIX_PARAMS_LIST.map((p) => p.yaml ?? p.name.charAt(0).toLowerCase() + p.name.slice(1))
    .filter((n) => !inCrd.has(n))
    .filter((n) => closestNames(n, kept, (x) => x).length > 0);
  assert.deepEqual(taken, []);
});
