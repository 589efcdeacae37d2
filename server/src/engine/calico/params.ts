/**
 * The catalogue of Felix and Typha parameters and the rules by which Calico maps an env var or
 * config-file key to one (fact sheet, sections 1a and 1c; CAL felix/config/env_var_loader.go,
 * typha/pkg/config/env_var_loader.go).
 */
import felixJson from './felix-params.json';
import { TYPHA_PARAM_SPECS } from './typha-params';
import { PARAM_SINCE } from './versions';

export type Component = 'felix' | 'typha';

export interface Param {
  readonly component: Component;
  /** Canonical (Go field / config-file) name, e.g. `TyphaCAFile`. */
  readonly name: string;
  /** The exact upper-case env form, e.g. `FELIX_TYPHACAFILE`. */
  readonly env: string;
  /** FelixConfiguration field, when the datastore can set it. */
  readonly yaml?: string;
  readonly type: string;
  readonly default: string;
  readonly localOnly: boolean;
  readonly description: string;
  readonly enterpriseOnly: boolean;
  /** The parameter names a file that Calico reads at start-up. */
  readonly isFile: boolean;
  /** Part of a TLS or datastore connection: misspelling it silently changes security. */
  readonly tlsRelevant: boolean;
  /** The first open source release that has it (`v3.32.0`), when the version table knows (versions.ts). */
  readonly since?: string;
}

interface FelixJson {
  name: string;
  env: string;
  yaml?: string;
  schema: string;
  default: string;
  localOnly: boolean;
  description: string;
  editions?: string[];
}

const TLS_RELEVANT = new RegExp(
  '^(typha|etcd|prometheusmetrics(cafile|certfile|keyfile|clientauth)|prometheusreporter(cafile|certfile|keyfile)|' +
    'cafile|servercertfile|serverkeyfile|clientcn|clienturisan|datastoretype)',
  'i',
);

function isFileParam(name: string, type: string): boolean {
  return /file$/i.test(name) && /file|path|string/i.test(type);
}

const felix = new Map<string, Param>();
for (const p of felixJson as FelixJson[]) {
  felix.set(p.name.toLowerCase(), {
    component: 'felix',
    name: p.name,
    env: `FELIX_${p.name.toUpperCase()}`,
    yaml: p.yaml,
    type: p.schema,
    default: p.default,
    localOnly: p.localOnly,
    description: p.description,
    enterpriseOnly: (p.editions ?? []).includes('enterprise'),
    isFile: isFileParam(p.name, p.schema) && /File$/.test(p.name) && !/LogFile|Profile|Debug|Mode/i.test(p.name),
    tlsRelevant: TLS_RELEVANT.test(p.name),
    since: PARAM_SINCE.felix[p.name],
  });
}

const typha = new Map<string, Param>();
for (const p of TYPHA_PARAM_SPECS) {
  typha.set(p.name.toLowerCase(), {
    component: 'typha',
    name: p.name,
    env: `TYPHA_${p.name.toUpperCase()}`,
    type: p.type,
    default: p.default,
    localOnly: !!p.localOnly,
    description: p.description ?? '',
    enterpriseOnly: false,
    isFile: /File$/.test(p.name) && p.name !== 'LogFilePath' && !/Debug/.test(p.name),
    tlsRelevant: TLS_RELEVANT.test(p.name),
    since: PARAM_SINCE.typha[p.name],
  });
}

export const FELIX_PARAMS: ReadonlyMap<string, Param> = felix;
export const TYPHA_PARAMS: ReadonlyMap<string, Param> = typha;

export function paramsOf(c: Component): ReadonlyMap<string, Param> {
  return c === 'felix' ? felix : typha;
}

export function lookupParam(c: Component, name: string): Param | undefined {
  return paramsOf(c).get(name.toLowerCase());
}

/**
 * How Felix/Typha read an env var name: lower-case it, keep it if it starts with the prefix,
 * split once at the first underscore; the rest is the parameter name, matched without regard
 * to case. `FELIX_TYPHA_CAFILE` therefore names `typha_cafile`, which does not exist.
 */
export function envParamName(envName: string): { component: Component; key: string } | undefined {
  const lower = envName.toLowerCase();
  if (lower.startsWith('felix_')) return { component: 'felix', key: lower.slice(6) };
  if (lower.startsWith('typha_')) return { component: 'typha', key: lower.slice(6) };
  return undefined;
}

