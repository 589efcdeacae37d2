import { m } from '../l10n/messages';
import { GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';
import { isScalar, nodeSpan } from '../parse/tree';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-tls-ignored',
    category: 'prometheus',
    severity: 'warning',
    fix: 'safe',
    description:
      'A ServiceMonitor/PodMonitor endpoint with a tlsConfig but no `scheme: https`, so ' +
      'Prometheus scrapes plain HTTP and the TLS settings do nothing.',
    why:
      'prometheus-operator renders `scheme` as the scrape scheme, and an unset scheme means ' +
      'http; tlsConfig only applies to HTTPS scrapes (PO pkg/apis/monitoring/v1/types.go; fact ' +
      'sheet 1f). The seed says to "change the endpoint scheme to use TLS by specifying ' +
      'scheme: https". (The operator\'s own monitor selects HTTPS by relabeling __scheme__, ' +
      'which is also accepted.) Against an HTTPS-only Calico metrics port the scrape then ' +
      'fails.',
    messages: {
      schemeHttp:
        "{kind} {name}: the endpoint has a tlsConfig but its scheme is '{scheme}', so Prometheus " +
        'scrapes plain HTTP and ignores the TLS settings.',
      schemeUnset:
        '{kind} {name}: the endpoint has a tlsConfig but its scheme is unset (http), so Prometheus ' +
        'scrapes plain HTTP and ignores the TLS settings.',
      setScheme: 'Set scheme: https',
      addScheme: 'Add scheme: https',
    },
    examples: {
      bad: [
        { files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT.replace('      scheme: https\n', '')) }] },
      ],
      good: [{ files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }] }],
    },
  },
  check(a, report) {
    for (const ep of a.monitorEndpoints) {
      if (!ep.tls || !ep.tlsPair || ep.tls.pairs.length === 0 || ep.relabelsToHttps) continue;
      const s = ep.scheme && isScalar(ep.scheme.value) ? ep.scheme.value : undefined;
      if (s?.templated || (s && /^https$/i.test(s.text))) continue;
      // A value the CRD does not allow (`htps`) makes the API server reject the monitor, and a
      // near-miss of the key (`shceme`) means a scheme was meant: crd-field-invalid reports both.
      if (s && !['http', 'HTTP'].includes(s.text)) continue;
      if (!ep.scheme && a.crdNearMiss(ep.node, 'scheme')) continue;
      // The scheme, or the tlsConfig key the missing scheme goes beside, where it is written: a
      // kustomize patch's own file when a patch wrote it (nodeSpan), never the base's offsets.
      const span = nodeSpan(ep.monitor.file.uri, s ?? ep.tlsPair.key);
      const uri = span.uri;
      const file = a.file(uri)!;
      const fix = s
        ? { ...span, newText: 'https' }
        : (() => {
            const pos = file.lines.positionAt(span.start);
            const at = file.lines.lineStart(pos.line);
            return {
              uri,
              start: at,
              end: at,
              newText: `${' '.repeat(pos.character)}scheme: https${file.text.includes('\r\n') ? '\r\n' : '\n'}`,
            };
          })();
      report({
        span,
        message: s
          ? m('schemeHttp', { kind: ep.monitor.kind, name: ep.monitor.name ?? '?', scheme: s.text })
          : m('schemeUnset', { kind: ep.monitor.kind, name: ep.monitor.name ?? '?' }),
        fixes: [{ title: m(s ? 'setScheme' : 'addScheme'), safety: 'safe', edits: [fix] }],
      });
    }
  },
};
