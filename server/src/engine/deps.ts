/**
 * Dependency keys: which files a rule may have to see together. Two files that share a key are
 * analysed together; files connected by no key never influence each other's findings, so an
 * edit re-checks only the files connected to the edited one (`incremental.ts`).
 *
 * A key is a *link* (every file carrying it is connected) or a *spoke* (files carrying it are
 * connected only through a file that carries it as a link). Spokes express "A depends on B if
 * B exists" without tying every A to every other A: two leaves issued by the same CA are not
 * connected unless the CA certificate is in the workspace, and then they are, because
 * ca-cert-not-ca reads every issuer name at once.
 *
 * The keys over-approximate what the rules read (names without namespaces, label pairs
 * without full selector matching). Missing a relation would make incremental findings differ
 * from a full analysis; `test/incremental.test.ts` checks equality over every rule fixture.
 */
import { baseName, type ParsedFile } from './parse';
import { APISERVER_FILE_FLAGS } from './model/kube-apiserver';
import { ETCD_SERVER_FILE_FLAGS, isEtcdConfigFile, runsEtcd, serverValue } from './model/etcd-server';
import { settingValue } from './model/etcd';
import { Analysis } from './analysis';
import { containerRoles, paramState, paramValue, type ComponentConfig } from './model/config';
import { OPERATOR_IMAGE } from './calico/operator';
import { tlsConfigRefs } from './model/monitors';
import { getMap, getPath, getScalar, isScalar, seqItems } from './parse/tree';
import type { Reads } from './model/reads';

/** What links files to one another (the incremental analyzer's dependency keys). */
export const READS: Reads = {
  kinds: ['Service', 'Ingress', 'FelixConfiguration', 'Installation', 'ServiceMonitor', 'PodMonitor', 'Prometheus'],
};

export interface DepKeys {
  readonly links: readonly string[];
  readonly spokes: readonly string[];
}

const COMPONENT_NAMES = [
  ['felix', 'calico-node'],
  ['typha', 'calico-typha'],
] as const;

/** Names whose objects rules read by name regardless of references (operator bundle, Manager). */
const NAMED_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^(tigera-ca-bundle|typha-certs|node-certs|typha-ca|typha-certs-noncluster-host|node-certs-noncluster-host)$/,
    'group:operator-bundle',
  ],
  [/manager/, 'group:manager'],
];

/**
 * Keys each file carries on its own: the objects it defines, the Secrets/ConfigMaps its
 * workloads reference, the certificates it holds, and the names Services and monitors are
 * found by. Every one of them comes from a single object or file, so a model of any set of
 * files (the whole workspace at start-up, the changed files later) gives each file the same
 * keys, and they are cached per parsed file.
 */
