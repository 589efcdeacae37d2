/**
 * Editor navigation and parameter hovers over the workspace model: go to the object (and key)
 * a reference names, from a TLS file path to the Secret key behind it; references from a
 * Secret/ConfigMap to everything that uses it; document symbols; documentation of every
 * Calico TLS parameter under the cursor.
 */
import type { Analysis } from '../analysis';
import { envParamName, lookupParam, FELIX_PARAMS, type Param } from '../calico/params';
import {
  CALICOCTL_FIELDS,
  CERT_MGMT_FIELDS,
  CNI_KEYS,
  ETCD_ENV,
  TLSCONFIG_FIELDS,
  type FieldDoc,
} from '../calico/field-docs';
import { fieldDocIn, paramDescription, paramType, type FieldTable } from '../calico/l10n';
import { m, renderMsg, type Locale, type Messages, type Msg } from '../l10n/messages';
import { getScalar, type MapNode, type Node, type ScalarNode } from '../parse/tree';
import type { ParsedFile } from '../parse';
import type { K8sObject } from '../model/objects';
import type { Span } from '../types';
import type { Reads } from '../model/reads';

const inside = (n: { start: number; end: number }, o: number) => o >= n.start && o <= n.end;
const span = (uri: string, n: { start: number; end: number }): Span => ({ uri, start: n.start, end: n.end });

/**
 * What the parameter documentation and the document symbols say (scope `navigate` in the
 * bundles). Parameter, env and field names, types and defaults are Calico's and stay verbatim;
 * the parameter's own description comes from the catalogue (calico/l10n for its translation).
 */
/** Hovers and outlines of Calico's resources and of the Secrets and ConfigMaps referenced. */
export const READS: Reads = { kinds: ['Secret', 'ConfigMap', 'CalicoAPIConfig', 'FelixConfiguration', 'Installation'] };

export const NAVIGATE_MESSAGES: Messages = {
  felixParam: 'Felix parameter `{name}`',
  typhaParam: 'Typha parameter `{name}`',
  writtenAs: ' (written `{written}`)',
  noDescription: '(no description)',
  readBy: 'Read by: {readers}{also}',
  readBySyncClients: '; also confd, allocateip and nodestatus in calico-node',
  formsLabel: 'Forms: {forms}',
  formsFelix:
    'env `{env}` (any case for Felix; confd/allocateip/nodestatus need this exact upper case for Typha* ' +
    'settings), felix.cfg key `{name}`{yaml}',
  formsFelixYaml: ', FelixConfiguration field `{yaml}`',
  formsTypha: 'env `{env}` (any case), typha.cfg key `{name}`',
  typeLabel: 'Type: {type}',
  defaultLabel: 'Default: {value}',
  defaultEmpty: '(empty)',
  localOnly: 'Local only: environment or config file; ignored from the datastore (FelixConfiguration)',
  datastore: 'Also settable from the datastore',
  pitfallTyphaTls:
    'Pitfall: any Typha TLS setting makes all three files and a CN or URI SAN mandatory; otherwise ' +
    'validation fails and the process never becomes ready.',
  pitfallMetricsCa:
    'Pitfall: with a certificate or key set, the CA file is read even with NoClientCert; if it is ' +
    'missing the HTTPS metrics server silently does not start (v3.32.0+).',
  enterpriseOnly: 'Calico Enterprise only.',
  // Document symbols: a container without a name, and what a container entry is.
  unnamedContainer: '(container)',
  container: 'container',
  initContainer: 'initContainer',
};

const say = (locale: Locale, id: string | Msg, data?: Readonly<Record<string, string | number | Msg>>) =>
  renderMsg(typeof id === 'string' ? m(id, data) : id, 'navigate', NAVIGATE_MESSAGES, locale);

