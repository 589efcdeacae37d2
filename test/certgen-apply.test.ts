// Generated sets can be applied as they are (issue 22 item 4). For every set and layout:
// - each file's header says how it is applied, and says it truthfully: complete objects with
//   `kubectl apply -f <file>`, patches with the exact `kubectl patch` line (strategic for built-in
//   kinds, merge for custom resources, which take no strategic merge), kustomization.yaml with
//   `kubectl apply -k`;
// - every complete object validates against the Kubernetes OpenAPI shapes (kubernetes-models,
//   @kubernetes-models/prometheus-operator), the client-side check `kubectl apply --dry-run=client`
//   stands for;
// - every patch, applied to the real Calico manifests of the corpus by the test's own strategic
//   merge (the API types' patchMergeKey) or JSON merge patch (RFC 7386), changes an object and
//   containers that exist, and the merged object validates;
// - the merged manifests with the set's files lint clean, both as the cluster will hold them and
//   through the engine's own kustomize support (kustomization.yaml with the base added);
// - where kubectl is on PATH, `kubectl kustomize` builds the folder and `kubectl patch --local`
//   (the header's command) gives what the test's merge gives. Not the only proof: CI may lack it.
// Negative controls: a wrong merge key, a patch of a container that does not exist, a Secret with
// a bad field, a wrong identity in a patch all fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ConfigMap, Secret } from 'kubernetes-models/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Prometheus, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { lint, RULES_BY_ID, type Category } from '../server/src/engine';
import { PARAM_SINCE } from '../server/src/engine/calico/versions';
import { generateSet, type GeneratedFile, type GenerateOptions, type SetKind } from '../server/src/certgen/sets';
import { fixture, read } from './helpers';

type Obj = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
};

// ---- the variants: every set kind and layout ----

interface Base {
  /** Corpus file (test/fixtures/corpus, copied from ../shared/corpus)... */
  readonly file?: string[];
  /** ...or a small object of the test's own. */
  readonly inline?: { name: string; text: string };
  /**
   * The corpus has no calico-node-prometheus (the docs' name): kube-prometheus's Prometheus
   * stands for it, renamed into the docs' name and namespace.
   */
  readonly retarget?: { kind: string; name: string; namespace: string };
}

const baseName = (b: Base) => b.inline?.name ?? b.file![b.file!.length - 1]!;
const baseText = (b: Base) => b.inline?.text ?? read(fixture('corpus', ...b.file!));

interface Variant {
  readonly label: string;
  readonly kind: SetKind;
  readonly opts: GenerateOptions;
  readonly bases: readonly Base[];
  /** The rule categories the set is about: no error or warning of these after the merge. */
  readonly categories: readonly Category[];
  /** Objects the set patches: [kind, name]. */
  readonly patched: ReadonlyArray<[string, string]>;
  /**
   * A mistake in one patch file that the linter must report once merged ([file, from, to]): the
   * clean lint below is not vacuous.
   */
  readonly breaks?: readonly [string, string, string];
}

const TYPHA_BASE: Base = { file: ['calico', 'manifest-calico-typha.yaml'] };
const CALICO_BASE: Base = { file: ['calico', 'manifest-calico.yaml'] };
const ETCD_BASE: Base = { file: ['placeholders', 'calico', 'manifest-calico-etcd.yaml'] };
const PROMETHEUS_BASE: Base = {
  file: ['kube-prometheus', 'prometheus-k8s.yaml'],
  retarget: { kind: 'Prometheus', name: 'calico-node-prometheus', namespace: 'calico-monitoring' },
};
const INSTALLATION_BASE: Base = { file: ['calico', 'operator-custom-resources.yaml'] };
/**
 * The ConfigMap calico-node's optional envFrom names (Calico's eBPF docs create it). Without it
 * every variable calico-node does not list is unknown to the linter, which then stays silent on
 * identities (three-valued logic): with it the checks run in full.
 */
const SERVICES_ENDPOINT: Base = {
  inline: {
    name: 'kubernetes-services-endpoint.yaml',
    text:
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubernetes-services-endpoint\n  namespace: kube-system\n' +
      'data:\n  KUBERNETES_SERVICE_HOST: "10.0.0.1"\n  KUBERNETES_SERVICE_PORT: "6443"\n',
  },
};

