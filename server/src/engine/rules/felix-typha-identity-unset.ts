import { CERT_EXAMPLES } from './support/cert-examples';
import {
  calicoNode,
  FELIX_TLS_ENV,
  FELIX_TLS_MOUNTS,
  goodTyphaSetup,
  without,
  configMap,
  secret,
} from './support/examples';
import { checkIdentityUnset } from './support/identity-unset';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'felix-typha-identity-unset',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description: "Felix has Typha TLS files but neither TyphaCN nor TyphaURISAN, so it cannot check Typha's identity.",
    why:
      "Felix checks Typha's certificate against TyphaCN (exact Common Name) or TyphaURISAN " +
      '(exact URI SAN); no hostname is checked (CAL typha/pkg/tlsutils/tlsutils.go). With CA, ' +
      'certificate and key but neither identity, Config.Validate() fails with "if any ' +
      'Felix-Typha TLS config parameters are specified, they _all_ must be - except that ' +
      'either TyphaCN or TyphaURISAN may be left unset" (confirmed by ' +
      "felix/config/config_params_test.go), and Felix never becomes ready. The docs' " +
      '"Configure ClientCN on Felix" is wrong: the Felix parameter is TyphaCN.',
    // Its messages are support/identity-unset.ts's, in l10n/common.ts.
    messages: {},
    examples: {
      bad: [
        {
          files: [
            { name: 'calico-node.yaml', text: calicoNode(without(FELIX_TLS_ENV, 'FELIX_TYPHACN'), FELIX_TLS_MOUNTS) },
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
    checkIdentityUnset(a, 'felix', report);
  },
};
