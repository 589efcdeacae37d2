/**
 * Certificate and key material wherever the workspace model reaches it: Secret data and
 * stringData, ConfigMap data, inline fields (Installation certificateManagement.caCert,
 * CalicoAPIConfig etcdCACert/etcdCert/etcdKey, kubeconfig *-data) and .pem/.crt/.key files.
 * Decoded lazily and once per analysis; parsing is cached by content in cert.ts.
 */
import type { ParsedFile } from '../parse';
import { getMap, getPath, isMap, isScalar, seqItems, type Pair, type ScalarNode } from '../parse/tree';
import type { K8sObject } from '../model/objects';
import { Workspace } from '../model/workspace';
import type { Span } from '../types';
import { m, type Label, type Msg } from '../l10n/messages';
import { base64ErrorOffset, classify, CERT_LABELS, KEY_LABELS, type Classified, type PemBlock } from './pem';
import { parseCertificate, parsePrivateKey, type CertInfo, type KeyInfo } from './cert';
import { peekCertificate, type PartialCert } from './partial';
import type { Reads } from '../model/reads';

export type Expected = 'cert' | 'key' | 'any';

export interface Material {
  /** Where the value is written (the scalar). */
  readonly span: Span;
  /** The key/field name node, when there is one. */
  readonly keySpan: Span | undefined;
  /** "Secret kube-system/calico-node-certs, key tls.crt" (a message), "ca.pem" */
  readonly label: Label;
  /** What holds it, as the label names it (`Secret kube-system/certs`, `kubeconfig`); undefined for a whole file. */
  readonly owner: string | undefined;
  /** Its name there: the data key, the field (`etcdCACert`, `certificateManagement.caCert`), or the file's name. */
  readonly field: string;
  readonly object: K8sObject | undefined;
  readonly dataKey: string | undefined;
  readonly encoding: 'base64' | 'text';
  /** Offset of the first bad base64 byte (base64 encodings only). */
  readonly base64Error: number | undefined;
  /** The bytes a consumer reads; undefined when undecodable or templated. */
  readonly content: string | undefined;
  readonly expected: Expected;
  readonly node: ScalarNode | undefined;
}

export interface DecodedCert {
  readonly block: PemBlock;
  readonly index: number;
  readonly info: CertInfo;
}

export interface DecodedKey {
  readonly block: PemBlock;
  readonly info: KeyInfo;
}

export interface Decoded {
  readonly material: Material;
  readonly classified: Classified;
  readonly certs: readonly DecodedCert[];
  /** CERTIFICATE blocks that do not parse, with what their header still shows. */
  readonly certErrors: ReadonlyArray<{ block: PemBlock; error: Msg; partial: PartialCert | undefined }>;
  readonly keys: readonly DecodedKey[];
}

/** Key names that say "a certificate". */
const CERT_NAME = new RegExp(
  '\\.(crt|cer|cert)$|(^|[._-])(cert|crt|ca|cacert|certificate)$|' +
    'cabundle|ca-bundle|ca\\.pem$|cert\\.pem$|^ca$|^tls\\.crt$|bundle',
);

/** What a data key's name says it should hold. */
export function expectedOf(name: string): Expected | undefined {
  const n = name.toLowerCase();
  if (/(^|[._-])key$|\.key$|^key\.|private/.test(n) && !/cert|\.crt$/.test(n)) return 'key';
  if (CERT_NAME.test(n)) return 'cert';
  if (/\.pem$/.test(n)) return 'any';
  return undefined;
}

function span(uri: string, n: { start: number; end: number; uri?: string }): Span {
  return { uri: n.uri ?? uri, start: n.start, end: n.end };
}

function fromScalar(
  file: ParsedFile,
  node: ScalarNode,
  keyNode: ScalarNode | undefined,
  at: { readonly owner: string; readonly field: string },
  encoding: 'base64' | 'text',
  expected: Expected,
  object?: K8sObject,
  dataKey?: string,
): Material | undefined {
  if (node.templated) return undefined;
  const raw = node.text;
  let content: string | undefined;
  let base64Error: number | undefined;
  if (encoding === 'base64') {
    base64Error = base64ErrorOffset(raw);
    content =
      base64Error === undefined ? Buffer.from(raw.replace(/[\r\n]/g, ''), 'base64').toString('latin1') : undefined;
  } else content = raw;
  // A multi-line block scalar is reported on its key line (`tls.crt: |`), not as a squiggle
  // over the whole PEM.
  const where =
    node.style === 'block' && keyNode && !keyNode.uri
      ? { uri: file.uri, start: keyNode.start, end: file.lines.lineEnd(file.lines.positionAt(keyNode.start).line) }
      : span(file.uri, node);
  return {
    span: where,
    keySpan: keyNode ? span(file.uri, keyNode) : undefined,
    label:
      dataKey !== undefined
        ? m('labelMaterialKey', { object: at.owner, key: at.field })
        : m('labelMaterialField', { object: at.owner, field: at.field }),
    owner: at.owner,
    field: at.field,
    object,
    dataKey,
    encoding,
    base64Error,
    content,
    expected,
    node,
  };
}

