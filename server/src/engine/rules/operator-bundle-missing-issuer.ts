import type { Decoded } from '../certs/material';
import { CERT_EXAMPLES } from './support/cert-examples';
import { chainsTo } from '../certs/trust';
import type { Rule } from './types';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { quotedList } from './support/util';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const DUMP = (leaf: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: tigera-ca-bundle
  namespace: calico-system
data:
  tigera-ca-bundle.crt: ${JSON.stringify(CERT_EXAMPLES.operatorSignerCert)}
---
apiVersion: v1
kind: Secret
metadata:
  name: node-certs
  namespace: calico-system
data:
  tls.crt: ${b64(leaf)}
`;

const LEAVES = new Set(['typha-certs', 'node-certs', 'typha-certs-noncluster-host', 'node-certs-noncluster-host']);

export const rule: Rule = {
  meta: {
    id: 'operator-bundle-missing-issuer',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Secret', 'ConfigMap'] },
    description:
      'In an operator-installed cluster, a typha-certs/node-certs certificate whose issuer is ' +
      'not in the tigera-ca-bundle the pods trust.',
    why:
      'The operator mounts ConfigMap tigera-ca-bundle at /etc/pki/tls/certs/ and points ' +
      'FELIX_TYPHACAFILE and TYPHA_CAFILE at tigera-ca-bundle.crt (OP pkg/render/node.go, ' +
      'typha.go; fact sheet 1e). Felix and Typha trust only that file, so a certificate whose ' +
      'issuer is not in it (a BYO certificate without its CA in typha-ca, a signer left from ' +
      'an older install) is rejected with "certificate signed by unknown authority" ' +
      '(real-failures.md #5, #6). Checked on dumps without the workloads; when calico-node and ' +
      'calico-typha are in the dump, typha-cert-untrusted reports it on the setting instead.',
    messages: {
      notInBundle:
        "{label}: issuer '{issuer}' of '{cert}' is not in {bundle} (it holds {holds}); Felix and Typha, " +
        'which trust only that bundle, reject it.',
      trustedBundle: 'the trusted bundle',
    },
    examples: {
      bad: [{ files: [{ name: 'dump.yaml', text: DUMP(CERT_EXAMPLES.byoTyphaCert) }] }],
      good: [{ files: [{ name: 'dump.yaml', text: DUMP(CERT_EXAMPLES.operatorTyphaCert) }] }],
    },
  },
  check(a, report) {
    const bundles = a.material.filter(
      (d) =>
        d.material.object?.kind === 'ConfigMap' &&
        d.material.object.name === 'tigera-ca-bundle' &&
        /^(tigera-ca-bundle\.crt|ca\.crt)$/.test(d.material.dataKey ?? '') &&
        d.certs.length,
    );
    if (!bundles.length) return;
    // Secrets some Felix/Typha container of the workspace mounts: typha-cert-untrusted judges those.
    const mounted = new Set<string>();
    for (const w of a.ws.workloads)
      for (const v of w.volumes.values())
        if (v.source.type === 'secret' && v.source.name) mounted.add(`${w.object.namespace ?? ''}/${v.source.name}`);
    for (const d of a.material) {
      const o = d.material.object;
      if (
        o?.kind !== 'Secret' ||
        !LEAVES.has(o.name ?? '') ||
        o.namespace !== 'calico-system' ||
        !/^(tls\.crt|cert|cert\.crt)$/.test(d.material.dataKey ?? '')
      )
        continue;
      const leaf = leafOf(d);
      if (!leaf || mounted.has(`calico-system/${o.name}`)) continue;
      const bundle: Decoded | undefined =
        bundles.find((b) => b.material.object!.namespace === 'calico-system') ?? bundles[0];
      if (!bundle || chainsTo(d, bundle)) continue;
      report({
        span: d.material.span,
        message: m('notInBundle', {
          label: d.material.label,
          issuer: leaf.info.issuerCN ?? leaf.info.issuer,
          cert: leaf.info.subjectCN ?? leaf.info.subject,
          bundle: bundle.material.label,
          holds: quotedList(bundle.certs.map((c) => c.info.subjectCN ?? c.info.subject)),
        }),
        related: [{ span: bundle.material.span, message: m('trustedBundle') }],
      });
    }
  },
};
