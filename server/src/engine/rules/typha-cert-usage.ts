import { EKU } from '../certs/cert';
import { goodTyphaSetup } from './support/examples';
import { CERT_EXAMPLES } from './support/cert-examples';
import { hasEku } from './support/cert-util';
import { m, type Msg } from '../l10n/messages';
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
    messages: {
      usage:
        "{role} certificate '{cert}' ({param} -> {label}) has extended key usage {ekus} but not {usage}; the " +
        'peer rejects it with "x509: certificate specifies an incompatible key usage".',
      usageNone:
        "{role} certificate '{cert}' ({param} -> {label}) has extended key usage none but not {usage}; the " +
        'peer rejects it with "x509: certificate specifies an incompatible key usage".',
      typhaServer: "Typha's server",
      felixClient: "Felix's client",
      ekuList: '{name}, {more}',
      certHere: 'the certificate',
    },
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
      const [param, oid, usage] = [d.certParam, EKU[d.eku], d.eku];
      const pm = a.materialOfParam(cfg, param);
      const leaf = leafOf(pm?.decoded);
      // A pair that does not load is never presented: cert-key-mismatch reports the cause.
      if (!pm || !leaf || hasEku(leaf.info, oid) || a.keyPairFails(pm.setting)) continue;
      const names = (leaf.info.eku ?? []).map((o) =>
        o === EKU.serverAuth ? 'serverAuth' : o === EKU.clientAuth ? 'clientAuth' : o,
      );
      report({
        span: pm.setting.valueSpan ?? pm.setting.nameSpan,
        message: m(names.length ? 'usage' : 'usageNone', {
          role: m(d.presenter === 'typha' ? 'typhaServer' : 'felixClient'),
          cert: leaf.info.subjectCN ?? leaf.info.subject,
          param: displayName(cfg, param),
          label: pm.decoded.material.label,
          ...(names.length ? { ekus: ekuList(names) } : {}),
          usage,
        }),
        related: [{ span: pm.decoded.material.span, message: m('certHere') }],
      });
    }
  },
};

/** "serverAuth, 1.2.3" (ekuList): the usages as Go names them, separated in the reader's language. */
function ekuList(names: readonly string[]): Msg | string {
  const [name = '', ...more] = names;
  return more.length ? m('ekuList', { name, more: ekuList(more) }) : name;
}
