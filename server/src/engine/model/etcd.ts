/**
 * Every etcd client the workspace configures, in one shape: containers using libcalico-go's
 * envconfig (ETCD_* / CALICO_ETCD_*: calico-node, kube-controllers, calicoctl pods), Felix and
 * Typha's own Etcd* parameters, calicoctl CalicoAPIConfig files, and CNI netconf (.conflist and
 * the calico-config cni_network_config). Fact sheet, section 1d.
 */
import { baseName, templateSuffix, type ParsedFile } from '../parse';
import { parseJson } from '../parse/json';
import {
  get,
  getMap,
  getPath,
  getString,
  isMap,
  isScalar,
  seqItems,
  type MapNode,
  type ScalarNode,
} from '../parse/tree';
import type { Span } from '../types';
import { closestNames } from '../calico/spelling';
import type { ComponentConfig } from './config';
import type { K8sObject } from './objects';
import type { Container } from './workloads';
import { runsEtcd } from './etcd-server';
import { known, NONE_AS_WRITTEN, unknown, type AsWritten, type Resolved } from './resolve';
import type { Workspace } from './workspace';
import { m, type Label } from '../l10n/messages';
import type { Reads } from './reads';

/** calicoctl's CalicoAPIConfig and the CNI configuration in calico-config (cni_network_config). */
export const READS: Reads = { kinds: ['CalicoAPIConfig', 'ConfigMap'] };

export interface EtcdSetting {
  /** The name as written (ETCD_CA_CERT_FILE, etcdCACertFile, etcd_ca_cert_file ...). */
  readonly name: string;
  readonly value: Resolved<string>;
  readonly nameSpan: Span;
  readonly valueSpan: Span | undefined;
}

export interface EtcdNearMiss {
  /** The key as written. */
  readonly setting: EtcdSetting;
  /** The key it most likely means. */
  readonly meant: string;
  /** Equal but for case and punctuation. */
  readonly exact: boolean;
  /** The configuration it belongs to (the calico plugin's object). */
  readonly owner: Span;
}

/**
 * The etcd keys of the Calico CNI plugin's netconf (CAL cni-plugin/pkg/types/types.go): the
 * ones a near-miss is matched against, and the other etcd keys it knows.
 */
const CNI_ETCD_KEYS = ['etcd_endpoints', 'etcd_ca_cert_file', 'etcd_cert_file', 'etcd_key_file'] as const;
const CNI_OTHER_KEYS = new Set(['etcd_discovery_srv', 'etcd_scheme', 'etcd_authority', 'datastore_type']);

export type EtcdClientKind = 'env' | 'felix' | 'typha' | 'calicoctl' | 'cni';

export interface EtcdClient {
  readonly kind: EtcdClientKind;
  readonly label: Label;
  readonly anchor: Span;
  readonly endpoints?: EtcdSetting;
  /**
   * Felix/Typha EtcdScheme and EtcdAddr: without EtcdEndpoints they make the endpoint
   * `EtcdScheme://EtcdAddr` (CAL felix/config/config_params.go, typha/pkg/config/config_params.go
   * DatastoreConfig).
   */
  readonly scheme?: EtcdSetting;
  readonly addr?: EtcdSetting;
  readonly ca?: EtcdSetting;
  readonly cert?: EtcdSetting;
  readonly key?: EtcdSetting;
  /** CalicoAPIConfig inline PEM fields. */
  readonly inline?: { readonly ca?: EtcdSetting; readonly cert?: EtcdSetting; readonly key?: EtcdSetting };
  /** Settings Calico does not read (CNI etcd_scheme / etcd_authority). */
  readonly dead?: readonly EtcdSetting[];
  /** CNI etcd_discovery_srv, the other way to name etcd. */
  readonly discovery?: EtcdSetting;
  /** CNI datastore_type as written. */
  readonly datastoreType?: EtcdSetting;
  /**
   * Keys Calico ignores whose name is a near-miss of one of its etcd keys (CNI `etcd_ca_file`
   * for `etcd_ca_cert_file`). Unless the near-miss is taken as written (`AsWritten`), the setting
   * meant is filled with it and an unknown value: the user meant to set it, so the rules about
   * what an unset one does stay silent and the near-miss is the one finding.
   */
  readonly nearMisses?: readonly EtcdNearMiss[];
  readonly container?: Container;
  readonly object?: K8sObject;
  /** Whether the client uses etcd at all (false: the kubernetes datastore is selected). */
  readonly datastore: 'etcdv3' | 'kubernetes' | 'unknown';
}

