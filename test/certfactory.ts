/**
 * Test certificates made on the fly with @peculiar/x509 on WebCrypto: CAs and leaves with
 * chosen key algorithm, hash, EKU, validity, CA flag, CN and SANs. Keys come back as PKCS#8
 * PEM. Used by the certificate tests and by scripts/gen-cert-examples.ts.
 */
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = webcrypto.subtle;

export type KeySpec =
  | { kind: 'rsa'; bits: number; hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' }
  | { kind: 'ec'; curve: 'P-256' | 'P-384' | 'P-521'; hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' };

export interface Issued {
  readonly cert: x509.X509Certificate;
  readonly certPem: string;
  readonly keyPem: string;
  readonly keys: CryptoKeyPair;
  readonly spec: KeySpec;
}

type CryptoKeyPair = { privateKey: unknown; publicKey: unknown };

function alg(spec: KeySpec) {
  const hash = spec.hash ?? 'SHA-256';
  return spec.kind === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash }
    : { name: 'ECDSA', namedCurve: spec.curve, hash };
}

async function keyPem(k: unknown): Promise<string> {
  const der = await subtle.exportKey('pkcs8', k as Parameters<typeof subtle.exportKey>[1]);
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

export interface CertOptions {
  readonly cn: string;
  readonly key?: KeySpec;
  readonly ca?: boolean;
  /** undefined: no EKU extension */
  readonly eku?: readonly string[];
  readonly keyUsage?: number;
  readonly dns?: readonly string[];
  readonly uris?: readonly string[];
  readonly ips?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Signed by this issuer; self-signed when absent. */
  readonly issuer?: Issued;
}

export const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export async function makeCert(o: CertOptions): Promise<Issued> {
  const spec: KeySpec = o.key ?? { kind: 'ec', curve: 'P-256' };
  const keys = (await subtle.generateKey(alg(spec) as Parameters<typeof subtle.generateKey>[0], true, [
    'sign',
    'verify',
  ])) as unknown as CryptoKeyPair;
  const day = 24 * 3600 * 1000;
  const exts: x509.Extension[] = [];
  exts.push(new x509.BasicConstraintsExtension(!!o.ca, undefined, true));
  const ku =
    o.keyUsage ??
    (o.ca
      ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
      : x509.KeyUsageFlags.digitalSignature | (spec.kind === 'rsa' ? x509.KeyUsageFlags.keyEncipherment : 0));
  if (ku) exts.push(new x509.KeyUsagesExtension(ku, true));
  if (o.eku) exts.push(new x509.ExtendedKeyUsageExtension([...o.eku]));
  const names = [
    ...(o.dns ?? []).map((v) => ({ type: 'dns' as const, value: v })),
    ...(o.uris ?? []).map((v) => ({ type: 'url' as const, value: v })),
    ...(o.ips ?? []).map((v) => ({ type: 'ip' as const, value: v })),
  ];
  if (names.length) exts.push(new x509.SubjectAlternativeNameExtension(names));
  exts.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never));
  const issuer = o.issuer;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    subject: `CN=${o.cn}`,
    issuer: issuer ? issuer.cert.subject : `CN=${o.cn}`,
    notBefore: o.notBefore ?? new Date(Date.now() - day),
    notAfter: o.notAfter ?? new Date(Date.now() + 3650 * day),
    signingAlgorithm: alg(issuer ? issuer.spec : spec) as never,
    publicKey: keys.publicKey as never,
    signingKey: (issuer ? issuer.keys.privateKey : keys.privateKey) as never,
    extensions: exts,
  });
  return { cert, certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey), keys, spec };
}
