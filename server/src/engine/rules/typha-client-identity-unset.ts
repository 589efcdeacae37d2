import { CERT_EXAMPLES } from './support/cert-examples';
import {
  calicoTypha,
  goodTyphaSetup,
  without,
  configMap,
  secret,
  TYPHA_TLS_ENV,
  TYPHA_TLS_MOUNTS,
} from './support/examples';
import { checkIdentityUnset } from './support/identity-unset';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'typha-client-identity-unset',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description: "Typha has TLS files but neither ClientCN nor ClientURISAN, so it cannot check Felix's identity.",
    why:
      'Typha accepts a Felix client only if its certificate chains to CAFile and its CN equals ' +
      'ClientCN or a URI SAN equals ClientURISAN (CAL typha/pkg/syncserver/sync_server.go). ' +
      'With neither set, Typha\'s Config.Validate() fails ("if any Felix-Typha TLS config ' +
      'parameters are specified, they _all_ must be - except that either ClientCN or ' +
      'ClientURISAN may be left unset") and Typha loops before its health endpoint starts.',
    // Its messages are support/identity-unset.ts's, in l10n/common.ts.
    messages: {},
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-typha.yaml',
              text: calicoTypha(without(TYPHA_TLS_ENV, 'TYPHA_CLIENTCN'), TYPHA_TLS_MOUNTS),
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
    checkIdentityUnset(a, 'typha', report);
  },
};
