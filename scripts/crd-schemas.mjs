// The TLS-relevant parts of the Installation, FelixConfiguration, ServiceMonitor and Prometheus
// CRDs' own OpenAPI schemas, cut out of the CRD files (test/fixtures/corpus, copies of
// ../shared/corpus; Prometheus's field names from @kubernetes-models/prometheus-operator), and the validators ajv generates from them (ajv/standalone), so the
// product bundles a few kilobytes of generated code instead of ajv and the 19 000-line CRDs.
// scripts/gen-crd-schemas.mjs writes both; test/crd-schemas.test.ts fails when either is stale.
//
// What is kept (ARCHITECTURE.md, "CRD schemas"): the full schema of each TLS-relevant field,
// and on the way down to it only the names of the other fields (each `{}`: anything goes), so
// that an unknown field next to a TLS-relevant one can be told from a real one. Descriptions,
// defaults, CEL validations and formats are dropped (caCert's base64 is checked by
// secret-invalid-base64 with the API server's own decoder).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import ts from 'typescript';

/** Each kind: the CRD file it comes from, the apiVersions it is written with, the kept paths. */
export const CRD_SOURCES = [
  {
    kind: 'Installation',
    file: 'operator/crd-operator.tigera.io_installations.yaml',
    apiVersions: ['operator.tigera.io/v1'],
    // OP api/v1/installation_types.go: CertificateManagement, TLSCipherSuites.
    keep: ['spec.certificateManagement', 'spec.tlsCipherSuites'],
  },
  {
    kind: 'FelixConfiguration',
    file: 'calico/crd-projectcalico.org_felixconfigurations.yaml',
    // The same FelixConfigurationSpec is served as projectcalico.org/v3 (calicoctl, the Calico
    // API server, the v3 CRDs) and as crd.projectcalico.org/v1 (the classic CRDs).
    apiVersions: ['projectcalico.org/v3', 'crd.projectcalico.org/v1'],
    // CAL api/pkg/apis/projectcalico/v3/felixconfig.go: the metrics endpoint and its TLS (3.32+).
    keep: [
      'spec.prometheusMetricsEnabled',
      'spec.prometheusMetricsHost',
      'spec.prometheusMetricsPort',
      'spec.prometheusMetricsCAFile',
      'spec.prometheusMetricsCertFile',
      'spec.prometheusMetricsKeyFile',
      'spec.prometheusMetricsClientAuth',
    ],
  },
  {
    kind: 'ServiceMonitor',
    file: 'prometheus-operator/crd-monitoring.coreos.com_servicemonitors.yaml',
    apiVersions: ['monitoring.coreos.com/v1'],
    // PO pkg/apis/monitoring/v1/types.go Endpoint.Scheme, Endpoint.TLSConfig.
    keep: ['spec.endpoints[].scheme', 'spec.endpoints[].tlsConfig'],
  },
  {
    kind: 'Prometheus',
    // The corpus holds the ServiceMonitor CRD but not the Prometheus one: the spec's fields come
    // from @kubernetes-models/prometheus-operator, whose declarations are generated from the
    // prometheus-operator CRDs (one interface per schema, every field named).
    model: {
      package: '@kubernetes-models/prometheus-operator',
      file: 'monitoring.coreos.com/v1/PrometheusSpec.d.ts',
      // The model class declares every field, the inherited CommonPrometheusFields too.
      cls: 'PrometheusSpec',
    },
    apiVersions: ['monitoring.coreos.com/v1'],
    // PO pkg/apis/monitoring/v1/prometheus_types.go CommonPrometheusFields.Secrets/ConfigMaps:
    // the Secrets (client certificate, key, CA) and ConfigMaps mounted at
    // /etc/prometheus/secrets/<name> and /etc/prometheus/configmaps/<name> for tlsConfig files.
    keep: ['spec.secrets', 'spec.configMaps'],
  },
];

