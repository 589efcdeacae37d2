/**
 * What the editor shows for certificate material: a hover with the decoded fields and a
 * one-line code lens summary. Never key material: keys are described by type and size only.
 */
import type { Analysis } from '../analysis';
import type { Span } from '../types';
import { EKU, KU } from '../certs/cert';
import type { Decoded } from '../certs/material';
import { chainsTo } from '../certs/trust';
import { dayDistance } from '../certs/when';
import { m, renderMsg, type Locale, type Messages, type Msg } from '../l10n/messages';

export interface MaterialDescription {
  readonly span: Span;
  /** Markdown for a hover. */
  readonly markdown: string;
  /** One line for a code lens above the key. */
  readonly summary: string;
}

const EKU_NAMES: Record<string, string> = {
  [EKU.serverAuth]: 'serverAuth',
  [EKU.clientAuth]: 'clientAuth',
  [EKU.any]: 'any',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
};
const KU_NAMES: Array<[number, string]> = [
  [1, 'digitalSignature'],
  [2, 'nonRepudiation'],
  [4, 'keyEncipherment'],
  [8, 'dataEncipherment'],
  [16, 'keyAgreement'],
  [KU.keyCertSign, 'keyCertSign'],
  [64, 'cRLSign'],
];

/**
 * What the certificate view and the code lens say (scope `describe` in the bundles). The table's
 * values (subjects, names, usages, algorithms, dates, fingerprints) are the certificate's own and
 * stay verbatim.
 */
export const DESCRIBE_MESSAGES: Messages = {
  certOfMany: 'Certificate {n} of {total}',
  subject: 'Subject',
  issuer: 'Issuer',
  selfSigned: '{issuer} (self-signed)',
  sans: 'SANs',
  eku: 'Extended key usage',
  ekuNone: '(none: any usage)',
  keyUsage: 'Key usage',
  ca: 'CA',
  yes: 'yes',
  yesPathLength: 'yes (path length {n})',
  no: 'no',
  key: 'Key',
  signature: 'Signature',
  signatureWith: '{name} with {hash}',
  valid: 'Valid',
  validRange: '{from} to {to} ({when})',
  fingerprint: 'SHA-256 fingerprint',
  // How far the end of a certificate's validity is (the rounding of certs/when.ts dayDistance).
  expiresWithinDay: 'expires within a day',
  expiresInDay: 'expires in {n} day',
  expiresInDays: 'expires in {n} days',
  expiredToday: 'expired today',
  expiredDayAgo: 'expired {n} day ago',
  expiredDaysAgo: 'expired {n} days ago',
  // {ca}: the label of the CA bundle (Calico's object and key names); {peer}: Felix or Typha.
  chainsTo: '✓ chains to {ca}, which {peer} trusts',
  notChainsTo: '✗ does not chain to {ca}, which {peer} trusts',
  // The code lens: one line above the material.
  lens: '{subject} · issuer {issuer} · {key} · {when}',
  lensTrusted: '{summary} · trusted by peer',
  lensUntrusted: '{summary} · NOT trusted by peer',
  lensMany: '{n} certificates: {summary}',
  // Keys: described by type and size only, never their bytes.
  keyEncrypted: 'encrypted private key',
  keyEncryptedTitle: 'Encrypted private key',
  keyUnreadable: 'unreadable private key',
  keyUnreadableTitle: 'Unreadable private key',
  keyPrivate: 'private key, {key}',
  keyPrivateTitle: 'Private key, {key}',
  keyHeading: '**{what}** (contents not shown)',
};

function keyText(k: { type: string; bits?: number; curve?: string }): string {
  if (k.type === 'rsa') return `RSA ${k.bits ?? '?'}`;
  if (k.type === 'ec') return `ECDSA ${k.curve ?? '?'}`;
  return k.type;
}

/** "expires in 10 days", "expired 3 days ago", as a message, rounded as certs/when.ts `dayDistance` rounds. */
function days(now: Date, d: Date): Msg {
  const { future, withinDay, n } = dayDistance(now, d);
  if (future) return withinDay ? m('expiresWithinDay') : m(n === 1 ? 'expiresInDay' : 'expiresInDays', { n });
  return n === 0 ? m('expiredToday') : m(n === 1 ? 'expiredDayAgo' : 'expiredDaysAgo', { n });
}

/** Whether the material's certificate chains to the CA bundle its peer trusts, when it is a Felix/Typha leaf. */
function peerTrust(a: Analysis, d: Decoded): { trusted: boolean; msg: Msg } | undefined {
  for (const cfg of a.configs) {
    const [certParam, peerCaParam] =
      cfg.component === 'felix' ? ['TyphaCertFile', 'CAFile'] : ['ServerCertFile', 'TyphaCAFile'];
    const pm = a.materialOfParam(cfg, certParam);
    if (!pm || pm.decoded !== d) continue;
    const peers = cfg.component === 'felix' ? a.typhasOf(cfg) : a.felixesOf(cfg);
    for (const peer of peers) {
      const ca = a.materialOfParam(peer, peerCaParam);
      if (!ca) continue;
      const trusted = chainsTo(d, ca.decoded);
      const data = { ca: ca.decoded.material.label, peer: cfg.component === 'felix' ? 'Typha' : 'Felix' };
      return { trusted, msg: m(trusted ? 'chainsTo' : 'notChainsTo', data) };
    }
  }
  return undefined;
}

