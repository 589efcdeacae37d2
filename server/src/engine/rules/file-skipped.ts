import type { Rule } from './types';
import { m } from '../l10n/messages';

export const rule: Rule = {
  meta: {
    id: 'file-skipped',
    category: 'general',
    severity: 'info',
    description:
      'A file, or part of one, that was not analysed: larger than the size cap (`maxFileSize`, ' +
      'default 5 MiB), or nested deeper than the reader goes.',
    why:
      'An editor extension runs on whatever is opened, including 50 MB cluster dumps; ' +
      'analysing them would freeze the editor (the Red Hat YAML server has open reports of ' +
      'exactly that). Files above the cap are skipped with this one note, so it is never ' +
      'silent; raise `maxFileSize` in .calico-tls.yaml to analyse them (the CLI is the better ' +
      'place for very large dumps). Binary files are ignored without a note. Likewise a YAML ' +
      'or JSON structure nested more than 256 levels deep (no Kubernetes object comes near it; ' +
      'CRD schemas reach about 40) is read down to that depth, and this note marks where ' +
      'reading stopped, instead of a false syntax error. Calico itself is not involved: this ' +
      'is about the linter.',
    messages: {
      // {reason}: parse/index.ts skippedReason (l10n/common.ts: skippedSize, skippedDocument)
      fileSkipped: 'Not analysed: the {reason}; raise maxFileSize in .calico-tls.yaml to include it.',
      fileNotAnalysed: 'Not analysed: {reason}.',
      partSkipped: 'Not analysed: {note}.',
    },
    examples: {
      bad: [
        {
          note: 'Shown with a cap of 100 bytes; the default is 5 MiB.',
          maxFileSize: 100,
          files: [
            {
              name: 'dump.yaml',
              text:
                `# kubectl get ds,deploy,secret,cm -A -o yaml\napiVersion: v1\nkind: List\nitems:\n  - ` +
                `apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: calico-config}\n`,
            },
          ],
        },
      ],
      good: [{ files: [{ name: 'small.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' }] }],
    },
  },
  check(a, report) {
    for (const f of a.files) {
      if (f.format !== 'skipped' || f.skippedBy === 'binary') continue;
      report({
        span: { uri: f.uri, start: 0, end: Math.min(f.text.length, f.lines.lineEnd(0), 200) },
        // Only the size cap is the user's to raise.
        message: m(f.skippedBy === 'size' ? 'fileSkipped' : 'fileNotAnalysed', { reason: f.skippedReason ?? '' }),
      });
    }
    for (const f of a.files) {
      for (const n of f.notes) {
        // On the first line of the part not read: the whole subtree would cover the rest of the file.
        const start = Math.min(n.start, Math.max(0, f.text.length - 1));
        const end = Math.max(start + 1, Math.min(n.end, f.lines.lineEnd(f.lines.positionAt(start).line)));
        report({
          span: { uri: f.uri, start, end: Math.min(end, f.text.length) },
          message: m('partSkipped', { note: n.message }),
        });
      }
    }
  },
};
