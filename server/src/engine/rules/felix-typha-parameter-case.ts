import { SYNCCLIENT_TYPHA_FIELDS } from '../calico/params';
import { replaceScalar } from '../fixes';
import { calicoNode, FELIX_TLS_MOUNTS, goodTyphaSetup } from './support/examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';

const FIELDS = new Set<string>(SYNCCLIENT_TYPHA_FIELDS.map((f) => `typha${f.toLowerCase()}`));

export const rule: Rule = {
  meta: {
    id: 'felix-typha-parameter-case',
    category: 'felix-typha',
    severity: 'error',
    fix: 'safe',
    description:
      'A FELIX_ Typha variable written in mixed case (FELIX_TyphaCAFile): Felix reads it, but ' +
      'confd, allocateip and nodestatus in the same pod do not.',
    why:
      "Felix matches env names case-insensitively, so the docs' FELIX_TyphaCAFile works for " +
      'Felix. The other Typha clients in calico-node (confd for BIRD, allocateip, nodestatus) ' +
      'build the exact name FELIX_TYPHA<FIELD> in upper case and read it with the ' +
      'case-sensitive os.Getenv (CAL typha/pkg/syncclientutils/config.go ReadTyphaConfig). ' +
      'With a mixed-case name they see no TLS settings, connect in plaintext and are refused ' +
      'by a TLS-only Typha; confd exits fatally. Renaming to upper case changes nothing for ' +
      'Felix and fixes the others.',
    messages: {
      mixedCase:
        '{name} is read by Felix but not by confd, allocateip and nodestatus, which look up exactly {exact} ' +
        '(case-sensitive); they would talk to Typha without this setting.',
      renameTo: 'Rename to {exact}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                {
                  FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
                  FELIX_TyphaCAFile: '/calico-typha-ca/ca.crt',
                  FELIX_TYPHACERTFILE: '/calico-node-certs/tls.crt',
                  FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key',
                  FELIX_TYPHACN: 'typha-server',
                },
                FELIX_TLS_MOUNTS,
              ),
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      if (cfg.component !== 'felix' || !cfg.container) continue;
      for (const s of cfg.settings) {
        if (s.source !== 'env' || !s.entry || !s.param || !FIELDS.has(s.param.name.toLowerCase())) continue;
        const exact = `FELIX_${s.param.name.toUpperCase()}`;
        if (s.rawName === exact) continue;
        report({
          span: s.nameSpan,
          message: m('mixedCase', { name: s.rawName, exact }),
          fixes: [
            {
              title: m('renameTo', { exact }),
              safety: 'safe',
              edits: [replaceScalar(s.nameSpan.uri, s.entry.nameNode, exact)],
            },
          ],
        });
      }
    }
  },
};
