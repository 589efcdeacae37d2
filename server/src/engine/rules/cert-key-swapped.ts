import { keyPairLoadError } from '../calico/tls-file-groups';
import { blockTypes, type CertKeyPair, type TlsReader } from '../certs/pairs';
import type { Span, TextEdit } from '../types';
import { m, type Msg } from '../l10n/messages';
import type { Analysis } from '../analysis';
import { CERT_EXAMPLES } from './support/cert-examples';
import { calicoNode } from './support/examples';
import { listText } from './support/util';
import type { ReportFix, Rule } from './types';

const NODE_CERTS = (crt: string, key: string) => `---
apiVersion: v1
kind: Secret
metadata:
  name: calico-node-certs
  namespace: kube-system
type: kubernetes.io/tls
data:
  tls.crt: ${Buffer.from(crt).toString('base64')}
  tls.key: ${Buffer.from(key).toString('base64')}
`;

const MOUNTS = [{ volume: 'calico-node-certs', path: '/calico-node-certs', secret: 'calico-node-certs' }];

const node = (certFile: string, keyFile: string) =>
  calicoNode(
    {
      FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
      FELIX_TYPHACAFILE: '/etc/ssl/certs/ca-certificates.crt',
      FELIX_TYPHACERTFILE: certFile,
      FELIX_TYPHAKEYFILE: keyFile,
      FELIX_TYPHACN: 'typha-server',
    },
    MOUNTS,
  );

/**
 * Swaps the texts at two spans of the workspace: one-line values, or (`blocks`) two YAML block
 * scalars whose content is indented alike, so each keeps a valid layout where the other was.
 */
function swapEdits(a: Analysis, x: Span, y: Span, blocks = false): TextEdit[] | undefined {
  const text = (s: Span) => a.file(s.uri)?.text.slice(s.start, s.end);
  const tx = text(x);
  const ty = text(y);
  // Both hold PEM (a swap was found between them): never empty.
  if (tx === undefined || ty === undefined) return undefined;
  const indent = (t: string) => /\n([ \t]*)\S/.exec(t)?.[1];
  const sameBlock = indent(tx) !== undefined && indent(tx) === indent(ty) && /\n$/.test(tx) === /\n$/.test(ty);
  if (blocks ? !sameBlock : /[\r\n]/.test(tx + ty)) return undefined;
  if (x.uri === y.uri && x.start < y.end && y.start < x.end) return undefined;
  return [
    { ...x, newText: ty },
    { ...y, newText: tx },
  ];
}

function goError(p: CertKeyPair): string {
  return keyPairLoadError(blockTypes(p.cert.decoded), blockTypes(p.key.decoded)) ?? '';
}