/** Text values of install-cni placeholders (`__ETCD_KEY_FILE__`) are filled in at install time. */
export function isInstallPlaceholder(v: string): boolean {
  return /^__[A-Z_]+__$/.test(v.trim());
}

export function settingValue(s: EtcdSetting | undefined): string | undefined {
  if (!s || s.value.state !== 'known') return undefined;
  const v = s.value.value.trim();
  return isInstallPlaceholder(v) ? undefined : v;
}

/** 'set' | 'unset' | 'unknown' for a setting. */
export function state(s: EtcdSetting | undefined): 'set' | 'unset' | 'unknown' {
  if (!s) return 'unset';
  if (s.value.state === 'unknown') return 'unknown';
  if (s.value.state === 'absent') return 'unset';
  const v = s.value.value.trim();
  if (isInstallPlaceholder(v)) return 'unknown';
  return v === '' ? 'unset' : 'set';
}

/**
 * The CNI installer (`install-cni`: `calico component cni install`, `/opt/cni/bin/install`, the
 * old `/install-cni.sh`). It reads ETCD_ENDPOINTS only to write it into the CNI config, and copies
 * etcd-ca/etcd-cert/etcd-key from /calico-secrets for the CNI plugin; it never connects to etcd
 * itself (CAL cni-plugin/pkg/install/install.go; fact sheet 1d, install-cni).
 */
export function installsCni(c: Container): boolean {
  const words = (key: string) =>
    seqItems(get(c.node, key)).flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [n.value] : []));
  const cmd = [...words('command'), ...words('args')].join(' ');
  return /(^|\s)component cni install(\s|$)|\/opt\/cni\/bin\/install(\s|$)|\/install-cni\.sh(\s|$)/.test(cmd);
}

function envClient(ws: Workspace, c: Container): EtcdClient | undefined {
  // etcd reads ETCD_CERT_FILE & co. as its own server settings (model/etcd-server.ts).
  if (runsEtcd(c)) return undefined;
  const env = ws.env(c);
  const uri = c.workload.object.file.uri;
  // envconfig.Process("calico", ...): CALICO_<TAG> first, then the bare <TAG> (CAL libcalico-go/lib/apiconfig).
  const pick = (tag: string): EtcdSetting | undefined => {
    for (const name of [`CALICO_${tag}`, tag]) {
      const v = env.vars.get(name);
      if (!v) continue;
      const st = v.value.state === 'known' ? v.value.value.trim() : 'x';
      if (st === '' && name.startsWith('CALICO_')) continue;
      return {
        name,
        value: v.value,
        nameSpan: v.entry
          ? { uri, start: v.entry.nameNode.start, end: v.entry.nameNode.end }
          : (v.valueSpan ?? { uri, start: c.node.start, end: c.node.start }),
        valueSpan: v.valueSpan,
      };
    }
    return undefined;
  };
  const endpoints = pick('ETCD_ENDPOINTS');
  const ca = pick('ETCD_CA_CERT_FILE');
  const cert = pick('ETCD_CERT_FILE');
  const key = pick('ETCD_KEY_FILE');
  if (!endpoints && !ca && !cert && !key) return undefined;
  const dt = pick('DATASTORE_TYPE');
  const dtv = dt?.value.state === 'known' ? dt.value.value.trim().toLowerCase() : dt ? undefined : '';
  // An empty datastore type means etcdv3 when endpoints are set, else kubernetes.
  const datastore =
    dtv === undefined
      ? 'unknown'
      : dtv === ''
        ? state(endpoints) === 'set'
          ? 'etcdv3'
          : state(endpoints) === 'unknown'
            ? 'unknown'
            : 'kubernetes'
        : dtv === 'etcdv3'
          ? 'etcdv3'
          : 'kubernetes';
  const o = c.workload.object;
  return {
    kind: 'env',
    label: m('labelContainer', {
      name: c.name,
      where: `${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name ?? '?'}`,
    }),
    anchor: { uri, start: (c.nameNode ?? c.node).start, end: (c.nameNode ?? c.node).end },
    endpoints,
    ca,
    cert,
    key,
    container: c,
    object: o,
    datastore,
  };
}

