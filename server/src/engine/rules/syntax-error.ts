import type { Rule } from './types';
import { m } from '../l10n/messages';

export const rule: Rule = {
  meta: {
    id: 'syntax-error',
    category: 'general',
    severity: 'error',
    description: 'The file is not valid YAML, JSON or INI; the rest of the file is still analysed.',
    why:
      'kubectl, Helm and Calico reject a file that does not parse, so none of its settings ' +
      'take effect. Each syntax error is reported at its position; documents before and after ' +
      'it are still checked. Helm chart templates are exempt: they are not YAML until rendered.',
    messages: {
      syntaxError: 'Syntax error: {error}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text:
                'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\ndata:\n  ' +
                'typha_service_name: [calico-typha\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text:
                'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\ndata:\n  ' +
                'typha_service_name: calico-typha\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const f of a.files) {
      for (const e of f.syntaxErrors) {
        const end = Math.min(Math.max(e.end, e.start + 1), f.text.length);
        report({
          span: { uri: f.uri, start: Math.min(e.start, Math.max(0, f.text.length - 1)), end },
          message: m('syntaxError', { error: e.message }),
        });
      }
    }
  },
};
