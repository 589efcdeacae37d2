import { spanOf } from '../model/tls-files';
import { nodeSpan } from '../parse/tree';
import { CERT_EXAMPLES } from './support/cert-examples';
import { replaceScalar } from '../fixes';
import { m } from '../l10n/messages';
import { quotedList } from './support/util';
import { roleOfKey, roleOfParam } from '../model/candidates';
import { calicoNode, configMap, FELIX_TLS_ENV, FELIX_TLS_MOUNTS, goodTyphaSetup, secret } from './support/examples';
import type { ReportFix, Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'tls-file-key-missing',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description: 'A Felix/Typha/etcd TLS file path lands in a mounted Secret or ConfigMap that has no such key.',
    why:
      'A Secret or ConfigMap volume holds one file per key (or per `items` entry). When the ' +
      'path names a key the object does not have, the file does not exist in the container; ' +
      'Felix/Typha log "Failed to access <path>" and drop the setting, and the all-or-nothing ' +
      'TLS check fails (CAL felix/config/param_types.go, config_params.go). A common cause is ' +
      'a Secret created with `kubectl create secret tls` (keys tls.crt/tls.key) while the env ' +
      'still names the old file names. The quick fix points the path at the key of the same ' +
      'kind that the object does have.',
    messages: {
      missing: "{name} is '{path}', but {reason}{keys}; the file will not exist in {label}.",
      hasKeys: ' (it has {keys})',
      object: "{kind} '{name}'",
      mountedAt: 'mounted at {path}',
      usePath: 'Use {path}',
    },
    examples: {
      bad: [
        {
          note: 'The Secret has tls.crt and tls.key; the env names calico-node.crt.',
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                { ...FELIX_TLS_ENV, FELIX_TYPHACERTFILE: '/calico-node-certs/calico-node.crt' },
                FELIX_TLS_MOUNTS,
              ),
            },
            {
              name: 'certs.yaml',
              text: [
                configMap('calico-typha-ca', { 'ca.crt': CERT_EXAMPLES.caCert }),
                secret('calico-node-certs', ['tls.crt', 'tls.key']),
              ].join('---\n'),
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const t of a.tlsFiles) {
      if (t.at.state !== 'absent') continue;
      const obj = t.at.object;
      const keys = [...a.ws.data(obj).keys()];
      const role = roleOfParam(t.param);
      const fixes: ReportFix[] = [];
      // Candidates are the files the volume provides (its items' paths when it projects some),
      // whose Secret/ConfigMap key has the setting's role.
      const fit = t.at.provided.filter((p) => roleOfKey(p.key) === role);
      const entry = t.entry;
      const valueNode = entry && entry.value.type === 'value' ? entry.value.node : undefined;
      if (fit.length === 1 && valueNode && !t.at.mount.subPath) {
        const newPath = `${t.at.mount.mountPath.replace(/\/$/, '')}/${fit[0]!.path}`;
        // Never offer the path that is already there: that edit changes nothing.
        if (newPath !== t.path)
          fixes.push({
            title: m('usePath', { path: newPath }),
            safety: 'unsafe',
            edits: [replaceScalar(t.nameSpan.uri, valueNode, newPath)],
          });
      }
      const objName = obj.nameNode ?? obj.kindNode;
      report({
        span: spanOf(t),
        message: m('missing', {
          name: t.name,
          path: t.path,
          reason: t.at.reason,
          keys: keys.length ? m('hasKeys', { keys: quotedList(keys) }) : '',
          label: t.label,
        }),
        related: [
          { span: nodeSpan(obj.file.uri, objName), message: m('object', { kind: obj.kind, name: obj.name ?? '?' }) },
          {
            span: nodeSpan(t.container.workload.object.file.uri, t.at.mount.node),
            message: m('mountedAt', { path: t.at.mount.mountPath }),
          },
        ],
        fixes,
      });
    }
  },
};
