/**
 * An existing CA given to the generator (`--ca-cert`/`--ca-key`, the wizard, executeCommand) is
 * checked before any key is made or file written: a set signed by something that cannot sign,
 * or that stops verifying before its leaves expire, is a broken set that looks fine on disk.
 *
 * What Go's crypto/x509 (Felix, Typha, the etcd client, Prometheus) demands of an issuer when it
 * verifies a chain (x509.Certificate.Verify -> isValid): basicConstraints with CA:TRUE ("x509:
 * invalid signature: parent certificate cannot sign this kind of certificate" otherwise), and,
 * when the key usage extension is present, keyCertSign; the issuer must be within its validity
 * ("x509: certificate has expired or is not yet valid") for as long as the leaves are meant to
 * be used. The key must be the certificate's own, or every leaf fails signature verification.
 */
import type { x509 as X509 } from './crypto';
import { m, type Arg, type Msg } from '../engine/l10n/messages';

export interface CaInput {
  readonly cert: X509.X509Certificate;
  /** SubjectPublicKeyInfo (DER) of the private key given with it. */
  readonly keySpki: Uint8Array;
  /** How long the leaves are to be valid. */
  readonly leafDays: number;
  readonly now: Date;
  /** Names the files in messages: "--ca-cert ca.crt", or a message ("the CA certificate"). */
  readonly certLabel: Arg;
  readonly keyLabel: Arg;
  /** @peculiar/x509's classes (passed in: the module is loaded on first use). */
  readonly lib: typeof X509;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The first reason the CA cannot sign the set (certgen/messages.ts), or undefined. */
export function caProblem(c: CaInput): Msg | undefined {
  const { cert, lib } = c;
  const bc = cert.getExtension(lib.BasicConstraintsExtension);
  if (!bc?.ca) return m(bc ? 'caNotCa' : 'caNoBasicConstraints', { cert: c.certLabel });
  const ku = cert.getExtension(lib.KeyUsagesExtension);
  if (ku && (ku.usages & lib.KeyUsageFlags.keyCertSign) === 0) return m('caNoKeyCertSign', { cert: c.certLabel });
  if (cert.notBefore.getTime() > c.now.getTime())
    return m('caNotYetValid', { cert: c.certLabel, date: day(cert.notBefore) });
  if (cert.notAfter.getTime() <= c.now.getTime())
    return m('caExpired', { cert: c.certLabel, date: day(cert.notAfter) });
  const leafEnd = c.now.getTime() + c.leafDays * 86_400_000;
  if (cert.notAfter.getTime() < leafEnd)
    return m('caExpiresBeforeLeaves', {
      cert: c.certLabel,
      date: day(cert.notAfter),
      days: c.leafDays,
      leafEnd: day(new Date(leafEnd)),
    });
  const certSpki = new Uint8Array(cert.publicKey.rawData);
  if (!sameBytes(certSpki, c.keySpki)) return m('caKeyMismatch', { key: c.keyLabel, cert: c.certLabel });
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
