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

export { isCaMaterial } from '../../certs/leaf';

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
