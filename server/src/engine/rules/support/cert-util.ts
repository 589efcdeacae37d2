import { m, type Arg, type Msg } from '../../l10n/messages';
import type { ReportRelated } from '../types';
import type { CertInfo } from '../../certs/cert';
import type { Decoded, DecodedCert } from '../../certs/material';

/** "certificate 'typha-server'" or "certificate 2 of 3 ('calico-ca')" (common.ts: certOne, certOfMany) */
export function certName(d: Decoded, c: DecodedCert): Msg {
  const who = c.info.subjectCN ?? c.info.subject;
  return d.certs.length > 1 ? m('certOfMany', { n: c.index + 1, total: d.certs.length, who }) : m('certOne', { who });
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

export function copiesRelated(copies: readonly CertOccurrence[]): ReportRelated[] {
  return copies.map((o) => ({ span: o.d.material.span, message: m('sameCertIn', { label: o.d.material.label }) }));
}

/** " (also in A; B)" after a certificate named once for all its copies, or nothing. */
export function alsoIn(copies: readonly CertOccurrence[]): Msg | string {
  // The labels are messages: "A; B" is a message per pair (common.ts: listSemicolon), nested.
  const labels = copies
    .map((o) => o.d.material.label)
    .reduceRight<Arg | undefined>(
      (rest, first) => (rest === undefined ? first : m('listSemicolon', { first, rest })),
      undefined,
    );
  return labels === undefined ? '' : m('alsoIn', { labels });
}