function componentClient(cfg: ComponentConfig): EtcdClient | undefined {
  const s = (p: string): EtcdSetting | undefined => {
    const x = cfg.effective.get(p.toLowerCase());
    return x ? { name: x.rawName, value: x.value, nameSpan: x.nameSpan, valueSpan: x.valueSpan } : undefined;
  };
  const endpoints = s('EtcdEndpoints');
  const scheme = s('EtcdScheme');
  const addr = s('EtcdAddr');
  const ca = s('EtcdCaFile');
  const cert = s('EtcdCertFile');
  const key = s('EtcdKeyFile');
  if (!endpoints && !scheme && !addr && !ca && !cert && !key) return undefined;
  const dt = cfg.effective.get('datastoretype');
  const dtv = dt ? (dt.value.state === 'known' ? dt.value.value.trim().toLowerCase() : undefined) : 'etcdv3';
  return {
    kind: cfg.component,
    label: m('labelComponentIn', { component: cfg.component === 'felix' ? 'Felix' : 'Typha', label: cfg.label }),
    anchor: cfg.anchor,
    endpoints,
    scheme,
    addr,
    ca,
    cert,
    key,
    container: cfg.container,
    datastore: dtv === undefined ? 'unknown' : dtv === 'kubernetes' ? 'kubernetes' : 'etcdv3',
  };
}

function scalarSetting(uri: string, map: MapNode | undefined, key: string): EtcdSetting | undefined {
  const p = map?.pairs.find((x) => x.key.text === key);
  if (!p) return undefined;
  const v = isScalar(p.value) ? p.value : undefined;
  const value: Resolved<string> = !v || v.templated ? unknown('templated') : known(v.text);
  return {
    name: key,
    value,
    nameSpan: { uri, start: p.key.start, end: p.key.end },
    valueSpan: v ? { uri, start: v.start, end: v.end } : undefined,
  };
}

function calicoctlClient(o: K8sObject): EtcdClient | undefined {
  const spec = getMap(o.node, 'spec');
  if (!spec) return undefined;
  const uri = o.file.uri;
  const s = (k: string) => scalarSetting(uri, spec, k);
  const dt = s('datastoreType');
  const endpoints = s('etcdEndpoints');
  const dtv = settingValue(dt)?.toLowerCase() ?? (dt ? undefined : '');
  return {
    kind: 'calicoctl',
    label: `CalicoAPIConfig${o.name ? ` ${o.name}` : ''}`,
    anchor: { uri, start: o.kindNode.start, end: o.kindNode.end },
    endpoints,
    ca: s('etcdCACertFile'),
    cert: s('etcdCertFile'),
    key: s('etcdKeyFile'),
    inline: { ca: s('etcdCACert'), cert: s('etcdCert'), key: s('etcdKey') },
    object: o,
    datastore:
      dtv === undefined
        ? 'unknown'
        : dtv === ''
          ? state(endpoints) === 'unset'
            ? 'kubernetes'
            : 'etcdv3'
          : dtv === 'etcdv3'
            ? 'etcdv3'
            : 'kubernetes',
  };
}

/**
 * A JSON document held in a YAML literal block scalar (calico-config's cni_network_config):
 * parsed, with its offsets mapped back to the YAML file line by line.
 */
