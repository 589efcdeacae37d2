import { EKU } from '../certs/cert';
import { leafOf } from '../certs/leaf';
import type { Decoded } from '../certs/material';
import { m, type Arg } from '../l10n/messages';
import { workspaceFileAt } from '../model/kube-apiserver';
import type { Span } from '../types';
import { CERT_EXAMPLES } from './support/cert-examples';
import { hasEku } from './support/cert-util';
import { etcdSecretSetup } from './support/etcd-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'etcd-client-cert-usage',
    category: 'certificates',
    severity: 'error',
    description:
      "An etcd client certificate (ETCD_CERT_FILE, calicoctl's etcdCertFile) whose extended key " +
      'usage lacks clientAuth.',
    why:
      "etcd with --client-cert-auth verifies client certificates with Go's tls.RequireAndVerifyClientCert, " +
      'which asks for the ClientAuth usage (etcd client/pkg/transport TLSInfo.ServerConfig). A ' +
      'certificate whose EKU extension lacks clientAuth (a copy of the etcd server certificate, ' +
      'a serverAuth-only certificate) is refused: etcd logs "rejected connection ... tls: failed ' +
      'to verify client certificate: x509: certificate specifies an incompatible key usage" and ' +
      'calico-node, kube-controllers and calicoctl cannot reach the datastore. A certificate ' +
      'without an EKU extension is accepted. Checked against a real etcd in test/etcd-real.test.ts.',
    messages: {
      noClientAuth:
        "etcd client certificate '{cert}' ({where}) has extended key usage {usages} but not clientAuth; " +
        'etcd refuses it with "x509: certificate specifies an incompatible key usage".',
      emptyEku:
        "etcd client certificate '{cert}' ({where}) has extended key usage none but not clientAuth; " +
        'etcd refuses it with "x509: certificate specifies an incompatible key usage".',
      clientCertificate: 'the certificate',
    },
    examples: {
      bad: [
        {
          note: 'The Secret holds a serverAuth-only certificate as etcd-cert.',
          files: etcdSecretSetup({
            ca: CERT_EXAMPLES.caCert,
            cert: CERT_EXAMPLES.typhaServerCert,
            key: CERT_EXAMPLES.typhaServerKey,
          }),
        },
      ],
      good: [
        {
          files: etcdSecretSetup({
            ca: CERT_EXAMPLES.caCert,
            cert: CERT_EXAMPLES.typhaClientCert,
            key: CERT_EXAMPLES.typhaClientKey,
          }),
        },
      ],
    },
  },
  check(a, report) {
    const seen = new Set<string>();
    const check = (span: Span, decoded: Decoded, where: Arg) => {
      const leaf = leafOf(decoded);
      if (!leaf || hasEku(leaf.info, EKU.clientAuth)) return;
      const k = `${span.uri}:${span.start}`;
      if (seen.has(k)) return;
      seen.add(k);
      // hasEku is false: the EKU extension is there and lacks clientAuth.
      const names = leaf.info.eku!.map((o) => (o === EKU.serverAuth ? 'serverAuth' : o));
      report({
        span,
        message: names.length
          ? m('noClientAuth', { cert: leaf.info.subjectCN ?? leaf.info.subject, where, usages: names.join(', ') })
          : m('emptyEku', { cert: leaf.info.subjectCN ?? leaf.info.subject, where }),
        related: [{ span: decoded.material.span, message: m('clientCertificate') }],
      });
    };
    // Containers' ETCD_CERT_FILE, followed through the mount to the Secret key.
    for (const ref of a.tlsRefs) {
      const s = ref.setting;
      // An etcd client's EtcdCertFile: the env clients model/tls-files.ts keeps (none on the kubernetes datastore).
      if (!s || s.param !== 'EtcdCertFile' || !('kind' in s.owner)) continue;
      // A pair that does not load is never presented: cert-key-mismatch reports the cause.
      if (a.keyPairFails(s)) continue;
      check(ref.at, ref.decoded, m('refNames', { name: ref.name, target: ref.target }));
    }
    // calicoctl configuration files: a node's path whose copy is a workspace file.
    let withMaterial: typeof a.files | undefined;
    for (const c of a.etcd) {
      if (c.kind !== 'calicoctl' || c.datastore === 'kubernetes' || !c.cert) continue;
      // Unset (empty or blank) paths fail the '/' test below.
      if (c.cert.value.state !== 'known') continue;
      const path = c.cert.value.value.trim();
      if (!path.startsWith('/')) continue;
      withMaterial ??= a.files.filter((f) => a.materialOfFile(f.uri));
      const file = workspaceFileAt(withMaterial, path);
      const decoded = file && a.materialOfFile(file.uri);
      if (decoded) check(c.cert.valueSpan ?? c.cert.nameSpan, decoded, `${c.cert.name} -> ${path}`);
    }
  },
};
