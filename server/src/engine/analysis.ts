import type { ParsedFile } from './parse';
import type { Locale } from './l10n/messages';
import type { Span } from './types';
import type { KustomizePatch } from './model/kustomize';
import { typhasOf } from './model/peers';
import { calicoMonitorEndpoints, monitorTlsRefs, type MonitorEndpoint } from './model/monitors';
import { tlsFileSettings, type TlsFileSetting } from './model/tls-files';
import {
  certKeyPairs,
  swappedPairs,
  tlsRefs,
  unloadableCertSettings,
  type CertKeyPair,
  type TlsRef,
} from './certs/pairs';
import { materialOfParam, type ParamMaterial } from './certs/param-material';
import { distinctCerts, servedCerts, type CertOccurrence, type Served } from './certs/views';
import { Workspace } from './model/workspace';
import { configOfIniFile, configsOfContainer, type ComponentConfig } from './model/config';
import { collectMaterial, decode, fileMaterial, type Decoded } from './certs/material';
import type { DataEntry } from './model/data';
import { etcdClients, type EtcdClient } from './model/etcd';
import { kubeApiservers, type ApiserverSetting, type KubeApiserver } from './model/kube-apiserver';
import { apiserverMaterial, pathMaterial, type ApiserverMaterial } from './certs/apiserver-material';
import {
  etcdServers,
  serverForEndpoint,
  type ClientUrl,
  type EtcdServer,
  type EtcdServerFlag,
} from './model/etcd-server';
import { crdIssues, type CrdIssue } from './model/crd';
import { certificateManagementOf } from './model/certificate-management';
import type { K8sObject } from './model/objects';
import type { Pair } from './parse/tree';
import { NONE_AS_WRITTEN, type AsWritten } from './model/resolve';
import type { MapNode } from './parse/tree';

export interface AnalysisOptions {
  /** Days before expiry at which certificates are reported (default 30). */
  readonly expiryWarningDays?: number;
  /**
   * Per-folder windows (a multi-root workspace whose folders set `expiryWarningDays`
   * differently, the setting being `resource`-scoped): [folder URI prefix, days]; the longest
   * prefix holding a file's URI decides, else `expiryWarningDays`.
   */
  readonly expiryWarningDaysIn?: ReadonlyArray<readonly [string, number]>;
  /** The clock, for validity checks; tests pin it. */
  readonly now?: Date;
  /**
   * The language of every message (findings, related locations, fix titles, hovers, code
   * lenses); default English. The language server takes it from `initialize`, the CLI from
   * `--locale` or the environment.
   */
  readonly locale?: Locale;
}

/**
 * A name Calico or the API server does not know that most likely means one it does
 * (`FELIX_TYPHA_CAFILE`, CNI `etcd_ca_file`, ServiceMonitor `caFlie`): the root cause of
 * whatever its absence breaks. analyze.ts folds those consequences into the near-miss's finding.
 */
export interface NearMiss {
  /** The name as written: the finding about it is here. */
  readonly span: Span;
  /** The configuration it belongs to (a container, a config file, a netconf plugin, a CRD map). */
  readonly owner: Span;
}

/** What a kustomize unit adds: patch files (never read as objects) and the patches to apply. */
export interface UnitPatches {
  readonly patchFiles: ReadonlySet<ParsedFile>;
  readonly patches: readonly KustomizePatch[];
}

/**
 * Everything a rule can read: the parsed files, the workspace model and derived views
 * (component configurations), each computed once per analysis.
 */
export class Analysis {
  readonly ws: Workspace;
  private configsCache: ComponentConfig[] | undefined;
  private readonly byUri: ReadonlyMap<string, ParsedFile>;
  private materialCache: { list: Decoded[]; bySpan: Map<string, Decoded> } | undefined;

  /**
   * `asWritten`: the near-misses taken as Calico and the API server read them, just an unknown
   * name, so the parameter they mean is unset. By default a near-miss stands for the parameter
   * it means, whose state is then unknown: the rules about an unset parameter stay silent and
   * the near-miss is the one finding (model/resolve.ts AsWritten, analyze.ts).
   */
  constructor(
    readonly files: readonly ParsedFile[],
    readonly options: AnalysisOptions = {},
    unit: UnitPatches = { patchFiles: new Set(), patches: [] },
    readonly asWritten: AsWritten = NONE_AS_WRITTEN,
  ) {
    this.ws = new Workspace(unit.patchFiles.size ? files.filter((f) => !unit.patchFiles.has(f)) : files, unit.patches);
    this.byUri = new Map(files.map((f) => [f.uri, f]));
  }

