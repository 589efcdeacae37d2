/**
 * kube-apiserver's own configuration, where a workspace holds it: a static pod manifest (any
 * workload with a kube-apiserver container: its command and args, parsed the way spf13/pflag
 * parses them) and kubeadm's ClusterConfiguration (apiServer.extraArgs, etcd.external). The seed
 * ("Configure encryption and authentication") recommends TLS and client-certificate
 * authentication on kube-apiserver for every Calico component; the flags are documented in the
 * kube-apiserver reference (kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver).
 */
import { isOpen, type ParsedFile } from '../parse';
import {
  get,
  getMap,
  getPath,
  getScalar,
  isMap,
  isScalar,
  isSeq,
  nodeSpan,
  seqItems,
  type Node,
  type ScalarNode,
} from '../parse/tree';
import type { Span } from '../types';
import type { Msg } from '../l10n/messages';
import type { DataEntry } from './data';
import type { K8sObject } from './objects';
import { parseCommandFlags, spanWithin } from './flags';
import { known, unknown, type Resolved } from './resolve';
import type { Container } from './workloads';
import { normalizePath, type Workspace } from './workspace';
import type { Reads } from './reads';

/** kubeadm's ClusterConfiguration (static pods are workloads). */
export const READS: Reads = { kinds: ['ClusterConfiguration'] };

/** One setting of kube-apiserver: a command-line flag, or a kubeadm field that becomes one. */
export interface ApiserverSetting {
  /** As written: `--etcd-servers`, `apiServer.extraArgs.anonymous-auth`, `etcd.external.certFile`. */
  readonly label: string;
  /** The flag it is (or becomes), without dashes: `etcd-servers`. */
  readonly flag: string;
  /** Unknown when templated. A bool flag given alone is `true`. */
  readonly value: Resolved<string>;
  /** The whole argument or field: where a finding about it points. */
  readonly span: Span;
  /** Where the value is written, when it can be told apart. */
  readonly valueSpan: Span | undefined;
  /** Parts of a list value (etcd servers) with where each is written. */
  readonly items?: ReadonlyArray<{ readonly text: string; readonly span: Span }>;
}

export interface KubeApiserver {
  readonly source: 'static-pod' | 'kubeadm';
  /** "kube-apiserver (Pod kube-system/kube-apiserver)" */
  readonly label: string;
  readonly object: K8sObject;
  readonly container: Container | undefined;
  /** Every flag given, the last one winning (pflag sets a flag again each time it is given). */
  readonly flags: ReadonlyMap<string, ApiserverSetting>;
  /**
   * Whether a flag not in `flags` is known not to be given: false when a template inserts
   * arguments or names a flag, and for kubeadm, which adds its own flags to extraArgs.
   */
  readonly complete: boolean;
  /** Where a missing flag is reported: the binary argument, or the `args`/`extraArgs` key. */
  readonly anchor: Span;
  /** The etcd connection; undefined when kubeadm runs etcd itself (etcd.local: TLS it sets up). */
  readonly etcd: EtcdOfApiserver | undefined;
}

export interface EtcdOfApiserver {
  readonly servers?: ApiserverSetting;
  readonly ca?: ApiserverSetting;
  readonly cert?: ApiserverSetting;
  readonly key?: ApiserverSetting;
  /** kubeadm's etcd.external: kubeadm validates it before it writes the manifest. */
  readonly kubeadmExternal: boolean;
  /** Whether a setting missing here is known not to be given (no template inserts any). */
  readonly complete: boolean;
}

/** The certificate/key pairs kube-apiserver loads with tls.LoadX509KeyPair-like loaders. */
export const APISERVER_KEY_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['tls-cert-file', 'tls-private-key-file'],
  ['etcd-certfile', 'etcd-keyfile'],
  ['kubelet-client-certificate', 'kubelet-client-key'],
  ['proxy-client-cert-file', 'proxy-client-key-file'],
];

/** Flags of kube-apiserver that take a file path (the ones a key pair or CA is read from). */
export const APISERVER_FILE_FLAGS: ReadonlySet<string> = new Set([
  ...APISERVER_KEY_PAIRS.flat(),
  'client-ca-file',
  'etcd-cafile',
  'kubelet-certificate-authority',
  'requestheader-client-ca-file',
]);

