/**
 * etcd's own (server-side) client TLS configuration, where a workspace holds it, read the way
 * etcd 3.4 reads it (etcd.io/docs/v3.4/op-guide/configuration, op-guide/security):
 *  - a container that runs etcd (kubeadm's /etc/kubernetes/manifests/etcd.yaml, an etcd
 *    Deployment/StatefulSet): its command and args, parsed as Go's `flag` package parses them
 *    (`-x`/`--x`, `=v` or a following argument; a bool flag takes no following argument), then its
 *    `ETCD_<FLAG>` environment for the flags not given (flags win over the environment);
 *  - etcd's YAML configuration file (`--config-file` / `ETCD_CONFIG_FILE`, e.g. etcd.conf.yml),
 *    found by its content: top-level `listen-client-urls`, `advertise-client-urls` and
 *    `client-transport-security: {cert-file, key-file, client-cert-auth, trusted-ca-file}`. When a
 *    container names a configuration file, etcd ignores its other flags and environment.
 * Only a container that runs etcd counts: calico-node's own ETCD_CERT_FILE is a client setting
 * (model/etcd.ts). The settings read here are the client-facing ones: the server certificate and
 * key, client certificate authentication, the CA it trusts for client certificates, and the URLs
 * it serves clients on. Anything templated, expanded from the environment, or in a file the
 * workspace does not hold is unknown.
 */
import { baseName, isOpen, type ParsedFile } from '../parse';
import { get, isMap, isScalar, isSeq, nodeSpan, seqItems, type MapNode } from '../parse/tree';
import type { Span } from '../types';
import { containerFile, parseBool, workspaceFileAt } from './kube-apiserver';
import { parseCommandFlags } from './flags';
import { known, unknown, type Resolved } from './resolve';
import type { Container } from './workloads';
import type { Workspace } from './workspace';
import { m, type Label } from '../l10n/messages';

/** The client-facing settings read here, by flag name. */
export const ETCD_SERVER_FLAGS = [
  'cert-file',
  'key-file',
  'trusted-ca-file',
  'client-cert-auth',
  'listen-client-urls',
  'advertise-client-urls',
] as const;
export type EtcdServerFlag = (typeof ETCD_SERVER_FLAGS)[number];

/** Flags that take file paths (followed to the workspace's copy of the file). */
export const ETCD_SERVER_FILE_FLAGS: ReadonlySet<string> = new Set(['cert-file', 'key-file', 'trusted-ca-file']);

/** etcd's bool flags (Go's flag package: given alone they are true and take no next argument). */
const BOOL_FLAGS = new Set([
  'client-cert-auth',
  'peer-client-cert-auth',
  'auto-tls',
  'peer-auto-tls',
  'enable-v2',
  'enable-pprof',
  'strict-reconfig-check',
  'force-new-cluster',
  'debug',
  'enable-grpc-gateway',
  'pre-vote',
  'experimental-initial-corrupt-check',
  'experimental-enable-lease-checkpoint',
  'experimental-enable-distributed-tracing',
  'logger-json',
  'socket-reuse-port',
  'socket-reuse-address',
  'version',
  'help',
]);

/** etcd's defaults for the client URLs (embed.DefaultListenClientURLs, DefaultAdvertiseClientURLs). */
const DEFAULT_CLIENT_URL = 'http://localhost:2379';

export interface EtcdServerSetting {
  /** As written: `--trusted-ca-file`, `ETCD_TRUSTED_CA_FILE`, `client-transport-security.trusted-ca-file`. */
  readonly label: string;
  readonly flag: EtcdServerFlag;
  /** Unknown when templated or expanded from the environment. A bool flag given alone is `true`. */
  readonly value: Resolved<string>;
  /** The whole argument, env entry or key: where a related location points. */
  readonly span: Span;
}

