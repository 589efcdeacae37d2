import type { CertInfo } from '../../certs/cert';
import type { Decoded, DecodedCert } from '../../certs/material';

/** "certificate 'typha-server'" or "certificate 2 of 3 ('calico-ca')" */
export function certName(d: Decoded, c: DecodedCert): string {
  const who = c.info.subjectCN ?? c.info.subject;
  return d.certs.length > 1 ? `certificate ${c.index + 1} of ${d.certs.length} ('${who}')` : `certificate '${who}'`;
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / 86_400_000);
}

/** Material whose key name or role says it is a trust bundle (CA certificates). */
export function isCaMaterial(d: Decoded): boolean {
  const k = (d.material.dataKey ?? d.material.label).toLowerCase();
  return /(^|[^a-z])ca([^a-z]|$)|cabundle|ca-bundle|typhaca|etcd-ca|cacert|certificate-authority/.test(k) || /caCert|etcdCACert/.test(d.material.label);
}

export function hasEku(c: CertInfo, oid: string): boolean {
  return !c.eku || c.eku.includes(oid) || c.eku.includes('2.5.29.37.0');
}

export interface CertOccurrence {
  readonly d: Decoded;
  readonly c: DecodedCert;
}

/**
 * Each distinct certificate once (by SHA-256 fingerprint), with its other copies: a cluster dump
 * holds the operator's Secrets in tigera-operator and their copies in calico-system, and one
 * expired certificate is one defect. The copy pods mount (calico-system) is reported first.
 */
const distinctCache = new WeakMap<readonly Decoded[], Array<{ first: CertOccurrence; copies: CertOccurrence[] }>>();

export function distinctCerts(material: readonly Decoded[]): Array<{ first: CertOccurrence; copies: CertOccurrence[] }> {
  // Five rules ask for it over the same list (Analysis.material is one array per analysis).
  const hit = distinctCache.get(material);
  if (hit) return hit;
  const by = new Map<string, CertOccurrence[]>();
  // Push, not copy: one CA is often in hundreds of Secrets, and copying the list per copy is quadratic.
  for (const d of material) {
    for (const c of d.certs) {
      const list = by.get(c.info.fingerprint256);
      if (list) list.push({ d, c });
      else by.set(c.info.fingerprint256, [{ d, c }]);
    }
  }
  const rank = (o: CertOccurrence) => (o.d.material.object?.namespace === 'tigera-operator' ? 1 : 0);
  const out = [...by.values()].map((list) => {
    const sorted = [...list].sort((x, y) => rank(x) - rank(y));
    return { first: sorted[0]!, copies: sorted.slice(1) };
  });
  distinctCache.set(material, out);
  return out;
}

export function copiesRelated(copies: readonly CertOccurrence[]): Array<{ span: Decoded['material']['span']; message: string }> {
  return copies.map((o) => ({ span: o.d.material.span, message: `the same certificate in ${o.d.material.label}` }));
}
