/**
 * The catalogue of Felix and Typha parameters and the rules by which Calico maps an env var or
 * config-file key to one (fact sheet, sections 1a and 1c; CAL felix/config/env_var_loader.go,
 * typha/pkg/config/env_var_loader.go).
 */
import felixJson from './felix-params.json';
import { TYPHA_PARAM_SPECS } from './typha-params';
import { PARAM_SINCE } from './versions';
import { closestNames, squash } from './spelling';

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

export { editDistance } from './spelling';

export interface Suggestion {
  readonly param: Param;
  /** True when the only difference is underscores inside the name (certainly what was meant). */
  readonly exact: boolean;
  /** The key is the other side's name for this role (Typha's ClientCN written for Felix: TyphaCN). */
  readonly peer?: string;
}

/**
 * The other side's name for a Felix-Typha TLS role, written for this component: Typha's
 * `ClientCN` set on Felix means Felix's `TyphaCN` (the identity required of the peer), `CAFile`
 * means `TyphaCAFile`, and the other way round. The Calico docs invite it: "Configure ClientCN
 * on Felix" (fact sheet, section 3). The two lists are in the same order of roles.
 */
function peerSuggestion(c: Component, squashed: string): Suggestion | undefined {
  const [own, other] = c === 'felix' ? [FELIX_TYPHA_TLS, TYPHA_SERVER_TLS] : [TYPHA_SERVER_TLS, FELIX_TYPHA_TLS];
  const ownNames: readonly string[] = [...own.files, ...own.identity];
  const otherNames: readonly string[] = [...other.files, ...other.identity];
  const i = otherNames.findIndex((n) => n.toLowerCase() === squashed);
  const param = i >= 0 ? lookupParam(c, ownNames[i]!) : undefined;
  return param ? { param, exact: false, peer: otherNames[i] } : undefined;
}

/**
 * "Did you mean": for an unknown parameter key (lower-case, after the prefix), the TLS-relevant
 * parameters it most likely meant. Underscore removal first (`typha_client_cn` -> `clientcn`),
 * then the peer's name for the same role (`clientcn` on Felix -> `TyphaCN`), then the shared
 * distance (calico/spelling.ts): at most 1 edit for keys under 8 letters, 2 from 8 on, to the
 * name or to the name with inner words left out.
 */
export function suggestParams(c: Component, key: string): Suggestion[] {
  const params = paramsOf(c);
  const squashed = squash(key);
  const direct = params.get(squashed);
  if (direct) return [{ param: direct, exact: true }];
  const peer = peerSuggestion(c, squashed);
  if (peer) return [peer];
  const relevant = [...params.values()].filter((p) => p.tlsRelevant);
  return closestNames(key, relevant, (p) => p.name).map((m) => ({ param: m.item, exact: false }));
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
