import { replaceScalar } from '../fixes';
import { m, type Msg } from '../l10n/messages';
import { calicoNode, calicoTypha, FELIX_TLS_ENV, FELIX_TLS_MOUNTS, goodTyphaSetup } from './support/examples';
import type { ReportFix, Rule } from './types';

/** "A, B or C" (orList): the names the user may have meant, the conjunction translated. */
function orList(items: readonly string[]): Msg | string {
  if (items.length <= 1) return items.join('');
  return m('orList', { items: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}

export const rule: Rule = {
  meta: {
    id: 'unknown-tls-parameter',
    category: 'felix-typha',
    severity: 'error',
    fix: 'safe',
    description:
      'A FELIX_/TYPHA_ variable or felix.cfg/typha.cfg key that looks like a TLS or datastore ' +
      'parameter but is not one; Calico silently ignores it.',
    why:
      'Felix and Typha lower-case an env var name, split it once at the first underscore and ' +
      'look the rest up among their parameters (CAL felix/config/env_var_loader.go). ' +
      'Underscores inside the name are not accepted: FELIX_TYPHA_CAFILE names "typha_cafile", ' +
      'which does not exist, so Felix logs "Ignoring unknown config param." at INFO and ' +
      'carries on without it. TYPHA_CLIENT_CN is ignored the same way. The result is TLS that ' +
      "is silently off or half-configured. The other side's name for a role is a near-miss too: " +
      'the docs say "Configure ClientCN on Felix" (fact sheet 3), but ClientCN is Typha\'s ' +
      "parameter and Felix's is TyphaCN. The finding is at the misspelt name and says what its " +
      'absence breaks (the TLS group incomplete, no identity), instead of a second error on the ' +
      'group. The quick fix renames to the parameter meant; it is marked safe when the only ' +
      'difference is inner underscores.',
    messages: {
      unknown:
        "{name} is not a {component} parameter: {component} reads it as '{key}', logs \"Ignoring unknown " +
        'config param." and ignores it. {hint}',
      otherSide: "{peer} is {other}'s name for this setting; {component}'s is {name}.",
      didYouMean: 'Did you mean {names}?',
      orList: '{items} or {last}',
      renameTo: 'Rename to {name}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                {
                  ...Object.fromEntries(
                    Object.entries(FELIX_TLS_ENV).map(([k, v]) => [
                      k === 'FELIX_TYPHACAFILE' ? 'FELIX_TYPHA_CAFILE' : k,
                      v,
                    ]),
                  ),
                },
                FELIX_TLS_MOUNTS,
              ),
            },
          ],
        },
        { files: [{ name: 'calico-typha.yaml', text: calicoTypha({ TYPHA_CLIENT_CN: 'typha-client' }) }] },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      // The model records the near-misses (model/config.ts); what their absence breaks is
      // folded into this finding by analyze.ts instead of being a second error elsewhere.
      for (const { setting: s, meant: sugg } of cfg.nearMisses) {
        // A name from env or envFrom is an environment variable's (FELIX_TYPHACAFILE); one from
        // felix.cfg, in the workspace or mounted into the container, a key (TyphaCAFile).
        const env = s.source !== 'file';
        const names = sugg.map((x) => (env ? x.param.env : x.param.name));
        const who = cfg.component === 'felix' ? 'Felix' : 'Typha';
        const fixes: ReportFix[] = [];
        if (s.entry || cfg.file) {
          const uri = s.nameSpan.uri;
          sugg.forEach((x, i) => {
            const newName = names[i] ?? x.param.name;
            const edit = s.entry
              ? replaceScalar(uri, s.entry.nameNode, newName)
              : { uri, start: s.nameSpan.start, end: s.nameSpan.end, newText: newName };
            fixes.push({
              title: m('renameTo', { name: newName }),
              safety: x.exact && sugg.length === 1 ? 'safe' : 'unsafe',
              edits: [edit],
            });
          });
        }
        const peer = sugg.length === 1 ? sugg[0]!.peer : undefined;
        const other = cfg.component === 'felix' ? 'Typha' : 'Felix';
        report({
          span: s.nameSpan,
          message: m('unknown', {
            name: s.rawName,
            component: who,
            key: s.key,
            hint: peer
              ? m('otherSide', { peer, other, component: who, name: names[0] ?? '' })
              : m('didYouMean', { names: orList(names) }),
          }),
          fixes,
          nearMiss: true,
        });
      }
    }
  },
};
