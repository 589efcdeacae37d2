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
  return (
    /(^|[^a-z])ca([^a-z]|$)|cabundle|ca-bundle|typhaca|etcd-ca|cacert|certificate-authority/.test(k) ||
    /caCert|etcdCACert/.test(d.material.label)
  );
}

export function hasEku(c: CertInfo, oid: string): boolean {
  return !c.eku || c.eku.includes(oid) || c.eku.includes('2.5.29.37.0');
}

export type { CertOccurrence } from '../../certs/views';
import type { CertOccurrence } from '../../certs/views';

export function copiesRelated(
  copies: readonly CertOccurrence[],
): Array<{ span: Decoded['material']['span']; message: string }> {
  return copies.map((o) => ({ span: o.d.material.span, message: `the same certificate in ${o.d.material.label}` }));
}
