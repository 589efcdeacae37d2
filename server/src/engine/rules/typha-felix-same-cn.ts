import { goodTyphaSetup } from './support/examples';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { leafOf } from '../certs/leaf';

export const rule: Rule = {
  meta: {
    id: 'typha-felix-same-cn',
    category: 'certificates',
    severity: 'warning',
    description: "Felix's client certificate and Typha's server certificate share one Common Name.",
    why:
      'Identity between Felix and Typha rests on the CN (or URI SAN) alone (CAL ' +
      'typha/pkg/tlsutils/tlsutils.go). With one CN on both sides, a stolen Felix certificate ' +
      'can impersonate Typha to every node (if its EKU allows) and the two roles cannot be ' +
      'told apart in logs or revoked separately. The seeds ask for different identities ' +
      '(typha-server for Typha, typha-client for Felix).',
    messages: {
      sameCn:
        "Felix's client certificate and Typha's server certificate both have CN '{cn}'; give them different " +
        'identities (the Calico docs use typha-client and typha-server).',
      typhaCert: "Typha's certificate",
    },
    examples: {
      bad: [
        {
          note: "Felix's certificate was issued with Typha's CN.",
          files: goodTyphaSetup().map((f) =>
            f.name === 'certs.yaml'
              ? {
                  ...f,
                  text: f.text
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaClientCert).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.sameCnClientCert).toString('base64'),
                    )
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.sameCnClientKey).toString('base64'),
                    ),
                }
              : f.name === 'calico-typha.yaml'
                ? { ...f, text: f.text.replace('value: "typha-client"', 'value: "typha-server"') }
                : f,
          ),
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const typha of a.configs) {
      if (typha.component !== 'typha') continue;
      const t = a.materialOfParam(typha, 'ServerCertFile');
      const tLeaf = leafOf(t?.decoded);
      if (!t || !tLeaf?.info.subjectCN) continue;
      for (const felix of a.felixesOf(typha)) {
        const f = a.materialOfParam(felix, 'TyphaCertFile');
        const fLeaf = leafOf(f?.decoded);
        if (!f || !fLeaf || fLeaf.info.subjectCN !== tLeaf.info.subjectCN) continue;
        // A pair that does not load is never presented: cert-key-mismatch reports the cause.
        if (a.keyPairFails(f.setting) || a.keyPairFails(t.setting)) continue;
        report({
          span: f.setting.valueSpan ?? f.setting.nameSpan,
          message: m('sameCn', { cn: fLeaf.info.subjectCN }),
          related: [{ span: t.decoded.material.span, message: m('typhaCert') }],
        });
      }
    }
  },
};