/** The Felix-Typha TLS parameters of each side, in the order Calico's Validate() lists them. */
export const FELIX_TYPHA_TLS = {
  files: ['TyphaCAFile', 'TyphaCertFile', 'TyphaKeyFile'] as const,
  identity: ['TyphaCN', 'TyphaURISAN'] as const,
};
export const TYPHA_SERVER_TLS = {
  files: ['CAFile', 'ServerCertFile', 'ServerKeyFile'] as const,
  identity: ['ClientCN', 'ClientURISAN'] as const,
};

/**
 * The fields that calico-node's other Typha clients (confd, allocateip, nodestatus) read with a
 * case-sensitive os.Getenv of `<prefix>TYPHA<FIELD>` (CAL typha/pkg/syncclientutils/config.go).
 */
export const SYNCCLIENT_TYPHA_FIELDS = [
  'ADDR',
  'K8SSERVICENAME',
  'K8SNAMESPACE',
  'READTIMEOUT',
  'WRITETIMEOUT',
  'KEYFILE',
  'CERTFILE',
  'CAFILE',
  'CN',
  'URISAN',
] as const;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: `EtcdCAFlie` is
 * one edit from `EtcdCAFile`, not two), stopping early once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** A parameter name's words: `TyphaK8sServiceName` -> Typha, K8s, Service, Name. */
function words(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [name];
}

/**
 * The forms a user may have meant by a parameter: its name, and its name with up to two inner
 * words left out (`TymphaName` means `TyphaK8sServiceName`: first and last word kept). Lower
 * case, computed once per parameter.
 */
const formsCache = new Map<Param, string[]>();
function formsOf(p: Param): string[] {
  let forms = formsCache.get(p);
  if (forms) return forms;
  const w = words(p.name).map((x) => x.toLowerCase());
  const out = new Set([w.join('')]);
  const inner = w.slice(1, -1);
  if (w.length >= 3 && inner.length <= 4) {
    for (let mask = 1; mask < 1 << inner.length; mask++) {
      const dropped = inner.filter((_, i) => mask & (1 << i)).length;
      if (dropped > 2) continue;
      out.add([w[0], ...inner.filter((_, i) => !(mask & (1 << i))), w[w.length - 1]].join(''));
    }
  }
  forms = [...out];
  formsCache.set(p, forms);
  return forms;
}

export interface Suggestion {
  readonly param: Param;
  /** True when the only difference is underscores inside the name (certainly what was meant). */
  readonly exact: boolean;
}

/**
 * "Did you mean": for an unknown parameter key (lower-case, after the prefix), the TLS-relevant
 * parameters it most likely meant. Underscore removal first (`typha_client_cn` -> `clientcn`),
 * then the edit distance (transpositions count one) to the name or to the name with inner words
 * left out: at most 1 for keys under 8 letters, 2 from 8 on. The whole name wins a tie.
 */
export function suggestParams(c: Component, key: string): Suggestion[] {
  const params = paramsOf(c);
  const squashed = key.replace(/[_\-.]/g, '');
  const direct = params.get(squashed);
  if (direct) return [{ param: direct, exact: true }];
  if (squashed.length < 4) return [];
  const max = squashed.length < 8 ? 1 : 2;
  let best: Param[] = [];
  let bestScore = Infinity;
  for (const p of params.values()) {
    if (!p.tlsRelevant) continue;
    const forms = formsOf(p);
    // Score: distance first; a match on the whole name before one that leaves words out.
    let score = Infinity;
    forms.forEach((f, i) => {
      const d = editDistance(squashed, f, max);
      if (d <= max) score = Math.min(score, d * 2 + (i === 0 ? 0 : 1));
    });
    if (score < bestScore) {
      bestScore = score;
      best = [p];
    } else if (score === bestScore && score !== Infinity) best.push(p);
  }
  return best.map((param) => ({ param, exact: false }));
}

/**
 * libcalico-go's envconfig etcd variables (bare, or with the CALICO_ prefix envconfig tries
 * first; CAL libcalico-go/lib/apiconfig/apiconfig.go) and the Typha parameter that carries the
 * same setting. In etcdv3 mode Typha builds its etcd client from its own Etcd* parameters only
 * (CAL typha/pkg/config/config_params.go DatastoreConfig; fact sheet 1c: "Typha does not merge
 * in the ETCD_* env vars the way Felix does").
 */
export const ENVCONFIG_TYPHA_PARAM: Readonly<Record<string, string>> = {
  ETCD_ENDPOINTS: 'EtcdEndpoints',
  ETCD_CA_CERT_FILE: 'EtcdCaFile',
  ETCD_CERT_FILE: 'EtcdCertFile',
  ETCD_KEY_FILE: 'EtcdKeyFile',
};
