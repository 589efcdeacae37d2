import { m } from '../l10n/messages';
import { GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';
import { nodeSpan, getPair, isScalar } from '../parse/tree';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-https-without-ca',
    category: 'prometheus',
    severity: 'warning',
    description:
      'An HTTPS scrape of a Calico metrics endpoint with no CA (`caFile` or `ca`) and ' +
      'verification on, so only the system roots are trusted.',
    why:
      "Calico's metrics certificates come from a private CA (the operator's tigera-ca-bundle " +
      'or your own, seed "Configure encryption and authentication"); without a CA in ' +
      'tlsConfig, Prometheus verifies against the system roots and every scrape fails with ' +
      '"x509: certificate signed by unknown authority" (fact sheet 1f).',
    messages: {
      noCa:
        '{kind} {name} scrapes {targets} over HTTPS without a CA (caFile or ca); only the system ' +
        "roots are trusted, which do not hold Calico's CA.",
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'monitor.yaml',
              text: serviceMonitor(GOOD_ENDPOINT.replace('        caFile: /etc/prometheus/secrets/certs/ca.pem\n', '')),
            },
          ],
        },
      ],
      good: [{ files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }] }],
    },
  },
  check(a, report) {
    for (const ep of a.monitorEndpoints) {
      const s = ep.scheme && isScalar(ep.scheme.value) ? ep.scheme.value : undefined;
      if (!((s && /^https$/i.test(s.text)) || ep.relabelsToHttps)) continue;
      if (getPair(ep.tls, 'caFile') || getPair(ep.tls, 'ca')) continue;
      // A key a template writes may be the CA.
      if (ep.tls?.pairs.some((p) => p.key.templated)) continue;
      // A near-miss (`caFlie`, `tlsconfig`) means a CA was meant: crd-field-invalid reports it,
      // with this consequence folded in (analyze.ts).
      if (a.crdNearMiss(ep.tls, 'caFile') || a.crdNearMiss(ep.tls, 'ca') || a.crdNearMiss(ep.node, 'tlsConfig'))
        continue;
      // So does a CA written one level too high, beside tlsConfig: crd-field-invalid moves it.
      if (a.crdMisplaced(ep.node, 'tlsConfig', 'caFile') || a.crdMisplaced(ep.node, 'tlsConfig', 'ca')) continue;
      const skip = getPair(ep.tls, 'insecureSkipVerify');
      if (skip && isScalar(skip.value) && skip.value.value === true) continue;
      const at = ep.tlsPair?.key ?? ep.scheme?.key ?? ep.node.pairs[0]?.key;
      if (!at) continue;
      report({
        span: nodeSpan(ep.monitor.file.uri, at),
        message: m('noCa', {
          kind: ep.monitor.kind,
          name: ep.monitor.name ?? '?',
          targets: [...ep.targets].join(', '),
        }),
      });
    }
  },
};