/** The innermost scalar at an offset, with the chain of maps above it (innermost last). */
function scalarAt(
  root: Node | undefined,
  offset: number,
): { scalar: ScalarNode; isKey: boolean; key: string | undefined; maps: MapNode[] } | undefined {
  const maps: MapNode[] = [];
  let n: Node | undefined = root;
  for (let depth = 0; n && depth < 200; depth++) {
    if (n.kind === 'scalar') return inside(n, offset) ? { scalar: n, isKey: false, key: undefined, maps } : undefined;
    if (n.kind === 'seq') {
      n = n.items.find((i) => inside(i, offset));
      continue;
    }
    maps.push(n);
    const pair = n.pairs.find((p) => inside(p.key, offset) || (p.value && inside(p.value, offset)));
    if (!pair) return undefined;
    if (inside(pair.key, offset)) return { scalar: pair.key, isKey: true, key: pair.key.text, maps };
    if (pair.value && pair.value.kind === 'scalar')
      return { scalar: pair.value, isKey: false, key: pair.key.text, maps };
    n = pair.value;
  }
  return undefined;
}

function objectAt(a: Analysis, uri: string, offset: number): K8sObject | undefined {
  return a.ws.objects.find((o) => o.file.uri === uri && inside(o.node, offset));
}

/** Where the reference under the cursor leads. */
export function definitionAt(a: Analysis, uri: string, offset: number): Span[] {
  const obj = objectAt(a, uri, offset);
  if (!obj) return [];
  const at = scalarAt(obj.node, offset);
  if (!at || at.isKey || at.scalar.templated) return [];
  const parent = at.maps[at.maps.length - 1];
  const ns = obj.namespace;
  const target = (kind: 'Secret' | 'ConfigMap', name: string, key?: string): Span[] => {
    const o = a.ws.findObject(kind, name, ns);
    if (!o) return [];
    if (key !== undefined) {
      const e = a.ws.data(o).get(key);
      if (e) return [span(o.file.uri, e.keyNode)];
    }
    return [span(o.file.uri, o.nameNode ?? o.kindNode)];
  };
  const v = at.scalar.text;
  if (at.key === 'secretName') return target('Secret', v);
  const grand = at.maps[at.maps.length - 2];
  const parentKey = grand?.pairs.find((p) => p.value === parent)?.key.text;
  if (at.key === 'name' && parent) {
    if (parentKey === 'configMap' || parentKey === 'configMapRef' || parentKey === 'configMapKeyRef')
      return target('ConfigMap', v, parentKey === 'configMapKeyRef' ? getScalar(parent, 'key')?.text : undefined);
    if (parentKey === 'secret' || parentKey === 'secretRef' || parentKey === 'secretKeyRef')
      return target('Secret', v, parentKey === 'secretKeyRef' ? getScalar(parent, 'key')?.text : undefined);
  }
  if (at.key === 'key' && parent && (parentKey === 'configMapKeyRef' || parentKey === 'secretKeyRef')) {
    const name = getScalar(parent, 'name')?.text;
    if (name) return target(parentKey === 'secretKeyRef' ? 'Secret' : 'ConfigMap', name, v);
  }
  // A file path in an env value: follow the mount to the Secret/ConfigMap key.
  if (at.key === 'value' && v.startsWith('/')) {
    const c = a.ws.containers.find((x) => x.workload.object === obj && inside(x.node, offset));
    if (c) {
      const f = a.ws.fileAt(c, v);
      if (f.state === 'known') return [span(f.entry.object.file.uri, f.entry.keyNode)];
      if (f.state === 'absent') return [span(f.object.file.uri, f.object.nameNode ?? f.object.kindNode)];
      if (f.state === 'unknown' && f.mount) return [span(obj.file.uri, f.mount.node)];
    }
  }
  return [];
}