export interface EtcdServer {
  readonly source: 'flags' | 'config-file';
  /** "etcd (Pod kube-system/etcd-node1)", "etcd configuration file etcd.conf.yml" (a message) */
  readonly label: Label;
  /** The container that runs etcd: paths in its settings are read through its mounts. */
  readonly container: Container | undefined;
  /** The file holding the settings (the manifest, or the configuration file). */
  readonly file: ParsedFile;
  readonly anchor: Span;
  readonly settings: ReadonlyMap<EtcdServerFlag, EtcdServerSetting>;
  /** Whether a setting not in `settings` is known not to be given (etcd's default applies). */
  readonly complete: boolean;
}

const ETCD_BINARY = /(^|\/)etcd$/;
/** An image whose repository is etcd (registry.k8s.io/etcd, quay.io/coreos/etcd, bitnami/etcd). */
const ETCD_IMAGE = /(^|\/)etcd(-(amd64|arm64|arm|ppc64le|s390x))?([:@]|$)/;
/** Shells and init wrappers: in an etcd image they start etcd with settings not read here. */
const WRAPPER = /(^|\/)(sh|bash|ash|dash|busybox|tini|dumb-init|docker-entrypoint\.sh|entrypoint\.sh)$/;

/**
 * Whether a container runs the etcd server: its command's binary is `etcd`, or it gives no
 * command and its image is etcd's (whose entrypoint runs it). A shell or init wrapper in an etcd
 * image runs etcd too, with settings not read here; another binary of the image (etcdctl in a
 * backup job) does not.
 */
export function runsEtcd(c: Container): boolean {
  if (c.init) return false;
  const cmd = seqItems(get(c.node, 'command'));
  const first = isScalar(cmd[0]) ? cmd[0].text.trim() : undefined;
  if (first !== undefined) return ETCD_BINARY.test(first) || (WRAPPER.test(first) && ETCD_IMAGE.test(c.image ?? ''));
  return ETCD_IMAGE.test(c.image ?? '');
}

const isFlag = (f: string): f is EtcdServerFlag => (ETCD_SERVER_FLAGS as readonly string[]).includes(f);

interface ParsedFlags {
  readonly flags: Map<string, { setting: EtcdServerSetting | undefined; value: Resolved<string>; span: Span }>;
  readonly complete: boolean;
}

/** The flags of an etcd command line, the last of a name winning (Go's flag sets it again). */
function parseFlags(c: Container): ParsedFlags | undefined {
  const file = c.workload.object.file;
  const cmdNode = get(c.node, 'command');
  const argsNode = get(c.node, 'args');
  const cmd = seqItems(cmdNode);
  const args = seqItems(argsNode);
  let items: typeof cmd;
  if (cmd.length) {
    if (!isScalar(cmd[0]) || !ETCD_BINARY.test(cmd[0].text.trim())) return undefined;
    items = [...cmd.slice(1), ...args];
  } else {
    // The image's entrypoint runs etcd: the args are its flags (an args list may repeat the binary).
    items = isScalar(args[0]) && ETCD_BINARY.test(args[0].text.trim()) ? args.slice(1) : args;
  }
  const parsed = parseCommandFlags(file, items, 'go', BOOL_FLAGS);
  const complete =
    parsed.complete && ![cmdNode, argsNode].some((n) => n && (!isSeq(n) || isOpen(file, n))) && !isOpen(file, c.node);
  const flags: ParsedFlags['flags'] = new Map();
  for (const [name, f] of parsed.flags) flags.set(name, { setting: undefined, value: f.value, span: f.span });
  return { flags, complete };
}

/** The ETCD_<FLAG> environment variable of a flag. */
const envName = (flag: string) => `ETCD_${flag.toUpperCase().replace(/-/g, '_')}`;

/** Whether a YAML document is etcd's configuration file, by its keys. */
function configRoot(f: ParsedFile): MapNode | undefined {
  if (f.format !== 'yaml' || f.documents.length !== 1) return undefined;
  const root = f.documents[0]?.root;
  if (!isMap(root) || root.pairs.some((p) => p.key.text === 'kind' || p.key.text === 'apiVersion')) return undefined;
  const keys = new Set(root.pairs.map((p) => p.key.text));
  if (isMap(get(root, 'client-transport-security')) || isMap(get(root, 'peer-transport-security'))) return root;
  const urlKeys = ['listen-client-urls', 'advertise-client-urls', 'listen-peer-urls', 'initial-advertise-peer-urls'];
  return urlKeys.filter((k) => keys.has(k)).length >= 2 ? root : undefined;
}

