import { keyPairLoadError } from '../calico/tls-file-groups';
import { blockTypes, type CertKeyPair } from '../certs/pairs';
import { spanOf } from '../model/tls-files';
import type { Fix, Span, TextEdit } from '../types';
import type { Analysis } from '../analysis';
import { CERT_EXAMPLES } from './support/cert-examples';
import { calicoNode } from './support/examples';
import { listText } from './support/util';
import type { Rule } from './types';

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

/** Swaps the texts at two spans of the workspace, when both are plain one-line values we can read. */
function swapEdits(a: Analysis, x: Span, y: Span): TextEdit[] | undefined {
  const text = (s: Span) => a.file(s.uri)?.text.slice(s.start, s.end);
  const tx = text(x);
  const ty = text(y);
  if (tx === undefined || ty === undefined || !tx.trim() || !ty.trim() || /[\r\n]/.test(tx + ty)) return undefined;
  if (x.uri === y.uri && x.start < y.end && y.start < x.end) return undefined;
  return [
    { ...x, newText: ty },
    { ...y, newText: tx },
  ];
}

function capital(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function goError(p: CertKeyPair): string {
  return keyPairLoadError(blockTypes(p.cert.decoded), blockTypes(p.key.decoded)) ?? '';
}

export const rule: Rule = {
  meta: {
    id: 'cert-key-swapped',
    category: 'certificates',
    severity: 'error',
    fix: 'safe',
    description:
      'A certificate and its key given the other way round: the certificate setting (or data key) ' +
      'names the private key and the key setting names the certificate.',
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
    const bySpans = new Map<string, { p: CertKeyPair; certAt: Span; keyAt: Span; readers: string[] }>();
    for (const p of a.swappedPairs) {
      const certAt = p.cert.setting ? spanOf(p.cert.setting) : p.cert.decoded.material.span;
      const keyAt = p.key.setting ? spanOf(p.key.setting) : p.key.decoded.material.span;
      const k = `${certAt.uri}:${certAt.start}|${keyAt.uri}:${keyAt.start}`;
      const hit = bySpans.get(k);
      const reader = p.group && p.cert.setting ? `${p.group.purpose} in ${p.cert.setting.label}` : undefined;
      if (hit) {
        if (reader && !hit.readers.includes(reader)) hit.readers.push(reader);
      } else bySpans.set(k, { p, certAt, keyAt, readers: reader ? [reader] : [] });
    }
    // A Secret whose values are swapped but which some setting reads crosswise works for that
    // reader: swapping the stored values would break it, so no fix is offered then.
    const readAsCert = new Set(a.certKeyPairs.filter((p) => p.source === 'setting').map((p) => p.cert.decoded));
    for (const { p, certAt, keyAt, readers } of bySpans.values()) {
      const err = goError(p);
      const c = p.cert.decoded.material;
      const k = p.key.decoded.material;
      let message: string;
      let fixes: Fix[] = [];
      if (p.source === 'setting' && p.cert.setting && p.key.setting) {
        message =
          `${p.cert.name} and ${p.key.name} are swapped: ${p.cert.name} names '${p.cert.setting.path}' ` +
          `(${c.label}), which holds a private key, and ${p.key.name} names '${p.key.setting.path}' ` +
          `(${k.label}), which holds the certificate. ${capital(listText(readers))} ` +
          `${readers.length > 1 ? 'load' : 'loads'} them with Go's ` +
          `tls.LoadX509KeyPair, which fails with "${err}"${p.group ? `: ${p.group.onLoadFailure}` : ''}.`;
        const edits = swapEdits(a, certAt, keyAt);
        if (edits) fixes = [{ title: `Swap the values of ${p.cert.name} and ${p.key.name}`, safety: 'safe', edits }];
      } else {
        const owner = c.label.split(', ')[0] ?? c.label;
        const who =
          c.object?.kind === 'CalicoAPIConfig'
            ? 'calicoctl and every client that loads this configuration ' +
              '(CAL libcalico-go/lib/backend/etcdv3/inline_cert_key.go)'
            : c.object?.kind === 'Secret'
              ? 'every pod that mounts the Secret, and the operator for the key pairs it reads'
              : 'every client that loads the pair by these names';
        message =
          `${owner}: '${p.cert.name}' holds a private key and '${p.key.name}' holds the certificate; the two ` +
          `values are swapped. ${capital(who)} fails in Go's tls.X509KeyPair ` +
          `with "${err}".`;
        const cn = c.node;
        const kn = k.node;
        const plain = (n: typeof cn) => !!n && n.style !== 'block' && !n.templated && !n.uri;
        if (plain(cn) && plain(kn) && c.encoding === k.encoding && !readAsCert.has(p.key.decoded)) {
          const edits = swapEdits(
            a,
            { uri: c.span.uri, start: cn!.start, end: cn!.end },
            {
              uri: k.span.uri,
              start: kn!.start,
              end: kn!.end,
            },
          );
          if (edits)
            fixes = [{ title: `Swap the values of '${p.cert.name}' and '${p.key.name}'`, safety: 'safe', edits }];
        }
      }
      report({
        span: certAt,
        message,
        related: [
          { span: keyAt, message: `${p.key.name}, which holds the certificate` },
          ...(p.source === 'setting'
            ? [
                { span: c.span, message: `the private key (${c.label})` },
                { span: k.span, message: `the certificate (${k.label})` },
              ]
            : []),
        ],
        fixes,
      });
    }
  },
};
