/**
 * Certificate decoding with @peculiar/x509 (typed extensions, signature algorithm: what
 * Node 20's X509Certificate cannot show, cert-libraries.md §3) and node:crypto for the
 * signature, issuer and key-match checks, which are synchronous there. Results are cached by
 * content: the same CA appears in many Secrets and every keystroke re-runs the rules.
 */
import type * as X509 from '@peculiar/x509';
import { derProblem } from './der';
import { m, type Msg } from '../l10n/messages';
import { createHash, createPrivateKey, createPublicKey, X509Certificate as NodeX509, webcrypto } from 'node:crypto';

/**
 * @peculiar/x509 (with tsyringe and its ASN.1 schemas) is a large part of the bundle's load
 * time; loaded at the first certificate, so a workspace without any starts without it. The
 * Reflect polyfill it needs is injected at the top of the bundle (scripts/build.mjs).
 */
let x509lib: typeof X509 | undefined;
function x509(): typeof X509 {
  if (!x509lib) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, bundled by esbuild
    const lib = require('@peculiar/x509') as typeof X509;
    lib.cryptoProvider.set(webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
    x509lib = lib;
  }
  return x509lib;
}

export interface KeyAlgorithm {
  /** 'rsa' | 'ec' | 'ed25519' | 'rsa-pss' | ... */
  readonly type: string;
  readonly bits?: number;
  /** 'P-256' | 'P-384' | 'P-521' | other curve names */
  readonly curve?: string;
}

export interface CertInfo {
  readonly subject: string;
  readonly subjectCN: string | undefined;
  readonly issuer: string;
  readonly issuerCN: string | undefined;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly dns: readonly string[];
  readonly ips: readonly string[];
  readonly uris: readonly string[];
  /** EKU OIDs; undefined when the extension is absent (any usage is allowed). */
  readonly eku: readonly string[] | undefined;
  /** KeyUsage bit flags (x509.KeyUsageFlags); undefined when absent. */
  readonly keyUsage: number | undefined;
  readonly isCA: boolean;
  readonly pathLength: number | undefined;
  readonly key: KeyAlgorithm;
  /** e.g. { name: 'ECDSA', hash: 'SHA-256' } or { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' } */
  readonly signature: { readonly name: string; readonly hash: string | undefined };
  readonly fingerprint256: string;
  readonly selfIssued: boolean;
  /** Kept for issuer and key checks; never printed. */
  readonly node: NodeX509;
}

export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', any: '2.5.29.37.0' } as const;
export const KU = { digitalSignature: 1, keyEncipherment: 4, keyCertSign: 32 } as const;

const certCache = new Map<string, CertInfo | { error: Msg }>();
/**
 * Certificates kept decoded: enough for a 10,000-certificate bundle (issue 17 item 5: a smaller
 * cache made every keystroke in such a bundle decode all of it again), a few KB each.
 */
const CACHE_MAX = 20_000;

function cacheSet<V>(cache: Map<string, V>, k: string, v: V): V {
  if (cache.size >= CACHE_MAX) {
    const first = cache.keys().next().value;
    if (first !== undefined) cache.delete(first);
  }
  cache.set(k, v);
  return v;
}

function hashName(h: unknown): string | undefined {
  if (!h) return undefined;
  if (typeof h === 'string') return h.toUpperCase();
  const n = (h as { name?: string }).name;
  return n ? n.toUpperCase() : undefined;
}

function cn(name: X509.Name): string | undefined {
  try {
    return name.getField('CN')[0];
  } catch {
    return undefined;
  }
}

/**
 * Decodes one DER certificate; never throws. The error is a message (l10n/common.ts, group 6):
 * our words, with Go's own error text quoted verbatim inside.
 */