/** Whether a workspace file is an etcd configuration file (etcd.conf.yml and the like), by content. */
export function isEtcdConfigFile(f: ParsedFile): boolean {
  return !!configRoot(f);
}

function configSettings(
  f: ParsedFile,
  root: MapNode,
): { settings: Map<EtcdServerFlag, EtcdServerSetting>; complete: boolean } {
  const settings = new Map<EtcdServerFlag, EtcdServerSetting>();
  const add = (map: MapNode, key: string, flag: EtcdServerFlag, prefix: string, bool: boolean) => {
    const p = map.pairs.find((x) => x.key.text === key);
    if (!p) return;
    const v = isScalar(p.value) ? p.value : undefined;
    let value: Resolved<string>;
    if (!v || v.templated) value = unknown(v ? 'templated value' : 'not a scalar');
    else if (bool) {
      // sigs.k8s.io/yaml reads YAML 1.1 booleans; a quoted string is not a bool (etcd refuses it).
      const b =
        v.style === 'plain'
          ? /^(true|yes|on)$/i.test(v.text) || (/^(false|no|off)$/i.test(v.text) ? false : undefined)
          : undefined;
      value = b === undefined ? unknown('not a boolean') : known(b ? 'true' : 'false', nodeSpan(f.uri, v));
    } else value = known(v.text, nodeSpan(f.uri, v));
    settings.set(flag, {
      label: `${prefix}${key}`,
      flag,
      value,
      span: nodeSpan(f.uri, { start: p.key.start, end: (v ?? p.key).end, uri: p.key.uri }),
    });
  };
  add(root, 'listen-client-urls', 'listen-client-urls', '', false);
  add(root, 'advertise-client-urls', 'advertise-client-urls', '', false);
  const cts = get(root, 'client-transport-security');
  let complete = !isOpen(f, root) && !f.documents.slice(1).length;
  if (isMap(cts)) {
    const prefix = 'client-transport-security.';
    add(cts, 'cert-file', 'cert-file', prefix, false);
    add(cts, 'key-file', 'key-file', prefix, false);
    add(cts, 'trusted-ca-file', 'trusted-ca-file', prefix, false);
    add(cts, 'client-cert-auth', 'client-cert-auth', prefix, true);
    if (isOpen(f, cts)) complete = false;
  } else if (cts) complete = false;
  // A templated key could be any of them.
  if (root.pairs.some((p) => p.key.templated) || (isMap(cts) && cts.pairs.some((p) => p.key.templated)))
    complete = false;
  return { settings, complete };
}

function configServer(f: ParsedFile, root: MapNode, container: Container | undefined, via?: string): EtcdServer {
  const { settings, complete } = configSettings(f, root);
  const name = baseName(f.uri);
  return {
    source: 'config-file',
    label: via ? m('labelEtcdConfigFileVia', { name, via }) : m('labelEtcdConfigFile', { name }),
    container,
    file: f,
    anchor: nodeSpan(f.uri, root.pairs[0]?.key ?? root),
    settings,
    complete,
  };
}

function containerLabel(c: Container): string {
  const o = c.workload.object;
  return `etcd (${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name ?? '?'})`;
}

/**
 * Every etcd server configuration of the workspace: one per container running etcd (from its
 * flags and environment, or the configuration file it names when the workspace holds it), and
 * one per etcd configuration file no such container names.
 */