export function describeMaterial(a: Analysis, d: Decoded, locale: Locale = a.locale): MaterialDescription | undefined {
  const now = a.now;
  const say = (id: string | Msg, data?: Readonly<Record<string, string | number | Msg>>) =>
    renderMsg(typeof id === 'string' ? m(id, data) : id, 'describe', DESCRIBE_MESSAGES, locale);
  const lines: string[] = [];
  let summary = '';
  if (d.certs.length) {
    d.certs.forEach((c, i) => {
      const x = c.info;
      if (d.certs.length > 1) lines.push(`**${say('certOfMany', { n: i + 1, total: d.certs.length })}**`, '');
      lines.push(`| | |`, `|---|---|`);
      const issuer = `\`${x.issuer}\``;
      lines.push(
        `| ${say('subject')} | \`${x.subject}\` |`,
        `| ${say('issuer')} | ${x.selfIssued ? say('selfSigned', { issuer }) : issuer} |`,
      );
      const sans = [...x.dns.map((v) => `DNS:${v}`), ...x.ips.map((v) => `IP:${v}`), ...x.uris.map((v) => `URI:${v}`)];
      if (sans.length) lines.push(`| ${say('sans')} | ${sans.map((s) => `\`${s}\``).join(', ')} |`);
      lines.push(`| ${say('eku')} | ${x.eku ? x.eku.map((o) => EKU_NAMES[o] ?? o).join(', ') : say('ekuNone')} |`);
      if (x.keyUsage !== undefined)
        lines.push(
          `| ${say('keyUsage')} | ${KU_NAMES.filter(([b]) => x.keyUsage! & b)
            .map(([, n]) => n)
            .join(', ')} |`,
        );
      const ca = x.isCA
        ? x.pathLength !== undefined
          ? say('yesPathLength', { n: x.pathLength })
          : say('yes')
        : say('no');
      lines.push(`| ${say('ca')} | ${ca} |`);
      const sig = x.signature.hash
        ? say('signatureWith', { name: x.signature.name, hash: x.signature.hash })
        : x.signature.name;
      lines.push(`| ${say('key')} | ${keyText(x.key)} |`, `| ${say('signature')} | ${sig} |`);
      const valid = say('validRange', {
        from: x.notBefore.toISOString().slice(0, 10),
        to: x.notAfter.toISOString().slice(0, 10),
        when: days(now, x.notAfter),
      });
      lines.push(`| ${say('valid')} | ${valid} |`);
      lines.push(`| ${say('fingerprint')} | \`${x.fingerprint256}\` |`, '');
    });
    const first = d.certs[0]!.info;
    let lens: Msg = m('lens', {
      subject: first.subjectCN ?? first.subject,
      issuer: first.issuerCN ?? first.issuer,
      key: keyText(first.key),
      when: days(now, first.notAfter),
    });
    const trust = peerTrust(a, d);
    if (trust) {
      lines.push(say(trust.msg));
      lens = m(trust.trusted ? 'lensTrusted' : 'lensUntrusted', { summary: lens });
    }
    summary = say(d.certs.length > 1 ? m('lensMany', { n: d.certs.length, summary: lens }) : lens);
  } else if (d.keys.length) {
    const k = d.keys[0]!.info;
    const [what, title] = k.encrypted
      ? [m('keyEncrypted'), m('keyEncryptedTitle')]
      : k.error
        ? [m('keyUnreadable'), m('keyUnreadableTitle')]
        : [m('keyPrivate', { key: keyText(k) }), m('keyPrivateTitle', { key: keyText(k) })];
    lines.push(say('keyHeading', { what: title }));
    summary = say(what);
  } else return undefined;
  // The material's label in the reader's language ("Secret kube-system/certs, key tls.crt").
  const label = renderMsg(d.material.label, 'describe', DESCRIBE_MESSAGES, locale);
  return { span: d.material.span, markdown: [`**${label}**`, '', ...lines].join('\n'), summary };
}

/** The description of the material whose value or key covers `offset` in `uri`. */
export function describeAt(
  a: Analysis,
  uri: string,
  offset: number,
  locale: Locale = a.locale,
): MaterialDescription | undefined {
  for (const d of a.material) {
    const mat = d.material;
    if (mat.span.uri !== uri) continue;
    const inValue = mat.node ? offset >= mat.node.start && offset <= mat.node.end : false;
    const inSpan = offset >= mat.span.start && offset <= mat.span.end;
    const inKey = mat.keySpan ? offset >= mat.keySpan.start && offset <= mat.keySpan.end : false;
    if (inValue || inSpan || inKey) return describeMaterial(a, d, locale);
  }
  return undefined;
}

/** Code lens summaries for every piece of material in a file. */
export function lensesOf(a: Analysis, uri: string, locale: Locale = a.locale): MaterialDescription[] {
  const out: MaterialDescription[] = [];
  for (const d of a.material) {
    if (d.material.span.uri !== uri) continue;
    const desc = describeMaterial(a, d, locale);
    if (desc) out.push({ ...desc, span: d.material.keySpan ?? d.material.span });
  }
  return out;
}
