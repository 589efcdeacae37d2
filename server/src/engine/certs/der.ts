/**
 * DER as Go's crypto/x509 demands it. Go parses certificates with cryptobyte, which accepts only
 * DER: a certificate followed by more bytes fails with "x509: trailing data", and BER forms
 * (indefinite lengths, non-minimal length encodings) with "x509: malformed certificate"
 * (CAL depends on Go's x509.ParseCertificate; crypto/x509/parser.go). Node's and
 * @peculiar/x509's decoders accept both, so without this check we would call a certificate
 * valid that Felix, Typha and calicoctl refuse to load.
 */

/** Why `der` is not strict DER as Go reads it, or undefined when it is. */
export function derProblem(der: Uint8Array): string | undefined {
  let budget = 100_000; // TLVs walked at most: a certificate has a few hundred
  const walk = (start: number, end: number, depth: number): { end: number } | string => {
    if (--budget < 0 || depth > 64) return 'malformed certificate';
    if (end - start < 2) return 'malformed certificate';
    const tag = der[start]!;
    if ((tag & 0x1f) === 0x1f) return 'malformed certificate'; // high tag numbers do not occur
    const first = der[start + 1]!;
    let len: number;
    let body: number;
    if (first < 0x80) {
      len = first;
      body = start + 2;
    } else if (first === 0x80) {
      return 'malformed certificate (BER indefinite length)';
    } else {
      const n = first & 0x7f;
      if (n > 4 || start + 2 + n > end) return 'malformed certificate';
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[start + 2 + i]!;
      // DER: the shortest form, no leading zero octets, long form only from 128.
      if (der[start + 2] === 0 || len < 0x80) return 'malformed certificate (non-minimal DER length)';
      body = start + 2 + n;
    }
    const next = body + len;
    if (next > end) return 'malformed certificate';
    if (tag & 0x20) {
      for (let p = body; p < next;) {
        const r = walk(p, next, depth + 1);
        if (typeof r === 'string') return r;
        p = r.end;
      }
    }
    return { end: next };
  };
  const r = walk(0, der.length, 0);
  if (typeof r === 'string') return r;
  if (r.end !== der.length) return 'trailing data';
  return undefined;
}