export function etcdServers(ws: Workspace, files: readonly ParsedFile[]): EtcdServer[] {
  const out: EtcdServer[] = [];
  const configFiles = files.filter(isEtcdConfigFile);
  const used = new Set<ParsedFile>();
  for (const c of ws.containers) {
    if (!runsEtcd(c)) continue;
    const file = c.workload.object.file;
    const uri = file.uri;
    const anchorNode =
      (isScalar(seqItems(get(c.node, 'command'))[0]) ? seqItems(get(c.node, 'command'))[0] : undefined) ?? c.nameNode;
    const anchor = anchorNode ? nodeSpan(uri, anchorNode) : nodeSpan(uri, c.node);
    const parsed = parseFlags(c);
    const opaque = (): EtcdServer => ({
      source: 'flags',
      label: containerLabel(c),
      container: c,
      file,
      anchor,
      settings: new Map(),
      complete: false,
    });
    if (!parsed) {
      // A shell wrapper or another command in an etcd image: an etcd server whose settings are unknown.
      out.push(opaque());
      continue;
    }
    const env = ws.env(c);
    const envOpen = c.envOpen || env.unknownSources.length > 0;
    // --config-file (or ETCD_CONFIG_FILE): the file's settings, and nothing else.
    const cfgFlag = parsed.flags.get('config-file');
    const cfgEnv = env.vars.get('ETCD_CONFIG_FILE');
    const cfgValue = cfgFlag?.value ?? cfgEnv?.value;
    if (cfgValue || (envOpen && !cfgFlag)) {
      if (!cfgValue || cfgValue.state !== 'known') {
        out.push(opaque());
        continue;
      }
      const at = containerFile(ws, c, cfgValue.value.trim());
      const cf = at.kind === 'host' ? workspaceFileAt(configFiles, at.path) : undefined;
      const root = cf && configRoot(cf);
      if (!cf || !root) {
        out.push(opaque());
        continue;
      }
      used.add(cf);
      out.push(configServer(cf, root, c, containerLabel(c)));
      continue;
    }
    const settings = new Map<EtcdServerFlag, EtcdServerSetting>();
    for (const [name, f] of parsed.flags)
      if (isFlag(name)) settings.set(name, { label: `--${name}`, flag: name, value: f.value, span: f.span });
    let complete = parsed.complete && !envOpen;
    for (const flag of ETCD_SERVER_FLAGS) {
      if (settings.has(flag)) continue;
      const v = env.vars.get(envName(flag));
      if (!v) continue;
      const span = v.entry
        ? { uri, start: v.entry.nameNode.start, end: v.entry.nameNode.end }
        : (v.valueSpan ?? anchor);
      let value = v.value;
      if (flag === 'client-cert-auth' && value.state === 'known') {
        // flag.Set -> strconv.ParseBool; anything else stops etcd at start-up.
        const b = parseBool(value.value.trim());
        value = b === undefined ? unknown('not a boolean') : known(b ? 'true' : 'false', value.span);
      }
      settings.set(flag, { label: envName(flag), flag, value, span });
    }
    if (!parsed.flags.size && !settings.size) complete = false;
    out.push({ source: 'flags', label: containerLabel(c), container: c, file, anchor, settings, complete });
  }
  for (const f of configFiles) {
    if (used.has(f)) continue;
    const root = configRoot(f);
    if (root) out.push(configServer(f, root, undefined));
  }
  return out;
}

/** Whether etcd requires and verifies client certificates: true, false, or undefined (unknown). */
export function clientCertAuth(s: EtcdServer): boolean | undefined {
  const v = s.settings.get('client-cert-auth');
  if (!v) return s.complete ? false : undefined;
  if (v.value.state !== 'known') return undefined;
  return parseBool(v.value.value.trim());
}

/** A setting's value when known and non-empty. */
export function serverValue(s: EtcdServer, flag: EtcdServerFlag): string | undefined {
  const v = s.settings.get(flag);
  if (!v || v.value.state !== 'known') return undefined;
  const t = v.value.value.trim();
  return t || undefined;
}

export interface ClientUrl {
  readonly scheme: string;
  /** Lower-case, without IPv6 brackets, IP addresses in one canonical form. */
  readonly host: string;
  readonly port: string;
}

