/**
 * Completion: enum values where Calico and the operator take a fixed set (certificateManagement
 * algorithms, ClientAuth modes, monitor scheme, tlsConfig versions) and Felix/Typha parameter
 * names in env `name:` entries and felix.cfg/typha.cfg keys. Text-based around the cursor, so
 * it works in half-typed YAML that does not parse.
 */
import { FELIX_PARAMS, TYPHA_PARAMS, type Param } from '../calico/params';
import { paramDescription } from '../calico/l10n';
import { m, renderMsg, type Locale, type Messages, type Msg } from '../l10n/messages';
import type { ParsedFile } from '../parse';
import type { Analysis } from '../analysis';
import { mountedFiles } from '../model/candidates';
import type { Reads } from '../model/reads';

export interface CompletionItem {
  readonly label: string;
  readonly detail?: string;
  readonly documentation?: string;
  readonly kind: 'value' | 'property';
  /** Offsets of the text the item replaces. */
  readonly start: number;
  readonly end: number;
}

const ENUMS: Record<string, readonly string[]> = {
  keyAlgorithm: [
    'RSAWithSize2048',
    'RSAWithSize4096',
    'RSAWithSize8192',
    'ECDSAWithCurve256',
    'ECDSAWithCurve384',
    'ECDSAWithCurve521',
  ],
  signatureAlgorithm: [
    'SHA256WithRSA',
    'SHA384WithRSA',
    'SHA512WithRSA',
    'ECDSAWithSHA256',
    'ECDSAWithSHA384',
    'ECDSAWithSHA512',
  ],
  prometheusMetricsClientAuth: [
    'RequireAndVerifyClientCert',
    'RequireAnyClientCert',
    'VerifyClientCertIfGiven',
    'NoClientCert',
  ],
  scheme: ['https', 'http'],
  minVersion: ['TLS12', 'TLS13', 'TLS11', 'TLS10'],
  maxVersion: ['TLS13', 'TLS12', 'TLS11', 'TLS10'],
  datastoreType: ['kubernetes', 'etcdv3'],
};

/**
 * The details of completion items (scope `complete` in the bundles). Labels are values and names
 * Calico takes (verbatim); a parameter's documentation is its catalogue description.
 */
/** Completion offers the keys of Secrets and ConfigMaps. */
export const READS: Reads = { kinds: ['Secret', 'ConfigMap'] };

export const COMPLETE_MESSAGES: Messages = {
  // {component}: Felix or Typha; {name}: the parameter.
  paramDetail: '{component} {name}{localOnly}{default}',
  paramLocalOnly: ' (local only)',
  paramDefault: ', default {value}',
  clientAuthMode: 'ClientAuth mode',
  certCN: 'CN of a certificate in the workspace',
  certURISAN: 'URI SAN of a certificate in the workspace',
  certDNSSAN: 'DNS SAN of a certificate in the workspace',
  mountedFile: 'a file mounted in this container',
  // {kind}: Secret or ConfigMap.
  inWorkspace: '{kind} in the workspace',
};

const CLIENT_AUTH_ENV = /^(FELIX|TYPHA)_PROMETHEUSMETRICSCLIENTAUTH$/i;

type Say = (id: string | Msg, data?: Readonly<Record<string, string | number | Msg>>) => string;

function values(list: readonly string[], start: number, end: number, detail: string): CompletionItem[] {
  return list.map((v) => ({ label: v, detail, kind: 'value' as const, start, end }));
}

function paramItem(p: Param, label: string, start: number, end: number, say: Say, locale: Locale): CompletionItem {
  return {
    label,
    detail: say('paramDetail', {
      component: p.component === 'felix' ? 'Felix' : 'Typha',
      name: p.name,
      localOnly: p.localOnly ? m('paramLocalOnly') : '',
      default: p.default ? m('paramDefault', { value: p.default }) : '',
    }),
    documentation: paramDescription(p, locale),
    kind: 'property',
    start,
    end,
  };
}

function distinct(xs: Iterable<string>): string[] {
  return [...new Set([...xs].filter(Boolean))].sort();
}

