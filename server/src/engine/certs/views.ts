/**
 * Certificate views several rules share, computed from the analysis' material and
 * configurations (`Analysis.distinctCerts`, `Analysis.servedCerts` keep them per analysis).
 */
import type { ComponentConfig } from '../model/config';
import type { CertInfo } from './cert';
import type { Decoded, DecodedCert } from './material';
import type { ParamMaterial } from './param-material';
import { leafOf } from './leaf';
import type { Label } from '../l10n/messages';

export interface CertOccurrence {
  readonly d: Decoded;
  readonly c: DecodedCert;
}

/**
 * Each distinct certificate once (by SHA-256 fingerprint), with its other copies: a cluster dump
 * holds the operator's Secrets in tigera-operator and their copies in calico-system, and one
 * expired certificate is one defect. The copy pods mount (calico-system) is reported first.
 */
export function distinctCerts(
  material: readonly Decoded[],
): Array<{ first: CertOccurrence; copies: CertOccurrence[] }> {
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
  return [...by.values()].map((list) => {
    const sorted = [...list].sort((x, y) => rank(x) - rank(y));
    return { first: sorted[0]!, copies: sorted.slice(1) };
  });
}

const CERT_PARAMS = ['PrometheusReporterCertFile', 'PrometheusMetricsCertFile'];

/** The metrics certificates served by the scraped components, followed from their env to the Secret. */
export type Served = Array<{ info: CertInfo; label: Label; span: { uri: string; start: number; end: number } }>;

export function servedCerts(
  configs: readonly ComponentConfig[],
  materialOf: (cfg: ComponentConfig, param: string) => ParamMaterial | undefined,
  targets: ReadonlySet<string>,
): Served {
  const out: Served = [];
  for (const cfg of configs) {
    const c = cfg.container;
    if (!c) continue;
    const who = c.workload.labels.get('k8s-app') ?? c.workload.object.name ?? '';
    const name = cfg.component === 'felix' ? 'calico-node' : 'calico-typha';
    if (![...targets].some((t) => t === who || t === name || t.includes(name) || name.includes(t))) continue;
    for (const p of CERT_PARAMS) {
      const pm = materialOf(cfg, p);
      const leaf = leafOf(pm?.decoded);
      if (pm && leaf) out.push({ info: leaf.info, label: pm.decoded.material.label, span: pm.decoded.material.span });
    }
  }
  return out;
}
