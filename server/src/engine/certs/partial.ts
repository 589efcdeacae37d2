/**
 * A lenient reader for the start of a certificate that does not parse as a whole (truncated,
 * damaged base64: the published docs examples are like that). It walks the DER of the
 * TBSCertificate as far as the bytes go and returns what it found, so that a truncated
 * certificate still gets the findings its header shows (an MD5 signature, an expiry in 1999).
 */

export interface PartialCert {
  readonly signatureOid?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

interface Tlv {
  tag: number;
  start: number; // of the value
  end: number; // may exceed the buffer when truncated
}

function tlv(b: Uint8Array, at: number): Tlv | undefined {
  if (at + 2 > b.length) return undefined;
  const tag = b[at]!;
  let len = b[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > b.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
    p += n;
  }
  return { tag, start: p, end: p + len };
}

function oid(b: Uint8Array, t: Tlv): string | undefined {
  if (t.end > b.length || t.end <= t.start) return undefined;
  const bytes = b.slice(t.start, t.end);
  const parts: number[] = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function time(b: Uint8Array, t: Tlv): Date | undefined {
  if (t.end > b.length) return undefined;
  const s = Buffer.from(b.slice(t.start, t.end)).toString('latin1');
  const m =
    t.tag === 0x17
      ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s)
      : /^(\d\d\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
  if (!m) return undefined;
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000; // RFC 5280 UTCTime
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

export function peekCertificate(b: Uint8Array): PartialCert | undefined {
  const cert = tlv(b, 0);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = tlv(b, cert.start);
  if (!tbs || tbs.tag !== 0x30) return undefined;
  let p = tbs.start;
  let t = tlv(b, p);
  if (t && t.tag === 0xa0) {
    p = t.end; // version
    t = tlv(b, p);
  }
  if (!t || t.tag !== 0x02) return undefined; // serial
  p = t.end;
  const sig = tlv(b, p);
  if (!sig || sig.tag !== 0x30) return {};
  const sigOidTlv = tlv(b, sig.start);
  const signatureOid = sigOidTlv && sigOidTlv.tag === 0x06 ? oid(b, sigOidTlv) : undefined;
  p = sig.end;
  const issuer = tlv(b, p);
  if (!issuer) return { signatureOid };
  const validity = tlv(b, issuer.end);
  if (!validity || validity.tag !== 0x30) return { signatureOid };
  const nb = tlv(b, validity.start);
  const na = nb ? tlv(b, nb.end) : undefined;
  return { signatureOid, notBefore: nb ? time(b, nb) : undefined, notAfter: na ? time(b, na) : undefined };
}

export const WEAK_SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'MD5',
  '1.2.840.113549.1.1.2': 'MD2',
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10040.4.3': 'SHA-1',
};
