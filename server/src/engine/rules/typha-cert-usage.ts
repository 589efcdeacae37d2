import { EKU } from '../certs/cert';
import { goodTyphaSetup } from './support/examples';
import { CERT_EXAMPLES } from './support/cert-examples';
import { hasEku } from './support/cert-util';
import type { Rule } from './types';
import { presentedBy } from '../calico/typha-tls';
import { displayName } from './support/util';
import { leafOf } from '../certs/leaf';

export const rule: Rule = {
  meta: {
    id: 'typha-cert-usage',
    category: 'certificates',
    severity: 'error',
    description:
      "Typha's server certificate without the serverAuth extended key usage, or Felix's client " +
      'certificate without clientAuth.',
    why:
      "Felix verifies Typha's certificate with Go's x509 Verify and no explicit KeyUsages, " +
      "which means ServerAuth; Typha verifies Felix's with RequireAndVerifyClientCert, which " +
      'means ClientAuth (CAL typha/pkg/tlsutils/tlsutils.go, ' +
      'typha/pkg/syncserver/sync_server.go). A certificate with an EKU extension that lacks ' +
      'the needed usage is rejected ("x509: certificate specifies an incompatible key ' +
      'usage"); a certificate with no EKU extension is accepted. The seeds ask for ServerAuth ' +
      "on Typha's and ClientAuth on Felix's.",
    examples: {
      bad: [
        {
          note: "Typha's certificate carries only clientAuth.",
          files: goodTyphaSetup().map((f) =>
            f.name === 'certs.yaml'
              ? {
                  ...f,
                  text: f.text
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.clientAuthOnlyServerCert).toString('base64'),
                    )
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaServerKey).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.clientAuthOnlyServerKey).toString('base64'),
                    ),
                }
              : f,
          ),
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      const d = presentedBy(cfg.component);
      const [param, oid, usage, role] = [d.certParam, EKU[d.eku], d.eku, d.role];
      const pm = a.materialOfParam(cfg, param);
      const leaf = leafOf(pm?.decoded);
      // A pair that does not load is never presented: cert-key-mismatch reports the cause.
      if (!pm || !leaf || hasEku(leaf.info, oid) || a.keyPairFails(pm.setting)) continue;
      const names = (leaf.info.eku ?? []).map((o) =>
        o === EKU.serverAuth ? 'serverAuth' : o === EKU.clientAuth ? 'clientAuth' : o,
      );
      report({
        span: pm.setting.valueSpan ?? pm.setting.nameSpan,
        message:
          `${role} certificate '${leaf.info.subjectCN ?? leaf.info.subject}' ` +
          `(${displayName(cfg, param)} -> ${pm.decoded.material.label}) has extended key usage ` +
          `${names.join(', ') || 'none'} but not ${usage}; the peer rejects it with "x509: ` +
          `certificate specifies an incompatible key usage".`,
        related: [{ span: pm.decoded.material.span, message: 'the certificate' }],
      });
    }
  },
};