const VARIANTS: Variant[] = [
  ...(['cn', 'spiffe', 'both'] as const).map((identity): Variant => ({
    label: `typha manual ${identity}`,
    kind: 'typha',
    opts: { identity, layout: 'manual' },
    bases: [TYPHA_BASE, SERVICES_ENDPOINT],
    categories: ['felix-typha', 'certificates'],
    patched: [
      ['DaemonSet', 'calico-node'],
      ['Deployment', 'calico-typha'],
    ],
  })),
  ...(['cn', 'spiffe', 'both'] as const).map((identity): Variant => ({
    label: `typha operator ${identity}`,
    kind: 'typha',
    opts: { identity, layout: 'operator' },
    bases: [],
    categories: ['felix-typha', 'operator', 'certificates'],
    patched: [],
  })),
  {
    label: 'etcd',
    kind: 'etcd',
    opts: { endpoints: 'https://10.0.0.1:2379,https://10.0.0.2:2379' },
    bases: [ETCD_BASE, SERVICES_ENDPOINT],
    categories: ['etcd', 'certificates'],
    patched: [
      ['ConfigMap', 'calico-config'],
      ['Secret', 'calico-etcd-secrets'],
    ],
    breaks: ['patch-configmap-calico-config.yaml', 'etcd_ca: /calico-secrets/etcd-ca', 'etcd_ca: ""'],
  },
  {
    label: 'manager manual',
    kind: 'manager',
    opts: { dnsNames: ['manager.example.com'], ips: ['10.0.0.5'] },
    bases: [],
    categories: ['manager', 'certificates'],
    patched: [],
  },
  {
    label: 'manager operator',
    kind: 'manager',
    opts: { dnsNames: ['manager.example.com'], layout: 'operator' },
    bases: [],
    categories: ['manager', 'operator', 'certificates'],
    patched: [],
  },
  {
    label: 'prometheus OSS',
    kind: 'prometheus',
    opts: {},
    bases: [CALICO_BASE, SERVICES_ENDPOINT, PROMETHEUS_BASE],
    categories: ['prometheus', 'certificates'],
    patched: [
      ['DaemonSet', 'calico-node'],
      ['Prometheus', 'calico-node-prometheus'],
    ],
    breaks: ['patch-prometheus-calico-node-prometheus.yaml', '- certs', '- other-certs'],
  },
  {
    label: 'prometheus --enterprise',
    kind: 'prometheus',
    opts: { enterprise: true },
    bases: [CALICO_BASE, SERVICES_ENDPOINT, PROMETHEUS_BASE],
    categories: ['prometheus', 'certificates'],
    patched: [
      ['DaemonSet', 'calico-node'],
      ['Prometheus', 'calico-node-prometheus'],
    ],
    breaks: ['patch-prometheus-calico-node-prometheus.yaml', '- certs', '- other-certs'],
  },
  {
    label: 'certificate-management',
    kind: 'certificate-management',
    opts: { signerName: 'example.com/calico-signer' },
    bases: [INSTALLATION_BASE],
    categories: ['operator', 'certificates'],
    patched: [['Installation', 'default']],
    breaks: ['patch-installation-default.yaml', 'signerName: example.com/calico-signer', 'signerName: calico-signer'],
  },
];

// ---- reading a generated set ----

function docsOf(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, [], 'a generated file parses');
    return d.toJS() as Obj;
  });
}

const CUSTOM = new Set(['Prometheus', 'ServiceMonitor', 'Installation']);

interface SetView {
  readonly files: readonly GeneratedFile[];
  /** Files of complete objects (kubectl apply -f). */
  readonly complete: ReadonlyArray<{ file: GeneratedFile; docs: Obj[] }>;
  readonly patches: ReadonlyArray<{ file: GeneratedFile; doc: Obj }>;
  readonly kustomization: Obj | undefined;
}

