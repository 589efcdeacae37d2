import { CERT_EXAMPLES } from './support/cert-examples';
import { goodTyphaSetup } from './support/examples';
import { chainsTo } from '../certs/trust';
import { displayName, quotedList } from './support/util';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { TLS_DIRECTIONS } from '../calico/typha-tls';
import { leafOf } from '../certs/leaf';

export const rule: Rule = {
  meta: {
    id: 'typha-cert-untrusted',
    category: 'certificates',
    severity: 'error',
    description:
      "Felix's client certificate is not issued by a CA in Typha's CAFile, or Typha's server " +
      "certificate by a CA in Felix's TyphaCAFile.",
    why:
      'Each side trusts only the CAs in its own CA file: Felix runs its own chain check ' +
      'against TyphaCAFile with no system roots, Typha sets RequireAndVerifyClientCert against ' +
      'CAFile (CAL typha/pkg/tlsutils/tlsutils.go, typha/pkg/syncserver/sync_server.go). A ' +
      'certificate from another CA fails with "x509: certificate signed by unknown authority" ' +
      '(Typha logs "remote error: tls: bad certificate", real-failures.md #5, #6). Followed ' +
      'through env var -> path -> mount -> Secret/ConfigMap key on both sides; intermediates ' +
      'in the certificate file are used as Go uses a presented chain.',
    messages: {
      untrusted:
        "{role} certificate '{cert}' (issuer '{issuer}', from {label}) is not issued by a CA that {peer} " +
        'trusts: {caParam} ({caLabel}) holds {cas}{note}. The handshake fails with "certificate signed by ' +
        'unknown authority".',
      typhaServer: "Typha's server",
      felixClient: "Felix's client",
      otherKey: ' (a CA of that name, but with another key: the signer of an earlier install?)',
      peerCa: "{peer}'s {param}",
      certHere: 'the certificate',
    },
    examples: {
      bad: [
        {
          note: "Felix's certificate comes from another CA.",
          files: goodTyphaSetup().map((f) =>
            f.name === 'certs.yaml'
              ? {
                  ...f,
                  text: f.text
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaClientCert).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.foreignClientCert).toString('base64'),
                    )
                    .replace(
                      Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64'),
                      Buffer.from(CERT_EXAMPLES.foreignClientKey).toString('base64'),
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
    for (const typha of a.configs) {
      if (typha.component !== 'typha') continue;
      for (const felix of a.felixesOf(typha)) {
        const side = { felix, typha };
        const pairs = TLS_DIRECTIONS.map((d) => ({
          cert: a.materialOfParam(side[d.presenter], d.certParam),
          ca: a.materialOfParam(side[d.checker], d.caParam),
          certCfg: side[d.presenter],
          caCfg: side[d.checker],
          certParam: d.certParam,
          caParam: d.caParam,
          role: d.presenter === 'typha' ? 'typhaServer' : 'felixClient',
          peer: d.checkerName,
        }));
        for (const p of pairs) {
          const leaf = leafOf(p.cert?.decoded);
          if (!p.cert || !p.ca || !leaf || p.ca.decoded.certs.length === 0) continue;
          // A pair that does not load is never presented: cert-key-mismatch reports the cause.
          if (a.keyPairFails(p.cert.setting)) continue;
          if (chainsTo(p.cert.decoded, p.ca.decoded)) continue;
          const cas = quotedList(p.ca.decoded.certs.map((c) => c.info.subjectCN ?? c.info.subject));
          const sameName = p.ca.decoded.certs.some((c) => c.info.subject === leaf.info.issuer);
          report({
            span: p.cert.setting.valueSpan ?? p.cert.setting.nameSpan,
            message: m('untrusted', {
              role: m(p.role),
              cert: leaf.info.subjectCN ?? leaf.info.subject,
              issuer: leaf.info.issuerCN ?? leaf.info.issuer,
              label: p.cert.decoded.material.label,
              peer: p.peer,
              caParam: displayName(p.caCfg, p.caParam),
              caLabel: p.ca.decoded.material.label,
              cas,
              note: sameName ? m('otherKey') : '',
            }),
            related: [
              {
                span: p.ca.setting.valueSpan ?? p.ca.setting.nameSpan,
                message: m('peerCa', { peer: p.peer, param: displayName(p.caCfg, p.caParam) }),
              },
              { span: p.cert.decoded.material.span, message: m('certHere') },
            ],
          });
        }
      }
    }
  },
};