function jsonInBlock(
  file: ParsedFile,
  node: ScalarNode,
): { root: MapNode | undefined; map: (o: number) => number } | undefined {
  if (node.style !== 'block') return undefined;
  const text = node.text;
  const parsed = parseJson(text).documents[0]?.root;
  const startLine = file.lines.positionAt(node.start).line + 1;
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const firstContent = file.lines.lineText(startLine);
  const indent = firstContent.length - firstContent.trimStart().length;
  const map = (o: number) => {
    let l = 0;
    while (l + 1 < lineStarts.length && lineStarts[l + 1]! <= o) l++;
    return file.lines.lineStart(startLine + l) + indent + (o - lineStarts[l]!);
  };
  return { root: isMap(parsed) ? parsed : undefined, map };
}

function cniClients(
  uri: string,
  root: MapNode | undefined,
  map: (o: number) => number,
  label: Label,
  asWritten: AsWritten,
): EtcdClient[] {
  const out: EtcdClient[] = [];
  const plugins = seqItems(getPath(root, 'plugins'));
  const confs = plugins.length ? plugins : root ? [root] : [];
  for (const p of confs) {
    if (!isMap(p) || !p.pairs.some((x) => x.key.text === 'type' && isScalar(x.value) && x.value.text === 'calico'))
      continue;
    const s = (k: string): EtcdSetting | undefined => {
      const pr = p.pairs.find((x) => x.key.text === k);
      if (!pr) return undefined;
      const v = isScalar(pr.value) ? pr.value : undefined;
      return {
        name: k,
        value: !v ? unknown('not a string') : v.templated ? unknown('templated') : known(v.text),
        nameSpan: { uri, start: map(pr.key.start), end: map(pr.key.end) },
        valueSpan: v ? { uri, start: map(v.start), end: map(v.end) } : undefined,
      };
    };
    // The netconf is read with plain json.Unmarshal: a misspelt key is silently ignored.
    const owner = { uri, start: map(p.start), end: map(p.end) };
    const nearMisses: EtcdNearMiss[] = [];
    for (const pr of p.pairs) {
      const k = pr.key.text;
      if ((CNI_ETCD_KEYS as readonly string[]).includes(k) || CNI_OTHER_KEYS.has(k) || pr.key.templated) continue;
      const m = closestNames(k, CNI_ETCD_KEYS, (x) => x);
      const setting = s(k);
      if (m.length !== 1 || !setting) continue;
      nearMisses.push({ setting, meant: m[0]!.item, exact: m[0]!.exact, owner });
    }
    // Unless taken as written, a near-miss stands for the key it means, with an unknown value.
    const meant = (k: string): EtcdSetting | undefined => {
      const n = nearMisses.find((x) => x.meant === k && !asWritten(x.setting.nameSpan));
      return n && { ...n.setting, value: unknown(`${n.setting.name} is a near-miss of ${k}`) };
    };
    const endpoints = s('etcd_endpoints') ?? meant('etcd_endpoints');
    const ca = s('etcd_ca_cert_file') ?? meant('etcd_ca_cert_file');
    const cert = s('etcd_cert_file') ?? meant('etcd_cert_file');
    const key = s('etcd_key_file') ?? meant('etcd_key_file');
    const dead = [s('etcd_scheme'), s('etcd_authority')].filter((x): x is EtcdSetting => !!x);
    if (!endpoints && !ca && !cert && !key && !dead.length && !nearMisses.length) continue;
    const dt = s('datastore_type');
    const dtv = settingValue(dt)?.toLowerCase() ?? (dt ? undefined : '');
    out.push({
      kind: 'cni',
      label,
      anchor: endpoints?.nameSpan ?? dead[0]?.nameSpan ?? { uri, start: map(p.start), end: map(p.start) },
      endpoints,
      ca,
      cert,
      key,
      dead,
      discovery: s('etcd_discovery_srv'),
      datastoreType: dt,
      nearMisses,
      datastore:
        dtv === undefined
          ? 'unknown'
          : dtv === ''
            ? state(endpoints) === 'unset'
              ? 'kubernetes'
              : state(endpoints) === 'unknown'
                ? 'unknown'
                : 'etcdv3'
            : dtv === 'etcdv3'
              ? 'etcdv3'
              : 'kubernetes',
    });
  }
  return out;
}