function view(files: readonly GeneratedFile[]): SetView {
  const yaml = files.filter((f) => f.path.endsWith('.yaml'));
  const kust = yaml.find((f) => f.path === 'kustomization.yaml');
  return {
    files,
    complete: yaml
      .filter((f) => f !== kust && !f.path.startsWith('patch-'))
      .map((file) => ({ file, docs: docsOf(file.content) })),
    patches: yaml
      .filter((f) => f.path.startsWith('patch-'))
      .map((file) => {
        const docs = docsOf(file.content);
        assert.equal(docs.length, 1, `${file.path}: one patch per file`);
        return { file, doc: docs[0]! };
      }),
    kustomization: kust ? docsOf(kust.content)[0] : undefined,
  };
}

const header = (f: GeneratedFile) =>
  f.content
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');

// ---- OpenAPI validation (kubectl apply --dry-run=client stands for this) ----

/** Fields each kind has at the top (the API types); the models' schemas allow unknown ones. */
const TOP_FIELDS: Record<string, readonly string[]> = {
  Secret: ['apiVersion', 'kind', 'metadata', 'type', 'data', 'stringData', 'immutable'],
  ConfigMap: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
  ServiceMonitor: ['apiVersion', 'kind', 'metadata', 'spec'],
};

let installationSchema: ((o: unknown) => boolean) & { errors?: unknown } = Object.assign(() => true, {});
{
  // The Installation CRD of the corpus (tigera/operator), its openAPIV3Schema as is.
  const crd = docsOf(read(fixture('corpus', 'operator', 'crd-operator.tigera.io_installations.yaml')))[0] as {
    spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: object } }> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  installationSchema = ajv.compile(crd.spec.versions.find((v) => v.name === 'v1')!.schema.openAPIV3Schema);
}

function validate(o: Obj): void {
  const label = `${o.kind} ${o.metadata?.name}`;
  const top = TOP_FIELDS[o.kind ?? ''];
  if (top) for (const k of Object.keys(o)) assert.ok(top.includes(k), `${label}: unknown field ${k}`);
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Secret':
      new Secret(o as never).validate();
      return;
    case 'v1/ConfigMap':
      new ConfigMap(o as never).validate();
      return;
    case 'apps/v1/DaemonSet':
      new DaemonSet(o as never).validate();
      return;
    case 'apps/v1/Deployment':
      new Deployment(o as never).validate();
      return;
    case 'monitoring.coreos.com/v1/ServiceMonitor':
      new ServiceMonitor(o as never).validate();
      return;
    case 'monitoring.coreos.com/v1/Prometheus':
      new Prometheus(o as never).validate();
      return;
    case 'operator.tigera.io/v1/Installation':
      assert.ok(installationSchema(o), `${label}: ${JSON.stringify(installationSchema.errors)}`);
      return;
    default:
      assert.fail(`no schema for ${o.apiVersion} ${o.kind}`);
  }
}

// ---- merging: strategic merge patch (built-in kinds) and JSON merge patch (custom resources) ----

/**
 * The patchMergeKey of each list a Calico patch touches, as k8s.io/api declares it
 * (core/v1/types.go): PodSpec.Containers/InitContainers `patchMergeKey:"name"`, Container.Env
 * `patchMergeKey:"name"`, PodSpec.Volumes `patchMergeKey:"name"`, Container.VolumeMounts
 * `patchMergeKey:"mountPath"`. Any other list is replaced (no merge key).
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge of `patch` into `base` (null deletes; lists merge by MERGE_KEYS). */
function strategicMerge(base: unknown, patch: unknown, keys = MERGE_KEYS, field = ''): unknown {
  if (Array.isArray(patch)) {
    const mk = keys[field];
    if (!mk || !Array.isArray(base)) return structuredClone(patch);
    const out = structuredClone(base) as Array<Record<string, unknown>>;
    for (const item of patch as Array<Record<string, unknown>>) {
      assert.ok(isMap(item) && typeof item[mk] === 'string', `an item of ${field} without its merge key ${mk}`);
      const i = out.findIndex((x) => x[mk] === item[mk]);
      if (i >= 0) out[i] = strategicMerge(out[i], item, keys, '') as Record<string, unknown>;
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (!isMap(patch) || !isMap(base)) return structuredClone(patch);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? strategicMerge(out[k], v, keys, k) : structuredClone(v);
  }
  return out;
}

/** RFC 7386 JSON merge patch: maps merge, null deletes, anything else (lists too) replaces. */
function jsonMerge(base: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isMap(base) ? structuredClone(base) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMerge(out[k], v);
  }
  return out;
}

