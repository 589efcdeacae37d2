import { m } from '../l10n/messages';
import { nodeSpan, getPair, isScalar } from '../parse/tree';
import type { ReportFix, Rule } from './types';
import { calicoNodeWithMetricsTls, GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-servername-mismatch',
    category: 'prometheus',
    severity: 'error',
    fix: 'unsafe',
    description:
      'A ServiceMonitor `tlsConfig.serverName` that is not a DNS or IP SAN of the certificate ' +
      'the scraped Calico component serves.',
    why:
      "Prometheus verifies the metrics certificate against tlsConfig.serverName with Go's TLS " +
      'stack, which matches only subject alternative names: a name that appears only as the ' +
      'Common Name is rejected ("x509: certificate relies on legacy Common Name field") and ' +
      'any other name fails ("certificate is valid for X, not Y"). The seed\'s advice to set ' +
      'serverName to "the common name" works only when that name is also a DNS SAN. The ' +
      'certificate is followed from FELIX_PROMETHEUSREPORTERCERTFILE / ' +
      'FELIX_PROMETHEUSMETRICSCERTFILE through the mount to its Secret; the quick fix offers ' +
      'the names the certificate has.',
    messages: {
      cnOnly:
        "serverName '{name}' is only the Common Name of the metrics certificate ({cert}); Go ignores " +
        'the CN, so verification fails. Its SANs are {sans}.',
      cnOnlyNoSans:
        "serverName '{name}' is only the Common Name of the metrics certificate ({cert}); Go ignores " +
        'the CN, so verification fails. It has no SANs: reissue it with a DNS SAN.',
      notInCert:
        "serverName '{name}' is not in the metrics certificate served by {targets} ({cert}), whose " +
        'names are {sans}; Prometheus fails with "certificate is valid for ..., not {name}".',
      notInCertNoSans:
        "serverName '{name}' is not in the metrics certificate served by {targets} ({cert}), whose " +
        'names are none (no SANs); Prometheus fails with "certificate is valid for ..., not {name}".',
      metricsCert: 'the metrics certificate',
      setServerName: 'Set serverName to {name}',
    },
    examples: {
      bad: [
        {
          note: 'The certificate names calico-node-metrics; the monitor expects calico-node.',
          files: [
            {
              name: 'monitor.yaml',
              text: serviceMonitor(GOOD_ENDPOINT.replace('serverName: calico-node-metrics', 'serverName: calico-node')),
            },
            ...calicoNodeWithMetricsTls(),
          ],
        },
      ],
      good: [{ files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }, ...calicoNodeWithMetricsTls()] }],
    },
  },
  check(a, report) {
    for (const ep of a.monitorEndpoints) {
      const p = getPair(ep.tls, 'serverName');
      if (!p || !isScalar(p.value) || p.value.templated) continue;
      const name = p.value.text;
      const certs = a.servedCerts(ep.targets);
      if (!certs.length) continue;
      for (const c of certs) {
        if (c.info.dns.includes(name) || c.info.ips.includes(name)) continue;
        const cnOnly = c.info.subjectCN === name;
        const names = [...c.info.dns, ...c.info.ips];
        const span = nodeSpan(ep.monitor.file.uri, p.value);
        const fixes: ReportFix[] = names.map((n) => ({
          title: m('setServerName', { name: n }),
          safety: 'unsafe',
          edits: [{ ...nodeSpan(span.uri, span), newText: n }],
        }));
        report({
          span,
          message: cnOnly
            ? m(names.length ? 'cnOnly' : 'cnOnlyNoSans', { name, cert: c.label, sans: names.join(', ') })
            : m(names.length ? 'notInCert' : 'notInCertNoSans', {
                name,
                targets: [...ep.targets].join(', '),
                cert: c.label,
                sans: names.join(', '),
              }),
          related: [{ span: c.span, message: m('metricsCert') }],
          fixes,
        });
        break;
      }
    }
  },
};