  /** Every Felix and Typha configuration: one per container role, one per felix/typha .cfg file. */
  get configs(): readonly ComponentConfig[] {
    if (!this.configsCache) {
      const out: ComponentConfig[] = [];
      for (const c of this.ws.containers) out.push(...configsOfContainer(this.ws, c, this.asWritten));
      for (const f of this.files) {
        const cfg = configOfIniFile(f, this.asWritten);
        if (cfg) out.push(cfg);
      }
      this.configsCache = out;
    }
    return this.configsCache;
  }

  /** Every piece of certificate/key material in the workspace, decoded once. */
  get material(): readonly Decoded[] {
    return this.materialIndex().list;
  }

  /** The decoded material behind a Secret/ConfigMap key, if it holds any. */
  materialOf(entry: DataEntry): Decoded | undefined {
    if (!entry.valueNode) return undefined;
    return this.materialIndex().bySpan.get(`${entry.object.file.uri}\u0000${entry.valueNode.start}`);
  }

  private materialIndex(): { list: Decoded[]; bySpan: Map<string, Decoded> } {
    if (!this.materialCache) {
      const mats = collectMaterial(this.ws, (o) => this.certificateManagement(o));
      for (const f of this.files) {
        const m = fileMaterial(f);
        if (m) mats.push(m);
      }
      const list = mats.map(decode);
      const bySpan = new Map(
        list.map((d) => [`${d.material.span.uri}\u0000${d.material.node?.start ?? d.material.span.start}`, d] as const),
      );
      this.materialCache = { list, bySpan };
    }
    return this.materialCache;
  }

  private etcdCache: EtcdClient[] | undefined;

  /** Every etcd client configuration (env, Felix/Typha, calicoctl, CNI). */
  get etcd(): readonly EtcdClient[] {
    if (!this.etcdCache) this.etcdCache = etcdClients(this.ws, this.configs, this.files, this.asWritten);
    return this.etcdCache;
  }

  private crdCache: CrdIssue[] | undefined;

  /** Installation, FelixConfiguration and ServiceMonitor fields their CRD's schema rejects or drops (model/crd.ts). */
  get crdIssues(): readonly CrdIssue[] {
    return (this.crdCache ??= crdIssues(this.ws, this.asWritten));
  }

  private readonly cmCache = new Map<K8sObject, ReadonlyMap<string, Pair>>();

  /** An Installation's certificateManagement fields as meant, misplaced and misspelt ones too. */
  certificateManagement(o: K8sObject): ReadonlyMap<string, Pair> {
    let v = this.cmCache.get(o);
    if (!v) this.cmCache.set(o, (v = certificateManagementOf(o, this.crdIssues, this.asWritten)));
    return v;
  }

  /**
   * Whether a CRD map holds a near-miss of `field` (`caFlie` for caFile) not taken as written:
   * the field is then meant, its absence unknown.
   */
  crdNearMiss(map: MapNode | undefined, field: string): boolean {
    if (!map) return false;
    return this.crdIssues.some(
      (i) => i.kind === 'unknown-field' && i.parent === map && i.suggestion === field && !this.asWritten(i.span),
    );
  }

  /**
   * Whether `field` was meant inside the `via` map of `container` but is written one level too
   * high (a ServiceMonitor endpoint's `caFile` beside its `tlsConfig`): crd-field-invalid
   * reports it misplaced, and what its absence from `via` would break is not a second finding.
   */
  crdMisplaced(container: MapNode | undefined, via: string, field: string): boolean {
    if (!container) return false;
    return this.crdIssues.some(
      (i) =>
        i.kind === 'misplaced-field' &&
        i.parent === container &&
        i.field === field &&
        !!i.home?.endsWith(`.${via}.${field}`) &&
        !this.asWritten(i.span),
    );
  }