function baseDocs(b: Base): Obj[] {
  const docs = docsOf(baseText(b)).filter((d) => d && typeof d === 'object');
  if (!b.retarget) return docs;
  const t = b.retarget;
  return docs.map((d) =>
    d.kind === t.kind ? { ...d, metadata: { ...d.metadata, name: t.name, namespace: t.namespace } } : d,
  );
}

const idOf = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

/** The containers (by name) a patch names in its pod template. */
function patchedContainers(p: Obj): string[] {
  const spec = (p.spec as { template?: { spec?: { containers?: Array<{ name: string }> } } } | undefined)?.template
    ?.spec;
  return (spec?.containers ?? []).map((c) => c.name);
}

function containersOf(o: Obj): string[] {
  return patchedContainers(o);
}

/** Every list merged by a key holds each key once (the API server refuses duplicate volumes and mounts). */
function uniqueKeys(o: unknown, label: string, field = ''): void {
  if (Array.isArray(o)) {
    const mk = MERGE_KEYS[field];
    if (mk) {
      const seen = new Set<unknown>();
      for (const item of o as Array<Record<string, unknown>>) {
        assert.ok(!seen.has(item[mk]), `${label}: ${field} ${String(item[mk])} twice`);
        seen.add(item[mk]);
      }
    }
    for (const item of o) uniqueKeys(item, label);
  } else if (isMap(o)) for (const [k, v] of Object.entries(o)) uniqueKeys(v, label, k);
}

/** Applies one patch to the base objects; the target and its containers must exist. */
function applyPatch(objects: Obj[], patch: Obj, label: string): Obj[] {
  const i = objects.findIndex((o) => idOf(o) === idOf(patch));
  assert.ok(i >= 0, `${label}: the patch's target ${idOf(patch)} is in the base`);
  const base = objects[i]!;
  for (const c of patchedContainers(patch))
    assert.ok(containersOf(base).includes(c), `${label}: ${idOf(patch)} has a container ${c} to patch`);
  const body = { ...patch };
  const merged = (CUSTOM.has(patch.kind!) ? jsonMerge(base, body) : strategicMerge(base, body)) as Obj;
  uniqueKeys(merged, label);
  // No new containers: a patch entry that matched nothing would have added one.
  assert.deepEqual(containersOf(merged), containersOf(base), `${label}: the containers are the base's`);
  const out = [...objects];
  out[i] = merged;
  return out;
}

/** The cluster after the set: base objects patched, and the set's complete objects applied over them. */
function clusterAfter(v: Variant, set: SetView): Obj[] {
  let objects = v.bases.flatMap(baseDocs);
  for (const p of set.patches) objects = applyPatch(objects, p.doc, `${v.label} ${p.file.path}`);
  const mine = set.complete.flatMap((c) => c.docs);
  const mineIds = new Set(mine.map(idOf));
  return [...objects.filter((o) => !mineIds.has(idOf(o))), ...mine];
}

// ---- linting ----

function errorsAndWarnings(files: Array<{ uri: string; text: string }>, categories: readonly Category[]): string[] {
  const res = lint(files);
  assert.deepEqual(res.ruleErrors, []);
  return res.findings
    .filter((f) => f.severity === 'error' || f.severity === 'warning')
    .filter((f) => categories.includes(RULES_BY_ID.get(f.rule)!.meta.category))
    .map((f) => `${f.rule}: ${f.message}`);
}

function envOf(o: Obj, container: string): Record<string, string | undefined> {
  const c = (
    o.spec as {
      template: { spec: { containers: Array<{ name: string; env?: Array<{ name: string; value?: string }> }> } };
    }
  ).template.spec.containers.find((x) => x.name === container);
  return Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value]));
}

const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function generate(v: Variant): Promise<GeneratedFile[]> {
  return generateSet(v.kind, { ...v.opts, keyAlgorithm: 'ecdsa-p256' });
}

