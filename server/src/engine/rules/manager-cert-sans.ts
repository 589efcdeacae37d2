import { MANAGER_SERVICES, MANAGER_TLS_SECRETS } from '../calico/manager';
import type { CertInfo } from '../certs/cert';
import type { Decoded } from '../certs/material';
import type { K8sObject } from '../model/objects';
import {
  nodeSpan,
  get,
  getMap,
  getPath,
  getScalar,
  isScalar,
  seqItems,
  type Node,
  type ScalarNode,
} from '../parse/tree';
import type { Analysis } from '../analysis';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { m, type Msg } from '../l10n/messages';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: cnx-manager-tls
  namespace: kube-system
data:
  cert: ${b64(CERT_EXAMPLES.metricsServerCert)}
  key: ${b64(CERT_EXAMPLES.metricsServerKey)}
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: cnx-manager
  namespace: kube-system
spec:
  type: NodePort
  selector:
    k8s-app: cnx-manager
  ports:
    - port: 9443
      nodePort: 30003
`;
const PASSTHROUGH = (host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: manager
  namespace: kube-system
  annotations:
    nginx.ingress.kubernetes.io/ssl-passthrough: "true"
spec:
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

/** Where the browser's certificate comes from, for one host of an Ingress. */
interface Served {
  readonly cert: Decoded;
  /** "Secret cnx-manager-tls, the Manager's own certificate passed through" */
  readonly what: Msg;
}

/** The certificate an Ingress controller serves from a TLS Secret: its tls.crt (kubernetes.io/tls). */
function ingressSecretCert(a: Analysis, name: string, ns: string | undefined): Served | undefined {
  const o = a.ws.findObject('Secret', name, ns);
  const e = o && a.ws.data(o).get('tls.crt');
  const d = e && a.materialOf(e);
  return d?.certs[0] ? { cert: d, what: m('servedByIngress', { name }) } : undefined;
}

/**
 * The Manager's own certificate, what the browser gets when TLS is passed through to it: the
 * Secret the Manager behind `service` reads (cnx-manager: cnx-manager-tls `cert`; the operator's
 * Services: manager-tls, by the operator's pair lookup).
 */
function managerOwnCert(a: Analysis, service: string, ns: string | undefined): Served | undefined {
  const name = service === 'cnx-manager' ? 'cnx-manager-tls' : 'manager-tls';
  const spec = MANAGER_TLS_SECRETS.get(name)!;
  // The operator copies manager-tls from its own namespace into the Manager's.
  const o =
    a.ws.findObject('Secret', name, ns) ??
    (spec.layout === 'operator' ? a.ws.objectsOfKind('Secret').find((s) => s.name === name) : undefined);
  if (!o) return undefined;
  const data = a.ws.data(o);
  const pair = spec.pairs.find(([c]) => data.get(c)?.content);
  const e = pair && data.get(pair[0]);
  const d = e && a.materialOf(e);
  return d?.certs[0] ? { cert: d, what: m('managerOwnCert', { name }) } : undefined;
}

function backendService(path: Node): string | undefined {
  const name =
    getScalar(getPath(path, 'backend', 'service'), 'name') ?? getScalar(getPath(path, 'backend'), 'serviceName');
  return name && !name.templated ? name.text : undefined;
}

function isPassthrough(ing: K8sObject): boolean {
  const ann = getMap(getMap(ing.node, 'metadata'), 'annotations');
  return !!ann?.pairs.some(
    (p) => /(^|\/)ssl-passthrough$/.test(p.key.text) && isScalar(p.value) && p.value.text.toLowerCase() === 'true',
  );
}

export const rule: Rule = {
  meta: {
    id: 'manager-cert-sans',
    category: 'manager',
    severity: 'error',
    reads: { kinds: ['Ingress', 'Secret'] },
    description:
      'The certificate a browser gets from the Manager does not cover the host it is opened at: an ' +
      'Ingress host routed to the Manager, checked against the Ingress TLS Secret or, with TLS ' +
      "passed through, the Manager's own cnx-manager-tls / manager-tls.",
    why:
      'The seed ("Configure encryption and authentication", Manager connections) asks for a ' +
      'certificate whose Common Name or Subject Alternative Name matches "the host name/DNS ' +
      'entry/IP address that is used to access the Manager (i.e. what it says in the browser ' +
      'address bar)"; browsers check only the SANs, so a host missing from them gets a certificate ' +
      'error and the UI does not load (real-failures.md #27). Behind an Ingress that host is the ' +
      "Ingress host; the seed's NodePort (30003) is reached by a node's name or address, which the " +
      "manifests do not hold, so nothing is checked there. The Manager Service's own DNS names are not " +
      'required: the operator issues its manager-tls for them and localhost, but keeps a certificate ' +
      'you bring whatever its names (OP pkg/controller/certificatemanager GetOrCreateKeyPair; fact ' +
      'sheet 1e).',
    messages: {
      notCovered:
        "Ingress {ingress} serves the Manager at '{host}', but the certificate browsers get ({source}) " +
        'covers {names}; browsers reject it.',
      notCoveredNoNames:
        "Ingress {ingress} serves the Manager at '{host}', but the certificate browsers get ({source}) " +
        'covers no DNS or IP names (CN only); browsers reject it.',
      servedByIngress: 'Secret {name}, served by the Ingress controller',
      managerOwnCert: "Secret {name}, the Manager's own certificate passed through",
      certBrowsersGet: 'the certificate browsers get',
    },
    examples: {
      bad: [
        {
          files: [{ name: 'manager.yaml', text: `${PASSTHROUGH('manager.example.com')}---\n${SECRET}---\n${SERVICE}` }],
          note: 'The Manager certificate covers calico-node-metrics only.',
        },
      ],
      good: [
        {
          files: [{ name: 'manager.yaml', text: `${SECRET}---\n${SERVICE}` }],
          note:
            "The seed's NodePort setup: the browser's host is a node's, not in the manifests, so the " +
            'certificate you made for it is not second-guessed.',
        },
      ],
    },
  },
  check(a, report) {
    for (const ing of a.ws.objectsOfKind('Ingress')) {
      const spec = getMap(ing.node, 'spec');
      const ns = ing.namespace;
      const tls = seqItems(get(spec, 'tls')).map((t) => ({
        secret: getScalar(t, 'secretName'),
        hosts: seqItems(get(t, 'hosts')).filter(isScalar),
        listsHosts: !!get(t, 'hosts'),
      }));
      // host -> what serves it; the first claim wins, as an Ingress controller matches TLS entries in order.
      const checks = new Map<string, { node: ScalarNode; served: Served | undefined }>();
      const claim = (node: ScalarNode, served: () => Served | undefined) => {
        if (node.templated || checks.has(node.text)) return;
        checks.set(node.text, { node, served: served() });
      };
      // TLS entries naming a Manager Secret are meant for the Manager whatever they route to.
      for (const t of tls) {
        const s = t.secret;
        if (!s || s.templated || !MANAGER_TLS_SECRETS.has(s.text)) continue;
        for (const h of t.hosts) claim(h, () => ingressSecretCert(a, s.text, ns));
      }
      for (const r of seqItems(get(spec, 'rules'))) {
        const h = getScalar(r, 'host');
        if (!h || h.templated || checks.has(h.text)) continue;
        const svc = seqItems(getPath(r, 'http', 'paths'))
          .map(backendService)
          .find((n) => n !== undefined && MANAGER_SERVICES.has(n));
        if (!svc) continue;
        const t =
          tls.find((x) => x.hosts.some((y) => !y.templated && y.text === h.text)) ?? tls.find((x) => !x.listsHosts);
        if (t) {
          // The Ingress terminates TLS with its own Secret (the seed's "TLS termination at the proxy").
          const s = t.secret;
          if (s && !s.templated) claim(h, () => ingressSecretCert(a, s.text, ns));
        } else if (isPassthrough(ing)) claim(h, () => managerOwnCert(a, svc, ns));
        // Otherwise the controller serves plain HTTP or its default certificate: not the Manager's.
      }
      for (const [host, { node, served }] of checks) {
        if (!served) continue;
        const leaf = served.cert.certs[0]!.info;
        if (covers(leaf, host)) continue;
        const names = [...leaf.dns, ...leaf.ips].join(', ');
        const where = { ingress: ing.name ?? '?', host, source: served.what };
        report({
          span: nodeSpan(ing.file.uri, node),
          message: names ? m('notCovered', { ...where, names }) : m('notCoveredNoNames', where),
          related: [{ span: served.cert.material.span, message: m('certBrowsersGet') }],
        });
      }
    }
  },
};
