import { spanOf } from '../model/tls-files';
import { nodeSpan } from '../parse/tree';
import { calicoNode, FELIX_TLS_ENV, goodTyphaSetup } from './support/examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'tls-file-not-mounted',
    category: 'felix-typha',
    severity: 'error',
    description: 'A Felix/Typha/etcd TLS file path that no volumeMount of the container covers.',
    why:
      'TyphaCAFile, TyphaCertFile, TyphaKeyFile, CAFile, ServerCertFile, ServerKeyFile and the ' +
      'Etcd*File parameters are "file(must-exist)": when the file is missing Felix/Typha log ' +
      '"Failed to access <path>", replace the value with "" and continue (CAL ' +
      'felix/config/param_types.go). The all-or-nothing TLS check then fails, or, if every ' +
      'path is wrong and no CN/URI SAN is set, TLS is silently off. ETCD_CA_CERT_FILE, ' +
      'ETCD_CERT_FILE and ETCD_KEY_FILE fail the etcd client outright. Certificates are not ' +
      'part of the Calico images, so a path outside every mount is a mistake. Paths in the ' +
      'system trust stores (/etc/ssl, /etc/pki/tls) are not reported.',
    messages: {
      notMounted:
        "{name} is '{path}', but no volumeMount of {label} covers that path{mounts}; the file does not exist there.",
      mounts: ' (mounts: {paths})',
      container: "container '{name}'",
    },
    examples: {
      bad: [
        {
          note: 'The env points at /calico-node-certs, but nothing is mounted there.',
          files: [{ name: 'calico-node.yaml', text: calicoNode(FELIX_TLS_ENV) }],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const t of a.tlsFiles) {
      if (t.at.state !== 'unmounted') continue;
      const c = t.container;
      const mounts = c.mounts.map((x) => x.mountPath);
      report({
        span: spanOf(t),
        message: m('notMounted', {
          name: t.name,
          path: t.path,
          label: t.label,
          mounts: mounts.length ? m('mounts', { paths: mounts.join(', ') }) : '',
        }),
        related: c.nameNode
          ? [{ span: nodeSpan(c.workload.object.file.uri, c.nameNode), message: m('container', { name: c.name }) }]
          : [],
      });
    }
  },
};