function objLabel(o: K8sObject): string {
  return o.name === undefined ? o.kind : `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Where material is found in objects: Secret and ConfigMap keys, Installation caCert, CalicoAPIConfig, kubeconfig. */
export const READS: Reads = { kinds: ['Secret', 'ConfigMap', 'Installation', 'CalicoAPIConfig', 'Config'] };

/** Every piece of material in the workspace. */
export function collectMaterial(
  ws: Workspace,
  /** An Installation's certificateManagement fields as meant (Analysis.certificateManagement). */
  certificateManagement: (o: K8sObject) => ReadonlyMap<string, Pair> = (o) => {
    const cm = getPath(o.node, 'spec', 'certificateManagement');
    return new Map(isMap(cm) ? cm.pairs.map((p) => [p.key.text, p]) : []);
  },
): Material[] {
  const out: Material[] = [];
  for (const o of ws.objects) {
    const f = o.file;
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') {
      for (const field of o.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
        const m = getMap(o.node, field);
        for (const p of m?.pairs ?? []) {
          if (!isScalar(p.value) || p.value.templated) continue;
          const exp = expectedOf(p.key.text);
          const encoding =
            field === 'data' && o.kind === 'Secret' ? 'base64' : field === 'binaryData' ? 'base64' : 'text';
          // A file path (calico-config's etcd_ca: /calico-secrets/etcd-ca) is a setting, not material.
          if (encoding === 'text' && /^\/[^\s]*$/.test(p.value.text.trim())) continue;
          // ConfigMap keys only count when they hold PEM or are named like a certificate file.
          const strong = /\.(crt|pem|cer|cert|key)$|^(ca|cabundle|ca-bundle)$/i.test(p.key.text);
          if (
            o.kind === 'ConfigMap' &&
            !strong &&
            !(
              p.value.text.includes('-----BEGIN ') ||
              (field === 'binaryData' && Buffer.from(p.value.text, 'base64').toString('latin1').includes('-----BEGIN '))
            )
          )
            continue;
          // Unexpected names (common-name, uri-san, etcd_endpoints) are material only if they hold PEM.
          if (!exp) {
            const txt = encoding === 'base64' ? Buffer.from(p.value.text, 'base64').toString('latin1') : p.value.text;
            if (!txt.includes('-----BEGIN ')) {
              if (encoding === 'base64' && base64ErrorOffset(p.value.text) !== undefined) {
                const mat = fromScalar(
                  f,
                  p.value,
                  p.key,
                  { owner: objLabel(o), field: p.key.text },
                  encoding,
                  'any',
                  o,
                  p.key.text,
                );
                if (mat) out.push({ ...mat, expected: 'any' });
              }
              continue;
            }
          }
          const mat = fromScalar(
            f,
            p.value,
            p.key,
            { owner: objLabel(o), field: p.key.text },
            encoding,
            exp ?? 'any',
            o,
            p.key.text,
          );
          if (mat) out.push(mat);
        }
      }
    } else if (o.kind === 'Installation') {
      // As meant: a caCert misplaced at the top (the seed's flattened example) is read too.
      const ca = certificateManagement(o).get('caCert');
      if (ca && isScalar(ca.value)) {
        const mat = fromScalar(
          f,
          ca.value,
          ca.key,
          { owner: objLabel(o), field: 'certificateManagement.caCert' },
          'base64',
          'cert',
          o,
        );
        if (mat) out.push(mat);
      }
    } else if (o.kind === 'CalicoAPIConfig') {
      const spec = getMap(o.node, 'spec');
      for (const [k, exp] of [
        ['etcdCACert', 'cert'],
        ['etcdCert', 'cert'],
        ['etcdKey', 'key'],
      ] as const) {
        const p = spec?.pairs.find((x) => x.key.text === k);
        if (p && isScalar(p.value)) {
          const mat = fromScalar(f, p.value, p.key, { owner: objLabel(o), field: k }, 'text', exp, o);
          if (mat) out.push(mat);
        }
      }
    } else if (o.kind === 'Config' && o.apiVersion === 'v1') {
      // kubeconfig: clusters[].cluster.certificate-authority-data, users[].user.client-*-data
      for (const c of seqItems(getPath(o.node, 'clusters'))) {
        const p = getMap(c, 'cluster')?.pairs.find((x) => x.key.text === 'certificate-authority-data');
        if (p && isScalar(p.value)) {
          const mat = fromScalar(
            f,
            p.value,
            p.key,
            { owner: 'kubeconfig', field: 'certificate-authority-data' },
            'base64',
            'cert',
            o,
          );
          if (mat) out.push(mat);
        }
      }
      for (const u of seqItems(getPath(o.node, 'users'))) {
        for (const [k, exp] of [
          ['client-certificate-data', 'cert'],
          ['client-key-data', 'key'],
        ] as const) {
          const p = getMap(u, 'user')?.pairs.find((x) => x.key.text === k);
          if (p && isScalar(p.value)) {
            const mat = fromScalar(f, p.value, p.key, { owner: 'kubeconfig', field: k }, 'base64', exp, o);
            if (mat) out.push(mat);
          }
        }
      }
    }
  }
  return out;
}

/** Material held by whole files (.pem/.crt/.key) given to the engine as text. */
export function fileMaterial(file: ParsedFile): Material | undefined {
  const base = file.uri.split(/[\\/]/).pop() ?? '';
  if (!/\.(pem|crt|cer|key)$/i.test(base)) return undefined;
  return {
    span: { uri: file.uri, start: 0, end: Math.min(file.text.length, file.lines.lineEnd(0)) },
    keySpan: undefined,
    label: base,
    owner: undefined,
    field: base,
    object: undefined,
    dataKey: undefined,
    encoding: 'text',
    base64Error: undefined,
    content: file.text,
    expected: expectedOf(base) ?? 'any',
    node: undefined,
  };
}

type Contents = Omit<Decoded, 'material'>;
/**
 * What a value holds depends only on its bytes, and the same CA or bundle is pasted into many
 * Secrets: decode each distinct content once per process (certificates are also cached by DER
 * in cert.ts; this saves the PEM split, base64 and hashing per copy). Bounded like cert.ts.
 */
const contentsCache = new Map<string, Contents>();
const CONTENTS_CACHE_MAX = 2000;

export function decode(m: Material): Decoded {
  if (m.content === undefined)
    return { material: m, classified: { kind: 'empty' }, certs: [], certErrors: [], keys: [] };
  let c = contentsCache.get(m.content);
  if (!c) {
    c = decodeContent(m.content);
    if (contentsCache.size >= CONTENTS_CACHE_MAX) contentsCache.delete(contentsCache.keys().next().value!);
    contentsCache.set(m.content, c);
  }
  return { material: m, ...c };
}

/**
 * The decoding `analyze` would do for these files, one certificate per step, so a caller with
 * an event loop (the language server) can run it in slices and answer requests in between:
 * afterwards every certificate is in cert.ts's cache and the analysis only reads it. Contents
 * already decoded are skipped, so an edit elsewhere costs nothing here.
 */
export function* decodeSteps(files: readonly ParsedFile[]): Generator<void, void, undefined> {
  // Only files that can hold a certificate: PEM text, or PEM in base64 (a Secret's data).
  const holders = files.filter((f) => f.text.includes('-----BEGIN') || f.text.includes('LS0tLS1CRUdJT'));
  if (!holders.length) return;
  const mats = collectMaterial(new Workspace(holders));
  for (const f of holders) {
    const m = fileMaterial(f);
    if (m) mats.push(m);
  }
  for (const m of mats) {
    if (m.content === undefined || contentsCache.has(m.content)) continue;
    const c = classify(m.content);
    if (c.kind === 'pem') {
      for (const b of c.blocks) {
        if (!CERT_LABELS.has(b.label) || !b.der) continue;
        parseCertificate(b.der);
        yield;
      }
    }
    // Its certificates are cached now: the rest of the content is cheap, and cached too.
    decode(m);
  }
}

function decodeContent(content: string): Contents {
  const classified = classify(content);
  const certs: DecodedCert[] = [];
  const certErrors: Array<{ block: PemBlock; error: Msg; partial: PartialCert | undefined }> = [];
  const keys: DecodedKey[] = [];
  if (classified.kind === 'pem') {
    let index = 0;
    for (const b of classified.blocks) {
      if (CERT_LABELS.has(b.label) && b.der) {
        const r = parseCertificate(b.der);
        if ('error' in r) certErrors.push({ block: b, error: r.error, partial: peekCertificate(b.der) });
        else certs.push({ block: b, index: index++, info: r });
      } else if (CERT_LABELS.has(b.label) && b.lenient && b.problem) {
        certErrors.push({ block: b, error: b.problem, partial: peekCertificate(b.lenient) });
      } else if (KEY_LABELS.has(b.label) && (b.der || b.label === 'ENCRYPTED PRIVATE KEY')) {
        keys.push({ block: b, info: parsePrivateKey(content.slice(b.start, b.end)) });
      }
    }
  }
  return { classified, certs, certErrors, keys };
}
