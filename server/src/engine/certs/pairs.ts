/**
 * Every certificate, key and CA reference the model resolves to bytes, and every certificate/key
 * pair among them, in one place (`Analysis.tlsRefs`, `Analysis.certKeyPairs`):
 *  - the files each component's settings name (FELIX_TYPHACERTFILE, TYPHA_SERVERKEYFILE,
 *    ETCD_CA_CERT_FILE, the Felix and Typha Prometheus metrics and reporter files ...), followed
 *    through path -> volumeMount -> volume -> Secret/ConfigMap key (model/tls-files.ts);
 *  - the Secret/ConfigMap keys a ServiceMonitor/PodMonitor's tlsConfig takes (model/monitors.ts);
 *  - pairs stored side by side in one object and named as a pair (tls.crt/tls.key,
 *    etcd-cert/etcd-key, cert/key, CalicoAPIConfig etcdCert/etcdKey, kubeconfig
 *    client-certificate-data/client-key-data): what the operator, a mounting pod or calicoctl reads.
 * Rules read these instead of pairing files themselves, so key-match, swapped pairs and files of
 * the wrong kind are checked once for every component.
 */
import type { TlsFileRole } from '../calico/tls-file-groups';
import { paramValue, type ComponentConfig } from '../model/config';
import type { DataEntry } from '../model/data';
import type { MonitorTlsRef } from '../model/monitors';
import { spanOf, type TlsFileSetting } from '../model/tls-files';
import { nodeSpan } from '../parse/tree';
import type { Span } from '../types';
import { certSpki256 } from './cert';
import type { Decoded } from './material';
import { KEY_LABELS } from './pem';
import { m, type Msg } from '../l10n/messages';

/**
 * What reads a reference, and what it does when the bytes are wrong (for messages; the words are
 * messages of l10n/common.ts, group 6).
 */
export interface TlsReader {
  /** "Felix's Typha client in container 'calico-node' (DaemonSet kube-system/calico-node)" */
  readonly who: Msg;
  /** The same at the start of a sentence ("The etcd client in ..."). */
  readonly whoFirst: Msg;
  /** The Go function that loads a certificate/key pair (both fail with the same errors). */
  readonly loader: string;
  readonly onLoadFailure: Msg;
  readonly onCaFailure: Msg;
  /** Whether the CA file is read at all with this configuration. */
  readonly caRead: boolean;
}

/** A certificate, key or CA reference whose bytes the model knows. */
export interface TlsRef {
  /** How the reference is named: FELIX_TYPHACERTFILE, ETCD_KEY_FILE, tlsConfig.keySecret. */
  readonly name: string;
  readonly role: TlsFileRole;
  readonly decoded: Decoded;
  /** Where the reference is written: the value a user changes to name other bytes. */
  readonly at: Span;
  /**
   * What it names, for messages: "'/calico-node-certs/tls.key' (Secret kube-system/x, key tls.key)"
   * (common.ts: pathIn), or for a reference to an object's key "Secret tigera-prometheus/x, key tls.key".
   */
  readonly target: Msg | string;
  readonly reader: TlsReader;
  /** The references loaded together: same owner and group (a Felix's Typha client files ...). */
  readonly pairId: unknown;
  readonly setting: TlsFileSetting | undefined;
  /**
   * Whether `at` holds just the reference's value, so the values of a pair can be swapped there:
   * two references whose `swapWith` are equal (undefined: never).
   */
  readonly swapWith: string | undefined;
}

export interface PairSide {
  /** The reference (FELIX_TYPHACERTFILE) or, for stored pairs, the data key (tls.crt). */
  readonly name: string;
  readonly decoded: Decoded;
  readonly ref: TlsRef | undefined;
}

export interface CertKeyPair {
  readonly source: 'ref' | 'data';
  readonly cert: PairSide;
  readonly key: PairSide;
  /** What loads the pair (reference pairs only). */
  readonly reader: TlsReader | undefined;
}