/** Values the workspace knows: identities from certificates, object names, mounted file paths. */
function workspaceValues(
  a: Analysis,
  file: ParsedFile,
  offset: number,
  key: string,
  envName: string | undefined,
  start: number,
  end: number,
  say: Say,
): CompletionItem[] {
  const certs = a.material.flatMap((d) => d.certs.map((c) => c.info)).filter((c) => !c.isCA);
  const item = (label: string, detail: string): CompletionItem => ({ label, detail, kind: 'value', start, end });
  if (envName && /^(FELIX_TYPHACN|TYPHA_CLIENTCN)$/i.test(envName)) {
    const detail = say('certCN');
    return distinct(certs.map((c) => c.subjectCN ?? '')).map((v) => item(v, detail));
  }
  if (envName && /^(FELIX_TYPHAURISAN|TYPHA_CLIENTURISAN)$/i.test(envName)) {
    const detail = say('certURISAN');
    return distinct(certs.flatMap((c) => c.uris)).map((v) => item(v, detail));
  }
  if (envName && /FILE$/i.test(envName)) {
    const c = a.ws.containers.find(
      (x) => x.workload.object.file.uri === file.uri && offset >= x.node.start && offset <= x.node.end + 1,
    );
    if (!c) return [];
    const detail = say('mountedFile');
    return distinct(mountedFiles(a.ws, c).map((f) => f.path)).map((v) => item(v, detail));
  }
  if (key === 'serverName') {
    const detail = say('certDNSSAN');
    return distinct(certs.flatMap((c) => c.dns)).map((v) => item(v, detail));
  }
  if (key === 'secretName') {
    const detail = say('inWorkspace', { kind: 'Secret' });
    return distinct(a.ws.objectsOfKind('Secret').map((o) => o.name ?? '')).map((v) => item(v, detail));
  }
  return [];
}

/** Completions at `offset`, their details in `locale` (default: the analysis' locale, else English). */
export function completionsAt(
  file: ParsedFile,
  offset: number,
  a?: Analysis,
  locale: Locale = a?.locale ?? 'en',
): CompletionItem[] {
  const say: Say = (id, data) =>
    renderMsg(typeof id === 'string' ? m(id, data) : id, 'complete', COMPLETE_MESSAGES, locale);
  const pos = file.lines.positionAt(offset);
  const lineStart = file.lines.lineStart(pos.line);
  const before = file.text.slice(lineStart, offset);
  if (file.format === 'ini' || /\.cfg$/i.test(file.uri)) {
    const typing = /^\s*([A-Za-z0-9_]*)$/.exec(before);
    if (typing) {
      const typha = /typha[^/\\]*\.cfg$/i.test(file.uri);
      const start = offset - (typing[1]?.length ?? 0);
      return [...(typha ? TYPHA_PARAMS : FELIX_PARAMS).values()]
        .filter((p) => p.tlsRelevant)
        .map((p) => paramItem(p, p.name, start, offset, say, locale));
    }
    const v = /^\s*([A-Za-z0-9_]+)\s*[=:]\s*(\S*)$/.exec(before);
    if (v && /clientauth$/i.test(v[1] ?? ''))
      return values(ENUMS.prometheusMetricsClientAuth!, offset - (v[2]?.length ?? 0), offset, say('clientAuthMode'));
    return [];
  }
  // `- name: FELIX_...` in an env list.
  const name = /^\s*(?:-\s+)?name:\s*["']?((?:FELIX|TYPHA)_[A-Za-z0-9_]*)$/i.exec(before);
  if (name) {
    const typed = name[1] ?? '';
    const start = offset - typed.length;
    const typha = /^typha_/i.test(typed);
    return [...(typha ? TYPHA_PARAMS : FELIX_PARAMS).values()]
      .filter((p) => p.tlsRelevant && !p.enterpriseOnly)
      .map((p) => paramItem(p, p.env, start, offset, say, locale));
  }
  const kv = /^\s*(?:-\s+)?([A-Za-z0-9_.-]+):\s*["']?([A-Za-z0-9_.-]*)$/.exec(before);
  if (!kv) return [];
  const key = kv[1] ?? '';
  const typed = kv[2] ?? '';
  const start = offset - typed.length;
  if (key === 'value') {
    // The env entry's name is on the line above (or the same item).
    const prev = file.lines.lineText(Math.max(0, pos.line - 1));
    const n = /name:\s*["']?([A-Za-z0-9_]+)/.exec(prev)?.[1];
    if (n && CLIENT_AUTH_ENV.test(n))
      return values(ENUMS.prometheusMetricsClientAuth!, start, offset, say('clientAuthMode'));
    return a && n ? workspaceValues(a, file, offset, key, n, start, offset, say) : [];
  }
  if (key === 'name' && a) {
    // `name:` under `configMap:` / `configMapKeyRef:` / `secretKeyRef:` / `secretRef:`
    const prev = file.lines.lineText(Math.max(0, pos.line - 1)).trim();
    const kind = /^(configMap|configMapKeyRef|configMapRef):/.test(prev)
      ? 'ConfigMap'
      : /^(secretKeyRef|secretRef|secret):/.test(prev)
        ? 'Secret'
        : undefined;
    if (kind) {
      const detail = say('inWorkspace', { kind });
      return distinct(a.ws.objectsOfKind(kind).map((o) => o.name ?? '')).map((v) => ({
        label: v,
        detail,
        kind: 'value' as const,
        start,
        end: offset,
      }));
    }
  }
  if (a && (key === 'serverName' || key === 'secretName'))
    return workspaceValues(a, file, offset, key, undefined, start, offset, say);
  const list = ENUMS[key];
  return list ? values(list, start, offset, key) : [];
}