/** Boolean flags among those read here: given alone they mean true, and take no next argument. */
const BOOL_FLAGS = new Set(['anonymous-auth', 'allow-privileged', 'enable-bootstrap-token-auth', 'profiling']);

/** pflag's strconv.ParseBool. */
export function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

const BINARY = /(^|\/)kube-apiserver$/;
const IMAGE = /(^|\/)kube-apiserver(-(amd64|arm64|arm|ppc64le|s390x))?([:@]|$)/;

function isApiserver(c: Container): boolean {
  const cmd = seqItems(get(c.node, 'command')).filter(isScalar);
  const first = cmd[0]?.text ?? '';
  const hyperkube = /(^|\/)hyperkube$/.test(first) && /^(kube-)?apiserver$/.test(cmd[1]?.text ?? '');
  return c.name === 'kube-apiserver' || BINARY.test(first) || hyperkube || IMAGE.test(c.image ?? '');
}

/** Comma-separated parts of a value with where each is written. */
function itemsOf(file: ParsedFile, uri: string, node: ScalarNode, value: string, offset: number) {
  const out: Array<{ text: string; span: Span }> = [];
  let at = offset;
  for (const part of value.split(',')) {
    const t = part.trim();
    if (t) out.push({ text: t, span: spanWithin(file, node, t, at) });
    at += part.length + 1;
  }
  return out;
}

function staticPod(c: Container): KubeApiserver | undefined {
  const o = c.workload.object;
  const file = o.file;
  const uri = file.uri;
  const cmdNode = get(c.node, 'command');
  const argsNode = get(c.node, 'args');
  const cmd = seqItems(cmdNode);
  // The binary (and hyperkube's subcommand) are not flags.
  let skip = 0;
  if (isScalar(cmd[0]) && /(^|\/)hyperkube$/.test(cmd[0].text)) skip = 2;
  else if (isScalar(cmd[0]) && BINARY.test(cmd[0].text)) skip = 1;
  else if (cmd.length) {
    // `sh -c "kube-apiserver ..."` or another wrapper: its flags are not read here.
    return undefined;
  }
  const items = [...cmd.slice(skip), ...seqItems(argsNode)];
  const parsed = parseCommandFlags(file, items, 'pflag', BOOL_FLAGS);
  const complete =
    parsed.complete &&
    !!(cmdNode || argsNode) &&
    ![cmdNode, argsNode].some((n) => n && (!isSeq(n) || isOpen(file, n))) &&
    !isOpen(file, c.node);
  const flags = new Map<string, ApiserverSetting>();
  for (const [name, f] of parsed.flags) {
    const list = name === 'etcd-servers' && f.valueNode && f.text !== undefined;
    flags.set(name, {
      label: `--${name}`,
      flag: name,
      value: f.value,
      span: f.span,
      valueSpan: f.valueSpan,
      items: list ? itemsOf(file, uri, f.valueNode!, f.text!, f.valueOffset ?? 0) : undefined,
    });
  }
  const bin = isScalar(cmd[0]) ? cmd[skip - 1] : undefined;
  const anchorNode =
    bin ??
    c.node.pairs.find((p) => p.key.text === 'args')?.key ??
    c.node.pairs.find((p) => p.key.text === 'command')?.key ??
    c.nameNode;
  const anchor = anchorNode ? nodeSpan(uri, anchorNode) : nodeSpan(uri, o.kindNode);
  return {
    source: 'static-pod',
    label: `kube-apiserver (${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name ?? '?'})`,
    object: o,
    container: c,
    flags,
    complete,
    anchor,
    etcd: {
      servers: flags.get('etcd-servers'),
      ca: flags.get('etcd-cafile'),
      cert: flags.get('etcd-certfile'),
      key: flags.get('etcd-keyfile'),
      kubeadmExternal: false,
      complete,
    },
  };
}