/** The set written to a folder with the bases beside it and listed in its kustomization. */
function writeWithBase(v: Variant, files: readonly GeneratedFile[]): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-apply-'));
  const bases = v.bases.map((b, i) => {
    const name = `base-${i}-${baseName(b)}`;
    writeFileSync(
      join(d, name),
      b.retarget
        ? baseDocs(b)
            .map((o) => stringify(o))
            .join('---\n')
        : baseText(b),
    );
    return name;
  });
  for (const f of files) {
    let text = f.content;
    if (f.path === 'kustomization.yaml') {
      const k = docsOf(text)[0] as { resources: string[] };
      text = stringify({ ...k, resources: [...bases, ...k.resources] });
    }
    writeFileSync(join(d, f.path), text, { mode: f.secret ? 0o600 : 0o644 });
  }
  return d;
}

/** Errors and warnings of the set's rule categories on the cluster after the set (test-side merge). */
function lintMerged(v: Variant, set: SetView): string[] {
  const cluster = clusterAfter(v, set);
  const completeIds = new Set(set.complete.flatMap((c) => c.docs.map(idOf)));
  const others = cluster.filter((o) => !completeIds.has(idOf(o)));
  return errorsAndWarnings(
    [
      ...set.complete.map((c) => ({ uri: `/cluster/${c.file.path}`, text: c.file.content })),
      ...(others.length
        ? [{ uri: '/cluster/merged-base.yaml', text: others.map((o) => stringify(o)).join('---\n') }]
        : []),
    ],
    v.categories,
  );
}

/** The same for the folder writeWithBase made, merged by the engine's kustomize support. */
function lintFolder(v: Variant, d: string, files: readonly GeneratedFile[]): string[] {
  const names = [...files.map((f) => f.path), ...v.bases.map((b, i) => `base-${i}-${baseName(b)}`)];
  return errorsAndWarnings(
    names.map((n) => ({ uri: join(d, n), text: read(join(d, n)) })),
    v.categories,
  );
}

// ---- the tests ----

