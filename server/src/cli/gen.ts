/** `calico-tls gen <set> --out DIR`: a certificate set and its manifests, written safely. */
import { resolve } from 'node:path';
import { COMMON_GEN_OPTIONS, SET_OPTIONS } from '../certgen/catalog';
import { generateSet, SET_KINDS, type GenerateOptions, type SetKind } from '../certgen/sets';
import { localeOption, parse, Usage } from './args';
import { HASHES, KEY_ALGORITHMS, type Hash, type KeyAlgorithm } from '../certgen/crypto';
import { checkOutputDir, writeSet } from '../certgen/write';
import { CertgenError, certgenText } from '../certgen/messages';
import { m, type Arg } from '../engine/l10n/messages';
import { readBounded } from '../io/read';

/** A CA certificate or key is a few KB; a bundle a few hundred. */
const MAX_CA_INPUT = 1024 * 1024;

/** Bad input or an unusable CA or folder: one line, already in the run's language. Exit code 2. */
export class GenUsage extends Error {}

/** The generator's own limit on leaf validity (certgen/sets.ts). */
const MAX_DAYS = 3650 * 3;

const GEN_OPTIONS = {
  out: { type: 'string' },
  'key-algorithm': { type: 'string' },
  hash: { type: 'string' },
  days: { type: 'string' },
  'ca-cert': { type: 'string' },
  'ca-key': { type: 'string' },
  force: { type: 'boolean' },
  identity: { type: 'string' },
  layout: { type: 'string' },
  'typha-cn': { type: 'string' },
  'felix-cn': { type: 'string' },
  'typha-uri-san': { type: 'string' },
  'felix-uri-san': { type: 'string' },
  namespace: { type: 'string' },
  endpoints: { type: 'string' },
  'server-dns': { type: 'string' },
  'server-ip': { type: 'string' },
  dns: { type: 'string' },
  ip: { type: 'string' },
  'server-name': { type: 'string' },
  enterprise: { type: 'boolean' },
  'signer-name': { type: 'string' },
  locale: { type: 'string' },
} as const;

export const GEN_HELP = `calico-tls gen SET --out DIR [options]

Sets: ${SET_KINDS.join(', ')}

  --out DIR                    output folder (created; existing files are not replaced without --force)
  --key-algorithm ALG          ${KEY_ALGORITHMS.join(', ')} (default ecdsa-p256)
  --hash HASH                  ${HASHES.join(', ')} (default SHA-256)
  --days N                     leaf validity in days (default 365)
  --ca-cert FILE --ca-key FILE sign with an existing CA instead of a new one
  --force                      replace existing files
  --locale LOCALE              language of the messages: en or zh-cn (简体中文). Default: from
                               LC_ALL, LC_MESSAGES or LANG. The files written are English.
typha:   --identity cn|spiffe|both  --layout manual|operator  --typha-cn CN --felix-cn CN
         --typha-uri-san URI --felix-uri-san URI  --namespace NS
etcd:    --endpoints https://a:2379,https://b:2379  --namespace NS
         --server-dns NAME[,NAME] --server-ip ADDR[,ADDR]  extra names for the etcd server and peer
           certificates; the endpoint hosts are always in them (plus localhost and 127.0.0.1
           when an endpoint is local). etcd.flags holds the etcd flags that use the files,
           etcd.conf.yml the same settings as etcd's --config-file.
manager: --dns NAME[,NAME]  --ip ADDR[,ADDR]  --layout manual|operator
prometheus: --server-name NAME  --enterprise
certificate-management: --signer-name example.com/calico-signer`;