function scalarSetting(file: ParsedFile, label: string, flag: string, key: ScalarNode, v: Node | undefined) {
  const uri = file.uri;
  const s = isScalar(v) ? v : undefined;
  const value: Resolved<string> = !s
    ? unknown('not a scalar')
    : s.templated
      ? unknown('templated value')
      : known(s.text, nodeSpan(uri, s));
  const setting: ApiserverSetting = {
    label,
    flag,
    value,
    span: nodeSpan(uri, { start: key.start, end: (s ?? key).end, uri: key.uri }),
    valueSpan: s && !s.templated ? nodeSpan(uri, s) : undefined,
    items: s && !s.templated && flag === 'etcd-servers' ? itemsOf(file, uri, s, s.text, 0) : undefined,
  };
  return setting;
}

function kubeadm(o: K8sObject): KubeApiserver {
  const file = o.file;
  const uri = file.uri;
  const flags = new Map<string, ApiserverSetting>();
  const apiServer = getMap(o.node, 'apiServer');
  const extraPair = apiServer?.pairs.find((p) => p.key.text === 'extraArgs');
  const extra = extraPair?.value;
  if (isMap(extra)) {
    // v1beta3 and before: a map of flag to value.
    for (const p of extra.pairs)
      if (!p.key.templated)
        flags.set(p.key.text, scalarSetting(file, `apiServer.extraArgs.${p.key.text}`, p.key.text, p.key, p.value));
  } else if (isSeq(extra)) {
    // v1beta4: a list of {name, value}, the last of a name winning.
    for (const it of extra.items) {
      const n = getScalar(it, 'name');
      if (!n || n.templated) continue;
      const v = isMap(it) ? it.pairs.find((p) => p.key.text === 'value')?.value : undefined;
      // The value is on its own line: the finding points at it.
      const at = isScalar(v) ? v : n;
      const label = `apiServer.extraArgs ${n.text}`;
      flags.set(
        n.text,
        v
          ? scalarSetting(file, label, n.text, at, v)
          : { label, flag: n.text, value: known(''), span: nodeSpan(uri, n), valueSpan: undefined },
      );
    }
  }
  const ext = getPath(o.node, 'etcd', 'external');
  let etcd: EtcdOfApiserver | undefined;
  if (isMap(ext)) {
    const field = (name: string, flag: string): ApiserverSetting | undefined => {
      const p = ext.pairs.find((x) => x.key.text === name);
      return p ? scalarSetting(file, `etcd.external.${name}`, flag, p.key, p.value) : undefined;
    };
    const ep = ext.pairs.find((x) => x.key.text === 'endpoints');
    let servers: ApiserverSetting | undefined;
    if (ep && isSeq(ep.value)) {
      const list = ep.value.items.filter(isScalar);
      const templated = list.some((x) => x.templated) || isOpen(file, ep.value);
      servers = {
        label: 'etcd.external.endpoints',
        flag: 'etcd-servers',
        value: templated ? unknown('templated value') : known(list.map((x) => x.text).join(',')),
        span: nodeSpan(uri, ep.key),
        valueSpan: undefined,
        items: list.filter((x) => !x.templated).map((x) => ({ text: x.text.trim(), span: nodeSpan(uri, x) })),
      };
    }
    // kubeadm turns the fields into --etcd-* flags; extraArgs given for them win.
    etcd = {
      servers: flags.get('etcd-servers') ?? servers,
      ca: flags.get('etcd-cafile') ?? field('caFile', 'etcd-cafile'),
      cert: flags.get('etcd-certfile') ?? field('certFile', 'etcd-certfile'),
      key: flags.get('etcd-keyfile') ?? field('keyFile', 'etcd-keyfile'),
      kubeadmExternal: true,
      complete: !isOpen(file, ext) && !(extra && isOpen(file, extra)),
    };
  }
  // kubeadm's own etcd (etcd.local) is reached over https with the certificates it makes, unless
  // extraArgs replace the servers.
  const servers = flags.get('etcd-servers');
  if (!etcd && servers)
    etcd = {
      servers,
      ca: flags.get('etcd-cafile'),
      cert: flags.get('etcd-certfile'),
      key: flags.get('etcd-keyfile'),
      kubeadmExternal: false,
      complete: false,
    };
  const anchorNode = extraPair?.key ?? getPair(o.node, 'apiServer')?.key ?? o.kindNode;
  return {
    source: 'kubeadm',
    label: `kube-apiserver (kubeadm ClusterConfiguration${o.name ? ` ${o.name}` : ''})`,
    object: o,
    container: undefined,
    flags,
    complete: false,
    anchor: nodeSpan(uri, anchorNode),
    etcd,
  };
}

