import type { Analysis } from '../analysis';
import type { ComponentConfig } from '../model/config';
import { paramState, paramValue } from '../model/config';
import { replaceScalar } from '../fixes';
import { m, type Msg } from '../l10n/messages';
import { goodTyphaSetup } from './support/examples';
import { displayName } from './support/util';
import type { Report, ReportFix, Rule } from './types';
import { TLS_DIRECTIONS } from '../calico/typha-tls';
import { leafOf } from '../certs/leaf';

function check(
  a: Analysis,
  report: (r: Report) => void,
  self: ComponentConfig,
  peer: ComponentConfig,
  cnParam: string,
  sanParam: string,
  certParam: string,
  peerName: string,
): void {
  const pm = a.materialOfParam(peer, certParam);
  const leaf = leafOf(pm?.decoded);
  // A pair that does not load is never presented: cert-key-mismatch reports the cause.
  if (!pm || !leaf || a.keyPairFails(pm.setting)) return;
  const cnSet = paramState(self, cnParam) === 'set';
  const sanSet = paramState(self, sanParam) === 'set';
  if (!cnSet && !sanSet) return; // identity-unset rules report this
  if (paramState(self, cnParam) === 'unknown' || paramState(self, sanParam) === 'unknown') return;
  const cn = paramValue(self, cnParam);
  const san = paramValue(self, sanParam);
  // Exact, case-sensitive; either one matching is enough when both are set.
  if (cnSet && cn === leaf.info.subjectCN) return;
  if (sanSet && san !== undefined && leaf.info.uris.includes(san)) return;
  const which = cnSet ? cnParam : sanParam;
  const s = self.effective.get(which.toLowerCase());
  if (!s) return;
  const certCn = leaf.info.subjectCN;
  const cnPart = certCn
    ? m('cnDiffers', { param: displayName(self, cnParam), value: String(cn), certCn })
    : m('cnDiffersEmpty', { param: displayName(self, cnParam), value: String(cn) });
  const sanPart = leaf.info.uris.length
    ? m('sanDiffers', { param: displayName(self, sanParam), value: String(san), uris: quotedList(leaf.info.uris) })
    : m('sanDiffersNone', { param: displayName(self, sanParam), value: String(san) });
  const fixes: ReportFix[] = [];
  const valueNode = s.entry?.value.type === 'value' ? s.entry.value.node : undefined;
  const newValue = which === cnParam ? certCn : leaf.info.uris.length === 1 ? leaf.info.uris[0] : undefined;
  if (valueNode && newValue)
    fixes.push({
      title: m('setTo', { param: displayName(self, which), value: newValue }),
      safety: 'unsafe',
      edits: [replaceScalar(s.nameSpan.uri, valueNode, newValue)],
    });
  report({
    span: s.valueSpan ?? s.nameSpan,
    message: m('mismatch', {
      problem: cnSet && sanSet ? m('bothDiffer', { cn: cnPart, san: sanPart }) : cnSet ? cnPart : sanPart,
      peer: peerName,
      label: pm.decoded.material.label,
      // Calico's error text (CAL typha/pkg/tlsutils/tlsutils.go), verbatim.
      error: `peer certificate does not have required ${cnSet && sanSet ? 'CN or URI SAN' : cnSet ? 'CN' : 'URI SAN'}`,
    }),
    related: [{ span: pm.decoded.material.span, message: m('peerCert', { peer: peerName }) }],
    fixes,
  });
}

/** "'A', 'B'" (uri, uris): each URI quoted in the reader's language. */
function quotedList(uris: readonly string[]): Msg {
  const [uri = '', ...more] = uris;
  return more.length ? m('uris', { uri, more: quotedList(more) }) : m('uri', { uri });
}

export const rule: Rule = {
  meta: {
    id: 'typha-identity-mismatch',
    category: 'certificates',
    severity: 'error',
    fix: 'unsafe',
    description:
      "Felix's TyphaCN/TyphaURISAN does not match Typha's certificate, or Typha's " +
      "ClientCN/ClientURISAN does not match Felix's.",
    why:
      "After the chain check each side compares the peer certificate's Subject CN with the " +
      'configured CN and its URI SANs with the configured URI SAN, exactly and ' +
      'case-sensitively; when both are set either one matching is enough; no hostname is ' +
      'checked (CAL typha/pkg/tlsutils/tlsutils.go CertificateVerifier). A mismatch fails with ' +
      '"peer certificate does not have required CN" (or URI SAN, or "CN or URI SAN") and Felix ' +
      "never becomes ready (real-failures.md #6). The docs' hard-way manifests use CN " +
      "calico-typha / calico-node while the seeds' procedure uses typha-server / " +
      'typha-client: mixing the two is the classic cause. The quick fix sets the setting to ' +
      'what the certificate carries.',
    messages: {
      mismatch: '{problem} ({peer}\'s certificate from {label}). The peer is rejected with "{error}".',
      bothDiffer: '{cn}; {san}',
      cnDiffers: "{param} is '{value}' but the certificate's CN is '{certCn}'",
      cnDiffersEmpty: "{param} is '{value}' but the certificate's CN is empty",
      sanDiffers: "{param} is '{value}' but the certificate's URI SANs are {uris}",
      sanDiffersNone: "{param} is '{value}' but the certificate's URI SANs are none",
      uri: "'{uri}'",
      uris: "'{uri}', {more}",
      peerCert: "{peer}'s certificate",
      setTo: "Set {param} to '{value}' (what the certificate carries)",
    },
    examples: {
      bad: [
        {
          note: "Felix expects CN calico-typha; Typha's certificate says typha-server.",
          files: goodTyphaSetup().map((f) =>
            f.name === 'calico-node.yaml'
              ? { ...f, text: f.text.replace('value: "typha-server"', 'value: "calico-typha"') }
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
        for (const d of TLS_DIRECTIONS)
          check(a, report, side[d.checker], side[d.presenter], d.cnParam, d.uriSanParam, d.certParam, d.presenterName);
      }
    }
  },
};
