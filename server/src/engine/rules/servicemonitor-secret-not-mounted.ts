import { m } from '../l10n/messages';
import { quotedList } from './support/util';
import { GOOD_ENDPOINT, PROMETHEUS, serviceMonitor } from './support/monitor-examples';
import { prometheusResources } from '../model/monitors';
import { nodeSpan, getPair, isScalar } from '../parse/tree';
import type { Rule } from './types';

const SECRETS_DIR = /^\/etc\/prometheus\/secrets\/([^/]+)\/(.+)$/;

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-secret-not-mounted',
    category: 'prometheus',
    severity: 'error',
    // The Secret's keys (the monitors and Prometheus resources come from model/monitors.ts).
    reads: { kinds: ['Secret'] },
    description:
      'A tlsConfig caFile/certFile/keyFile under /etc/prometheus/secrets/<name>/ when the ' +
      'Prometheus resource does not list <name> in spec.secrets, or that Secret lacks the key; ' +
      'or file paths where Prometheus forbids them.',
    why:
      "The file paths in a ServiceMonitor's tlsConfig are read inside the Prometheus pod. " +
      'prometheus-operator mounts each Secret listed in Prometheus.spec.secrets at ' +
      '/etc/prometheus/secrets/<secret-name>/ (PO pkg/prometheus/common.go), and nothing else ' +
      'is there: a Secret missing from the list, or a key missing from the Secret, means the ' +
      'scrape fails on a missing file. With spec.arbitraryFSAccessThroughSMs.deny the operator ' +
      'rejects the monitor outright ("it accesses file system via tls config which Prometheus ' +
      'specification prohibits"). The seed shows the three pieces together. Checked only when ' +
      'a Prometheus resource is in the workspace.',
    messages: {
      filesDenied:
        'Prometheus {prometheus} sets arbitraryFSAccessThroughSMs.deny, so the operator rejects this ' +
        '{kind} ("it accesses file system via tls config which Prometheus specification prohibits"); ' +
        'use {instead} instead.',
      secretNotListed:
        "{field} points into Secret '{secret}', but Prometheus {prometheuses} does not list it in " +
        'spec.secrets, so nothing is mounted at /etc/prometheus/secrets/{secret}/.',
      prometheusResource: 'Prometheus {name}',
      keyMissing:
        "{field} names key '{key}' of Secret '{secret}', which has {keys}; the file does not exist in " +
        'the Prometheus pod.',
      secretObject: 'Secret {name}',
    },
    examples: {
      bad: [
        {
          files: [
            { name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) },
            { name: 'prometheus.yaml', text: PROMETHEUS.replace('    - certs\n', '    - other-certs\n') },
          ],
        },
      ],
      good: [
        {
          files: [
            { name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) },
            { name: 'prometheus.yaml', text: PROMETHEUS },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const proms = prometheusResources(a.ws);
    if (!proms.length) return;
    for (const ep of a.monitorEndpoints) {
      // Which Prometheus picks the monitor up is a label-selector question; judge it against all
      // of them and report only what is wrong for every one.
      const candidates = proms.filter(
        (p) => !p.prometheus.namespace || !ep.monitor.namespace || p.prometheus.namespace === ep.monitor.namespace,
      );
      const ps = candidates.length ? candidates : proms;
      for (const f of ['caFile', 'certFile', 'keyFile']) {
        const pair = getPair(ep.tls, f);
        if (!pair || !isScalar(pair.value) || pair.value.templated) continue;
        const span = nodeSpan(ep.monitor.file.uri, pair.value);
        if (ps.every((p) => p.denyFiles)) {
          report({
            span,
            message: m('filesDenied', {
              prometheus: ps[0]!.prometheus.name ?? '?',
              kind: ep.monitor.kind,
              instead: f === 'keyFile' ? 'keySecret' : f.replace('File', ''),
            }),
          });
          continue;
        }
        const inSecrets = SECRETS_DIR.exec(pair.value.text);
        if (!inSecrets) continue;
        const [, secret, key] = inSecrets as unknown as [string, string, string];
        if (ps.every((p) => !p.secrets.has(secret))) {
          report({
            span,
            message: m('secretNotListed', {
              field: f,
              secret,
              prometheuses: ps.map((p) => p.prometheus.name ?? '?').join(', '),
            }),
            related: ps.map((p) => ({
              span: nodeSpan(p.prometheus.file.uri, p.prometheus.nameNode ?? p.prometheus.kindNode),
              message: m('prometheusResource', { name: p.prometheus.name ?? '?' }),
            })),
          });
          continue;
        }
        const s = a.ws.findObject('Secret', secret, ps[0]!.prometheus.namespace);
        if (s && a.ws.data(s).size && !a.ws.data(s).has(key)) {
          report({
            span,
            message: m('keyMissing', {
              field: f,
              key,
              secret,
              keys: quotedList([...a.ws.data(s).keys()]),
            }),
            related: [
              {
                span: nodeSpan(s.file.uri, s.nameNode ?? s.kindNode),
                message: m('secretObject', { name: secret }),
              },
            ],
          });
        }
      }
    }
  },
};