/** Whether the component reads its CA file with this configuration (calico/tls-file-groups.ts). */
function caRead(t: TlsFileSetting): boolean {
  const when = t.group?.caUsedWhen;
  if (when === undefined) return true;
  if (when === 'unknown' || !('component' in t.owner)) return false;
  const v = paramValue(t.owner as ComponentConfig, when.param);
  return v !== undefined && when.values.includes(v.trim().toLowerCase());
}

const PROMETHEUS_LOAD = m('failPrometheusLoad');
const PROMETHEUS_CA = m('failPrometheusCa');

export function tlsRefs(
  files: readonly TlsFileSetting[],
  monitors: readonly MonitorTlsRef[],
  materialOf: (entry: DataEntry) => Decoded | undefined,
): TlsRef[] {
  const out: TlsRef[] = [];
  const pairIds = new Map<unknown, Map<unknown, object>>();
  const pairId = (owner: unknown, group: unknown) => {
    const ids = pairIds.get(owner) ?? new Map<unknown, object>();
    pairIds.set(owner, ids);
    let id = ids.get(group);
    if (!id) ids.set(group, (id = {}));
    return id;
  };
  for (const t of files) {
    if (!t.group || !t.role || t.at.state !== 'known') continue;
    const decoded = materialOf(t.at.entry);
    if (!decoded) continue;
    out.push({
      name: t.name,
      role: t.role,
      decoded,
      at: spanOf(t),
      target: m('pathIn', { path: t.path, label: decoded.material.label }),
      reader: {
        who: m('readerIn', { purpose: t.group.purpose, label: t.label }),
        whoFirst: m('readerIn', { purpose: t.group.purposeFirst ?? t.group.purpose, label: t.label }),
        loader: t.group.loader,
        onLoadFailure: t.group.onLoadFailure,
        onCaFailure: t.group.onCaFailure,
        caRead: caRead(t),
      },
      pairId: pairId(t.owner, t.group),
      setting: t,
      // A felix.cfg/typha.cfg mounted from a ConfigMap gives its settings the whole file as their
      // span (name and value alike): there is no single value to swap there.
      swapWith:
        t.valueSpan && t.valueSpan.end > t.valueSpan.start && t.valueSpan.start !== t.nameSpan.start
          ? 'value'
          : undefined,
    });
  }
  for (const r of monitors) {
    if (!r.entry) continue;
    const decoded = materialOf(r.entry);
    if (!decoded) continue;
    const mon = r.endpoint.monitor;
    const who = m('readerPrometheus', {
      kind: mon.kind,
      name: `${mon.namespace ? `${mon.namespace}/` : ''}${mon.name ?? '?'}`,
    });
    out.push({
      name: r.field,
      role: r.role,
      decoded,
      at: nodeSpan(mon.file.uri, r.keyNode),
      target: decoded.material.label,
      reader: {
        who,
        whoFirst: who,
        loader: 'tls.X509KeyPair',
        onLoadFailure: PROMETHEUS_LOAD,
        onCaFailure: PROMETHEUS_CA,
        caRead: true,
      },
      pairId: pairId(r.endpoint, 'tlsConfig'),
      setting: undefined,
      // Swapping the `key:` texts renames keys of one object only.
      swapWith: `${r.kind}/${r.name}`,
    });
  }
  return out;
}

/** Data-key names that pair a certificate with its key in one object. */
const DATA_PAIRS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(.*)\.crt$/, (m) => `${m[1]}.key`],
  [/^(.*)cert$/, (m) => `${m[1]}key`],
  [/^(.*)-cert$/, (m) => `${m[1]}-key`],
  [/^cert\.crt$/, () => 'key.key'],
  [/^(.*)\.pem$/, (m) => `${m[1]}-key.pem`],
  [/^(.*)certificate-data$/, (m) => `${m[1]}key-data`],
  [/^etcdCert$/, () => 'etcdKey'],
];

function keyNamesFor(certName: string): string[] {
  const out: string[] = [];
  for (const [re, f] of DATA_PAIRS) {
    const m = certName.match(re);
    if (m) out.push(f(m));
  }
  return out;
}

/** The name a piece of material has in its object: the data key, or the field of an inline value. */
function nameInObject(d: Decoded): string {
  return d.material.field;
}

