import { CERT_EXAMPLES } from './support/cert-examples';
import {
  calicoNode,
  FELIX_TLS_MOUNTS,
  goodTyphaSetup,
  secret,
  without,
  FELIX_TLS_ENV,
  configMap,
} from './support/examples';
import { checkTlsIncomplete } from './support/tls-incomplete';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'felix-typha-tls-incomplete',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description: 'Felix has some Typha TLS settings but not all three of TyphaCAFile, TyphaCertFile and TyphaKeyFile.',
    why:
      "Felix's Config.Validate() (CAL felix/config/config_params.go) requires, as soon as any " +
      'of TyphaCAFile, TyphaCertFile, TyphaKeyFile, TyphaCN or TyphaURISAN is set, that all ' +
      'three files are set. Otherwise it logs "Failed to parse/validate configuration from ' +
      'datastore." with "if any Felix-Typha TLS config parameters are specified, they _all_ ' +
      'must be - except that either TyphaCN or TyphaURISAN may be left unset", stays not-ready ' +
      'and restarts about every minute (rc 129). confd, allocateip and nodestatus in the same ' +
      'pod fail fatally with "Invalid options". The quick fix offers the path of a mounted ' +
      'Secret or ConfigMap key whose name fits the missing file.',
    // Its messages are support/tls-incomplete.ts's, in l10n/common.ts.
    messages: {},
    examples: {
      bad: [
        {
          note: 'The key file is missing.',
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(without(FELIX_TLS_ENV, 'FELIX_TYPHAKEYFILE'), FELIX_TLS_MOUNTS),
            },
            {
              name: 'certs.yaml',
              text: [
                configMap('calico-typha-ca', { 'ca.crt': CERT_EXAMPLES.caCert }),
                secret('calico-node-certs', ['tls.crt', 'tls.key']),
              ].join('---\n'),
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    checkTlsIncomplete(a, 'felix', report);
  },
};