for (const v of VARIANTS) {
  test(`gen ${v.label}: every file says how it is applied, complete objects validate, patches merge onto the corpus and lint clean`, async () => {
    const files = await generate(v);
    const set = view(files);

    // Complete objects: header, OpenAPI shapes, explicit namespaces.
    assert.ok(set.complete.length > 0 || v.kind === 'certificate-management', 'complete objects');
    for (const { file, docs } of set.complete) {
      assert.match(header(file), new RegExp(`Complete objects: apply with kubectl apply -f ${file.path}(\\n|$)`));
      for (const o of docs) {
        assert.ok(!CUSTOM.has(o.kind!) || o.kind === 'ServiceMonitor', `${file.path}: ${o.kind} is not the set's own`);
        assert.ok(o.metadata?.namespace, `${file.path}: ${o.kind} ${o.metadata?.name} names its namespace`);
        validate(o);
      }
    }

    // Patches: one per patched object, each with its exact kubectl patch line.
    assert.deepEqual(
      set.patches.map((p) => [p.doc.kind, p.doc.metadata?.name]).sort(),
      v.patched.filter(([k]) => k !== 'Secret').sort(),
    );
    for (const { file, doc } of set.patches) {
      const type = CUSTOM.has(doc.kind!) ? 'merge' : 'strategic';
      const ns = doc.metadata?.namespace ? ` -n ${doc.metadata.namespace}` : '';
      const cmd = `kubectl patch ${doc.kind!.toLowerCase()} ${doc.metadata?.name}${ns} --type ${type} --patch-file ${file.path}`;
      assert.ok(header(file).includes(`#   ${cmd}\n`), `${file.path}: header names ${cmd}\n${header(file)}`);
      assert.match(header(file), /not an object to create: *\n# do not kubectl apply -f it/);
      assert.equal(file.path, `patch-${doc.kind!.toLowerCase()}-${doc.metadata?.name}.yaml`);
      assert.equal(file.secret, false, `${file.path} holds no key`);
      for (const k of files.filter((f) => !f.path.endsWith('.yaml') && /PRIVATE KEY/.test(f.content)))
        assert.ok(
          !file.content.includes(k.content) && !file.content.includes(Buffer.from(k.content).toString('base64')),
          `${file.path}: no key material (${k.path})`,
        );
    }

    // kustomization.yaml: exactly when there is something to patch.
    if (!v.patched.length) {
      assert.equal(set.kustomization, undefined, 'no kustomization without patches');
    } else {
      const k = set.kustomization as { resources: string[]; patches: Array<Record<string, string>> };
      const kfile = files.find((f) => f.path === 'kustomization.yaml')!;
      assert.match(header(kfile), /kubectl apply -k/);
      assert.match(header(kfile), /Add your Calico manifest or kustomize base .* to resources/);
      assert.ok(
        k.patches.every((p) => Object.keys(p).join() === 'path'),
        'the modern patches form, with path:',
      );
      const patchPaths = k.patches.map((p) => p.path);
      for (const p of set.patches) assert.ok(patchPaths.includes(p.file.path), `${p.file.path} is a patch`);
      // The complete-object file is a resource, or (etcd, whose base declares the same empty
      // Secret) a patch.
      for (const c of set.complete) {
        const asPatch = v.patched.some(([kind]) => kind === 'Secret');
        assert.ok((asPatch ? patchPaths : k.resources).includes(c.file.path), `${c.file.path} in the kustomization`);
      }
    }

    // The cluster after the set: patched bases validate and lint clean with the set's files.
    const cluster = clusterAfter(v, set);
    for (const [kind, name] of v.patched) {
      const o = cluster.find((x) => x.kind === kind && x.metadata?.name === name);
      assert.ok(o, `${kind} ${name} after the merge`);
      validate(o);
    }
    assert.deepEqual(lintMerged(v, set), [], `${v.label}: merged lint`);

    // The same through the engine's own kustomize support: the folder as written, base added.
    if (v.patched.length) {
      const d = writeWithBase(v, files);
      assert.deepEqual(lintFolder(v, d, files), [], `${v.label}: kustomize lint`);

      // Positive control: one mistake in a patch is reported, by both ways of merging.
      if (v.breaks) {
        const [path, from, to] = v.breaks;
        const broken = files.map((f) => {
          if (f.path !== path) return f;
          assert.ok(f.content.includes(from), `${path} has ${from}`);
          return { ...f, content: f.content.replace(from, to) };
        });
        assert.notDeepEqual(lintMerged(v, view(broken)), [], `${v.label}: ${to} is reported (merged)`);
        const bd = writeWithBase(v, broken);
        assert.notDeepEqual(lintFolder(v, bd, broken), [], `${v.label}: ${to} is reported (kustomize)`);
      }

      if (KUBECTL) {
        const built = spawnSync('kubectl', ['kustomize', d], { encoding: 'utf8', maxBuffer: 64 << 20 });
        assert.equal(built.status, 0, `kubectl kustomize: ${built.stderr}`);
        const out = docsOf(built.stdout);
        for (const { doc } of set.patches) {
          const o = out.find((x) => idOf(x) === idOf(doc));
          assert.ok(o, `kubectl kustomize output has ${idOf(doc)}`);
          const mine = cluster.find((x) => idOf(x) === idOf(doc))!;
          for (const c of patchedContainers(doc)) {
            // The patched env is in kustomize's output, and kustomize's merge is the test's.
            const wanted = envOf(doc, c);
            const got = envOf(o, c);
            for (const [name, value] of Object.entries(wanted)) assert.equal(got[name], value, `${c} ${name}`);
            assert.deepEqual(got, envOf(mine, c), `${idOf(doc)} ${c}: kustomize and the test merge agree`);
          }
          if (!patchedContainers(doc).length) assert.deepEqual(stripOrder(o), stripOrder(mine), idOf(doc));
        }
      }
    }
  });
}

/** Lists of maps keyed by a merge key compare regardless of order. */
function stripOrder(o: unknown): unknown {
  if (Array.isArray(o)) {
    const items = o.map(stripOrder);
    return items.every(isMap) && items.every((i) => typeof (i as Record<string, unknown>).name === 'string')
      ? [...items].sort((a, b) => String((a as { name: string }).name).localeCompare((b as { name: string }).name))
      : items;
  }
  if (!isMap(o)) return o;
  return Object.fromEntries(
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => [k, stripOrder(x)]),
  );
}