/** Stored pairs first, then reference pairs (cert-key-mismatch reports a pair read both ways once, as stored). */
export function certKeyPairs(material: readonly Decoded[], refs: readonly TlsRef[]): CertKeyPair[] {
  const out: CertKeyPair[] = [];
  const byOwner = new Map<unknown, Map<string, Decoded>>();
  for (const d of material) {
    const owner = d.material.object;
    if (!owner) continue;
    const m = byOwner.get(owner) ?? new Map<string, Decoded>();
    m.set(nameInObject(d), d);
    byOwner.set(owner, m);
  }
  for (const entries of byOwner.values())
    for (const [name, cert] of entries)
      for (const kn of keyNamesFor(name)) {
        const key = entries.get(kn);
        if (key && key !== cert)
          out.push({
            source: 'data',
            cert: { name, decoded: cert, ref: undefined },
            key: { name: kn, decoded: key, ref: undefined },
            reader: undefined,
          });
      }
  const groups = new Map<unknown, Partial<Record<TlsFileRole, TlsRef>>>();
  for (const r of refs) {
    const g = groups.get(r.pairId) ?? {};
    groups.set(r.pairId, g);
    g[r.role] = r;
  }
  for (const g of groups.values())
    if (g.cert && g.key)
      out.push({
        source: 'ref',
        cert: { name: g.cert.name, decoded: g.cert.decoded, ref: g.cert },
        key: { name: g.key.name, decoded: g.key.decoded, ref: g.key },
        reader: g.cert.reader,
      });
  return out;
}

/** The PEM block types a value holds, in order ([] when it is not PEM). */
export function blockTypes(d: Decoded): string[] {
  return d.classified.kind === 'pem' ? d.classified.blocks.map((b) => b.label) : [];
}

/** Holds a private key and no certificate. */
export function onlyKey(d: Decoded): boolean {
  const t = blockTypes(d);
  return t.some((l) => KEY_LABELS.has(l)) && !t.includes('CERTIFICATE');
}

/** Holds a certificate and no private key. */
export function onlyCert(d: Decoded): boolean {
  const t = blockTypes(d);
  return t.includes('CERTIFICATE') && !t.some((l) => KEY_LABELS.has(l));
}

/** The certificate side holds only a key and the key side only a certificate. */
export function isSwapped(p: CertKeyPair): boolean {
  return onlyKey(p.cert.decoded) && onlyCert(p.key.decoded);
}

/**
 * A reference pair whose files hold what their own names say they hold (a `tls.key` holding a
 * key): the references, not the stored data, are what is wrong. When the data is mislabelled
 * (`tls.crt` holding a key), the object's own pair, or cert-not-pem / private-key-invalid,
 * report it where it is stored.
 */
export function refsAtFault(p: CertKeyPair): boolean {
  return p.source === 'ref' && p.cert.decoded.material.expected !== 'cert' && p.key.decoded.material.expected !== 'key';
}

/**
 * The pairs whose cert and key are swapped, as cert-key-swapped reports them: stored pairs (the
 * values are swapped) and reference pairs whose references are at fault. Rules that would report
 * each half on its own (a certificate field holding a key, a key field holding a certificate)
 * skip these.
 */
export function swappedPairs(pairs: readonly CertKeyPair[]): CertKeyPair[] {
  return pairs.filter((p) => isSwapped(p) && (p.source === 'data' || refsAtFault(p)));
}

/**
 * The certificate settings whose pair cannot be loaded because the key is not the certificate's
 * (by their name's position, `uri:start`): the component never presents that certificate, so
 * what rules would say about it (its identity, usage, issuer) follows from the key mismatch,
 * which cert-key-mismatch reports.
 */
export function unloadableCertSettings(pairs: readonly CertKeyPair[]): Set<string> {
  const out = new Set<string>();
  for (const p of pairs) {
    const s = p.cert.ref?.setting;
    const leaf = p.cert.decoded.certs[0];
    const key = p.key.decoded.keys[0];
    if (!s || !leaf || !key?.info.spki256 || key.info.spki256 === certSpki256(leaf.info)) continue;
    out.add(`${s.nameSpan.uri}:${s.nameSpan.start}`);
  }
  return out;
}
