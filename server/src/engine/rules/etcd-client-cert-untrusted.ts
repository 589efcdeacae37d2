import { leafOf } from '../certs/leaf';
import { m, type Msg } from '../l10n/messages';
import { quotedList } from './support/util';
import { chainsTo } from '../certs/trust';
import { clientCertAuth, serverValue } from '../model/etcd-server';
import { CERT_EXAMPLES } from './support/cert-examples';
import { etcdBothSides } from './support/etcd-examples';
import { clientCert, etcdv3Clients, httpsEndpoints } from './support/etcd-server-match';
import type { ReportRelated, Rule } from './types';

const side = (cert: string, key: string) => ({
  client: { ca: CERT_EXAMPLES.etcdCaCert, cert, key },
  endpoint: 'https://10.0.0.1:2379',
  serverUrl: 'https://10.0.0.1:2379',
  trustedCa: CERT_EXAMPLES.etcdCaCert,
  serverCert: CERT_EXAMPLES.etcdServerCert,
});

export const rule: Rule = {
  meta: {
    id: 'etcd-client-cert-untrusted',
    category: 'etcd',
    severity: 'error',
    description:
      "An etcd client certificate (ETCD_CERT_FILE, calicoctl's etcdCertFile) not issued by the CA " +
      'the etcd server it connects to trusts for client certificates (--trusted-ca-file with ' +
      '--client-cert-auth).',
    why:
      'With --client-cert-auth etcd requires and verifies a client certificate ' +
      '(tls.RequireAndVerifyClientCert) against --trusted-ca-file only (etcd client/pkg/transport ' +
      'TLSInfo.ServerConfig). A certificate from another CA (the CA of another cluster, a second ' +
      'run of a generator, the client-side CA the client verifies etcd with when etcd trusts a ' +
      'different one) is refused: etcd logs "rejected connection ... tls: failed to verify client ' +
      'certificate: x509: certificate signed by unknown authority" and calico-node, ' +
      'kube-controllers and calicoctl cannot reach the datastore. Reported only when the workspace ' +
      "holds both sides: the client's certificate and the etcd server its endpoint reaches (a " +
      'container running etcd, or an etcd configuration file) with the CA file it names. Checked ' +
      'against a real etcd in test/etcd-real.test.ts.',
    messages: {
      untrusted:
        "etcd client certificate '{cert}' ({where}, issuer '{issuer}') is not issued by a CA the etcd " +
        'server trusts for client certificates: {servers}. etcd refuses it with "x509: certificate ' +
        'signed by unknown authority".',
      serverTrusts: '{server} at {endpoint} trusts {cas} ({setting})',
      serverTrustsMore: '{first}; {rest}',
      serverSetting: '{server}: {setting}',
      clientCertificate: 'the certificate',
    },
    examples: {
      bad: [
        {
          note: 'The client certificate in calico-etcd-secrets comes from another CA than the one etcd trusts.',
          files: etcdBothSides(side(CERT_EXAMPLES.foreignClientCert, CERT_EXAMPLES.foreignClientKey)),
        },
      ],
      good: [{ files: etcdBothSides(side(CERT_EXAMPLES.etcdClientCert, CERT_EXAMPLES.etcdClientKey)) }],
    },
  },
  check(a, report) {
    if (!a.etcdServers.length) return;
    const seen = new Set<string>();
    for (const c of etcdv3Clients(a)) {
      const endpoints = httpsEndpoints(a, c).filter((e) => e.server);
      if (!endpoints.length) continue;
      const cert = clientCert(a, c);
      const leaf = leafOf(cert?.decoded);
      if (!cert || !leaf) continue;
      const refusing = new Map<string, { server: Msg; related: ReportRelated }>();
      for (const e of endpoints) {
        const s = e.server!;
        // Without TLS or without client certificate authentication etcd checks no client certificate.
        if (!serverValue(s, 'cert-file') || clientCertAuth(s) !== true) continue;
        const caSetting = s.settings.get('trusted-ca-file');
        const ca = a.etcdServerMaterial(s, 'trusted-ca-file');
        if (!caSetting || !ca || ca.certs.length === 0) continue;
        if (chainsTo(cert.decoded, ca)) continue;
        const k = `${caSetting.span.uri}:${caSetting.span.start}`;
        const cas = quotedList(ca.certs.map((x) => x.info.subjectCN ?? x.info.subject));
        refusing.set(k, {
          server: m('serverTrusts', { server: s.label, endpoint: e.text, cas, setting: caSetting.label }),
          related: { span: caSetting.span, message: m('serverSetting', { server: s.label, setting: caSetting.label }) },
        });
      }
      if (!refusing.size) continue;
      const k = `${cert.span.uri}:${cert.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const r = [...refusing.values()];
      // One server after the other, "A; B": a message per server, nested.
      const servers = r
        .map((x) => x.server)
        .reduceRight<Msg | undefined>(
          (rest, first) => (rest ? m('serverTrustsMore', { first, rest }) : first),
          undefined,
        )!;
      report({
        span: cert.span,
        message: m('untrusted', {
          cert: leaf.info.subjectCN ?? leaf.info.subject,
          where: cert.where,
          issuer: leaf.info.issuerCN ?? leaf.info.issuer,
          servers,
        }),
        related: [...r.map((x) => x.related), { span: cert.decoded.material.span, message: m('clientCertificate') }],
      });
    }
  },
};
