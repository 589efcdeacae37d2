import { issuedBy } from './cert';
import type { Decoded, DecodedCert } from './material';

/**
 * Whether the first certificate of `leaf` chains to a certificate of `bundle`, using the other
 * certificates of the leaf's file as intermediates (as Go's TLS stack does with the presented
 * chain). The bundle is the only trust anchor: Calico adds no system roots (CAL
 * typha/pkg/tlsutils/tlsutils.go).
 */
export function chainsTo(leaf: Decoded, bundle: Decoded): boolean {
  const first = leaf.certs[0];
  if (!first) return false;
  const roots = bundle.certs;
  if (roots.some((r) => r.info.fingerprint256 === first.info.fingerprint256)) return true;
  let current: DecodedCert = first;
  const seen = new Set<string>();
  for (let depth = 0; depth < 6; depth++) {
    if (roots.some((r) => issuedBy(current.info, r.info))) return true;
    seen.add(current.info.fingerprint256);
    const next = leaf.certs.slice(1).find((c) => !seen.has(c.info.fingerprint256) && issuedBy(current.info, c.info));
    if (!next) return false;
    current = next;
  }
  return false;
}
