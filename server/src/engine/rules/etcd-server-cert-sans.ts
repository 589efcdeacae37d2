import { verifyHostname } from '../certs/hostname';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { canonicalIp } from '../model/etcd-server';
import { CERT_EXAMPLES } from './support/cert-examples';
import { etcdBothSides } from './support/etcd-examples';
import { etcdv3Clients, httpsEndpoints } from './support/etcd-server-match';
import type { Rule } from './types';

const sides = (url: string) =>
  etcdBothSides({
    client: { ca: CERT_EXAMPLES.etcdCaCert, cert: CERT_EXAMPLES.etcdClientCert, key: CERT_EXAMPLES.etcdClientKey },
    endpoint: url,
    serverUrl: url,
    trustedCa: CERT_EXAMPLES.etcdCaCert,
    serverCert: CERT_EXAMPLES.etcdServerCert,
  });

/** Go's HostnameError text for the host (Go's words, verbatim in every language). */
function refusal(host: string, hasIpSans: boolean): string {
  return canonicalIp(host) !== undefined && !hasIpSans
    ? `"x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs"`
    : `"x509: certificate is valid for ..., not ${host}"`;
}

export const rule: Rule = {
  meta: {
    id: 'etcd-server-cert-sans',
    category: 'etcd',
    severity: 'error',
    description:
      'An etcd endpoint (ETCD_ENDPOINTS, etcdEndpoints, etcd_endpoints) whose host is not in the ' +
      "etcd server certificate's SANs.",
    why:
      "Calico's etcd clients (calico-node, kube-controllers, calicoctl, the CNI plugin) verify the " +
      "etcd server certificate against the host of the endpoint they dial, with Go's crypto/x509 " +
      'VerifyHostname: an IP address must be an IP SAN, a name a DNS SAN (a wildcard covers one ' +
      'leftmost label), and the Common Name is not used. A certificate for other names fails ' +
      'every connection with "x509: certificate is valid for ..., not ..." (etcd logs the client ' +
      'hanging up: "tls: bad certificate"). Reported only when the workspace holds both sides: ' +
      "the endpoint and the etcd server it reaches (its host:port in the server's " +
      'advertise-client-urls or listen-client-urls, else the only etcd server of the workspace ' +
      'that can serve it) with the certificate its cert-file names. Checked against a real etcd in ' +
      'test/etcd-real.test.ts.',
    messages: {
      notInSans:
        "etcd endpoint {endpoint}: the certificate {server} serves ('{cert}', {setting}) is valid for " +
        '{names}, not {host}; the client refuses it with {refusal}.',
      noSans:
        "etcd endpoint {endpoint}: the certificate {server} serves ('{cert}', {setting}) is valid for " +
        'no name (no SANs), not {host}; the client refuses it with {refusal}.',
      serverSetting: '{server}: {setting}',
      serverCert: 'the server certificate',
    },
    examples: {
      bad: [
        {
          note: 'Clients reach etcd through a name the server certificate (10.0.0.1, etcd-0.example.com) lacks.',
          files: sides('https://etcd.example.com:2379'),
        },
      ],
      good: [{ files: sides('https://etcd-0.example.com:2379') }],
    },
  },
  check(a, report) {
    if (!a.etcdServers.length) return;
    const seen = new Set<string>();
    for (const c of etcdv3Clients(a)) {
      for (const e of httpsEndpoints(a, c)) {
        const s = e.server;
        const certSetting = s?.settings.get('cert-file');
        if (!s || !certSetting) continue;
        const decoded = a.etcdServerMaterial(s, 'cert-file');
        const leaf = leafOf(decoded);
        if (!decoded || !leaf || verifyHostname(leaf.info, e.url.host)) continue;
        const k = `${e.span.uri}:${e.span.start}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const names = [...leaf.info.dns, ...leaf.info.ips];
        report({
          span: e.span,
          message: m(names.length ? 'notInSans' : 'noSans', {
            endpoint: e.text,
            server: s.label,
            cert: leaf.info.subjectCN ?? leaf.info.subject,
            setting: certSetting.label,
            names: names.join(', '),
            host: e.url.host,
            refusal: refusal(e.url.host, leaf.info.ips.length > 0),
          }),
          related: [
            { span: certSetting.span, message: m('serverSetting', { server: s.label, setting: certSetting.label }) },
            { span: decoded.material.span, message: m('serverCert') },
          ],
        });
      }
    }
  },
};
