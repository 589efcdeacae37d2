/**
 * Keys and certificates on WebCrypto with @peculiar/x509 (design.md; cert-libraries.md §2):
 * asynchronous, so generating an RSA-8192 set never blocks the extension host. RSA keys carry
 * their hash in WebCrypto, so the hash is chosen when the key is made or imported
 * (cert-libraries.md §2c, gotcha 1).
 */
import * as x509 from '@peculiar/x509';
import { createPrivateKey, webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = webcrypto.subtle;

import type { Hash, KeyAlgorithm } from './catalog';
import { CertgenError } from './messages';
import { m } from '../engine/l10n/messages';
export { HASHES, KEY_ALGORITHMS, type Hash, type KeyAlgorithm } from './catalog';

export interface KeyPair {
  readonly privateKey: CryptoKeyLike;
  readonly publicKey: CryptoKeyLike;
  readonly algorithm: KeyAlgorithm;
  readonly hash: Hash;
}
type CryptoKeyLike = Parameters<typeof subtle.exportKey>[1];

export function webAlgorithm(alg: KeyAlgorithm, hash: Hash): RsaHashedImportParams | EcKeyImportParams {
  if (alg.startsWith('rsa')) return { name: 'RSASSA-PKCS1-v1_5', hash } as RsaHashedImportParams;
  return {
    name: 'ECDSA',
    namedCurve: alg === 'ecdsa-p256' ? 'P-256' : alg === 'ecdsa-p384' ? 'P-384' : 'P-521',
  } as EcKeyImportParams;
}
type RsaHashedImportParams = { name: string; hash: string };
type EcKeyImportParams = { name: string; namedCurve: string };

export async function generateKey(alg: KeyAlgorithm, hash: Hash): Promise<KeyPair> {
  const params = alg.startsWith('rsa')
    ? { ...webAlgorithm(alg, hash), modulusLength: Number(alg.slice(4)), publicExponent: new Uint8Array([1, 0, 1]) }
    : webAlgorithm(alg, hash);
  const k = (await subtle.generateKey(params as never, true, ['sign', 'verify'])) as unknown as {
    privateKey: CryptoKeyLike;
    publicKey: CryptoKeyLike;
  };
  return { privateKey: k.privateKey, publicKey: k.publicKey, algorithm: alg, hash };
}

/** Re-imports a key pair with another hash (the same RSA key, a different bound hash). */
export async function withHash(k: KeyPair, hash: Hash): Promise<KeyPair> {
  if (!k.algorithm.startsWith('rsa') || k.hash === hash) return { ...k, hash };
  const pkcs8 = await subtle.exportKey('pkcs8', k.privateKey);
  const spki = await subtle.exportKey('spki', k.publicKey);
  const p = webAlgorithm(k.algorithm, hash);
  const privateKey = (await subtle.importKey('pkcs8', pkcs8, p as never, true, ['sign'])) as unknown as CryptoKeyLike;
  const publicKey = (await subtle.importKey('spki', spki, p as never, true, ['verify'])) as unknown as CryptoKeyLike;
  return { privateKey, publicKey, algorithm: k.algorithm, hash };
}

/** Imports an existing CA key (PEM, any of PKCS#1/PKCS#8/SEC 1) for signing. */
export async function importPrivateKeyPem(pem: string, hash: Hash): Promise<KeyPair> {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  const type = key.asymmetricKeyType;
  const d = key.asymmetricKeyDetails ?? {};
  let alg: KeyAlgorithm;
  if (type === 'rsa') {
    const bits = d.modulusLength ?? 0;
    alg = bits >= 8192 ? 'rsa-8192' : bits >= 4096 ? 'rsa-4096' : 'rsa-2048';
  } else if (type === 'ec')
    alg = d.namedCurve === 'secp384r1' ? 'ecdsa-p384' : d.namedCurve === 'secp521r1' ? 'ecdsa-p521' : 'ecdsa-p256';
  else throw new CertgenError(m('caKeyType', { type: String(type) }));
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const p = webAlgorithm(alg, hash);
  const privateKey = (await subtle.importKey('pkcs8', pkcs8, p as never, true, ['sign'])) as unknown as CryptoKeyLike;
  const spki = (await import('node:crypto')).createPublicKey(key).export({ type: 'spki', format: 'der' });
  const publicKey = (await subtle.importKey('spki', spki, p as never, true, ['verify'])) as unknown as CryptoKeyLike;
  return { privateKey, publicKey, algorithm: alg, hash };
}

/** The public key's SubjectPublicKeyInfo, DER. */
export async function spkiOf(k: KeyPair): Promise<Uint8Array> {
  return new Uint8Array(await subtle.exportKey('spki', k.publicKey));
}

export async function privateKeyPem(k: KeyPair): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', k.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

export const EKU_SERVER = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT = '1.3.6.1.5.5.7.3.2';

export interface CertRequest {
  readonly cn: string;
  readonly key: KeyPair;
  readonly ca?: boolean;
  readonly eku?: readonly string[];
  readonly dns?: readonly string[];
  readonly ips?: readonly string[];
  readonly uris?: readonly string[];
  readonly days: number;
  /** The issuing CA; self-signed when absent. */
  readonly issuer?: { cert: x509.X509Certificate; key: KeyPair };
}

export async function issue(r: CertRequest): Promise<x509.X509Certificate> {
  const now = Date.now();
  const exts: x509.Extension[] = [new x509.BasicConstraintsExtension(!!r.ca, r.ca ? 0 : undefined, true)];
  const rsa = r.key.algorithm.startsWith('rsa');
  const KU = x509.KeyUsageFlags;
  // Leaves: digitalSignature (+ keyEncipherment for RSA key transport); CAs: keyCertSign | cRLSign.
  exts.push(
    new x509.KeyUsagesExtension(
      r.ca ? KU.keyCertSign | KU.cRLSign | KU.digitalSignature : KU.digitalSignature | (rsa ? KU.keyEncipherment : 0),
      true,
    ),
  );
  if (r.eku?.length) exts.push(new x509.ExtendedKeyUsageExtension([...r.eku]));
  const names = [
    ...(r.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(r.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(r.uris ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  if (names.length) exts.push(new x509.SubjectAlternativeNameExtension(names));
  exts.push(await x509.SubjectKeyIdentifierExtension.create(r.key.publicKey as never));
  if (r.issuer) exts.push(await x509.AuthorityKeyIdentifierExtension.create(r.issuer.key.publicKey as never));
  const signer = r.issuer?.key ?? r.key;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  return x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: `CN=${r.cn}`,
    issuer: r.issuer ? r.issuer.cert.subject : `CN=${r.cn}`,
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + r.days * 86_400_000),
    signingAlgorithm: { ...webAlgorithm(signer.algorithm, signer.hash), hash: signer.hash } as never,
    publicKey: r.key.publicKey as never,
    signingKey: signer.privateKey as never,
    extensions: exts,
  });
}

export function certPem(c: x509.X509Certificate): string {
  return c.toString('pem').replace(/\r\n/g, '\n') + '\n';
}

export { x509 };