export function parseCertificate(der: Uint8Array): CertInfo | { error: Msg } {
  const k = createHash('sha256').update(der).digest('hex');
  const hit = certCache.get(k);
  if (hit) return hit;
  // Go refuses what is not strict DER; so do we, in Go's words (der.ts).
  const strict = derProblem(der);
  if (strict) return cacheSet(certCache, k, { error: m('certNotGoReadable', { error: `x509: ${strict}` }) });
  try {
    const lib = x509();
    const c = new lib.X509Certificate(der);
    const node = new NodeX509(Buffer.from(der));
    const bc = c.getExtension(lib.BasicConstraintsExtension);
    const ku = c.getExtension(lib.KeyUsagesExtension);
    const eku = c.getExtension(lib.ExtendedKeyUsageExtension);
    const san = c.getExtension(lib.SubjectAlternativeNameExtension);
    const names = san ? san.names.items : [];
    const pub = node.publicKey;
    const details = pub.asymmetricKeyDetails ?? {};
    const curveMap: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
    const key: KeyAlgorithm = {
      type: pub.asymmetricKeyType ?? 'unknown',
      bits: details.modulusLength,
      curve: details.namedCurve ? (curveMap[details.namedCurve] ?? details.namedCurve) : undefined,
    };
    const sa = c.signatureAlgorithm as { name?: string; hash?: unknown };
    const info: CertInfo = {
      subject: c.subject,
      subjectCN: cn(c.subjectName),
      issuer: c.issuer,
      issuerCN: cn(c.issuerName),
      serial: c.serialNumber,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
      ips: names.filter((n) => n.type === 'ip').map((n) => n.value),
      uris: names.filter((n) => n.type === 'url').map((n) => n.value),
      eku: eku ? eku.usages.map(String) : undefined,
      keyUsage: ku ? ku.usages : undefined,
      isCA: !!bc?.ca,
      pathLength: bc?.pathLength,
      key,
      signature: { name: sa.name ?? 'unknown', hash: hashName(sa.hash) },
      fingerprint256: node.fingerprint256,
      selfIssued: c.subject === c.issuer,
      node,
    };
    return cacheSet(certCache, k, info);
  } catch (e) {
    void e; // the library's message names its internals, not the problem
    return cacheSet(certCache, k, { error: m('certNotX509') });
  }
}

/** True when `issuer` signed `leaf`: names link and the signature verifies. */
export function issuedBy(leaf: CertInfo, issuer: CertInfo): boolean {
  try {
    return leaf.issuer === issuer.subject && leaf.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

export interface KeyInfo {
  readonly type: string;
  readonly bits?: number;
  readonly curve?: string;
  readonly encrypted: boolean;
  /** SHA-256 of the public key's SPKI, to match against certificates. */
  readonly spki256: string | undefined;
  /** Why the key cannot be read: keyEncrypted (it asks for a passphrase) or keyUnreadable. */
  readonly error?: Msg;
}

const keyCache = new Map<string, KeyInfo>();

/** Reads a PEM private key without ever returning key material. */
export function parsePrivateKey(pem: string): KeyInfo {
  const k = createHash('sha256').update(pem).digest('hex');
  const hit = keyCache.get(k);
  if (hit) return hit;
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem))
    return cacheSet(keyCache, k, { type: 'unknown', encrypted: true, spki256: undefined });
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    const pub = createPublicKey(key);
    const spki = pub.export({ type: 'spki', format: 'der' });
    const d = key.asymmetricKeyDetails ?? {};
    const curveMap: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
    return cacheSet(keyCache, k, {
      type: key.asymmetricKeyType ?? 'unknown',
      bits: d.modulusLength,
      curve: d.namedCurve ? (curveMap[d.namedCurve] ?? d.namedCurve) : undefined,
      encrypted: false,
      spki256: createHash('sha256').update(spki).digest('hex'),
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    return cacheSet(keyCache, k, {
      type: 'unknown',
      encrypted: false,
      spki256: undefined,
      error: m(code === 'ERR_MISSING_PASSPHRASE' ? 'keyEncrypted' : 'keyUnreadable'),
    });
  }
}

const spkiCache = new WeakMap<CertInfo, string>();

export function certSpki256(c: CertInfo): string {
  let v = spkiCache.get(c);
  if (!v) {
    v = createHash('sha256')
      .update(c.node.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    spkiCache.set(c, v);
  }
  return v;
}

/** Whether a private key is the one of a certificate: their public keys (SPKI) are the same. */
export function keyMatchesCert(key: KeyInfo, cert: CertInfo): boolean {
  return key.spki256 !== undefined && key.spki256 === certSpki256(cert);
}