function list(v: string | undefined): string[] | undefined {
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/**
 * `cwd` is the caller's working directory (the CLI's `Io.cwd`): relative `--out`, `--ca-cert`
 * and `--ca-key` are resolved against it, never against the process's own directory, which an
 * in-process caller (tests, the language server) does not control. `env` chooses the language
 * when there is no `--locale` (as `lint` does); usage errors and `--help` stay English.
 */
export async function cmdGen(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  cwd: string = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<number> {
  const { values, positionals } = parse('gen', args, GEN_OPTIONS);
  const locale = localeOption(values.locale, env, 'gen');
  const say = (id: string, data?: Readonly<Record<string, Arg>>) => certgenText(m(id, data), locale);
  const kind = positionals[0];
  if (kind === undefined) throw new Usage(`gen needs a set (${SET_KINDS.join(', ')})`, 'gen');
  if (!(SET_KINDS as readonly string[]).includes(kind))
    throw new Usage(`unknown set '${kind}' (${SET_KINDS.join(', ')})`, 'gen');
  if (positionals.length > 1) throw new Usage(`gen makes one set at a time (got '${positionals.join("', '")}')`, 'gen');
  // An option the set does not read would be silently ignored: say so instead.
  const setKind = kind as SetKind;
  for (const name of Object.keys(values)) {
    if (name === 'locale') continue;
    if ((COMMON_GEN_OPTIONS as readonly string[]).includes(name) || SET_OPTIONS[setKind].includes(name)) continue;
    const users = SET_KINDS.filter((k) => SET_OPTIONS[k].includes(name));
    throw new Usage(`--${name} does not apply to the ${kind} set (it is for: ${users.join(', ')})`, 'gen');
  }
  if (!values.out) throw new Usage('gen needs --out DIR', 'gen');
  const alg = (values['key-algorithm'] ?? 'ecdsa-p256') as KeyAlgorithm;
  if (!KEY_ALGORITHMS.includes(alg))
    throw new Usage(`unknown key algorithm '${alg}' (${KEY_ALGORITHMS.join(', ')})`, 'gen');
  const hash = (values.hash ?? 'SHA-256').toUpperCase().replace(/^SHA(\d)/, 'SHA-$1') as Hash;
  if (!HASHES.includes(hash)) throw new Usage(`unknown hash '${values.hash}' (${HASHES.join(', ')})`, 'gen');
  const days = values.days === undefined ? undefined : /^\d+$/.test(values.days) ? Number(values.days) : NaN;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_DAYS))
    throw new Usage(`--days needs a whole number of days from 1 to ${MAX_DAYS} (got '${values.days}')`, 'gen');
  if (!!values['ca-cert'] !== !!values['ca-key']) throw new Usage('--ca-cert and --ca-key go together', 'gen');
  let ca: GenerateOptions['ca'];
  if (values['ca-cert'] && values['ca-key']) {
    const read = (opt: string, path: string) => {
      const r = readBounded(resolve(cwd, path), MAX_CA_INPUT);
      if (!r.ok) throw new GenUsage(say('caUnreadable', { option: opt, path, reason: r.reason }));
      if (r.truncated) throw new GenUsage(say('caTooLarge', { option: opt, path, kib: MAX_CA_INPUT / 1024 }));
      return r.text;
    };
    ca = {
      certPem: read('--ca-cert', values['ca-cert']),
      keyPem: read('--ca-key', values['ca-key']),
      certLabel: `--ca-cert ${values['ca-cert']}`,
      keyLabel: `--ca-key ${values['ca-key']}`,
    };
  }
  const enumOf = <T extends string>(v: string | undefined, allowed: readonly T[], name: string): T | undefined => {
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) throw new Usage(`--${name} must be one of ${allowed.join(', ')}`, 'gen');
    return v as T;
  };
  const opts: GenerateOptions = {
    keyAlgorithm: alg,
    hash,
    days,
    ca,
    identity: enumOf(values.identity, ['cn', 'spiffe', 'both'] as const, 'identity'),
    layout: enumOf(values.layout, ['manual', 'operator'] as const, 'layout'),
    typhaCN: values['typha-cn'],
    felixCN: values['felix-cn'],
    typhaURISAN: values['typha-uri-san'],
    felixURISAN: values['felix-uri-san'],
    namespace: values.namespace,
    endpoints: values.endpoints,
    serverDnsNames: list(values['server-dns']),
    serverIps: list(values['server-ip']),
    dnsNames: list(values.dns),
    ips: list(values.ip),
    serverName: values['server-name'],
    enterprise: values.enterprise,
    signerName: values['signer-name'],
  };
  try {
    // Before any key is made: a folder that cannot be written fails now, in one line.
    const outDir = resolve(cwd, values.out);
    checkOutputDir(outDir);
    const files = await generateSet(setKind, opts);
    const res = writeSet(outDir, files, !!values.force);
    for (const f of files) out(say(f.secret ? 'wroteSecret' : 'wrote', { path: resolve(outDir, f.path) }));
    for (const w of res.warnings) err(`calico-tls gen: ${say('warning', { warning: w })}`);
    return 0;
  } catch (e) {
    // The generator's refusals (GenerateError), an unusable folder (OutputError), files in the way
    // (OverwriteError); a crypto failure that is not ours stays an internal error.
    if (e instanceof CertgenError) throw new GenUsage(e.text(locale));
    throw e;
  }
}