export const rule: Rule = {
  meta: {
    id: 'cert-key-swapped',
    category: 'certificates',
    severity: 'error',
    reads: { kinds: ['CalicoAPIConfig', 'Secret'] },
    fix: 'safe',
    description:
      'A certificate and its key given the other way round: the certificate setting (or ServiceMonitor ' +
      'tlsConfig.cert, or the data key named as the certificate) holds the private key and the key ' +
      'one holds the certificate.',
    why:
      "Every Calico component loads its certificate and key with Go's tls.LoadX509KeyPair " +
      "(Felix's Typha client, CAL typha/pkg/syncclient/sync_client.go; Typha's server, " +
      'typha/pkg/syncserver/sync_server.go; the etcd client through etcd transport.TLSInfo, ' +
      'libcalico-go/lib/backend/etcdv3/etcdv3.go; the metrics server, ' +
      'libcalico-go/lib/metricsserver/metrics_server.go; fact sheet 1b, 1d, 1f), which reads the ' +
      'certificate input first and fails with "tls: failed to find certificate PEM data in ' +
      'certificate input, but did find a private key; PEM inputs may have been switched" (Go ' +
      'crypto/tls/tls.go). Felix then cannot connect to Typha, Typha panics with "Failed to load ' +
      'certificate and key", the etcd client is not created, the metrics server does not start. ' +
      'The swap is one mistake: it is reported once, at the certificate setting (or the Secret ' +
      'key named as the certificate), and the quick fix swaps the two values.',
    messages: {
      swappedRefs:
        '{cert} and {key} are swapped: {cert} names {certTarget}, which holds a private key, and {key} names ' +
        "{keyTarget}, which holds the certificate. {readers} loads them with Go's {loader}, which fails with " +
        '"{error}": {consequence}.',
      swappedRefsMany:
        '{cert} and {key} are swapped: {cert} names {certTarget}, which holds a private key, and {key} names ' +
        "{keyTarget}, which holds the certificate. {readers} load them with Go's {loader}, which fails with " +
        '"{error}": {consequence}.',
      swapRefs: 'Swap the values of {cert} and {key}',
      swappedData:
        "{owner}: '{cert}' holds a private key and '{key}' holds the certificate; the two values are swapped. " +
        'Go\'s tls.X509KeyPair fails with "{error}": {consequence}.',
      calicoctlFails:
        'calicoctl cannot create its etcd client (CAL libcalico-go/lib/backend/etcdv3/inline_cert_key.go)',
      secretReadersFail:
        'every pod that reads the pair by these names fails to load it, and so does the operator for the key ' +
        'pairs it reads',
      readersFail: 'every client that reads the pair by these names fails to load it',
      swapData: "Swap the values of '{cert}' and '{key}'",
      keyHoldsCert: '{key}, which holds the certificate',
      thePrivateKey: 'the private key ({label})',
      theCertificate: 'the certificate ({label})',
    },
    examples: {
      bad: [
        {
          note: 'FELIX_TYPHACERTFILE names the key file and FELIX_TYPHAKEYFILE the certificate.',
          files: [
            {
              name: 'calico-node.yaml',
              text:
                node('/calico-node-certs/tls.key', '/calico-node-certs/tls.crt') +
                NODE_CERTS(CERT_EXAMPLES.typhaClientCert, CERT_EXAMPLES.typhaClientKey),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text:
                node('/calico-node-certs/tls.crt', '/calico-node-certs/tls.key') +
                NODE_CERTS(CERT_EXAMPLES.typhaClientCert, CERT_EXAMPLES.typhaClientKey),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    // The pairs are found once, for every component (Analysis.swappedPairs, certs/pairs.ts):
    // other rules skip their halves, so the swap is one finding.
    const bySpans = new Map<string, { p: CertKeyPair; certAt: Span; keyAt: Span; readers: TlsReader[] }>();
    for (const p of a.swappedPairs) {
      const certAt = p.cert.ref?.at ?? p.cert.decoded.material.span;
      const keyAt = p.key.ref?.at ?? p.key.decoded.material.span;
      const k = `${certAt.uri}:${certAt.start}|${keyAt.uri}:${keyAt.start}`;
      const hit = bySpans.get(k);
      const reader = p.reader;
      const same = (r: TlsReader) => JSON.stringify(r.who) === JSON.stringify(reader?.who);
      if (hit) {
        if (reader && !hit.readers.some(same)) hit.readers.push(reader);
      } else bySpans.set(k, { p, certAt, keyAt, readers: reader ? [reader] : [] });
    }
    // A Secret whose values are swapped but which some reference reads crosswise works for that
    // reader: swapping the stored values would break it, so no fix is offered then.
    const readAsCert = new Set(a.certKeyPairs.filter((p) => p.source === 'ref').map((p) => p.cert.decoded));
    for (const { p, certAt, keyAt, readers } of bySpans.values()) {
      const err = goError(p);
      const c = p.cert.decoded.material;
      const k = p.key.decoded.material;
      let message: Msg;
      let fixes: ReportFix[] = [];
      if (p.cert.ref && p.key.ref) {
        message = m(readers.length > 1 ? 'swappedRefsMany' : 'swappedRefs', {
          cert: p.cert.name,
          key: p.key.name,
          certTarget: p.cert.ref.target,
          keyTarget: p.key.ref.target,
          // The first reader begins the sentence (its whoFirst words: "The etcd client ...").
          readers: listText(readers.map((r, i) => (i ? r.who : r.whoFirst))),
          loader: p.cert.ref.reader.loader,
          error: err,
          consequence: p.cert.ref.reader.onLoadFailure,
        });
        const sw = p.cert.ref.swapWith;
        const edits = sw !== undefined && sw === p.key.ref.swapWith ? swapEdits(a, certAt, keyAt) : undefined;
        if (edits) fixes = [{ title: m('swapRefs', { cert: p.cert.name, key: p.key.name }), safety: 'safe', edits }];
      } else {
        const owner = c.owner ?? c.field;
        const consequence =
          c.object?.kind === 'CalicoAPIConfig'
            ? 'calicoctlFails'
            : c.object?.kind === 'Secret'
              ? 'secretReadersFail'
              : 'readersFail';
        message = m('swappedData', {
          owner,
          cert: p.cert.name,
          key: p.key.name,
          error: err,
          consequence: m(consequence),
        });
        const cn = c.node;
        const kn = k.node;
        // Both one-line values, or both block scalars indented alike (swapEdits decides): the
        // texts can trade places.
        const block = cn?.style === 'block';
        const movable = (n: typeof cn) => !!n && !n.templated && !n.uri;
        if (movable(cn) && movable(kn) && c.encoding === k.encoding && !readAsCert.has(p.key.decoded)) {
          const edits = swapEdits(
            a,
            { uri: c.span.uri, start: cn!.start, end: cn!.end },
            { uri: k.span.uri, start: kn!.start, end: kn!.end },
            block,
          );
          if (edits) fixes = [{ title: m('swapData', { cert: p.cert.name, key: p.key.name }), safety: 'safe', edits }];
        }
      }
      report({
        span: certAt,
        message,
        related: [
          { span: keyAt, message: m('keyHoldsCert', { key: p.key.name }) },
          ...(p.source === 'ref'
            ? [
                { span: c.span, message: m('thePrivateKey', { label: c.label }) },
                { span: k.span, message: m('theCertificate', { label: k.label }) },
              ]
            : []),
        ],
        fixes,
      });
    }
  },
};