/** Everything that uses the Secret/ConfigMap whose name (or a data key) is under the cursor. */
export function referencesAt(a: Analysis, uri: string, offset: number): Span[] {
  const obj = objectAt(a, uri, offset);
  if (!obj || (obj.kind !== 'Secret' && obj.kind !== 'ConfigMap') || !obj.name) return [];
  const onName = obj.nameNode && inside(obj.nameNode, offset);
  const entry = [...a.ws.data(obj).values()].find((e) => inside(e.keyNode, offset));
  if (!onName && !entry) return [];
  const out: Span[] = [];
  const kindKey = obj.kind === 'Secret' ? 'secret' : 'configMap';
  for (const w of a.ws.workloads) {
    const wns = w.object.namespace;
    if (wns && obj.namespace && wns !== obj.namespace) continue;
    const u = w.object.file.uri;
    for (const v of w.volumes.values()) {
      const srcs = v.source.type === 'projected' ? v.source.sources : [v.source];
      for (const s of srcs) {
        if (s.type !== (obj.kind === 'Secret' ? 'secret' : 'configMap') || s.name !== obj.name || !s.nameNode) continue;
        if (entry && s.items && !s.items.some((i) => i.key === entry.key)) continue;
        out.push(span(u, s.nameNode));
      }
    }
    for (const c of w.containers) {
      for (const e of c.env) {
        const val = e.value;
        if (
          (val.type === 'secretKeyRef' || val.type === 'configMapKeyRef') &&
          val.type.startsWith(kindKey) &&
          val.name === obj.name &&
          (!entry || val.key === entry.key)
        ) {
          const n = getScalar(val.node, 'name');
          if (n) out.push(span(u, n));
        }
      }
      for (const ef of c.envFrom) if (ef.name === obj.name && ef.type.startsWith(kindKey)) out.push(span(u, ef.node));
    }
  }
  return out;
}

export interface DocSymbol {
  readonly name: string;
  readonly detail: string;
  /** What the symbol is, for the editor's icon: a Kubernetes object, a container, a data key. */
  readonly kind: 'object' | 'container' | 'key';
  readonly span: Span;
  readonly selection: Span;
  readonly children: DocSymbol[];
}

export function symbolsOf(a: Analysis, uri: string, locale: Locale = a.locale): DocSymbol[] {
  return a.ws.objects
    .filter((o) => o.file.uri === uri)
    .map((o) => {
      const w = a.ws.workloads.find((x) => x.object === o);
      const children: DocSymbol[] = (w?.containers ?? []).map((c) => ({
        name: c.name || say(locale, 'unnamedContainer'),
        detail: say(locale, c.init ? 'initContainer' : 'container'),
        kind: 'container' as const,
        span: span(uri, c.node),
        selection: span(uri, c.nameNode ?? c.node),
        children: [],
      }));
      if (o.kind === 'Secret' || o.kind === 'ConfigMap')
        for (const e of a.ws.data(o).values())
          children.push({
            name: e.key,
            detail: e.field,
            kind: 'key',
            span: span(uri, e.valueNode ? { start: e.keyNode.start, end: e.valueNode.end } : e.keyNode),
            selection: span(uri, e.keyNode),
            children: [],
          });
      return {
        name: `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '?'}`,
        detail: o.apiVersion,
        kind: 'object' as const,
        span: span(uri, o.node),
        selection: span(uri, o.nameNode ?? o.kindNode),
        children,
      };
    });
}

