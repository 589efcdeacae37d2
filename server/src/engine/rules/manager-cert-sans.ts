import type { CertInfo } from '../certs/cert';
import { nodeSpan, get, getMap, getPath, getScalar, isScalar, seqItems } from '../parse/tree';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const INGRESS = (host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: manager
  namespace: calico-monitoring
spec:
  tls:
    - hosts: [${host}]
      secretName: cnx-manager-tls
  rules:
    - host: ${host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: cnx-manager
                port: {number: 9443}
`;

function covers(c: CertInfo, host: string): boolean {
  const h = host.toLowerCase();
  if (c.ips.includes(host)) return true;
  return c.dns.some((d) => {
    const n = d.toLowerCase();
    if (n === h) return true;
    // One wildcard label, leftmost only (RFC 6125, as browsers and Go match).
    return n.startsWith('*.') && h.split('.').length === n.split('.').length && h.endsWith(n.slice(1));
  });
}

const MANAGER_SECRETS = new Set(['cnx-manager-tls', 'manager-tls']);
const MANAGER_SERVICES = /^(cnx-manager|calico-manager|tigera-manager)$/;

export const rule: Rule = {
  meta: {
    id: 'manager-cert-sans',
    category: 'manager',
    severity: 'error',
    description:
      "The Manager's certificate does not cover a name it is reached by: an Ingress host " +
      "routed to the Manager or listed in the Ingress TLS section, or the Manager Service's " +
      'DNS names.',
    why:
      'Browsers and Go check only the subject alternative names: a host that is missing from ' +
      'the DNS SANs (or covered only by the Common Name) gets a certificate error, and the ' +
      "Manager UI does not load (real-failures.md #27). The seed's Manager procedure creates " +
      'cnx-manager-tls from a certificate you provide; its SANs must list every name users ' +
      'type.',
    examples: {
      bad: [
        {
          files: [
            {
              name: 'manager.yaml',
              text:
                `${INGRESS('manager.example.com')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ` +
                `cnx-manager-tls\n  namespace: calico-monitoring\ndata:\n  cert: ` +
                `${b64(CERT_EXAMPLES.metricsServerCert)}\n  key: ${b64(CERT_EXAMPLES.metricsServerKey)}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'manager.yaml',
              text:
                `${INGRESS('calico-node-metrics')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ` +
                `cnx-manager-tls\n  namespace: calico-monitoring\ndata:\n  cert: ` +
                `${b64(CERT_EXAMPLES.metricsServerCert)}\n  key: ${b64(CERT_EXAMPLES.metricsServerKey)}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const certs = a.material.filter(
      (d) =>
        MANAGER_SECRETS.has(d.material.object?.name ?? '') &&
        /^(cert|tls\.crt)$/.test(d.material.dataKey ?? '') &&
        d.certs[0],
    );
    if (!certs.length) return;
    // In-cluster clients reach the Manager by its Service name; the certificate must carry one
    // of its DNS forms (the operator issues manager-tls for exactly these names).
    for (const svc of a.ws.objectsOfKind('Service')) {
      if (!MANAGER_SERVICES.test(svc.name ?? '')) continue;
      const d = certs.find(
        (x) => !svc.namespace || !x.material.object?.namespace || x.material.object.namespace === svc.namespace,
      );
      if (!d) continue;
      const ns = svc.namespace ?? d.material.object?.namespace;
      const forms = [
        svc.name!,
        ...(ns ? [`${svc.name}.${ns}`, `${svc.name}.${ns}.svc`, `${svc.name}.${ns}.svc.cluster.local`] : []),
      ];
      const leaf = d.certs[0]!.info;
      if (forms.some((f) => covers(leaf, f))) continue;
      const at = svc.nameNode ?? svc.kindNode;
      report({
        span: nodeSpan(svc.file.uri, at),
        message:
          `Service ${svc.name} fronts the Manager, but its certificate (${d.material.label}) ` +
          `covers none of ${forms.join(', ')} (it has ` +
          `${[...leaf.dns, ...leaf.ips].join(', ') || 'no DNS or IP names'}); in-cluster clients ` +
          `reject it.`,
        related: [{ span: d.material.span, message: 'the Manager certificate' }],
      });
    }
    for (const ing of a.ws.objectsOfKind('Ingress')) {
      const spec = getMap(ing.node, 'spec');
      const tlsSecrets = seqItems(get(spec, 'tls')).map((t) => getScalar(t, 'secretName')?.text);
      const toManager = (r: unknown) =>
        seqItems(getPath(r as never, 'http', 'paths')).some((p) =>
          MANAGER_SERVICES.test(
            getScalar(getPath(p, 'backend', 'service'), 'name')?.text ??
              getScalar(getPath(p, 'backend'), 'serviceName')?.text ??
              '',
          ),
        );
      const hosts = new Map<string, { start: number; end: number }>();
      for (const t of seqItems(get(spec, 'tls'))) {
        if (!MANAGER_SECRETS.has(getScalar(t, 'secretName')?.text ?? '')) continue;
        for (const h of seqItems(get(t, 'hosts'))) if (isScalar(h) && !h.templated) hosts.set(h.text, h);
      }
      for (const r of seqItems(get(spec, 'rules'))) {
        const h = getScalar(r, 'host');
        if (
          h &&
          !h.templated &&
          (toManager(r) || tlsSecrets.some((s) => MANAGER_SECRETS.has(s ?? ''))) &&
          !hosts.has(h.text)
        )
          hosts.set(h.text, h);
      }
      for (const [host, node] of hosts) {
        const d =
          certs.find(
            (x) => !ing.namespace || !x.material.object?.namespace || x.material.object.namespace === ing.namespace,
          ) ?? certs[0]!;
        const leaf = d.certs[0]!.info;
        if (covers(leaf, host)) continue;
        report({
          span: nodeSpan(ing.file.uri, node),
          message:
            `Ingress ${ing.name ?? '?'} serves the Manager at '${host}', but its certificate ` +
            `(${d.material.label}) covers ` +
            `${[...leaf.dns, ...leaf.ips].join(', ') || 'no DNS or IP names (CN only)'}; browsers ` +
            `reject it.`,
          related: [{ span: d.material.span, message: 'the Manager certificate' }],
        });
      }
    }
  },
};