  /** Every near-miss name: Felix/Typha settings, CNI etcd keys, CRD fields. */
  get nearMisses(): readonly NearMiss[] {
    const out: NearMiss[] = [];
    for (const cfg of this.configs) {
      const c = cfg.container;
      const owner = c
        ? { uri: c.workload.object.file.uri, start: c.node.start, end: c.node.end }
        : { uri: cfg.anchor.uri, start: 0, end: cfg.file?.text.length ?? 0 };
      for (const n of cfg.nearMisses) out.push({ span: n.setting.nameSpan, owner });
    }
    for (const e of this.etcd)
      for (const n of e.nearMisses ?? []) out.push({ span: n.setting.nameSpan, owner: n.owner });
    for (const i of this.crdIssues)
      if (i.kind === 'unknown-field' && i.owner && !i.suggestionPresent) out.push({ span: i.span, owner: i.owner });
    return out;
  }

  // Derived views several rules (and the editor services) read: each computed on first use and
  // kept for this analysis only (no module-level caches).
  private typhaList: ComponentConfig[] | undefined;
  private readonly typhasByFelix = new Map<ComponentConfig, ComponentConfig[]>();
  private tlsFilesCache: TlsFileSetting[] | undefined;
  private pairsCache: { all: CertKeyPair[]; swapped: CertKeyPair[]; unloadable: Set<string> } | undefined;
  private refsCache: TlsRef[] | undefined;
  private distinctCache: Array<{ first: CertOccurrence; copies: CertOccurrence[] }> | undefined;
  private readonly servedCache = new Map<string, Served>();
  private endpointsCache: MonitorEndpoint[] | undefined;

  /** The ServiceMonitor/PodMonitor endpoints that scrape Calico (model/monitors.ts). */
  get monitorEndpoints(): readonly MonitorEndpoint[] {
    return (this.endpointsCache ??= calicoMonitorEndpoints(this.ws));
  }

  /** The Typha configurations a Felix configuration connects to (model/peers.ts). */
  typhasOf(felix: ComponentConfig): ComponentConfig[] {
    let t = this.typhasByFelix.get(felix);
    if (!t) {
      this.typhaList ??= this.configs.filter((c) => c.component === 'typha' && c.container);
      t = typhasOf(this.ws, this.typhaList, felix);
      this.typhasByFelix.set(felix, t);
    }
    return t;
  }

  /** The Felix configurations that connect to a Typha configuration (the inverse of typhasOf). */
  felixesOf(typha: ComponentConfig): ComponentConfig[] {
    return this.configs.filter((c) => c.component === 'felix' && c.container && this.typhasOf(c).includes(typha));
  }

  /** Every TLS file path a container is told to read, with what it finds there (model/tls-files.ts). */
  get tlsFiles(): readonly TlsFileSetting[] {
    return (this.tlsFilesCache ??= tlsFileSettings(this.ws, this.configs, this.etcd));
  }

  /**
   * Every certificate, key and CA reference whose bytes the model knows: the TLS file settings of
   * every component and the Secret/ConfigMap keys monitors take (certs/pairs.ts).
   */
  get tlsRefs(): readonly TlsRef[] {
    return (this.refsCache ??= tlsRefs(this.tlsFiles, monitorTlsRefs(this.ws, this.monitorEndpoints), (e) =>
      this.materialOf(e),
    ));
  }

  /**
   * Every certificate/key pair the model resolves to bytes: the pairs each component's settings
   * (or a monitor's tlsConfig) load together and the pairs stored side by side in one object.
   */
  get certKeyPairs(): readonly CertKeyPair[] {
    return this.pairs().all;
  }

  /** The pairs whose certificate and key are swapped, as cert-key-swapped reports them. */
  get swappedPairs(): readonly CertKeyPair[] {
    return this.pairs().swapped;
  }

  /**
   * Whether a certificate setting's pair fails to load because its key is another certificate's:
   * the component never presents that certificate (certs/pairs.ts).
   */
  keyPairFails(setting: { readonly nameSpan: Span }): boolean {
    return this.pairs().unloadable.has(`${setting.nameSpan.uri}:${setting.nameSpan.start}`);
  }

  private pairs(): { all: CertKeyPair[]; swapped: CertKeyPair[]; unloadable: Set<string> } {
    if (!this.pairsCache) {
      const all = certKeyPairs(this.material, this.tlsRefs);
      this.pairsCache = { all, swapped: swappedPairs(all), unloadable: unloadableCertSettings(all) };
    }
    return this.pairsCache;
  }