test(
  'the header command is what kubectl runs: kubectl patch --local gives the test merge (skipped without kubectl)',
  { skip: !KUBECTL },
  async () => {
    for (const v of VARIANTS.filter((x) => x.patched.length)) {
      const files = await generate(v);
      const set = view(files);
      const d = writeWithBase(v, files);
      for (const { file, doc } of set.patches) {
        const base = v.bases.flatMap(baseDocs).find((o) => idOf(o) === idOf(doc))!;
        writeFileSync(join(d, 'target.yaml'), stringify(base));
        const type = CUSTOM.has(doc.kind!) ? 'merge' : 'strategic';
        const r = spawnSync(
          'kubectl',
          [
            'patch',
            '--local',
            '-f',
            join(d, 'target.yaml'),
            '--type',
            type,
            '--patch-file',
            join(d, file.path),
            '-o',
            'json',
          ],
          { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } },
        );
        assert.equal(r.status, 0, `${v.label} ${file.path}: ${r.stderr}`);
        const mine = applyPatch([base], doc, v.label)[0]!;
        assert.deepEqual(stripOrder(JSON.parse(r.stdout)), stripOrder(mine), `${v.label} ${file.path}`);
        if (type === 'merge') {
          // And a strategic patch of a custom resource is refused, which is why the header says merge.
          const s = spawnSync(
            'kubectl',
            [
              'patch',
              '--local',
              '-f',
              join(d, 'target.yaml'),
              '--type',
              'strategic',
              '--patch-file',
              join(d, file.path),
              '-o',
              'json',
            ],
            { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } },
          );
          assert.notEqual(s.status, 0);
          assert.match(s.stderr, /strategic merge patch is not supported/);
        }
      }
    }
  },
);

test('the OSS Prometheus set names the Calico release its parameters need, from the linter table', async () => {
  const files = await generateSet('prometheus', {});
  const node = files.find((f) => f.path === 'patch-daemonset-calico-node.yaml')!;
  const since = PARAM_SINCE.felix.PrometheusMetricsCAFile!;
  assert.match(
    header(node),
    new RegExp(`Needs Calico ${since.replace(/\./g, '\\.')} or later: .*FELIX_PROMETHEUSMETRICSCAFILE`),
  );
  assert.match(
    header(files.find((f) => f.path === 'prometheus-metrics-tls.yaml')!),
    new RegExp(`Needs Calico ${since.replace(/\./g, '\\.')}`),
  );
  // The Enterprise reporter parameters are not in the OSS table: no OSS version claimed.
  const ent = await generateSet('prometheus', { enterprise: true });
  assert.doesNotMatch(ent.map((f) => f.content).join('\n'), /Needs Calico v/);
  // The linter agrees: the merged calico-node on the release before is reported, on that release it is not.
  const v = VARIANTS.find((x) => x.label === 'prometheus OSS')!;
  const cluster = clusterAfter(v, view(files));
  const withImage = (tag: string) =>
    cluster.map((o) => {
      if (o.kind !== 'DaemonSet') return o;
      const s = structuredClone(o) as Obj & {
        spec: { template: { spec: { containers: Array<{ name: string; image?: string }> } } };
      };
      for (const c of s.spec.template.spec.containers)
        if (c.name === 'calico-node') c.image = `quay.io/calico/node:${tag}`;
      return s;
    });
  const rules = (tag: string) =>
    lint([
      {
        uri: '/c/all.yaml',
        text: withImage(tag)
          .map((o) => stringify(o))
          .join('---\n'),
      },
    ]).findings.map((f) => f.rule);
  const [maj, min] = since.slice(1).split('.').map(Number);
  assert.ok(rules(`v${maj}.${min! - 1}.0`).includes('parameter-not-in-version'), 'an older release is reported');
  assert.ok(!rules(since).includes('parameter-not-in-version'), `${since} is not`);
});