/** A JSON schema for a TypeScript type of a model declaration: strings and arrays of them. */
function typeSchema(t) {
  if (t.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (ts.isArrayTypeNode(t)) return { type: 'array', items: typeSchema(t.elementType) };
  if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Array' && t.typeArguments?.length === 1)
    return { type: 'array', items: typeSchema(t.typeArguments[0]) };
  throw new Error(`a kept field of a type the converter does not know: ${t.getText()}`);
}

/**
 * An object's OpenAPI-shaped schema from a kubernetes-models class declaration: every field by
 * name, the kept ones with their types (what `cut` below needs of a CRD schema).
 */
function modelSchema({ package: pkg, file, cls }, keep) {
  // Resolved from the working directory, the repository root (gen script, npm test): this
  // module is also bundled into the tests as CommonJS, where import.meta.url is empty.
  const require = createRequire(join(process.cwd(), 'package.json'));
  const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
  const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const decl = sf.statements.find((st) => ts.isClassDeclaration(st) && st.name?.text === cls);
  if (!decl) throw new Error(`${pkg}/${file} declares no class ${cls}`);
  const kept = new Set(keep.map((k) => k.replace(/^spec\./, '')));
  const properties = {};
  for (const m of decl.members) {
    if (!ts.isPropertyDeclaration(m) || !m.type) continue;
    const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : undefined;
    if (name) properties[name] = kept.has(name) ? typeSchema(m.type) : {};
  }
  for (const k of kept) if (!properties[k]) throw new Error(`${cls} has no field ${k}`);
  const names = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, n === 'spec' ? { type: 'object', properties } : {}])),
  };
}

/** The schema of the stored (else first) version of a CRD. */
function openApiSchema(crdText) {
  const crd = parse(crdText);
  const versions = crd?.spec?.versions ?? [];
  const v = versions.find((x) => x.storage) ?? versions[0];
  const s = v?.schema?.openAPIV3Schema;
  if (!s) throw new Error('no openAPIV3Schema');
  return s;
}

/**
 * A CRD schema as plain JSON Schema for ajv: Kubernetes' structural-schema rules made explicit
 * (an object with properties has no other fields unless x-kubernetes-preserve-unknown-fields),
 * its extensions and documentation dropped.
 */
function clean(s) {
  if (!s || typeof s !== 'object') return s;
  const out = {};
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description' || k === 'default' || k === 'format' || k === 'example' || k.startsWith('x-kubernetes-'))
      continue;
    if (k === 'nullable') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, clean(p)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not')
      out[k] = typeof v === 'object' ? clean(v) : v;
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = v.map(clean);
    else out[k] = v;
  }
  if (s['x-kubernetes-int-or-string'] === true) delete out.type;
  if (s.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.properties && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * The skeleton down to the kept paths: on the way, every object keeps the names of all its
 * fields (`{}`) and is closed; a kept field keeps its whole schema.
 */
function cut(schema, paths) {
  // The kept paths as one tree: {spec: {endpoints: {'[]': {scheme: {}, tlsConfig: {}}}}}.
  const tree = {};
  for (const p of paths) {
    let t = tree;
    for (const seg of p.replace(/\[\]/g, '.[]').split('.')) t = t[seg] ??= {};
  }
  const build = (s, t) => {
    const keys = Object.keys(t);
    if (!keys.length) return clean(s);
    if (keys.length === 1 && keys[0] === '[]') return { type: 'array', items: build(s.items ?? {}, t['[]']) };
    const out = { type: 'object', properties: {} };
    for (const name of Object.keys(s.properties ?? {}).sort()) out.properties[name] = {};
    if (s['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
    for (const k of keys) {
      const child = s.properties?.[k];
      if (!child) throw new Error(`the CRD has no field ${k}`);
      out.properties[k] = build(child, t[k]);
    }
    return out;
  };
  return build(schema, tree);
}

/** Extracts the TLS-relevant schema of every kind; `read(file)` gives a CRD file's text. */
export function extractCrdSchemas(read) {
  const kinds = {};
  for (const src of CRD_SOURCES) {
    const full = src.model ? modelSchema(src.model, src.keep) : openApiSchema(read(src.file));
    kinds[src.kind] = {
      source: src.file ?? `${src.model.package}/${src.model.file}`,
      apiVersions: src.apiVersions,
      keep: src.keep,
      schema: cut(full, src.keep),
    };
  }
  return { kinds };
}

/** The file text of the extracted schemas, as committed. */
export function schemasJson(extracted) {
  return JSON.stringify(extracted, null, 1) + '\n';
}

/**
 * The standalone validators (ES module, one export per kind) ajv generates for the extracted
 * schemas: allErrors, so every unknown field is reported, not only the first.
 */
export function validatorsCode(extracted) {
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true, lines: true } });
  const refs = {};
  for (const [kind, k] of Object.entries(extracted.kinds)) {
    ajv.addSchema(k.schema, kind);
    refs[kind] = kind;
  }
  return (
    '// Generated by scripts/gen-crd-schemas.mjs from crd-schemas.json with ajv/standalone; do not edit.\n' +
    '/* eslint-disable */\n' +
    standaloneCode(ajv, refs)
  );
}