function paramDoc(p: Param, written: string, locale: Locale): string {
  const t = (id: string | Msg, data?: Readonly<Record<string, string | number | Msg>>) => say(locale, id, data);
  const forms =
    p.component === 'felix'
      ? m('formsFelix', { env: p.env, name: p.name, yaml: p.yaml ? m('formsFelixYaml', { yaml: p.yaml }) : '' })
      : m('formsTypha', { env: p.env, name: p.name });
  const readers = p.component === 'felix' ? 'Felix (calico-node)' : 'Typha';
  const also = p.component === 'felix' && /^Typha/.test(p.name) ? m('readBySyncClients') : '';
  const title = t(p.component === 'felix' ? 'felixParam' : 'typhaParam', { name: p.name });
  const lines = [
    `**${title}**${written !== p.name && written !== p.env ? t('writtenAs', { written }) : ''}`,
    '',
    paramDescription(p, locale) || t('noDescription'),
    '',
    `- ${t('readBy', { readers, also })}`,
    `- ${t('formsLabel', { forms })}`,
    `- ${t('typeLabel', { type: paramType(p, locale) })}`,
    `- ${t('defaultLabel', { value: p.default === '' ? m('defaultEmpty') : `\`${p.default}\`` })}`,
    `- ${t(p.localOnly ? 'localOnly' : 'datastore')}`,
  ];
  if (
    /^(Typha(CAFile|CertFile|KeyFile|CN|URISAN))$|^(CAFile|ServerCertFile|ServerKeyFile|ClientCN|ClientURISAN)$/.test(
      p.name,
    )
  )
    lines.push(`- ${t('pitfallTyphaTls')}`);
  if (/^PrometheusMetrics(CA|Cert|Key)File$/.test(p.name)) lines.push(`- ${t('pitfallMetricsCa')}`);
  if (p.enterpriseOnly) lines.push(`- ${t('enterpriseOnly')}`);
  return lines.join('\n');
}

function fieldDoc(table: FieldTable, key: string, d: FieldDoc, locale: Locale): string {
  const l = fieldDocIn(table, key, d, locale);
  return `**${l.title}**\n\n${l.text}`;
}

/** Documentation of the Calico TLS parameter or field whose name is under the cursor. */
export function parameterHoverAt(
  file: ParsedFile,
  offset: number,
  locale: Locale = 'en',
): { span: Span; markdown: string } | undefined {
  if (file.format === 'ini') {
    const e = file.ini.find((x) => offset >= x.keyStart && offset <= x.keyEnd);
    if (!e) return undefined;
    const typha = /typha[^/\\]*\.cfg$/i.test(file.uri);
    const p = lookupParam(typha ? 'typha' : 'felix', e.key);
    return p
      ? { span: { uri: file.uri, start: e.keyStart, end: e.keyEnd }, markdown: paramDoc(p, e.key, locale) }
      : undefined;
  }
  for (const doc of file.documents) {
    if (!doc.root || offset < doc.start || offset > doc.end) continue;
    const at = scalarAt(doc.root, offset);
    if (!at) continue;
    const s = at.scalar;
    const text = s.text;
    const here = span(file.uri, s);
    // env `name: FELIX_...` or `name: ETCD_...`
    if (!at.isKey && at.key === 'name') {
      const ep = envParamName(text);
      const p = ep ? lookupParam(ep.component, ep.key) : undefined;
      if (p) return { span: here, markdown: paramDoc(p, text, locale) };
      const etcdKey = text.replace(/^CALICO_/, '');
      const etcd = ETCD_ENV[etcdKey];
      if (etcd) return { span: here, markdown: fieldDoc('etcdEnv', etcdKey, etcd, locale) };
    }
    if (!at.isKey) continue;
    const parentOf = (m: MapNode | undefined) => at.maps.find((x) => x.pairs.some((p) => p.value === m));
    const inner = at.maps[at.maps.length - 1];
    const kind = getScalar(doc.root, 'kind')?.text;
    if (kind === 'FelixConfiguration') {
      const p = FELIX_PARAMS.get(text.toLowerCase());
      if (p) return { span: here, markdown: paramDoc(p, text, locale) };
    }
    if (kind === 'CalicoAPIConfig' && CALICOCTL_FIELDS[text])
      return { span: here, markdown: fieldDoc('calicoctl', text, CALICOCTL_FIELDS[text]!, locale) };
    if (
      kind === 'Installation' &&
      CERT_MGMT_FIELDS[text] &&
      parentOf(inner)?.pairs.some((p) => p.key.text === 'certificateManagement' && p.value === inner)
    )
      return { span: here, markdown: fieldDoc('certificateManagement', text, CERT_MGMT_FIELDS[text]!, locale) };
    if (TLSCONFIG_FIELDS[text] && parentOf(inner)?.pairs.some((p) => p.key.text === 'tlsConfig' && p.value === inner))
      return { span: here, markdown: fieldDoc('tlsConfig', text, TLSCONFIG_FIELDS[text]!, locale) };
    if (CNI_KEYS[text] && file.format === 'json')
      return { span: here, markdown: fieldDoc('cni', text, CNI_KEYS[text]!, locale) };
  }
  return undefined;
}