test('negative controls: a wrong merge key, a missing container, a bad Secret field, a bad Installation all fail', async () => {
  const v = VARIANTS.find((x) => x.label === 'typha manual cn')!;
  const files = await generate(v);
  const set = view(files);
  const node = set.patches.find((p) => p.doc.kind === 'DaemonSet')!.doc;
  const base = baseDocs(TYPHA_BASE);

  // env merged by a wrong key: a patch that sets a variable the base already has adds it a
  // second time, which the check on merge keys refuses (and the linter reports).
  const ds = base.find((o) => idOf(o) === idOf(node))!;
  const resetting = structuredClone(node) as Obj & {
    spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } };
  };
  resetting.spec.template.spec.containers[0]!.env.push({ name: 'CALICO_NETWORKING_BACKEND', value: 'vxlan' });
  const right = strategicMerge(ds, resetting) as Obj;
  uniqueKeys(right, 'right keys');
  assert.equal(envOf(right, 'calico-node').CALICO_NETWORKING_BACKEND, 'vxlan');
  const wrongKey = strategicMerge(ds, resetting, { ...MERGE_KEYS, env: 'value' }) as Obj;
  assert.throws(() => uniqueKeys(wrongKey, 'wrong key'), /env CALICO_NETWORKING_BACKEND twice/);
  assert.ok(
    lint([{ uri: '/n/ds.yaml', text: stringify(wrongKey) }]).findings.some((f) => f.rule === 'duplicate-env-var'),
    'the linter reports the duplicate too',
  );
  // An env entry without its merge key (name): the merged DaemonSet fails validation.
  const noName = structuredClone(node) as Obj & {
    spec: { template: { spec: { containers: Array<{ env: Array<Record<string, string>> }> } } };
  };
  for (const e of noName.spec.template.spec.containers[0]!.env) {
    e.key = e.name!;
    delete e.name;
  }
  const lenient = (b: unknown, p: unknown): unknown => {
    // Appends what has no merge key, as a careless merge would.
    if (Array.isArray(p) && Array.isArray(b)) return [...b, ...p];
    if (!isMap(p) || !isMap(b)) return p;
    const out: Record<string, unknown> = { ...b };
    for (const [k, x] of Object.entries(p)) out[k] = k in out ? lenient(out[k], x) : x;
    return out;
  };
  assert.throws(() => validate(lenient(ds, noName) as Obj), /must have required property name/);
  // A patch of a container the DaemonSet does not have would add a container: refused.
  const otherContainer = structuredClone(node) as Obj & {
    spec: { template: { spec: { containers: Array<{ name: string }> } } };
  };
  otherContainer.spec.template.spec.containers[0]!.name = 'calico';
  assert.throws(() => applyPatch(base, otherContainer, 'neg'), /has a container calico to patch/);
  // A patch of an object the base does not have.
  assert.throws(
    () => applyPatch(baseDocs(CALICO_BASE), set.patches.find((p) => p.doc.kind === 'Deployment')!.doc, 'neg'),
    /is in the base/,
  );

  // A Secret whose data is not base64, or with a misspelt field.
  const secret = set.complete[0]!.docs.find((o) => o.kind === 'Secret')!;
  assert.throws(() => validate({ ...secret, data: { 'tls.crt': '-----BEGIN CERTIFICATE-----' } }), /format "byte"/);
  assert.throws(() => validate({ ...secret, stringdata: {} }), /unknown field stringdata/);
  assert.throws(() => validate({ ...secret, type: 3 }), /must be string/);
  // An Installation the CRD refuses (keyAlgorithm outside its enum).
  const cm = view(await generateSet('certificate-management', {}));
  const inst = clusterAfter(
    VARIANTS.find((x) => x.kind === 'certificate-management')!,
    cm,
  ).find((o) => o.kind === 'Installation')!;
  validate(inst);
  const badInst = structuredClone(inst) as Obj & { spec: { certificateManagement: { keyAlgorithm: string } } };
  badInst.spec.certificateManagement.keyAlgorithm = 'ECDSAWithCurve25519';
  assert.throws(() => validate(badInst));
});
