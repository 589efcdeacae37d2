import { m } from '../l10n/messages';
import { GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';
import { getPair, isScalar, nodeSpan } from '../parse/tree';
import type { ReportFix, Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-insecure-skip-verify',
    category: 'prometheus',
    severity: 'warning',
    fix: 'unsafe',
    description:
      'A ServiceMonitor/PodMonitor scraping Calico with `insecureSkipVerify: true`, so the ' +
      "metrics endpoint's certificate is not checked.",
    why:
      'With insecureSkipVerify Prometheus accepts any certificate, so TLS on the Calico ' +
      'metrics endpoint protects against nothing but passive eavesdropping; the seed ' +
      '("Configure encryption and authentication", Prometheus) offers it only as a way to skip ' +
      'verification. Set `serverName` to a DNS name in the certificate and a CA (`caFile` or ' +
      "`ca`) instead; when the scraped component's certificate is in the workspace, the quick " +
      'fix puts its first DNS name in place. Monitors of other components (kubelet, ' +
      'node-exporter) are not reported.',
    messages: {
      skipVerify:
        '{kind} {name} scrapes {targets} with insecureSkipVerify: true; the metrics certificate is ' +
        'not verified. Set serverName and a CA instead.',
      verify: 'Verify the certificate: replace with serverName: {name}',
      verifyKeepServerName: 'Verify the certificate: set insecureSkipVerify: false (serverName is already {name})',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'monitor.yaml',
              text: serviceMonitor(
                GOOD_ENDPOINT.replace(
                  '        serverName: calico-node-metrics\n',
                  '        insecureSkipVerify: true\n',
                ),
              ),
            },
          ],
        },
      ],
      good: [{ files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }] }],
    },
  },
  check(a, report) {
    for (const ep of a.monitorEndpoints) {
      const p = getPair(ep.tls, 'insecureSkipVerify');
      if (!p || !isScalar(p.value) || p.value.value !== true) continue;
      // Where insecureSkipVerify is written: a kustomize patch's own file when a patch wrote it.
      const { uri } = nodeSpan(ep.monitor.file.uri, p.key);
      const name = a
        .servedCerts(ep.targets)
        .map((c) => c.info.dns[0])
        .find(Boolean);
      // With a serverName already written, the fix keeps it and turns verification on; its title
      // says so (it named a serverName it did not write).
      const written = getPair(ep.tls, 'serverName');
      const writtenName = written && isScalar(written.value) ? String(written.value.value ?? '') : '';
      const fixes: ReportFix[] = name
        ? [
            {
              title: written ? m('verifyKeepServerName', { name: writtenName }) : m('verify', { name }),
              safety: 'unsafe',
              edits: [
                {
                  uri,
                  start: p.key.start,
                  end: p.value.end,
                  newText: written ? 'insecureSkipVerify: false' : `serverName: ${name}`,
                },
              ],
            },
          ]
        : [];
      report({
        fixes,
        span: { uri, start: p.key.start, end: p.value.end },
        message: m('skipVerify', {
          kind: ep.monitor.kind,
          name: ep.monitor.name ?? '?',
          targets: [...ep.targets].join(', '),
        }),
      });
    }
  },
};
