import { MANAGER_TLS_SECRETS } from '../calico/manager';
import { expectedOf } from '../certs/material';
import { dataOpen, type DataEntry } from '../model/data';
import type { K8sObject } from '../model/objects';
import { nodeSpan, getScalar } from '../parse/tree';
import { replaceScalar } from '../fixes';
import type { Analysis } from '../analysis';
import type { TextEdit } from '../types';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { m } from '../l10n/messages';
import { quotedList } from './support/util';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (type: string, cert: string, key: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cnx-manager-tls\n  namespace: kube-system\ntype: ${type}\n` +
  `data:\n  ${cert}: ${b64(CERT_EXAMPLES.metricsServerCert)}\n  ${key}: ${b64(CERT_EXAMPLES.metricsServerKey)}\n`;

/** A CA or bundle is not the Manager's own certificate (cert-manager adds ca.crt beside tls.crt). */
const CA_NAME = /(^|[^a-z])ca([^a-z]|$)|bundle/i;

/**
 * The pairs a manual Manager reads when its pod mounts the Secret with `items`: the keys
 * projected to the files `cert` and `key`. Undefined when no workload of the workspace mounts
 * it with items (the whole Secret is mounted, as in the manifests); null when items leave a
 * file out (the pod's volume is what is wrong, not the key names).
 */
function pairsFromItems(a: Analysis, o: K8sObject): Array<[string, string]> | null | undefined {
  let out: Array<[string, string]> | null | undefined;
  for (const w of a.ws.workloads) {
    if (a.ws.findObject('Secret', o.name ?? '', w.object.namespace) !== o) continue;
    for (const v of w.volumes.values()) {
      const srcs = v.source.type === 'projected' ? v.source.sources : [v.source];
      for (const s of srcs) {
        if (s.type !== 'secret' || s.name !== o.name || !s.items) continue;
        const c = s.items.find((i) => i.path === 'cert')?.key;
        const k = s.items.find((i) => i.path === 'key')?.key;
        if (c === undefined || k === undefined) return null;
        out = [...(out ?? []), [c, k]];
      }
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'manager-tls-secret',
    category: 'manager',
    severity: 'error',
    reads: { kinds: ['Secret'] },
    description:
      'A Manager TLS Secret without its certificate and key under the names the Manager reads: ' +
      '`cert`/`key` for cnx-manager-tls (manual installs), `tls.crt`/`tls.key` or the legacy ' +
      "`cert`/`key` for the operator's manager-tls.",
    why:
      'Manual installs: the seed ("Configure encryption and authentication", Manager) creates ' +
      'cnx-manager-tls with `--from-file=cert=... --from-file=key=...`, and the Manager pod mounts ' +
      "the Secret and reads the files `cert` and `key` (the manifests' cnx-manager-init-pem runs " +
      '`cat /etc/cnx-manager-web-tls/cert /etc/cnx-manager-web-tls/key`): a Secret with ' +
      '`tls.crt`/`tls.key` (what `kubectl create secret tls` and cert-manager write) leaves both ' +
      'files missing, and the Manager does not start. Operator installs: the operator reads ' +
      'manager-tls through its key-pair lookup, `tls.crt`/`tls.key` first, then the legacy ' +
      '`cert`/`key` (older operators read only those) and its other legacy pairs (OP ' +
      'pkg/controller/certificatemanager getKeyCertPEM; fact sheet 1e); a certificate without its ' +
      'key under the same pair fails with "key pair ... is missing a private key". Calico Enterprise ' +
      'docs, Manager TLS.',
    fix: 'unsafe',
    messages: {
      holdsBoth:
        "Secret {name} holds the certificate under '{certKey}' and the key under '{keyKey}', but {reads}: " +
        'the Manager gets no certificate.',
      holdsCert: "Secret {name} holds the certificate under '{certKey}', but {reads}: the Manager gets no certificate.",
      holdsCertNoKey:
        "Secret {name} holds the certificate under '{certKey}' and no key, but {reads}: the Manager gets no " +
        'certificate.',
      holdsKey: "Secret {name} holds the key under '{keyKey}', but {reads}: the Manager gets no certificate.",
      holdsKeyNoCert:
        "Secret {name} holds the key under '{keyKey}' and no certificate, but {reads}: the Manager gets no " +
        'certificate.',
      managerReadsFiles: "the Manager reads the files '{cert}' and '{key}' from it",
      operatorReadsPair: "the operator reads the pair '{cert}'/'{key}' (or a whole legacy pair such as 'cert'/'key')",
      theCertificate: 'the certificate',
      theKey: 'the key',
      renameOne: "Rename '{from}' to '{to}'",
      renameTwo: "Rename '{from}' to '{to}' and '{from2}' to '{to2}'",
      halfPair: "Secret {name} has '{half}' but not '{missing}'; the Manager needs both.",
      noPair: 'Secret {name} has no {pair} pair{present}; the Manager cannot find its certificate.',
      noPairTwo: 'Secret {name} has no {pair} or {pair2} pair{present}; the Manager cannot find its certificate.',
      noPairLegacy:
        'Secret {name} has no {pair} or {pair2} (or other legacy) pair{present}; the Manager cannot find its ' +
        'certificate.',
      keysPresent: ' (it has {keys})',
    },
    examples: {
      bad: [{ files: [{ name: 'cnx-manager-tls.yaml', text: secret('kubernetes.io/tls', 'tls.crt', 'tls.key') }] }],
      good: [{ files: [{ name: 'cnx-manager-tls.yaml', text: secret('Opaque', 'cert', 'key') }] }],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('Secret')) {
      const spec = MANAGER_TLS_SECRETS.get(o.name ?? '');
      if (!spec) continue;
      const data = a.ws.data(o);
      // Keys a template inserts, or a Secret that is all template: its keys are unknown.
      if (dataOpen(o) || (!data.size && o.file.templated)) continue;
      let pairs: ReadonlyArray<readonly [string, string]> = spec.pairs;
      if (spec.layout === 'manual') {
        const mounted = pairsFromItems(a, o);
        if (mounted === null) continue;
        if (mounted) pairs = mounted;
      }
      const has = (k: string) => data.has(k); // empty values: tls-secret-value-empty
      if (pairs.some(([c, k]) => has(c) && has(k))) continue;
      // The pair to complete: the one half-present (the operator takes the first pair whose
      // certificate is set, then wants its key), else the canonical one.
      const [wantCert, wantKey] = pairs.find(([c, k]) => has(c) || has(k)) ?? pairs[0]!;
      const isCert = (e: DataEntry) =>
        !CA_NAME.test(e.key) && (expectedOf(e.key) === 'cert' || !!a.materialOf(e)?.certs.some((c) => !c.info.isCA));
      const isKey = (e: DataEntry) => expectedOf(e.key) === 'key' || !!a.materialOf(e)?.keys.length;
      // The entry holding the missing half under another name: the only candidate of its kind.
      const holder = (want: string, is: (e: DataEntry) => boolean): DataEntry | undefined => {
        if (has(want)) return undefined;
        const c = [...data.values()].filter((e) => e.key !== wantCert && e.key !== wantKey && is(e));
        return c.length === 1 ? c[0] : undefined;
      };
      const renames = [
        { entry: holder(wantCert, isCert), to: wantCert, what: 'certificate' },
        { entry: holder(wantKey, isKey), to: wantKey, what: 'key' },
      ].filter((r): r is { entry: DataEntry; to: string; what: 'certificate' | 'key' } => !!r.entry);
      const reads = m(spec.layout === 'manual' ? 'managerReadsFiles' : 'operatorReadsPair', {
        cert: wantCert,
        key: wantKey,
      });
      const name = o.name ?? '';
      const uri = o.file.uri;
      if (renames.length) {
        const gets = (n: string) => has(n) || renames.some((r) => r.to === n);
        const complete = gets(wantCert) && gets(wantKey);
        const certRename = renames.find((r) => r.what === 'certificate');
        const keyRename = renames.find((r) => r.what === 'key');
        const first = renames[0]!;
        const edits: TextEdit[] = renames.map((r) => replaceScalar(uri, r.entry.keyNode, r.to));
        // kubernetes.io/tls Secrets must keep tls.crt and tls.key: the API server rejects one without.
        const type = getScalar(o.node, 'type');
        if (
          type &&
          !type.templated &&
          type.text === 'kubernetes.io/tls' &&
          renames.some((r) => r.entry.key === 'tls.crt' || r.entry.key === 'tls.key')
        )
          edits.push(replaceScalar(uri, type, 'Opaque'));
        const message =
          certRename && keyRename
            ? m('holdsBoth', { name, certKey: certRename.entry.key, keyKey: keyRename.entry.key, reads })
            : certRename
              ? m(complete ? 'holdsCert' : 'holdsCertNoKey', { name, certKey: certRename.entry.key, reads })
              : m(complete ? 'holdsKey' : 'holdsKeyNoCert', { name, keyKey: first.entry.key, reads });
        const second = renames[1];
        report({
          span: nodeSpan(uri, first.entry.keyNode),
          message,
          related: renames.slice(1).map((r) => ({
            span: nodeSpan(uri, r.entry.keyNode),
            message: m(r.what === 'key' ? 'theKey' : 'theCertificate'),
          })),
          // Renaming helps only when it completes the pair.
          fixes: complete
            ? [
                {
                  title: second
                    ? m('renameTwo', { from: first.entry.key, to: first.to, from2: second.entry.key, to2: second.to })
                    : m('renameOne', { from: first.entry.key, to: first.to }),
                  safety: 'unsafe',
                  edits,
                },
              ]
            : [],
        });
        continue;
      }
      const half = has(wantCert) ? wantCert : has(wantKey) ? wantKey : undefined;
      if (half) {
        const missing = half === wantCert ? wantKey : wantCert;
        report({
          span: nodeSpan(uri, data.get(half)!.keyNode),
          message: m('halfPair', { name, half, missing }),
        });
        continue;
      }
      const at = o.nameNode ?? o.kindNode;
      report({
        span: nodeSpan(o.file.uri, at),
        message: m(pairs.length > 2 ? 'noPairLegacy' : pairs.length === 2 ? 'noPairTwo' : 'noPair', {
          name,
          pair: pairs[0]!.join('/'),
          ...(pairs[1] ? { pair2: pairs[1].join('/') } : {}),
          present: data.size ? m('keysPresent', { keys: quotedList([...data.keys()]) }) : '',
        }),
      });
    }
  },
};