/**
 * The canonical text of an IP address (IPv4 dotted; IPv6 as WHATWG URLs write it; IPv4-mapped as
 * IPv4), else undefined.
 */
export function canonicalIp(s: string): string | undefined {
  const h = s.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) {
    const p = h.split('.').map(Number);
    return p.every((x) => x <= 255) ? p.join('.') : undefined;
  }
  if (!h.includes(':') || !/^[0-9a-f:.]+$/.test(h)) return undefined;
  try {
    const n = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    // IPv4-mapped (::ffff:a.b.c.d): Go's net.IP.Equal takes it as the IPv4 address.
    const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(n);
    if (!m) return n;
    const a = parseInt(m[1]!, 16);
    const b = parseInt(m[2]!, 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  } catch {
    return undefined;
  }
}

/** Scheme, host and port of a URL (the scheme's default port when none is written). */
export function parseClientUrl(text: string): ClientUrl | undefined {
  try {
    const u = new URL(text.trim());
    const scheme = u.protocol.replace(/:$/, '').toLowerCase();
    if (!u.hostname) return undefined;
    const raw = u.hostname.toLowerCase();
    const host = canonicalIp(raw) ?? raw.replace(/^\[|\]$/g, '');
    const port = u.port || (scheme === 'https' ? '443' : scheme === 'http' ? '80' : '');
    return { scheme, host, port };
  } catch {
    return undefined;
  }
}

/** The URLs a server takes clients on, when known: advertised and listened on (etcd's defaults when not given). */
function serverUrls(s: EtcdServer): { listen: ClientUrl[]; advertise: ClientUrl[] } | undefined {
  const list = (flag: EtcdServerFlag): ClientUrl[] | undefined => {
    const v = s.settings.get(flag);
    const text = v
      ? v.value.state === 'known'
        ? v.value.value
        : undefined
      : s.complete
        ? DEFAULT_CLIENT_URL
        : undefined;
    if (text === undefined) return undefined;
    const urls = text
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map(parseClientUrl);
    return urls.every((u) => u) ? (urls as ClientUrl[]) : undefined;
  };
  const listen = list('listen-client-urls');
  const advertise = list('advertise-client-urls');
  return listen && advertise ? { listen, advertise } : undefined;
}

const ANY_HOST = new Set(['0.0.0.0', '::', '']);

/**
 * The etcd server a client endpoint reaches, when that is unambiguous (else undefined, unknown):
 * the one server whose advertise-client-urls or listen-client-urls hold the endpoint's host and
 * port; else, when no server names it, the one server that can take it (listening on 0.0.0.0 or
 * :: on that port, or the workspace's only etcd server), unless its known URLs exclude it (no
 * URL on that port, or the endpoint is an IP address the server does not serve on). A name is
 * not excluded by IP URLs: it may resolve to one of them.
 */
export function serverForEndpoint(servers: readonly EtcdServer[], endpoint: ClientUrl): EtcdServer | undefined {
  const explicit: EtcdServer[] = [];
  const candidates: Array<{ s: EtcdServer; wildcard: boolean }> = [];
  for (const s of servers) {
    const urls = serverUrls(s);
    if (!urls) {
      candidates.push({ s, wildcard: false });
      continue;
    }
    const all = [...urls.listen, ...urls.advertise];
    if (all.some((u) => u.host === endpoint.host && u.port === endpoint.port)) {
      explicit.push(s);
      continue;
    }
    const wildcard = urls.listen.some((u) => ANY_HOST.has(u.host) && u.port === endpoint.port);
    const samePort = all.some((u) => u.port === endpoint.port);
    if (wildcard || (samePort && !canonicalIp(endpoint.host))) candidates.push({ s, wildcard });
  }
  if (explicit.length) return explicit.length === 1 ? explicit[0] : undefined;
  if (candidates.length !== 1) return undefined;
  const only = candidates[0]!;
  return only.wildcard || servers.length === 1 ? only.s : undefined;
}
