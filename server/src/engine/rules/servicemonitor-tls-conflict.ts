import { m } from '../l10n/messages';
import { GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';
import { getPair, nodeSpan } from '../parse/tree';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'servicemonitor-tls-conflict',
    category: 'prometheus',
    severity: 'error',
    description:
      'A tlsConfig the prometheus-operator rejects: a file and a Secret reference for the same ' +
      'item, or a client certificate without its key (or the reverse).',
    why:
      "prometheus-operator validates every endpoint's tlsConfig and drops the whole " +
      "ServiceMonitor from the generated configuration on \"cannot specify both 'caFile' and " +
      "'ca'\", \"cannot specify both 'certFile' and 'cert'\", \"cannot specify both 'keyFile' " +
      'and \'keySecret\'", "cannot specify client cert without client key" or "cannot ' +
      'specify client key without client cert" (PO pkg/apis/monitoring/v1/tls_types.go; fact ' +
      'sheet 1f). The Calico targets silently disappear from Prometheus.',
    messages: {
      both:
        'tlsConfig sets both {file} and {ref}; prometheus-operator rejects the {kind} with ' +
        "\"cannot specify both '{file}' and '{ref}'\".",
      fileSetHere: '{name} is set here',
      certWithoutKey:
        'tlsConfig has a client certificate ({field}) but no key (keyFile or keySecret); ' +
        'prometheus-operator rejects the {kind} with "cannot specify client cert without client key".',
      keyWithoutCert:
        'tlsConfig has a client key ({field}) but no certificate (certFile or cert); ' +
        'prometheus-operator rejects the {kind} with "cannot specify client key without client cert".',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'monitor.yaml',
              text: serviceMonitor(
                GOOD_ENDPOINT.replace('        keyFile: /etc/prometheus/secrets/certs/prom-key.pem\n', ''),
              ),
            },
          ],
        },
      ],
      good: [{ files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }] }],
    },
  },
  check(a, report) {
    for (const ep of a.monitorEndpoints) {
      if (!ep.tls) continue;
      const uri = ep.monitor.file.uri;
      const key = (k: string) => getPair(ep.tls, k);
      // A key a kustomize patch wrote is pointed at in the patch (nodeSpan).
      const at = (p: NonNullable<ReturnType<typeof key>>) => nodeSpan(uri, p.key);
      for (const [file, ref] of [
        ['caFile', 'ca'],
        ['certFile', 'cert'],
        ['keyFile', 'keySecret'],
      ] as const) {
        const f = key(file);
        const r = key(ref);
        if (f && r)
          report({
            span: at(r),
            message: m('both', { file, ref, kind: ep.monitor.kind }),
            related: [{ span: at(f), message: m('fileSetHere', { name: file }) }],
          });
      }
      const cert = key('certFile') ?? key('cert');
      const k = key('keyFile') ?? key('keySecret');
      // A near-miss of the missing half (`keyFlie`) means it was meant: crd-field-invalid reports it.
      const meant = (...names: string[]) => names.some((n) => a.crdNearMiss(ep.tls, n));
      if (cert && !k && !meant('keyFile', 'keySecret'))
        report({
          span: at(cert),
          message: m('certWithoutKey', { field: cert.key.text, kind: ep.monitor.kind }),
        });
      if (k && !cert && !meant('certFile', 'cert'))
        report({
          span: at(k),
          message: m('keyWithoutCert', { field: k.key.text, kind: ep.monitor.kind }),
        });
    }
  },
};
