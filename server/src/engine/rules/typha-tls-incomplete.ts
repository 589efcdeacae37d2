import { CERT_EXAMPLES } from './support/cert-examples';
import {
  calicoTypha,
  goodTyphaSetup,
  secret,
  without,
  configMap,
  TYPHA_TLS_ENV,
  TYPHA_TLS_MOUNTS,
} from './support/examples';
import { checkTlsIncomplete } from './support/tls-incomplete';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'typha-tls-incomplete',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description: 'Typha has some TLS settings but not all three of CAFile, ServerCertFile and ServerKeyFile.',
    why:
      "Typha's Config.Validate() (CAL typha/pkg/config/config_params.go) requires all three " +
      'files as soon as any of CAFile, ServerCertFile, ServerKeyFile, ClientCN or ClientURISAN ' +
      'is set ("if any Felix-Typha TLS config parameters are specified, they _all_ must be - ' +
      'except that either ClientCN or ClientURISAN may be left unset"). Typha then retries ' +
      'every second before its health server starts, so its liveness probe fails and the ' +
      'kubelet restarts it. The OSS docs call ServerKeyFile "optional"; it is not (fact sheet, ' +
      'section 3).',
    // Its messages are support/tls-incomplete.ts's, in l10n/common.ts.
    messages: {},
    examples: {
      bad: [
        {
          note: 'ServerKeyFile left out, as the docs\' "(optional)" suggests.',
          files: [
            {
              name: 'calico-typha.yaml',
              text: calicoTypha(without(TYPHA_TLS_ENV, 'TYPHA_SERVERKEYFILE'), TYPHA_TLS_MOUNTS),
            },
            {
              name: 'certs.yaml',
              text: [
                configMap('calico-typha-ca', { 'ca.crt': CERT_EXAMPLES.caCert }),
                secret('calico-typha-certs', ['tls.crt', 'tls.key']),
              ].join('---\n'),
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    checkTlsIncomplete(a, 'typha', report);
  },
};