/**
 * A CNI netconf that names its etcd only in etcd_scheme / etcd_authority, which the plugin
 * exports as ETCD_SCHEME / ETCD_AUTHORITY for a client that reads neither (fact sheet 1d), with
 * no etcd_endpoints or etcd_discovery_srv: the client gets no etcd address at all. With
 * datastore_type etcdv3 it fails ("no etcd endpoints specified"); without a datastore_type it
 * infers kubernetes from the empty endpoints (CAL libcalico-go/lib/apiconfig/load.go
 * applyConfigDefaults). Explicitly kubernetes, or anything templated: not this case.
 */
export function cniEndpointsMissing(c: EtcdClient): boolean {
  if (c.kind !== 'cni' || !c.dead?.some((d) => state(d) === 'set')) return false;
  if (c.dead.some((d) => state(d) === 'unknown')) return false;
  if (state(c.endpoints) !== 'unset' || state(c.discovery) !== 'unset') return false;
  const dt = state(c.datastoreType);
  if (dt === 'unknown') return false;
  return dt === 'unset' || settingValue(c.datastoreType)!.toLowerCase() === 'etcdv3';
}

/**
 * A CNI network configuration file: by its name under any template suffix (`10-calico.conflist`,
 * `10-calico.conflist.j2`, `calico.conf`), or by content (a JSON file whose plugin list holds the
 * calico plugin, whatever it is called).
 */
export function isCniConfig(f: ParsedFile): boolean {
  if (f.format !== 'json') return false;
  if (/\.(conflist|conf)$/.test(templateSuffix(baseName(f.uri)).inner)) return true;
  const root = f.documents[0]?.root;
  const plugins = seqItems(get(root, 'plugins'));
  return [root, ...plugins].some((p) => getString(p, 'type') === 'calico');
}

/** Every etcd client; the near-misses `asWritten` takes as written are left unset, as Calico sees them. */
export function etcdClients(
  ws: Workspace,
  configs: readonly ComponentConfig[],
  files: readonly ParsedFile[],
  asWritten: AsWritten = NONE_AS_WRITTEN,
): EtcdClient[] {
  const out: EtcdClient[] = [];
  for (const c of ws.containers) {
    const e = envClient(ws, c);
    if (e) out.push(e);
  }
  for (const cfg of configs) {
    const e = componentClient(cfg);
    if (e) out.push(e);
  }
  for (const o of ws.objects) {
    if (o.kind === 'CalicoAPIConfig') {
      const e = calicoctlClient(o);
      if (e) out.push(e);
    } else if (o.kind === 'ConfigMap') {
      const p = getMap(o.node, 'data')?.pairs.find((x) => x.key.text === 'cni_network_config');
      if (p && isScalar(p.value) && !p.value.templated) {
        // A netconf a kustomize patch writes is read in the patch's file (nodeSpan): its offsets
        // are that file's lines, never the base object's.
        const uri = p.value.uri ?? o.file.uri;
        const file = uri === o.file.uri ? o.file : files.find((f) => f.uri === uri);
        const j = file && jsonInBlock(file, p.value);
        if (j) out.push(...cniClients(uri, j.root, j.map, m('labelCniConfigMap', { name: o.name ?? '?' }), asWritten));
      }
    }
  }
  for (const f of files) {
    if (isCniConfig(f)) {
      const root = f.documents[0]?.root;
      out.push(
        ...cniClients(
          f.uri,
          isMap(root) ? root : undefined,
          (o) => o,
          m('labelCniFile', { file: f.uri.split(/[\\/]/).pop() ?? '' }),
          asWritten,
        ),
      );
    }
  }
  return out;
}

/**
 * Where a setting is written: the value itself when it comes from elsewhere (a ConfigMap key
 * shared by several containers), else the setting's name.
 */
export function whereWritten(c: EtcdClient, s: EtcdSetting): Span {
  const v = s.valueSpan;
  if (v && c.container) {
    const cf = c.container.workload.object.file.uri;
    const inside = v.uri === cf && v.start >= c.container.node.start && v.end <= c.container.node.end;
    if (!inside) return v;
  }
  return s.nameSpan;
}
