/**
 * PEM and base64 hygiene: what a Secret or ConfigMap value actually holds. Every way a value
 * goes wrong in practice (reference: real-failures.md #12, #13; cert-libraries.md §3 gap 7)
 * is told apart so the finding can say what happened, not just "bad certificate". The words are
 * messages (l10n/common.ts, group 6), rendered in the reader's language by the rule that reports.
 */
import { m, type Msg } from '../l10n/messages';

export interface PemBlock {
  readonly label: string;
  /** Offsets of the whole block (BEGIN line to END line) within the content. */
  readonly start: number;
  readonly end: number;
  readonly der: Uint8Array | undefined;
  /** Why the body does not decode (bad base64, truncated), if it does not. */
  readonly problem?: Msg;
  /** For a damaged body: the bytes that do decode, leniently (for partial reading only). */
  readonly lenient?: Uint8Array;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/** All PEM blocks in a text, in order; a BEGIN without its END is reported as truncated. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  for (let hit = BEGIN.exec(text); hit; hit = BEGIN.exec(text)) {
    const label = hit[1] ?? '';
    const bodyStart = hit.index + hit[0].length;
    const endMarker = `-----END ${label}-----`;
    const endIdx = text.indexOf(endMarker, bodyStart);
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (endIdx < 0 || (nextBegin >= 0 && nextBegin < endIdx)) {
      out.push({
        label,
        start: hit.index,
        end: nextBegin >= 0 ? nextBegin : text.length,
        der: undefined,
        problem: m('pemTruncated', { block: label }),
      });
      continue;
    }
    const body = text.slice(bodyStart, endIdx);
    // Headers (Proc-Type/DEK-Info of legacy encrypted keys) end with a blank line.
    const bodyNoHeaders = /^\s*[A-Za-z-]+:/.test(body) ? body.replace(/^[\s\S]*?\r?\n\r?\n/, '') : body;
    const b64 = bodyNoHeaders.replace(/[\s]+/g, '');
    let der: Uint8Array | undefined;
    let problem: Msg | undefined;
    let lenient: Uint8Array | undefined;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      problem = m('pemBadBase64', { block: label });
      lenient = Uint8Array.from(Buffer.from(b64.replace(/[^A-Za-z0-9+/]/g, ''), 'base64'));
    } else der = Uint8Array.from(Buffer.from(b64, 'base64'));
    if (der && der.length === 0) {
      der = undefined;
      problem = m('pemEmpty', { block: label });
    }
    out.push({ label, start: hit.index, end: endIdx + endMarker.length, der, problem, lenient });
    BEGIN.lastIndex = endIdx + endMarker.length;
  }
  return out;
}

/**
 * Validates base64 as the API server's decoder does (Go encoding/base64 StdEncoding, which
 * skips \r and \n, requires padding and rejects anything else). Returns the offset of the
 * first bad byte, as in "illegal base64 data at input byte N", or undefined when valid.
 */
export function base64ErrorOffset(s: string): number | undefined {
  // Fast path for the usual valid value (one native regex pass instead of a character loop
  // per Secret key); anything else takes the loop below, which finds the offset.
  if (!/[^A-Za-z0-9+/=\r\n]/.test(s)) {
    const t = s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]/g, '') : s;
    if (t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  }
  return firstBadBase64Byte(s);
}

/** `base64ErrorOffset` without the fast path: one character at a time (exported for its test). */
export function firstBadBase64Byte(s: string): number | undefined {
  let count = 0; // significant characters seen
  let lastQuantumStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) continue;
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (count % 4 === 0) lastQuantumStart = i;
    if (ok) {
      count++;
      continue;
    }
    if (c === 61 && count % 4 >= 2) {
      // Padding ends the data: one '=' after 3 chars, two after 2; nothing may follow.
      const rest = s.slice(i).replace(/[\r\n]/g, '');
      const need = 4 - (count % 4);
      if (rest === '='.repeat(need)) return undefined;
      if (rest.startsWith('='.repeat(need))) return i + need;
      return i;
    }
    return i;
  }
  if (count % 4 !== 0) return lastQuantumStart;
  return undefined;
}

export type Classified =
  | { readonly kind: 'empty' }
  | { readonly kind: 'pem'; readonly blocks: readonly PemBlock[] }
  | { readonly kind: 'double-base64'; readonly inner: string }
  | { readonly kind: 'der' }
  | { readonly kind: 'not-pem'; readonly hint: Msg };

const SHELL = /^\s*(\$\s|cat\s|base64\s|kubectl\s|openssl\s|echo\s|\$\(|`)|\|\s*base64/;

/** What the bytes a pod would read are: PEM, PEM encoded twice, DER, or something else. */
export function classify(content: string): Classified {
  if (content.trim() === '') return { kind: 'empty' };
  if (content.includes('-----BEGIN ')) return { kind: 'pem', blocks: pemBlocks(content) };
  const t = content.trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(t) && t.replace(/\s/g, '').length >= 16) {
    const inner = Buffer.from(t.replace(/\s/g, ''), 'base64').toString('latin1');
    if (inner.includes('-----BEGIN ')) return { kind: 'double-base64', inner };
  }
  if (SHELL.test(t)) return { kind: 'not-pem', hint: m('pemShellCommand') };
  if (t.charCodeAt(0) === 0x30 && t.length > 64) return { kind: 'der' };
  return { kind: 'not-pem', hint: m('pemNoBegin') };
}

export const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE']);
export const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