export function fileKeys(a: Analysis): Map<ParsedFile, DepKeys> {
  const out = new Map<ParsedFile, { links: Set<string>; spokes: Set<string> }>();
  for (const f of a.files) out.set(f, { links: new Set(), spokes: new Set() });
  const of = (f: ParsedFile | undefined) =>
    (f && out.get(f)) || { links: new Set<string>(), spokes: new Set<string>() };
  for (const o of a.ws.objects) {
    const { links } = of(o.file);
    if (o.name !== undefined) {
      links.add(`obj:${o.kind}/${o.name}`);
      for (const [re, key] of NAMED_GROUPS) if (re.test(o.name)) links.add(key);
    }
    if (o.kind === 'Service') {
      // Felix finds Typha by Service name, the Service finds Typha pods by selector.
      if (o.name !== undefined) links.add(`typha:${o.name}`);
      for (const p of getMap(getMap(o.node, 'spec'), 'selector')?.pairs ?? [])
        if (isScalar(p.value)) links.add(`label:${p.key.text}=${p.value.text}`);
    }
    if (o.kind === 'Ingress') {
      links.add('group:manager');
      // manager-cert-sans reads the certificate of each TLS Secret an Ingress names.
      for (const t of seqItems(getPath(o.node, 'spec', 'tls'))) {
        const s = getScalar(t, 'secretName');
        if (s && !s.templated) links.add(`obj:Secret/${s.text}`);
      }
    }
    // The Calico release a unit runs (model/calico-version.ts) is read from Installations and
    // applies to FelixConfigurations; an Installation also says the operator installs the unit.
    if (o.kind === 'Installation') links.add('group:calico-version').add('group:operator-bundle');
    if (o.kind === 'FelixConfiguration') links.add('group:calico-version');
    if (o.kind === 'Prometheus' || o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor')
      links.add('group:monitoring');
    if (o.kind === 'Prometheus')
      for (const s of seqItems(getPath(o.node, 'spec', 'secrets'))) if (isScalar(s)) links.add(`obj:Secret/${s.text}`);
  }
  for (const w of a.ws.workloads) {
    const { links, spokes } = of(w.object.file);
    const ref = (kind: string, name: string | undefined) => {
      if (name !== undefined) links.add(`obj:${kind}/${name}`);
    };
    for (const v of w.volumes.values()) {
      const s = v.source;
      if (s.type === 'secret') ref('Secret', s.name);
      else if (s.type === 'configMap') ref('ConfigMap', s.name);
      else if (s.type === 'projected')
        for (const p of s.sources) if (p.type !== 'other') ref(p.type === 'secret' ? 'Secret' : 'ConfigMap', p.name);
    }
    for (const c of w.containers) {
      // A Felix/Typha container's release decides which parameters it has (parameter-not-in-version).
      if (containerRoles(c).size) spokes.add('group:calico-version');
      // The operator's namespace decides where bring-your-own objects belong (operator-byo-namespace).
      if (c.image && OPERATOR_IMAGE.test(c.image)) links.add('group:operator-bundle');
      for (const e of c.envFrom) ref(e.type === 'secretRef' ? 'Secret' : 'ConfigMap', e.name);
      for (const e of c.env)
        if (e.value.type === 'secretKeyRef' || e.value.type === 'configMapKeyRef')
          ref(e.value.type === 'secretKeyRef' ? 'Secret' : 'ConfigMap', e.value.name);
    }
  }
  for (const ep of a.monitorEndpoints) {
    const { links } = of(ep.monitor.file);
    // The Secrets/ConfigMaps its tlsConfig takes certificates and keys from (model/monitors.ts).
    for (const { kind, ref } of tlsConfigRefs(ep.tls)) {
      const name = getScalar(ref, 'name');
      if (name && !name.templated) links.add(`obj:${kind}/${name.text}`);
    }
    // A monitor reads the certificates its Calico targets serve (servedCerts): the component's
    // usual name, matched also by substring, or the workload's k8s-app label or name.
    for (const t of ep.targets) {
      links.add(`metrics-who:${t}`);
      for (const [component, name] of COMPONENT_NAMES)
        if (t === name || t.includes(name) || name.includes(t)) links.add(`metrics:${component}`);
    }
  }
  for (const api of a.kubeApiservers) {
    // kube-apiserver reads node files whose copies may be workspace files of the same name.
    const { links } = of(api.object.file);
    const e = api.etcd;
    for (const s of [...api.flags.values(), e?.ca, e?.cert, e?.key])
      if (s && s.value.state === 'known' && APISERVER_FILE_FLAGS.has(s.flag))
        links.add(`hostfile:${baseName(s.value.value.trim())}`);
  }
  // etcd servers and the clients that reach them (etcd-client-cert-untrusted, etcd-server-cert-sans):
  // every server is a link (which server an endpoint reaches depends on all of them), every etcd
  // client a spoke; the files a server or a client names by node path are found by file name.
  for (const f of a.files) if (isEtcdConfigFile(f)) of(f).links.add('group:etcd-server');
  for (const s of a.etcdServers) {
    const { links } = of(s.file);
    links.add('group:etcd-server');
    if (s.container) of(s.container.workload.object.file).links.add('group:etcd-server');
    for (const flag of ETCD_SERVER_FILE_FLAGS) {
      const v = serverValue(s, flag as Parameters<typeof serverValue>[1]);
      if (v) links.add(`hostfile:${baseName(v)}`);
    }
  }
  for (const w of a.ws.workloads)
    for (const c of w.containers) {
      if (runsEtcd(c)) of(w.object.file).links.add('group:etcd-server');
      // A container's etcd settings may come from envFrom or a ConfigMap in another file.
      else if (c.envFrom.length || c.env.some((e) => /ETCD/i.test(e.name)))
        of(w.object.file).spokes.add('group:etcd-server');
    }
  for (const c of a.etcd) {
    const { links, spokes } = of(a.file(c.anchor.uri));
    spokes.add('group:etcd-server');
    const path = settingValue(c.cert);
    if (!c.container && path?.startsWith('/')) links.add(`hostfile:${baseName(path)}`);
  }
  for (const d of a.material) {
    const { links, spokes } = of(a.file(d.material.span.uri));
    if (!d.material.object && d.material.dataKey === undefined) spokes.add(`hostfile:${baseName(d.material.span.uri)}`);
    for (const c of d.certs) {
      // Copies of one certificate are reported once (distinctCerts); issuers are matched by name.
      links.add(`cert:${c.info.fingerprint256}`);
      links.add(`dn:${c.info.subject}`);
      if (!c.info.selfIssued) spokes.add(`dn:${c.info.issuer}`);
    }
  }
  return new Map([...out].map(([f, k]) => [f, { links: [...k.links], spokes: [...k.spokes] }]));
}

/**
 * Keys that need the references of a group resolved first (an env value read from a ConfigMap
 * in another file names the Typha Service): computed from the configurations of files already
 * connected by `fileKeys` (or of the whole workspace, which resolves them the same way), and
 * attributed to the file of each configuration.
 */
export function configKeys(configs: readonly ComponentConfig[]): Map<ParsedFile, DepKeys> {
  const out = new Map<ParsedFile, { links: string[]; spokes: string[] }>();
  for (const cfg of configs) {
    const c = cfg.container;
    if (!c) continue;
    const f = c.workload.object.file;
    let k = out.get(f);
    if (!k) out.set(f, (k = { links: [], spokes: [] }));
    if (cfg.component === 'felix' && paramState(cfg, 'TyphaK8sServiceName') === 'set') {
      // typhasOf: the Service of that name, else a Typha workload of that name.
      k.spokes.push(`typha:${paramValue(cfg, 'TyphaK8sServiceName') ?? ''}`);
    }
    if (cfg.component === 'typha') {
      if (c.workload.object.name !== undefined) k.links.push(`typha:${c.workload.object.name}`);
      for (const [key, value] of c.workload.labels) k.spokes.push(`label:${key}=${value}`);
    }
    // Reached by the monitors that scrape it (see fileKeys), not tied to other configurations.
    k.spokes.push(
      `metrics:${cfg.component}`,
      `metrics-who:${c.workload.labels.get('k8s-app') ?? c.workload.object.name ?? ''}`,
    );
  }
  return out;
}
