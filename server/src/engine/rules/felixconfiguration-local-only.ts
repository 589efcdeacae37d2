import { FELIX_PARAMS } from '../calico/params';
import { nodeSpan, getMap } from '../parse/tree';
import { m } from '../l10n/messages';
import type { Rule } from './types';

const FC_API = /^(projectcalico\.org\/v3|crd\.projectcalico\.org\/v1)$/;

export const rule: Rule = {
  meta: {
    id: 'felixconfiguration-local-only',
    category: 'felix-typha',
    severity: 'error',
    reads: { kinds: ['FelixConfiguration'] },
    description:
      'A local-only Felix parameter (Typha*, Etcd*, DatastoreType) set in a FelixConfiguration ' +
      'resource, where Felix ignores it.',
    why:
      'Parameters flagged "local" in CAL felix/config/config_params.go are accepted only from ' +
      'the environment or felix.cfg. From a datastore source Felix logs WARNING "Ignoring ' +
      'local-only configuration ..." and drops them, and the FelixConfiguration API (CAL ' +
      'api/pkg/apis/projectcalico/v3/felixconfig.go) has no fields for them at all, so the API ' +
      'server prunes or rejects them. Felix needs the Typha and etcd settings before it can ' +
      "read the datastore; they belong in calico-node's env (FELIX_TYPHACAFILE ...) or " +
      'felix.cfg.',
    messages: {
      localOnly:
        '{field} is local-only: Felix accepts {param} only from its environment or felix.cfg and ignores it ' +
        "in FelixConfiguration '{name}'. Set {env} on the calico-node container instead.",
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'felixconfiguration.yaml',
              text:
                'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: ' +
                'default\nspec:\n  logSeverityScreen: Info\n  typhaCAFile: /calico-typha-ca/ca.crt\n  ' +
                'typhaCN: typha-server\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'felixconfiguration.yaml',
              text:
                'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: ' +
                'default\nspec:\n  logSeverityScreen: Info\n  prometheusMetricsEnabled: true\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('FelixConfiguration')) {
      if (!FC_API.test(o.apiVersion)) continue;
      const spec = getMap(o.node, 'spec');
      for (const p of spec?.pairs ?? []) {
        const param = FELIX_PARAMS.get(p.key.text.toLowerCase());
        if (!param?.localOnly) continue;
        report({
          span: nodeSpan(o.file.uri, p.key),
          message: m('localOnly', { field: p.key.text, param: param.name, name: o.name ?? '?', env: param.env }),
        });
      }
    }
  },
};
