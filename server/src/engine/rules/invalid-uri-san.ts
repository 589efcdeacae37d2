import { replaceScalar } from '../fixes';
import { m, type Msg } from '../l10n/messages';
import { calicoNode, FELIX_TLS_ENV, FELIX_TLS_MOUNTS, goodTyphaSetup, without } from './support/examples';
import type { ReportFix, Rule } from './types';
import { displayName, spanOfValueOrName } from './support/util';

const URISAN_PARAMS = new Set(['typhaurisan', 'clienturisan']);

/**
 * Why the value can never equal a certificate URI SAN as Calico compares it (`url.String()`
 * of the SAN, exact match; CAL typha/pkg/tlsutils/tlsutils.go), or is not a valid SPIFFE ID
 * (SPIFFE X509-SVID / SPIFFE ID spec). Returns a corrected value when one is obvious.
 */
function uriSanProblem(v: string): { problem: Msg; fixed?: string } | undefined {
  const problem = rawProblem(v);
  if (!problem) return undefined;
  // Offer a correction only when normalising gives a value with no problem left.
  const n = normalise(v);
  return n !== v && !rawProblem(n) ? { problem: problem.problem, fixed: n } : { problem: problem.problem };
}

/** Trim, lower-case the scheme and a SPIFFE trust domain, drop trailing slashes of a SPIFFE ID. */
function normalise(v: string): string {
  let t = v.trim();
  const u = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(t);
  if (!u) return t;
  const scheme = (u[1] ?? '').toLowerCase();
  t = `${scheme}:${u[2] ?? ''}`;
  const s = /^spiffe:\/\/([^/]*)(.*)$/.exec(t);
  if (s) t = `spiffe://${(s[1] ?? '').toLowerCase()}${(s[2] ?? '').replace(/\/+$/, '')}`;
  return t;
}

/**
 * What is wrong with the value, as the id of the finding's message (meta.messages) with the
 * values it names besides the setting and its value; undefined when nothing is.
 */
function rawProblem(v: string): { problem: Msg } | undefined {
  const p = (id: string, data?: Readonly<Record<string, string>>) => ({ problem: m(id, data) });
  if (/\s/.test(v)) return p('whitespace');
  const s = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(v);
  if (!s) return p('noScheme');
  const scheme = s[1] ?? '';
  const rest = s[2] ?? '';
  if (scheme !== scheme.toLowerCase()) return p('upperCaseScheme', { scheme });
  if (scheme !== 'spiffe') return undefined;
  if (!rest.startsWith('//')) return p('notSpiffe');
  const afterSlashes = rest.slice(2);
  const slash = afterSlashes.indexOf('/');
  const td = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
  const path = slash < 0 ? '' : afterSlashes.slice(slash);
  if (!td) return p('noTrustDomain');
  if (/[@:]/.test(td)) return p('trustDomainPortOrUser');
  if (!/^[a-z0-9._-]+$/.test(td)) return p('trustDomainChars', { trustDomain: td });
  if (/[?#]/.test(path)) return p('queryOrFragment');
  if (path.endsWith('/')) return p('trailingSlash');
  const segs = path.split('/').slice(1);
  if (segs.some((x) => x === '' || x === '.' || x === '..')) return p('dotSegment');
  if (segs.some((x) => !/^[A-Za-z0-9._-]+$/.test(x))) return p('pathChars');
  if (v.length > 2048) return p('tooLong');
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'invalid-uri-san',
    category: 'felix-typha',
    severity: 'error',
    fix: 'unsafe',
    description:
      'TyphaURISAN or ClientURISAN is not a valid URI or is a malformed SPIFFE ID, so no certificate can match it.',
    why:
      'Felix and Typha compare the configured URI SAN with `url.String()` of each URI SAN in ' +
      'the peer certificate, exactly (CAL typha/pkg/tlsutils/tlsutils.go). A value that is not ' +
      'a URI, or that Go normalises differently (an upper-case scheme), never matches: the ' +
      'peer is rejected with "peer certificate does not have required URI SAN". The seeds ' +
      'recommend SPIFFE IDs; a malformed one (upper-case trust domain, trailing slash, query) ' +
      'cannot be issued by a SPIFFE-conformant CA either.',
    messages: {
      whitespace: "{name} '{value}' contains whitespace.",
      noScheme: "{name} '{value}' has no URI scheme (expected e.g. spiffe://<trust-domain>/<path>).",
      upperCaseScheme:
        "{name} '{value}' has an upper-case scheme '{scheme}'; Go's url.String() lower-cases it, so the comparison " +
        'never matches.',
      notSpiffe: "{name} '{value}' is not a SPIFFE ID: expected 'spiffe://' followed by a trust domain.",
      noTrustDomain: "{name} '{value}' is a SPIFFE ID without a trust domain.",
      trustDomainPortOrUser:
        "{name} '{value}' is a SPIFFE ID whose trust domain has a port or user info, which SPIFFE forbids.",
      trustDomainChars:
        "{name} '{value}' is a SPIFFE ID whose trust domain '{trustDomain}' has characters SPIFFE forbids (only " +
        "lower-case letters, digits, '.', '-', '_').",
      queryOrFragment: "{name} '{value}' is a SPIFFE ID with a query or fragment, which SPIFFE forbids.",
      trailingSlash: "{name} '{value}' is a SPIFFE ID with a trailing slash, which SPIFFE forbids.",
      dotSegment: "{name} '{value}' is a SPIFFE ID with an empty, '.' or '..' path segment, which SPIFFE forbids.",
      pathChars:
        "{name} '{value}' is a SPIFFE ID whose path has characters SPIFFE forbids (only letters, digits, '.', '-', " +
        "'_').",
      tooLong: "{name} '{value}' is longer than the 2048 bytes SPIFFE allows.",
      changeTo: 'Change to {value}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-node.yaml',
              text: calicoNode(
                {
                  ...without(FELIX_TLS_ENV, 'FELIX_TYPHACN'),
                  FELIX_TYPHAURISAN: 'spiffe://Cluster.Local/ns/kube-system/sa/calico-typha/',
                },
                FELIX_TLS_MOUNTS,
              ),
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      for (const s of cfg.effective.values()) {
        if (!s.param || !URISAN_PARAMS.has(s.param.name.toLowerCase()) || s.value.state !== 'known') continue;
        const v = s.value.value;
        if (v === '' || v.toLowerCase() === 'none') continue;
        const p = uriSanProblem(v);
        if (!p) continue;
        const fixes: ReportFix[] = [];
        const valueNode = s.entry?.value.type === 'value' ? s.entry.value.node : undefined;
        if (p.fixed && valueNode)
          fixes.push({
            title: m('changeTo', { value: p.fixed }),
            safety: 'unsafe',
            edits: [replaceScalar(s.nameSpan.uri, valueNode, p.fixed)],
          });
        report({
          span: spanOfValueOrName(s),
          message: m(p.problem.id, { ...p.problem.data, name: displayName(cfg, s.param.name), value: v }),
          fixes,
        });
      }
    }
  },
};
