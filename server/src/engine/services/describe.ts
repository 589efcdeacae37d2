/**
 * What the editor shows for certificate material: a hover with the decoded fields and a
 * one-line code lens summary. Never key material: keys are described by type and size only.
 */
import type { Analysis } from '../analysis';
import type { Span } from '../types';
import { EKU, KU } from '../certs/cert';
import type { Decoded } from '../certs/material';
import { chainsTo } from '../certs/trust';
import { untilWords } from '../certs/when';

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

function keyText(k: { type: string; bits?: number; curve?: string }): string {
  if (k.type === 'rsa') return `RSA ${k.bits ?? '?'}`;
  if (k.type === 'ec') return `ECDSA ${k.curve ?? '?'}`;
  return k.type;
}

function days(now: Date, d: Date): string {
  const words = untilWords(now, d);
  return d.getTime() < now.getTime() ? `expired ${words}` : `expires ${words}`;
}

/** Which peer CA bundle the material's certificate must chain to, when it is a Felix/Typha leaf. */
function peerTrust(a: Analysis, d: Decoded): string | undefined {
  for (const cfg of a.configs) {
    const [certParam, peerCaParam] =
      cfg.component === 'felix' ? ['TyphaCertFile', 'CAFile'] : ['ServerCertFile', 'TyphaCAFile'];
    const pm = a.materialOfParam(cfg, certParam);
    if (!pm || pm.decoded !== d) continue;
    const peers = cfg.component === 'felix' ? a.typhasOf(cfg) : a.felixesOf(cfg);
    for (const peer of peers) {
      const ca = a.materialOfParam(peer, peerCaParam);
      if (!ca) continue;
      return chainsTo(d, ca.decoded)
        ? `✓ chains to ${ca.decoded.material.label}, which ${cfg.component === 'felix' ? 'Typha' : 'Felix'} trusts`
        : `✗ does not chain to ${ca.decoded.material.label}, which ` +
            `${cfg.component === 'felix' ? 'Typha' : 'Felix'} trusts`;
    }
  }
  return undefined;
}

export function describeMaterial(a: Analysis, d: Decoded): MaterialDescription | undefined {
  const now = a.now;
  const lines: string[] = [];
  let summary = '';
  if (d.certs.length) {
    d.certs.forEach((c, i) => {
      const x = c.info;
      if (d.certs.length > 1) lines.push(`**Certificate ${i + 1} of ${d.certs.length}**`, '');
      lines.push(`| | |`, `|---|---|`);
      lines.push(
        `| Subject | \`${x.subject}\` |`,
        `| Issuer | \`${x.issuer}\`${x.selfIssued ? ' (self-signed)' : ''} |`,
      );
      const sans = [...x.dns.map((v) => `DNS:${v}`), ...x.ips.map((v) => `IP:${v}`), ...x.uris.map((v) => `URI:${v}`)];
      if (sans.length) lines.push(`| SANs | ${sans.map((s) => `\`${s}\``).join(', ')} |`);
      lines.push(
        `| Extended key usage | ${x.eku ? x.eku.map((o) => EKU_NAMES[o] ?? o).join(', ') : '(none: any usage)'} |`,
      );
      if (x.keyUsage !== undefined)
        lines.push(
          `| Key usage | ${KU_NAMES.filter(([b]) => x.keyUsage! & b)
            .map(([, n]) => n)
            .join(', ')} |`,
        );
      lines.push(
        `| CA | ${x.isCA ? `yes${x.pathLength !== undefined ? ` (path length ${x.pathLength})` : ''}` : 'no'} |`,
      );
      lines.push(
        `| Key | ${keyText(x.key)} |`,
        `| Signature | ${x.signature.name}${x.signature.hash ? ` with ${x.signature.hash}` : ''} |`,
      );
      lines.push(
        `| Valid | ${x.notBefore.toISOString().slice(0, 10)} to ` +
          `${x.notAfter.toISOString().slice(0, 10)} (${days(now, x.notAfter)}) |`,
      );
      lines.push(`| SHA-256 fingerprint | \`${x.fingerprint256}\` |`, '');
    });
    const first = d.certs[0]!.info;
    summary =
      `${d.certs.length > 1 ? `${d.certs.length} certificates: ` : ''}` +
      `${first.subjectCN ?? first.subject} · issuer ${first.issuerCN ?? first.issuer} · ` +
      `${keyText(first.key)} · ${days(now, first.notAfter)}`;
    const trust = peerTrust(a, d);
    if (trust) {
      lines.push(trust);
      summary += trust.startsWith('✓') ? ' · trusted by peer' : ' · NOT trusted by peer';
    }
  } else if (d.keys.length) {
    const k = d.keys[0]!.info;
    const what = k.encrypted
      ? 'encrypted private key'
      : k.error
        ? 'unreadable private key'
        : `private key, ${keyText(k)}`;
    lines.push(`**${what[0]!.toUpperCase()}${what.slice(1)}** (contents not shown)`);
    summary = what;
  } else return undefined;
  return { span: d.material.span, markdown: [`**${d.material.label}**`, '', ...lines].join('\n'), summary };
}

/** The description of the material whose value or key covers `offset` in `uri`. */
export function describeAt(a: Analysis, uri: string, offset: number): MaterialDescription | undefined {
  for (const d of a.material) {
    const m = d.material;
    if (m.span.uri !== uri) continue;
    const inValue = m.node ? offset >= m.node.start && offset <= m.node.end : false;
    const inSpan = offset >= m.span.start && offset <= m.span.end;
    const inKey = m.keySpan ? offset >= m.keySpan.start && offset <= m.keySpan.end : false;
    if (inValue || inSpan || inKey) return describeMaterial(a, d);
  }
  return undefined;
}

/** Code lens summaries for every piece of material in a file. */
export function lensesOf(a: Analysis, uri: string): MaterialDescription[] {
  const out: MaterialDescription[] = [];
  for (const d of a.material) {
    if (d.material.span.uri !== uri) continue;
    const desc = describeMaterial(a, d);
    if (desc) out.push({ ...desc, span: d.material.keySpan ?? d.material.span });
  }
  return out;
}
