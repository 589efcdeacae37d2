import { certSpki256 } from '../certs/cert';
import type { Decoded } from '../certs/material';
import type { CertKeyPair, PairSide } from '../certs/pairs';
import type { Span } from '../types';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { misorderedLeaf } from '../certs/leaf';

function where(s: PairSide): Span {
  return s.ref ? s.ref.at : s.decoded.material.span;
}

export const rule: Rule = {
  meta: {
    id: 'cert-key-mismatch',
    category: 'certificates',
    severity: 'error',
    description:
      'A private key that does not belong to the certificate it is loaded with: stored next to it ' +
      '(tls.crt/tls.key, cert/key, etcd-cert/etcd-key ...) or named beside it by a component ' +
      '(FELIX_TYPHACERTFILE/KEYFILE, TYPHA_SERVERCERTFILE/KEYFILE, ETCD_CERT_FILE/ETCD_KEY_FILE, ' +
      'the Felix and Typha Prometheus metrics and reporter pairs).',
    why:
      "Calico loads each certificate with its key through Go's tls.LoadX509KeyPair, which " +
      'fails with "tls: private key does not match public key" when the key is not the ' +
      'certificate\'s (Typha panics with "Failed to load certificate and key", CAL ' +
      "typha/pkg/syncserver/sync_server.go; Felix's Typha client fails the same way, CAL " +
      'typha/pkg/syncclient/sync_client.go; the etcd client is not created; the metrics server ' +
      'logs "Error starting metrics https server." at INFO and serves nothing, CAL ' +
      'libcalico-go/lib/metricsserver/metrics_server.go; fact sheet 1b, 1d, 1f). It happens when ' +
      'one half of a pair is rotated, or keys of two pairs are swapped (real-failures.md #7). ' +
      'Every pair the model resolves is checked once: the pairs a component names in its settings ' +
      "(and a ServiceMonitor's tlsConfig cert/keySecret), " +
      'followed to the Secret keys mounted at those paths, and the pairs stored in one object. ' +
      'The first certificate of the file is the one the key must match (a CA certificate first, ' +
      "with the key's leaf after it, is the order mistake cert-chain-order reports).",
    messages: {
      storedKeyOfLater:
        "{keyLabel} belongs to certificate {n} ('{cn}') of {certLabel}, not to its first certificate; the leaf must " +
        'come first in the file.',
      storedKeyMismatch:
        "{keyLabel} does not belong to the certificate in {certLabel} ('{cn}'): loading the pair fails with " +
        '"private key does not match public key".',
      theCertificate: 'the certificate ({cn})',
      namedKeyOfLater:
        "{key} names {keyTarget}, the key of certificate {n} ('{cn}') of what {cert} names, {certTarget}, not of its " +
        'first certificate: {loader} loads the first certificate as the leaf, so the leaf must come first.',
      namedKeyMismatch:
        "{key} names {keyTarget}, which is not the key of the certificate ('{cn}') that {cert} names, {certTarget}: " +
        '{loader} loads them with Go\'s {loadFn}, which fails with "{goError}"{consequence}.',
      namedKeyMismatchCa:
        "{key} names {keyTarget}, which is not the key of the certificate ('{cn}', a CA certificate) that {cert} " +
        'names, {certTarget}: {loader} loads them with Go\'s {loadFn}, which fails with "{goError}"{consequence}.',
      consequence: '; {what}',
      certificateIn: 'the certificate ({cn}) in {label}',
      keyIn: 'the key in {label}',
      keySetting: '{name}, the key',
      certSetting: '{name}, the certificate ({cn})',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ntype: ` +
                `kubernetes.io/tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64')}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ntype: ` +
                `kubernetes.io/tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerKey).toString('base64')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    // One check for every pair the model resolves (certs/pairs.ts), once per cert and key bytes:
    // stored pairs come first, so settings that read exactly a stored pair add nothing.
    const id = (p: CertKeyPair) => `${spanKey(p.cert.decoded)}|${spanKey(p.key.decoded)}`;
    const done = new Set<string>();
    for (const p of a.certKeyPairs) {
      const leaf = p.cert.decoded.certs[0];
      const key = p.key.decoded.keys[0];
      if (!leaf || !key?.info.spki256 || key.info.spki256 === certSpki256(leaf.info)) continue;
      if (done.has(id(p))) continue;
      done.add(id(p));
      // The first certificate is not the key's (above): a match is a later one.
      const later = p.cert.decoded.certs.find((c) => certSpki256(c.info) === key.info.spki256);
      // A CA first and the key's leaf after it is one mistake, the order of the file, which
      // cert-chain-order reports at the certificate (certs/leaf.ts decides for both).
      const d = p.cert.decoded;
      if (later && misorderedLeaf(d) === later) continue;
      const cn = (c: typeof leaf) => c.info.subjectCN ?? c.info.subject;
      if (p.source === 'data') {
        const labels = { keyLabel: p.key.decoded.material.label, certLabel: p.cert.decoded.material.label };
        report({
          span: p.key.decoded.material.span,
          message: later
            ? m('storedKeyOfLater', { ...labels, n: later.index + 1, cn: cn(later) })
            : m('storedKeyMismatch', { ...labels, cn: cn(leaf) }),
          related: [{ span: p.cert.decoded.material.span, message: m('theCertificate', { cn: cn(leaf) }) }],
        });
        continue;
      }
      // Settings that name a cert and a key which do not belong together. When both files come
      // from one object, the stored pair is what is wrong: report at the key's value there.
      // Otherwise the settings join files of two pairs: report at the setting to change (the
      // certificate setting when it names a CA certificate, else the key setting).
      const sameObject = p.cert.decoded.material.object === p.key.decoded.material.object;
      const atCert = !sameObject && !later && leaf.info.isCA;
      // A reference pair always has its reader and both references (certs/pairs.ts).
      const reader = p.reader!;
      const loader = reader.who;
      const goError =
        key.info.type !== leaf.info.key.type
          ? 'tls: private key type does not match public key type'
          : 'tls: private key does not match public key';
      const loadFn = reader.loader;
      const names = {
        key: p.key.name,
        keyTarget: p.key.ref!.target,
        cert: p.cert.name,
        certTarget: p.cert.ref!.target,
        loader,
      };
      const message = later
        ? m('namedKeyOfLater', { ...names, n: later.index + 1, cn: cn(later) })
        : m(leaf.info.isCA ? 'namedKeyMismatchCa' : 'namedKeyMismatch', {
            ...names,
            cn: cn(leaf),
            loadFn,
            goError,
            consequence: m('consequence', { what: reader.onLoadFailure }),
          });
      const certBytes = {
        span: p.cert.decoded.material.span,
        message: m('certificateIn', { cn: cn(leaf), label: p.cert.decoded.material.label }),
      };
      if (sameObject) {
        report({ span: p.key.decoded.material.span, message, related: [certBytes] });
        continue;
      }
      const keyBytes = {
        span: p.key.decoded.material.span,
        message: m('keyIn', { label: p.key.decoded.material.label }),
      };
      report({
        span: atCert ? where(p.cert) : where(p.key),
        message,
        related: [
          atCert
            ? { span: where(p.key), message: m('keySetting', { name: p.key.name }) }
            : { span: where(p.cert), message: m('certSetting', { name: p.cert.name, cn: cn(leaf) }) },
          certBytes,
          keyBytes,
        ],
      });
    }
  },
};

function spanKey(d: Decoded): string {
  return `${d.material.span.uri}\u0000${d.material.span.start}`;
}