function getPair(n: Node | undefined, key: string) {
  return isMap(n) ? n.pairs.find((p) => p.key.text === key) : undefined;
}

/** Every kube-apiserver the workspace configures. */
export function kubeApiservers(ws: Workspace): KubeApiserver[] {
  const out: KubeApiserver[] = [];
  for (const c of ws.containers) {
    if (c.init || !isApiserver(c)) continue;
    const api = staticPod(c);
    if (api) out.push(api);
  }
  for (const o of ws.objects)
    if (o.kind === 'ClusterConfiguration' && /^kubeadm\.k8s\.io\//.test(o.apiVersion)) out.push(kubeadm(o));
  return out;
}

/** What a path kube-apiserver is given names: a file on the node, or a mounted Secret/ConfigMap key. */
export type ApiserverFile =
  | { readonly kind: 'host'; readonly path: string }
  | { readonly kind: 'entry'; readonly entry: DataEntry }
  | { readonly kind: 'unknown'; readonly reason: string | Msg };

/**
 * Follows a path of a kube-apiserver flag to where the bytes are: through the container's
 * volumeMount to a hostPath (a static pod reads the node's /etc/kubernetes/pki) or a Secret or
 * ConfigMap key. kubeadm mounts its certificate folder and external etcd files at the same paths
 * on the node, so its paths are the node's.
 */
export function apiserverFile(ws: Workspace, api: KubeApiserver, path: string): ApiserverFile {
  return containerFile(ws, api.container, path);
}

/**
 * What a path a container's program is given names (a static pod's hostPath, a mounted key), or,
 * without a container (a node's own configuration file), the node's file at that path.
 */
export function containerFile(ws: Workspace, c: Container | undefined, path: string): ApiserverFile {
  if (!path.startsWith('/')) return { kind: 'unknown', reason: 'a relative path' };
  if (!c) return { kind: 'host', path: normalizePath(path) };
  const at = ws.fileAt(c, path);
  if (at.state === 'known') return { kind: 'entry', entry: at.entry };
  if (at.state === 'unmounted') return { kind: 'unknown', reason: 'not mounted: a file of the image' };
  const mount = at.mount;
  if (at.state === 'absent' || !mount) return { kind: 'unknown', reason: at.reason };
  const vol = c.workload.volumes.get(mount.name);
  const hp = vol && getScalar(getMap(vol.node, 'hostPath'), 'path');
  if (!hp || hp.templated || mount.templated) return { kind: 'unknown', reason: at.reason };
  const rel = normalizePath(path).slice(normalizePath(mount.mountPath).length);
  return { kind: 'host', path: normalizePath(`${hp.text}/${mount.subPath ?? ''}/${rel}`) };
}

/** A file's path components, from a URI or a path (file://, Windows separators, %-escapes). */
function components(uri: string): string[] {
  const p = uri.replace(/^file:\/\//, '').replace(/[?#].*$/, '');
  return p
    .split(/[\\/]+/)
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/**
 * The workspace file that holds a node's file: the one whose path ends with the most trailing
 * components of the node path (at least the file name), when exactly one does. A copy of
 * /etc/kubernetes in a repository (`cluster/pki/apiserver.crt`) is found; two candidates with an
 * equal claim are unknown.
 */
export function workspaceFileAt(files: readonly ParsedFile[], hostPath: string): ParsedFile | undefined {
  const want = components(hostPath);
  let best: ParsedFile | undefined;
  let bestLen = 0;
  let tie = false;
  for (const f of files) {
    const have = components(f.uri);
    let n = 0;
    while (n < want.length && n < have.length && want[want.length - 1 - n] === have[have.length - 1 - n]) n++;
    if (n === 0) continue;
    if (n > bestLen) {
      best = f;
      bestLen = n;
      tie = false;
    } else if (n === bestLen) tie = true;
  }
  return tie ? undefined : best;
}

/** The folder of a workspace file, for telling whether two files were found side by side. */
export function folderOf(uri: string): string {
  return components(uri).slice(0, -1).join('/');
}
