/**
 * Every certificate/key pair the model resolves to bytes, in one list (`Analysis.certKeyPairs`):
 *  - pairs a component loads together through its settings (FELIX_TYPHACERTFILE with
 *    FELIX_TYPHAKEYFILE, TYPHA_SERVERCERTFILE with TYPHA_SERVERKEYFILE, ETCD_CERT_FILE with
 *    ETCD_KEY_FILE, the Prometheus metrics and reporter pairs ...), each file followed through
 *    path -> volumeMount -> volume -> Secret/ConfigMap key (model/tls-files.ts);
 *  - pairs stored side by side in one object and named as a pair (tls.crt/tls.key,
 *    etcd-cert/etcd-key, cert/key, CalicoAPIConfig etcdCert/etcdKey, kubeconfig
 *    client-certificate-data/client-key-data): what the operator, a mounting pod or calicoctl reads.
 * Rules read the pairs instead of pairing files themselves: key-match, swapped pairs and files of
 * the wrong kind are then checked once for every component.
 */
import type { TlsFileGroup } from '../calico/tls-file-groups';
import type { TlsFilePair, TlsFileSetting } from '../model/tls-files';
import type { DataEntry } from '../model/data';
import type { Decoded } from './material';
import { KEY_LABELS } from './pem';

export interface PairSide {
  /** How the side is named: the setting (FELIX_TYPHACERTFILE) or the data key (tls.crt). */
  readonly name: string;
  readonly decoded: Decoded;
  /** The setting that names the file (setting pairs only). */
  readonly setting: TlsFileSetting | undefined;
}

export interface CertKeyPair {
  readonly source: 'setting' | 'data';
  /** What loads the pair (setting pairs only). */
  readonly group: TlsFileGroup | undefined;
  readonly cert: PairSide;
  readonly key: PairSide;
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
  return d.material.dataKey ?? d.material.label.split(', ').pop() ?? '';
}

export function certKeyPairs(
  material: readonly Decoded[],
  filePairs: readonly TlsFilePair[],
  materialOf: (entry: DataEntry) => Decoded | undefined,
): CertKeyPair[] {
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
            group: undefined,
            cert: { name, decoded: cert, setting: undefined },
            key: { name: kn, decoded: key, setting: undefined },
          });
      }
  for (const p of filePairs) {
    if (p.cert.at.state !== 'known' || p.key.at.state !== 'known') continue;
    const cert = materialOf(p.cert.at.entry);
    const key = materialOf(p.key.at.entry);
    if (!cert || !key) continue;
    out.push({
      source: 'setting',
      group: p.group,
      cert: { name: p.cert.name, decoded: cert, setting: p.cert },
      key: { name: p.key.name, decoded: key, setting: p.key },
    });
  }
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
 * A setting pair whose files hold what their own names say they hold (a `tls.key` holding a key):
 * the settings, not the stored data, are what is wrong. When the data is mislabelled (`tls.crt`
 * holding a key), the object's own pair, or cert-not-pem / private-key-invalid, report it there.
 */
export function settingsAtFault(p: CertKeyPair): boolean {
  return (
    p.source === 'setting' && p.cert.decoded.material.expected !== 'cert' && p.key.decoded.material.expected !== 'key'
  );
}

/**
 * The pairs whose cert and key are swapped, as they are reported: data pairs (the stored values
 * are swapped) and setting pairs whose settings are at fault. Rules that would report each half
 * on its own (a certificate field holding a key, a key field holding a certificate) skip these.
 */
export function swappedPairs(pairs: readonly CertKeyPair[]): CertKeyPair[] {
  return pairs.filter((p) => isSwapped(p) && (p.source === 'data' || settingsAtFault(p)));
}
