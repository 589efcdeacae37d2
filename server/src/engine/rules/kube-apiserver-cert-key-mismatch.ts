import { keyMatchesCert } from '../certs/cert';
import { m } from '../l10n/messages';
import { APISERVER_KEY_PAIRS, folderOf, type ApiserverSetting, type KubeApiserver } from '../model/kube-apiserver';
import { apiserverPod } from './support/apiserver-examples';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

function settingOf(api: KubeApiserver, flag: string): ApiserverSetting | undefined {
  if (flag === 'etcd-certfile') return api.etcd?.cert ?? api.flags.get(flag);
  if (flag === 'etcd-keyfile') return api.etcd?.key ?? api.flags.get(flag);
  return api.flags.get(flag);
}

const dir = (p: string) => p.replace(/\/[^/]*$/, '');

export const rule: Rule = {
  meta: {
    id: 'kube-apiserver-cert-key-mismatch',
    category: 'apiserver',
    severity: 'error',
    description:
      "A kube-apiserver key file that is not the certificate's (--tls-cert-file/--tls-private-key-file, " +
      '--etcd-certfile/--etcd-keyfile, --kubelet-client-*, --proxy-client-*), when the workspace ' +
      'holds both files.',
    why:
      'The seed ("Configure encryption and authentication") recommends TLS on kube-apiserver and ' +
      'mutual TLS to etcd; each of these pairs is loaded as one X.509 key pair (Go ' +
      'tls.LoadX509KeyPair / dynamiccertificates), which fails with "tls: private key does not ' +
      'match public key" when the key belongs to another certificate: kube-apiserver does not ' +
      'start (serving and etcd pairs) or cannot reach kubelets and aggregated API servers such as ' +
      "Calico's. It happens when one half of a pair is renewed, or two pairs' files are mixed up. " +
      "Paths are followed through the static pod's hostPath mounts to a copy of the node files in " +
      'the workspace (a folder ending in pki/apiserver.crt for /etc/kubernetes/pki/apiserver.crt); ' +
      'a file the workspace does not hold is not judged.',
    messages: {
      mismatch:
        "{label}: {keyFlag} ({keyPath}) is not the key of {certFlag} ({certPath}, '{who}'): loading " +
        'the pair fails with "private key does not match public key".',
      pairCertFlag: 'the certificate flag',
      pairCertificate: "the certificate ('{who}')",
      pairKey: 'the key',
    },
    examples: {
      bad: [
        {
          files: [
            { name: 'manifests/kube-apiserver.yaml', text: apiserverPod() },
            { name: 'pki/apiserver.crt', text: CERT_EXAMPLES.typhaServerCert },
            { name: 'pki/apiserver.key', text: CERT_EXAMPLES.typhaClientKey },
          ],
        },
      ],
      good: [
        {
          files: [
            { name: 'manifests/kube-apiserver.yaml', text: apiserverPod() },
            { name: 'pki/apiserver.crt', text: CERT_EXAMPLES.typhaServerCert },
            { name: 'pki/apiserver.key', text: CERT_EXAMPLES.typhaServerKey },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const api of a.kubeApiservers) {
      for (const [certFlag, keyFlag] of APISERVER_KEY_PAIRS) {
        const cs = settingOf(api, certFlag);
        const ks = settingOf(api, keyFlag);
        const cm = a.apiserverMaterial(api, cs);
        const km = a.apiserverMaterial(api, ks);
        const leaf = cm?.decoded.certs[0];
        const key = km?.decoded.keys[0];
        if (!cm || !km || !leaf || !key || key.info.spki256 === undefined) continue;
        // Two node files of one folder must be found side by side, not picked from two copies.
        if (cm.file && km.file && dir(cm.path) === dir(km.path) && folderOf(cm.file.uri) !== folderOf(km.file.uri))
          continue;
        if (keyMatchesCert(key.info, leaf.info)) continue;
        const who = leaf.info.subjectCN ?? leaf.info.subject;
        report({
          span: km.setting.valueSpan ?? km.setting.span,
          message: m('mismatch', {
            label: api.label,
            keyFlag: km.setting.label,
            keyPath: km.path,
            certFlag: cm.setting.label,
            certPath: cm.path,
            who,
          }),
          related: [
            { span: cm.setting.valueSpan ?? cm.setting.span, message: m('pairCertFlag') },
            { span: cm.decoded.material.span, message: m('pairCertificate', { who }) },
            { span: km.decoded.material.span, message: m('pairKey') },
          ],
        });
      }
    }
  },
};