  /** The material a file parameter of a container points at (certs/param-material.ts). */
  materialOfParam(cfg: ComponentConfig, param: string): ParamMaterial | undefined {
    return materialOfParam(this.ws, (e) => this.materialOf(e), cfg, param);
  }

  /** Each distinct certificate once, with its other copies (certs/views.ts). */
  get distinctCerts(): ReadonlyArray<{ first: CertOccurrence; copies: CertOccurrence[] }> {
    return (this.distinctCache ??= distinctCerts(this.material));
  }

  /** The metrics certificates served by the scraped components (certs/views.ts). */
  servedCerts(targets: ReadonlySet<string>): Served {
    const key = [...targets].sort().join('\u0000');
    let hit = this.servedCache.get(key);
    if (!hit)
      this.servedCache.set(key, (hit = servedCerts(this.configs, (cfg, p) => this.materialOfParam(cfg, p), targets)));
    return hit;
  }

  private apiserverCache: KubeApiserver[] | undefined;
  private fileMaterialCache: Map<string, Decoded> | undefined;

  /** kube-apiserver static pods and kubeadm ClusterConfigurations (model/kube-apiserver.ts). */
  get kubeApiservers(): readonly KubeApiserver[] {
    return (this.apiserverCache ??= kubeApiservers(this.ws));
  }

  /** The material of a whole .pem/.crt/.key file of the workspace. */
  materialOfFile(uri: string): Decoded | undefined {
    this.fileMaterialCache ??= new Map(
      this.material
        .filter((d) => !d.material.object && d.material.dataKey === undefined)
        .map((d) => [d.material.span.uri, d]),
    );
    return this.fileMaterialCache.get(uri);
  }

  /** The material a kube-apiserver file flag points at (certs/apiserver-material.ts). */
  apiserverMaterial(api: KubeApiserver, setting: ApiserverSetting | undefined): ApiserverMaterial | undefined {
    return apiserverMaterial(
      this.ws,
      this.files,
      (e) => this.materialOf(e),
      (u) => this.materialOfFile(u),
      api,
      setting,
    );
  }

  private etcdServerCache: EtcdServer[] | undefined;

  /** etcd's own configurations: containers running etcd, etcd configuration files (model/etcd-server.ts). */
  get etcdServers(): readonly EtcdServer[] {
    return (this.etcdServerCache ??= etcdServers(this.ws, this.files));
  }

  /** The etcd server a client endpoint reaches, when unambiguous (model/etcd-server.ts serverForEndpoint). */
  etcdServerFor(endpoint: ClientUrl): EtcdServer | undefined {
    return serverForEndpoint(this.etcdServers, endpoint);
  }

  /**
   * The material an etcd server's file setting (cert-file, trusted-ca-file) points at: through the
   * etcd container's mounts, or for a configuration file of its own a node's file whose copy is a
   * workspace file.
   */
  etcdServerMaterial(server: EtcdServer, flag: EtcdServerFlag): Decoded | undefined {
    const v = server.settings.get(flag)?.value;
    if (!v || v.state !== 'known') return undefined;
    return pathMaterial(
      this.ws,
      this.files,
      (e) => this.materialOf(e),
      (u) => this.materialOfFile(u),
      server.container,
      v.value.trim(),
    )?.decoded;
  }

  /** Days before expiry at which certificates are reported: every window uses this one (default 30). */
  /** The language messages are rendered in (AnalysisOptions.locale). */
  get locale(): Locale {
    return this.options.locale ?? 'en';
  }

  get expiryWarningDays(): number {
    return this.options.expiryWarningDays ?? 30;
  }

  /** The window for a finding in the file at `uri`: its folder's, else the default above. */
  expiryWarningDaysFor(uri: string): number {
    let best: readonly [string, number] | undefined;
    for (const e of this.options.expiryWarningDaysIn ?? []) {
      const prefix = e[0].endsWith('/') ? e[0] : `${e[0]}/`;
      if (uri.startsWith(prefix) && (!best || e[0].length > best[0].length)) best = e;
    }
    return best ? best[1] : this.expiryWarningDays;
  }

  /** The analysis clock (pinned by tests). */
  get now(): Date {
    return this.options.now ?? new Date();
  }

  file(uri: string): ParsedFile | undefined {
    return this.byUri.get(uri);
  }
}
