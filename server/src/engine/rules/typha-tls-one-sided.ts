import { tlsOn, tlsState } from '../model/typha-tls';
import { calicoNode, calicoTypha, goodTyphaSetup, TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS } from './support/examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { displayName } from './support/util';

export const rule: Rule = {
  meta: {
    id: 'typha-tls-one-sided',
    category: 'felix-typha',
    severity: 'error',
    description:
      'TLS on one side of the Felix-Typha connection only: Typha requires TLS but calico-node ' +
      'has no Typha TLS settings, or the reverse.',
    why:
      'Typha, once any of its TLS parameters is set, accepts only TLS connections with a ' +
      'client certificate (CAL typha/pkg/syncserver/sync_server.go); Felix without TLS ' +
      'settings connects in plain TCP (there is no opportunistic TLS, CAL ' +
      'typha/pkg/syncclient/sync_client.go) and fails with "Failed to connect to Typha." until ' +
      'it gives up after 30 s. The reverse, Felix with TLS against a plaintext Typha, fails ' +
      'the handshake the same way. The two sides live in different manifests, which is how ' +
      'this slips through review. Felix is matched to Typha through FELIX_TYPHAK8SSERVICENAME ' +
      'and the Service selector.',
    messages: {
      plainToTls:
        "{felix} connects to Typha '{typha}' without TLS, but that Typha requires TLS ({param} is set) and " +
        'accepts only TLS clients with a certificate; Felix fails with "Failed to connect to Typha."',
      turnsTlsOn: "Typha '{typha}' turns TLS on here",
      tlsToPlain:
        "{felix} connects to Typha '{typha}' with TLS, but that Typha has no TLS settings and serves plain " +
        'TCP; the TLS handshake fails and Felix never becomes ready.',
      noTls: "Typha '{typha}' has no TYPHA_CAFILE / TYPHA_SERVERCERTFILE / TYPHA_SERVERKEYFILE",
    },
    examples: {
      bad: [
        {
          note: 'Typha requires TLS; calico-node only names the Typha service.',
          files: [
            { name: 'calico-node.yaml', text: calicoNode({ FELIX_TYPHAK8SSERVICENAME: 'calico-typha' }) },
            { name: 'calico-typha.yaml', text: calicoTypha(TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS) },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const felix of a.configs) {
      if (felix.component !== 'felix' || !felix.container) continue;
      const fOn = tlsOn(felix);
      if (fOn === 'unknown') continue;
      const svcSetting = felix.effective.get('typhak8sservicename');
      for (const typha of a.typhasOf(felix)) {
        const tOn = tlsOn(typha);
        if (tOn === 'unknown' || tOn === fOn) continue;
        const tFirst = tlsState(typha).set[0];
        const typhaName = typha.container?.workload.object.name ?? '?';
        if (tOn === 'yes' && svcSetting) {
          report({
            span: svcSetting.nameSpan,
            message: m('plainToTls', {
              felix: felix.label,
              typha: typhaName,
              param: tFirst ? displayName(typha, tFirst.param?.name ?? tFirst.rawName) : 'TLS',
            }),
            related: tFirst ? [{ span: tFirst.nameSpan, message: m('turnsTlsOn', { typha: typhaName }) }] : [],
          });
        } else if (fOn === 'yes') {
          const fFirst = tlsState(felix).set[0];
          if (!fFirst) continue;
          report({
            span: fFirst.nameSpan,
            message: m('tlsToPlain', { felix: felix.label, typha: typhaName }),
            related: typha.anchor
              ? [
                  {
                    span: typha.anchor,
                    message: m('noTls', { typha: typhaName }),
                  },
                ]
              : [],
          });
        }
      }
    }
  },
};
