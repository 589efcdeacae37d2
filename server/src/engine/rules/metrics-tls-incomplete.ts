import { paramState, paramValue, type ComponentConfig } from '../model/config';
import { calicoNode } from './support/examples';
import { displayName } from './support/util';
import { notSetClause, setClause } from './support/tls-incomplete';
import { m } from '../l10n/messages';
import type { Rule } from './types';

/** The metrics endpoints whose HTTPS needs cert, key and CA (fact sheet 1f). */
const GROUPS = [
  {
    enabled: 'PrometheusMetricsEnabled',
    files: ['PrometheusMetricsCertFile', 'PrometheusMetricsKeyFile', 'PrometheusMetricsCAFile'],
    components: ['felix', 'typha'],
  },
  {
    enabled: 'PrometheusReporterEnabled',
    files: ['PrometheusReporterCertFile', 'PrometheusReporterKeyFile', 'PrometheusReporterCAFile'],
    components: ['felix'],
  },
] as const;

/**
 * Whether a boolean parameter is on. Unset, unknown (templated, not in the workspace) and `none`
 * all read as off, so the rule stays quiet: paramValue gives no value for the first two and ''
 * for `none`.
 */
function enabled(cfg: ComponentConfig, p: string): boolean {
  // Felix's BoolParam.Parse (felix/config/param_types.go): true, 1, yes, y, t, any case; "on" is
  // "invalid boolean", so it never turns metrics on.
  return /^(true|t|1|yes|y)$/i.test((paramValue(cfg, p) ?? '').trim());
}

export const rule: Rule = {
  meta: {
    id: 'metrics-tls-incomplete',
    category: 'prometheus',
    severity: 'error',
    description:
      'Felix/Typha metrics over HTTPS without all three of certificate, key and CA file ' +
      '(PrometheusMetrics*File, Enterprise PrometheusReporter*File).',
    why:
      'Felix and Typha serve /metrics over HTTPS when metrics are enabled and a certificate or ' +
      'key file is set; that path calls NewMutualTLSConfig(cert, key, ca), which always reads ' +
      'the CA file, even with ClientAuth NoClientCert. Without a readable CA (or with only one ' +
      'of cert and key) the HTTPS server does not start, there is no fallback to HTTP, and the ' +
      'error is logged at INFO only: "Error starting metrics https server." (CAL ' +
      'felix/daemon/daemon.go, libcalico-go/lib/metricsserver/metrics_server.go; fact sheet ' +
      '1f). Prometheus then sees the target down.',
    messages: {
      incomplete:
        'Metrics HTTPS in {label} is incomplete: {set} but {missing}. The HTTPS metrics server does not start ' +
        '(logged at INFO: "Error starting metrics https server."){caNote}.',
      caNote: '; the CA file is read even with NoClientCert',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                {
                  FELIX_PROMETHEUSMETRICSENABLED: 'true',
                  FELIX_PROMETHEUSMETRICSCERTFILE: '/etc/ssl/certs/metrics.crt',
                  FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
                },
                [],
                'calico/node:v3.32.0',
              ),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                {
                  FELIX_PROMETHEUSMETRICSENABLED: 'true',
                  FELIX_PROMETHEUSMETRICSCERTFILE: '/etc/ssl/certs/metrics.crt',
                  FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
                  FELIX_PROMETHEUSMETRICSCAFILE: '/etc/ssl/certs/ca.crt',
                },
                [],
                'calico/node:v3.32.0',
              ),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      for (const g of GROUPS) {
        if (!(g.components as readonly string[]).includes(cfg.component)) continue;
        const [cert, key, ca] = g.files;
        const states = g.files.map((f) => paramState(cfg, f));
        if (states.includes('unknown')) continue;
        const set = g.files.filter((_, i) => states[i] === 'set');
        // HTTPS is chosen only when a certificate or key file is set (the CA alone does not).
        if (!set.includes(cert) && !set.includes(key)) continue;
        if (!enabled(cfg, g.enabled)) continue;
        const missing = g.files.filter((f) => !set.includes(f));
        if (!missing.length) continue;
        const first = cfg.effective.get(set[0]!.toLowerCase())!;
        report({
          span: first.nameSpan,
          // The clauses and the related message are the TLS groups' (common.ts, support/tls-incomplete.ts).
          message: m('incomplete', {
            label: cfg.label,
            set: setClause(set.map((f) => displayName(cfg, f))),
            missing: notSetClause(missing.map((f) => displayName(cfg, f))),
            caNote: missing.includes(ca) && missing.length === 1 ? m('caNote') : '',
          }),
          related: set.slice(1).map((f) => ({
            span: cfg.effective.get(f.toLowerCase())!.nameSpan,
            message: m('tlsSetHere', { param: displayName(cfg, f) }),
          })),
        });
      }
    }
  },
};
