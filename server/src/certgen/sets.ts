/**
 * The certificate sets Calico's docs describe (seeds 000, 001, 002), generated right by
 * construction: each leaf has the EKU its role needs, the identity its peer checks, and comes
 * with the manifests that wire it up. Pure apart from WebCrypto: returns files, writes nothing.
 */
import { isIP } from 'node:net';
import { stringify } from 'yaml';
import {
  certPem,
  EKU_CLIENT,
  EKU_SERVER,
  generateKey,
  importPrivateKeyPem,
  issue,
  privateKeyPem,
  spkiOf,
  withHash,
  x509,
  type Hash,
  type KeyAlgorithm,
  type KeyPair,
} from './crypto';

import { caProblem } from './ca-check';
import { CertgenError } from './messages';
import { m, type Arg, type Msg } from '../engine/l10n/messages';
import { DEFAULT_ETCD_ENDPOINTS, etcdConfigYaml, etcdFlags, etcdServerNameErrors, etcdServerSans } from './etcd-server';
import { MANAGER_TLS_SECRETS, operatorManagerNames } from '../engine/calico/manager';
import { PARAM_SINCE, parseVersion } from '../engine/calico/versions';
import type { SetKind } from './catalog';
export { SET_KINDS, type SetKind } from './catalog';

export interface GeneratedFile {
  /** Relative to the output folder. */
  readonly path: string;
  readonly content: string;
  /** Private key material: written with mode 0600. */
  readonly secret: boolean;
}

export interface GenerateOptions {
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly hash?: Hash;
  readonly days?: number;
  /** An existing CA to sign with (PEM), instead of a new one. */
  readonly ca?: {
    readonly certPem: string;
    readonly keyPem: string;
    /** How messages name the two inputs, verbatim (default: "the CA certificate", "the CA key", translated). */
    readonly certLabel?: string;
    readonly keyLabel?: string;
  };
  readonly signal?: AbortSignal;
  /** For tests: where keys come from (default: generated). */
  readonly keyProvider?: (alg: KeyAlgorithm, hash: Hash) => Promise<KeyPair>;
  // typha
  readonly identity?: 'cn' | 'spiffe' | 'both';
  readonly layout?: 'manual' | 'operator';
  readonly typhaCN?: string;
  readonly felixCN?: string;
  readonly typhaURISAN?: string;
  readonly felixURISAN?: string;
  readonly namespace?: string;
  // etcd
  readonly endpoints?: string;
  /** Extra DNS names for the etcd server and peer certificates (the endpoint hosts are always in). */
  readonly serverDnsNames?: readonly string[];
  /** Extra IP addresses for the etcd server and peer certificates. */
  readonly serverIps?: readonly string[];
  // manager
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  // prometheus
  readonly serverName?: string;
  readonly enterprise?: boolean;
  // certificate-management
  readonly signerName?: string;
}

/** Refused input, an unusable CA or a cancel: one line, English in `message`, `text(locale)` for the user. */
export class GenerateError extends CertgenError {}

const DNS = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** A Kubernetes namespace: a DNS-1123 label (validation.IsDNS1123Label). */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** ub-common-name in RFC 5280: a CN longer than this is not a valid X.509 name. */
const MAX_CN = 64;
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Shown in a message without letting the value spill over lines or screens. */
function shown(v: string): string {
  const j = JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return j.slice(1, -1);
}

export function validateOptions(kind: SetKind, o: GenerateOptions): Msg[] {
  const errs: Msg[] = [];
  // Every text option ends up in a certificate or a manifest: no control characters (a newline
  // in a CN or a namespace would inject YAML into the manifests, or an empty CN), no novels.
  for (const [k, v] of Object.entries(o)) {
    const values =
      typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    for (const x of values) {
      if (CONTROL.test(x)) errs.push(m('controlChar', { option: k, value: shown(x) }));
      else if (x.length > 1024) errs.push(m('tooLong', { option: k, length: x.length, max: 1024 }));
    }
  }
  if (errs.length) return errs;
  if (o.namespace !== undefined && !DNS1123_LABEL.test(o.namespace))
    errs.push(m('badNamespace', { value: shown(o.namespace) }));
  if (o.serverName !== undefined && !DNS.test(o.serverName))
    errs.push(m('badServerName', { value: shown(o.serverName) }));
  const days = o.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > 3650 * 3)
    errs.push(m('badDays', { max: 3650 * 3, days: String(o.days) }));
  for (const n of o.dnsNames ?? []) if (!DNS.test(n)) errs.push(m('badDnsName', { name: n }));
  for (const ip of o.ips ?? []) if (!isIP(ip)) errs.push(m('badIp', { ip }));
  for (const [k, v] of [
    ['typhaURISAN', o.typhaURISAN],
    ['felixURISAN', o.felixURISAN],
  ] as const) {
    if (v === undefined) continue;
    try {
      const u = new URL(v);
      if (
        u.protocol === 'spiffe:' &&
        (u.hostname !== u.hostname.toLowerCase() || u.port || u.search || u.hash || /\/$/.test(u.pathname))
      )
        errs.push(m('badSpiffe', { option: k, value: v }));
    } catch {
      errs.push(m('badUri', { option: k, value: v }));
    }
  }
  for (const [k, v] of [
    ['typhaCN', o.typhaCN],
    ['felixCN', o.felixCN],
  ] as const) {
    if (v === undefined) continue;
    if (!v.trim() || /[,=+<>#;"\\]/.test(v)) errs.push(m('badCommonName', { option: k, value: shown(v) }));
    else if (v.length > MAX_CN) errs.push(m('cnTooLong', { option: k, length: v.length, max: MAX_CN }));
  }
  if (o.typhaCN !== undefined && o.felixCN !== undefined && o.typhaCN === o.felixCN) errs.push(m('sameCommonNames'));
  if (kind === 'manager' && !(o.dnsNames?.length || o.ips?.length)) errs.push(m('managerNeedsName'));
  if (kind === 'etcd') errs.push(...etcdServerNameErrors(o, (n) => DNS.test(n)));
  if (kind === 'etcd' && o.endpoints !== undefined) {
    for (const e of o.endpoints.split(',')) {
      try {
        const u = new URL(e.trim());
        if (u.protocol !== 'https:') errs.push(m('endpointNotHttps', { endpoint: e.trim() }));
      } catch {
        errs.push(m('notUrl', { value: e.trim() }));
      }
    }
  }
  if (
    kind === 'certificate-management' &&
    o.signerName !== undefined &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(
      o.signerName,
    )
  )
    errs.push(m('badSignerName', { value: o.signerName }));
  return errs;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dump = (docs: object[]) => docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');

/**
 * A file of complete objects the set owns (Secrets, ConfigMaps, a ServiceMonitor): `kubectl
 * apply -f` creates or updates them as they are.
 */
function objectsFile(path: string, docs: object[], header: string, notes: readonly string[] = []): GeneratedFile {
  return {
    path,
    secret: true,
    content:
      `# ${header}\n` +
      `# Generated by Calico TLS (calico-tls gen). Complete objects: apply with kubectl apply -f ${path}\n` +
      notes.map((n) => `# ${n}\n`).join('') +
      dump(docs),
  };
}

/**
 * A patch of an object the set does not own (a workload, a Prometheus, the Installation): it is
 * applied to the existing object, never created from this file. Built-in kinds take a strategic
 * merge patch (lists merge by the API types' patchMergeKey: containers, env and volumes by name,
 * volumeMounts by mountPath); a custom resource takes only a JSON merge patch, whose lists
 * replace the object's lists as a whole (`kubectl patch` refuses `--type strategic` for it).
 */
interface Patch {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Undefined for a cluster-scoped object (the Installation). */
  readonly namespace?: string;
  readonly type: 'strategic' | 'merge';
  /** What the patch does, for the header. */
  readonly purpose: string;
  readonly notes?: readonly string[];
  /** Everything below metadata. */
  readonly body: Record<string, unknown>;
}

export const patchPath = (kind: string, name: string) => `patch-${kind.toLowerCase()}-${name}.yaml`;

function patchFile(p: Patch): GeneratedFile {
  const path = patchPath(p.kind, p.name);
  const where = p.namespace ? ` in ${p.namespace}` : '';
  const podTemplate = typeof p.body.spec === 'object' && p.body.spec !== null && 'template' in p.body.spec;
  const how =
    p.type === 'merge'
      ? 'JSON merge patch (a custom resource takes no strategic merge): maps merge key by key, ' +
        'and a list below replaces the whole list.'
      : podTemplate
        ? 'Strategic-merge patch: containers, env and volumes merge by name, volumeMounts by mountPath, ' +
          'so only the entries below are added or replaced.'
        : 'Strategic-merge patch: maps merge key by key, so only the keys below are added or replaced.';
  const cmd =
    `kubectl patch ${p.kind.toLowerCase()} ${p.name}${p.namespace ? ` -n ${p.namespace}` : ''} ` +
    `--type ${p.type} --patch-file ${path}`;
  const header = [
    `${p.kind} ${p.name}${where}: ${p.purpose}`,
    `Generated by Calico TLS (calico-tls gen). A patch of the existing ${p.kind}, not an object to create:`,
    `do not kubectl apply -f it. Apply it with`,
    `  ${cmd}`,
    `or with kubectl apply -k on this folder (kustomization.yaml) once the manifest that defines it is ` +
      `in its resources.`,
    how,
    ...(p.notes ?? []),
  ];
  const metadata = { name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}) };
  return {
    path,
    secret: false,
    content:
      header.map((l) => `# ${l}\n`).join('') + dump([{ apiVersion: p.apiVersion, kind: p.kind, metadata, ...p.body }]),
  };
}

/**
 * kustomization.yaml for a set with patches: its complete-object files as resources, its patch
 * files as patches. The base that defines the patched objects is the user's to add.
 */
function kustomizationFile(
  resources: readonly string[],
  patches: readonly string[],
  base: string,
  notes: readonly string[] = [],
): GeneratedFile {
  const lines = [
    'Generated by Calico TLS (calico-tls gen). Applies this set with kubectl apply -k <this folder>',
    '(or kubectl kustomize / kustomize build to see the result first).',
    `Add your Calico manifest or kustomize base that defines ${base} to resources below:`,
    'the patches change those objects, and the build fails while they are not there. kustomize reads',
    'files only from inside this folder: copy the manifest here, or name a base folder (- ../calico).',
    ...notes,
  ];
  const body = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources],
    patches: patches.map((path) => ({ path })),
  };
  return { path: 'kustomization.yaml', secret: false, content: lines.map((l) => `# ${l}\n`).join('') + dump([body]) };
}

/** The strategic-merge body that adds env, mounts and volumes to one container of a pod template. */
function podPatch(
  container: string,
  env: Record<string, string>,
  mounts: ReadonlyArray<{ name: string; mountPath: string }>,
  volumes: ReadonlyArray<Record<string, unknown>>,
): Record<string, unknown> {
  return {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: container,
              env: envList(env),
              volumeMounts: mounts.map((m) => ({ ...m, readOnly: true })),
            },
          ],
          volumes: [...volumes],
        },
      },
    },
  };
}

interface Ctx {
  readonly alg: KeyAlgorithm;
  readonly hash: Hash;
  readonly days: number;
  readonly key: () => Promise<KeyPair>;
  readonly check: () => void;
}

async function caOf(
  ctx: Ctx,
  o: GenerateOptions,
  cn: string,
): Promise<{ cert: x509.X509Certificate; key: KeyPair; created: boolean }> {
  if (o.ca) {
    const certLabel: Arg = o.ca.certLabel ?? m('caCertLabel');
    const keyLabel: Arg = o.ca.keyLabel ?? m('caKeyLabel');
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(o.ca.certPem);
    } catch {
      throw new GenerateError(m('caCertUnreadable', { cert: certLabel }));
    }
    let key: KeyPair;
    try {
      key = await importPrivateKeyPem(o.ca.keyPem, ctx.hash);
    } catch (e) {
      // Ours (the key's type) as a message; Node's and OpenSSL's own words verbatim.
      const reason: Arg =
        e instanceof CertgenError && e.msgs.length === 1 ? e.msgs[0]! : e instanceof Error ? e.message : String(e);
      throw new GenerateError(m('caKeyUnusable', { key: keyLabel, reason }));
    }
    // Before any key is made: a CA that cannot sign this set is refused (certgen/ca-check.ts).
    const problem = caProblem({
      cert,
      keySpki: await spkiOf(key),
      leafDays: ctx.days,
      now: new Date(),
      certLabel,
      keyLabel,
      lib: x509,
    });
    if (problem) throw new GenerateError(problem);
    return { cert, key, created: false };
  }
  const key = await ctx.key();
  ctx.check();
  return { cert: await issue({ cn, key, ca: true, days: Math.max(ctx.days, 3650) }), key, created: true };
}

async function leaf(
  ctx: Ctx,
  ca: { cert: x509.X509Certificate; key: KeyPair },
  r: { cn: string; eku: string[]; dns?: readonly string[]; ips?: readonly string[]; uris?: readonly string[] },
) {
  const key = await ctx.key();
  ctx.check();
  const cert = await issue({ ...r, key, days: ctx.days, issuer: ca });
  return { cert, certPem: certPem(cert), keyPem: await privateKeyPem(key) };
}

function envList(o: Record<string, string>) {
  return Object.entries(o).map(([name, value]) => ({ name, value }));
}

async function typha(ctx: Ctx, o: GenerateOptions): Promise<GeneratedFile[]> {
  const id = o.identity ?? 'cn';
  const layout = o.layout ?? 'manual';
  const typhaCN = o.typhaCN ?? 'typha-server';
  const felixCN = o.felixCN ?? 'typha-client';
  const ns = layout === 'operator' ? (o.namespace ?? 'tigera-operator') : (o.namespace ?? 'kube-system');
  const saNs = layout === 'operator' ? 'calico-system' : ns;
  const typhaURI = o.typhaURISAN ?? `spiffe://cluster.local/ns/${saNs}/sa/calico-typha`;
  const felixURI = o.felixURISAN ?? `spiffe://cluster.local/ns/${saNs}/sa/calico-node`;
  const useCN = id !== 'spiffe';
  const useURI = id !== 'cn';
  const ca = await caOf(ctx, o, 'calico-typha-ca');
  // The operator issues both usages to both certificates and the docs ask BYO ones to do the same.
  const both = layout === 'operator';
  const server = await leaf(ctx, ca, {
    cn: typhaCN,
    eku: both ? [EKU_SERVER, EKU_CLIENT] : [EKU_SERVER],
    dns: [typhaCN],
    uris: useURI ? [typhaURI] : [],
  });
  const client = await leaf(ctx, ca, {
    cn: felixCN,
    eku: both ? [EKU_SERVER, EKU_CLIENT] : [EKU_CLIENT],
    dns: [felixCN],
    uris: useURI ? [felixURI] : [],
  });
  const caPem = certPem(ca.cert);
  const files: GeneratedFile[] = [
    { path: 'ca.crt', content: caPem, secret: false },
    { path: 'typha.crt', content: server.certPem, secret: false },
    { path: 'typha.key', content: server.keyPem, secret: true },
    { path: 'felix.crt', content: client.certPem, secret: false },
    { path: 'felix.key', content: client.keyPem, secret: true },
  ];
  if (ca.created) files.push({ path: 'ca.key', content: await privateKeyPem(ca.key), secret: true });
  if (layout === 'operator') {
    const ident = (cn: string, uri: string) => ({
      ...(useCN ? { 'common-name': b64(cn) } : {}),
      ...(useURI ? { 'uri-san': b64(uri) } : {}),
    });
    // All three are the operator's inputs, read from its namespace and copied into
    // calico-system: the set owns them whole, and no workload needs a change.
    files.push(
      objectsFile(
        'typha-felix-operator.yaml',
        [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'typha-ca', namespace: ns },
            data: { caBundle: caPem },
          },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'typha-certs', namespace: ns },
            type: 'Opaque',
            data: { 'tls.crt': b64(server.certPem), 'tls.key': b64(server.keyPem), ...ident(typhaCN, typhaURI) },
          },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'node-certs', namespace: ns },
            type: 'Opaque',
            data: { 'tls.crt': b64(client.certPem), 'tls.key': b64(client.keyPem), ...ident(felixCN, felixURI) },
          },
        ],
        'Bring-your-own Typha and Felix certificates for the Tigera operator (it copies them into calico-system).',
        ['The operator renders calico-node and calico-typha itself: nothing else to change.'],
      ),
    );
    return files;
  }
  const felixEnv = {
    FELIX_TYPHACAFILE: '/calico-typha-ca/ca.crt',
    FELIX_TYPHACERTFILE: '/calico-node-certs/tls.crt',
    FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key',
    ...(useCN ? { FELIX_TYPHACN: typhaCN } : {}),
    ...(useURI ? { FELIX_TYPHAURISAN: typhaURI } : {}),
  };
  const typhaEnv = {
    TYPHA_CAFILE: '/calico-typha-ca/ca.crt',
    TYPHA_SERVERCERTFILE: '/calico-typha-certs/tls.crt',
    TYPHA_SERVERKEYFILE: '/calico-typha-certs/tls.key',
    ...(useCN ? { TYPHA_CLIENTCN: felixCN } : {}),
    ...(useURI ? { TYPHA_CLIENTURISAN: felixURI } : {}),
  };
  const workload = (kind: string, name: string, env: Record<string, string>, secret: string, who: string): Patch => ({
    apiVersion: 'apps/v1',
    kind,
    name,
    namespace: ns,
    type: 'strategic',
    purpose: `${who}'s side of Felix <-> Typha mutual TLS (env, the CA ConfigMap and its own Secret mounted).`,
    body: podPatch(
      name,
      env,
      [
        { name: 'calico-typha-ca', mountPath: '/calico-typha-ca' },
        { name: secret, mountPath: `/${secret}` },
      ],
      [
        { name: 'calico-typha-ca', configMap: { name: 'calico-typha-ca' } },
        { name: secret, secret: { secretName: secret } },
      ],
    ),
  });
  const patches = [
    workload('DaemonSet', 'calico-node', felixEnv, 'calico-node-certs', 'Felix'),
    workload('Deployment', 'calico-typha', typhaEnv, 'calico-typha-certs', 'Typha'),
  ];
  files.push(
    objectsFile(
      'typha-felix-tls.yaml',
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'calico-typha-ca', namespace: ns },
          data: { 'ca.crt': caPem },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'calico-typha-certs', namespace: ns },
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': b64(server.certPem), 'tls.key': b64(server.keyPem) },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'calico-node-certs', namespace: ns },
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': b64(client.certPem), 'tls.key': b64(client.keyPem) },
        },
      ],
      `Felix <-> Typha mutual TLS (identity: ` +
        `${id === 'cn' ? 'Common Name' : id === 'spiffe' ? 'SPIFFE URI SAN' : 'Common Name and SPIFFE URI SAN'}).`,
      [
        `Then patch calico-node and calico-typha: ${patches.map((p) => patchPath(p.kind, p.name)).join(', ')} ` +
          '(or kubectl apply -k on this folder, which does all three).',
      ],
    ),
    ...patches.map(patchFile),
    kustomizationFile(
      ['typha-felix-tls.yaml'],
      patches.map((p) => patchPath(p.kind, p.name)),
      `DaemonSet calico-node and Deployment calico-typha in ${ns} (e.g. calico-typha.yaml)`,
      ['calico-node must already reach Typha (FELIX_TYPHAK8SSERVICENAME, set by calico-typha.yaml).'],
    ),
  );
  return files;
}

async function etcd(ctx: Ctx, o: GenerateOptions): Promise<GeneratedFile[]> {
  const ns = o.namespace ?? 'kube-system';
  const ca = await caOf(ctx, o, 'etcd-ca');
  const client = await leaf(ctx, ca, { cn: 'calico', eku: [EKU_CLIENT] });
  // The etcd side (certgen/etcd-server.ts): a server certificate for clients and a peer
  // certificate, which etcd presents as a server and as a client to other members.
  const sans = etcdServerSans(o);
  const server = await leaf(ctx, ca, { cn: 'etcd-server', eku: [EKU_SERVER], ...sans });
  const peer = await leaf(ctx, ca, { cn: 'etcd-peer', eku: [EKU_SERVER, EKU_CLIENT], ...sans });
  const caPem = certPem(ca.cert);
  const files: GeneratedFile[] = [
    { path: 'etcd-ca.crt', content: caPem, secret: false },
    { path: 'etcd-client.crt', content: client.certPem, secret: false },
    { path: 'etcd-client.key', content: client.keyPem, secret: true },
    { path: 'etcd-server.crt', content: server.certPem, secret: false },
    { path: 'etcd-server.key', content: server.keyPem, secret: true },
    { path: 'etcd-peer.crt', content: peer.certPem, secret: false },
    { path: 'etcd-peer.key', content: peer.keyPem, secret: true },
    { path: 'etcd.flags', content: etcdFlags(o, sans), secret: false },
    { path: 'etcd.conf.yml', content: etcdConfigYaml(o, sans), secret: false },
  ];
  if (ca.created) files.push({ path: 'etcd-ca.key', content: await privateKeyPem(ca.key), secret: true });
  // calico-etcd.yaml declares both objects: an empty calico-etcd-secrets (the set's whole content,
  // so a complete object) and calico-config, which holds much more than etcd (CNI config, MTU,
  // backend): a patch of its etcd keys only.
  const config: Patch = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'calico-config',
    namespace: ns,
    type: 'strategic',
    purpose: 'the etcd endpoints and the paths of the files in calico-etcd-secrets (mounted at /calico-secrets).',
    notes: ['Only these four keys are set; the rest of calico-config (CNI config, MTU, backend) stays as it is.'],
    body: {
      data: {
        etcd_endpoints: o.endpoints ?? DEFAULT_ETCD_ENDPOINTS,
        etcd_ca: '/calico-secrets/etcd-ca',
        etcd_cert: '/calico-secrets/etcd-cert',
        etcd_key: '/calico-secrets/etcd-key',
      },
    },
  };
  files.push(
    objectsFile(
      'calico-etcd-tls.yaml',
      [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: { name: 'calico-etcd-secrets', namespace: ns },
          data: { 'etcd-key': b64(client.keyPem), 'etcd-cert': b64(client.certPem), 'etcd-ca': b64(caPem) },
        },
      ],
      `etcd client TLS for calico-node, kube-controllers and the CNI plugin (calico-etcd.yaml ` +
        `layout).${ca.created ? ' A new CA: etcd must trust etcd-ca.crt for client certificates.' : ''}`,
      [
        'It replaces the empty calico-etcd-secrets of calico-etcd.yaml. Then patch calico-config: ' +
          `${patchPath(config.kind, config.name)} (or kubectl apply -k on this folder, which does both).`,
      ],
    ),
    patchFile(config),
    kustomizationFile(
      [],
      ['calico-etcd-tls.yaml', patchPath(config.kind, config.name)],
      `Secret calico-etcd-secrets and ConfigMap calico-config in ${ns} (calico-etcd.yaml)`,
      [
        'calico-etcd-tls.yaml is listed as a patch, not a resource: calico-etcd.yaml already declares an',
        'empty calico-etcd-secrets, and kustomize refuses an object declared twice.',
      ],
    ),
  );
  return files;
}

async function manager(ctx: Ctx, o: GenerateOptions): Promise<GeneratedFile[]> {
  const operator = o.layout === 'operator';
  // The names users type in the browser's address bar (--dns/--ip): what the seed asks the
  // Manager certificate to cover, and what manager-cert-sans checks against Ingress hosts. Under
  // the operator, also the names it issues its own manager-tls for (the Manager Services and
  // localhost): it keeps a certificate without them, but in-cluster clients then cannot use it.
  const dns = [...new Set([...(o.dnsNames ?? []), ...(operator ? operatorManagerNames() : [])])];
  const ips = [...(o.ips ?? [])];
  const typed = [...(o.dnsNames ?? []), ...ips];
  const ca = await caOf(ctx, o, 'calico-manager-ca');
  const server = await leaf(ctx, ca, { cn: o.dnsNames?.[0] ?? ips[0]!, eku: [EKU_SERVER], dns, ips });
  // Manual installs: cnx-manager-tls beside the Manager in kube-system, keys cert/key (the seed's
  // `kubectl create secret generic cnx-manager-tls --from-file=cert=... --from-file=key=... -n
  // kube-system`). Operator: manager-tls in the operator namespace, tls.crt/tls.key.
  const name = operator ? 'manager-tls' : 'cnx-manager-tls';
  const ns = o.namespace ?? (operator ? 'tigera-operator' : 'kube-system');
  const [certKey, keyKey] = MANAGER_TLS_SECRETS.get(name)!.pairs[0]!;
  const data = { [certKey]: b64(server.certPem), [keyKey]: b64(server.keyPem) };
  const files: GeneratedFile[] = [
    { path: 'manager-ca.crt', content: certPem(ca.cert), secret: false },
    { path: 'manager.crt', content: server.certPem, secret: false },
    { path: 'manager.key', content: server.keyPem, secret: true },
    objectsFile(
      'manager-tls.yaml',
      [{ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data }],
      `Manager UI HTTPS certificate for ${typed.join(', ')}${operator ? ' (and the Manager Services)' : ''}. ` +
        `Import manager-ca.crt into the browsers that use it.`,
    ),
  ];
  if (ca.created) files.push({ path: 'manager-ca.key', content: await privateKeyPem(ca.key), secret: true });
  return files;
}

async function prometheus(ctx: Ctx, o: GenerateOptions): Promise<GeneratedFile[]> {
  const serverName = o.serverName ?? 'calico-node-metrics';
  const ns = o.namespace ?? 'kube-system';
  const monNs = 'calico-monitoring';
  const ca = await caOf(ctx, o, 'calico-metrics-ca');
  const calico = await leaf(ctx, ca, {
    cn: serverName,
    eku: [EKU_SERVER],
    dns: [serverName, `${serverName}.${ns}.svc`],
  });
  const prom = await leaf(ctx, ca, { cn: 'prometheus', eku: [EKU_CLIENT] });
  const caPem = certPem(ca.cert);
  const concat = calico.certPem + caPem; // leaf first, then the CA (seed 000)
  const prefix = o.enterprise ? 'FELIX_PROMETHEUSREPORTER' : 'FELIX_PROMETHEUSMETRICS';
  const env = {
    [`${prefix}ENABLED`]: 'true',
    [`${prefix}CERTFILE`]: '/etc/certs/concat-cert.pem',
    [`${prefix}KEYFILE`]: '/etc/certs/calico-key.pem',
    [`${prefix}CAFILE`]: '/etc/certs/ca.pem',
    ...(o.enterprise ? {} : { FELIX_PROMETHEUSMETRICSCLIENTAUTH: 'RequireAndVerifyClientCert' }),
  };
  const files: GeneratedFile[] = [
    { path: 'ca.pem', content: caPem, secret: false },
    { path: 'calico.pem', content: calico.certPem, secret: false },
    { path: 'calico-key.pem', content: calico.keyPem, secret: true },
    { path: 'concat-cert.pem', content: concat, secret: false },
    { path: 'prom.pem', content: prom.certPem, secret: false },
    { path: 'prom-key.pem', content: prom.keyPem, secret: true },
  ];
  if (ca.created) files.push({ path: 'ca-key.pem', content: await privateKeyPem(ca.key), secret: true });
  const since = o.enterprise ? undefined : firstRelease(Object.keys(env));
  const node: Patch = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: 'calico-node',
    namespace: ns,
    type: 'strategic',
    purpose:
      `Felix serves ${o.enterprise ? 'its Prometheus reporter' : '/metrics'} over HTTPS ` +
      '(env, calico-metrics-certs at /etc/certs).',
    notes: since
      ? [
          `Needs Calico ${since.version} or later: ${since.params.join(', ')} first appear in that release; ` +
            `an older Felix ignores them ("Ignoring unknown config param.") and serves plain HTTP.`,
        ]
      : [],
    body: podPatch(
      'calico-node',
      env,
      [{ name: 'calico-metrics-certs', mountPath: '/etc/certs' }],
      [{ name: 'calico-metrics-certs', secret: { secretName: 'calico-metrics-certs' } }],
    ),
  };
  const prometheusPatch: Patch = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    name: 'calico-node-prometheus',
    namespace: monNs,
    type: 'merge',
    purpose: 'mount the Secret certs (at /etc/prometheus/secrets/certs), which calico-node-monitor reads.',
    notes: [
      'spec.secrets is replaced as a whole: if this Prometheus already mounts other Secrets, add their names',
      'to the list first. Rename the Prometheus here (and in the command) if yours is not calico-node-prometheus.',
    ],
    body: { spec: { secrets: ['certs'] } },
  };
  const patches = [node, prometheusPatch];
  files.push(
    objectsFile(
      'prometheus-metrics-tls.yaml',
      [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'calico-metrics-certs', namespace: ns },
          type: 'Opaque',
          data: { 'concat-cert.pem': b64(concat), 'calico-key.pem': b64(calico.keyPem), 'ca.pem': b64(caPem) },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'certs', namespace: monNs },
          type: 'Opaque',
          data: { 'ca.pem': b64(caPem), 'prom.pem': b64(prom.certPem), 'prom-key.pem': b64(prom.keyPem) },
        },
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'calico-node-monitor', namespace: monNs },
          spec: {
            selector: { matchLabels: { 'k8s-app': 'calico-node' } },
            namespaceSelector: { matchNames: [ns] },
            endpoints: [
              {
                port: 'calico-metrics-port',
                interval: '5s',
                scheme: 'https',
                tlsConfig: {
                  caFile: '/etc/prometheus/secrets/certs/ca.pem',
                  certFile: '/etc/prometheus/secrets/certs/prom.pem',
                  keyFile: '/etc/prometheus/secrets/certs/prom-key.pem',
                  serverName,
                },
              },
            ],
          },
        },
      ],
      `Calico metrics over HTTPS with Prometheus client certificates (serverName ${serverName}).`,
      [
        ...(since ? [`Needs Calico ${since.version} or later (see ${patchPath(node.kind, node.name)}).`] : []),
        'The ServiceMonitor calico-node-monitor scrapes the Service labelled k8s-app: calico-node on its port',
        'calico-metrics-port; applying it replaces an existing calico-node-monitor with this one.',
        `Then patch calico-node and the Prometheus: ${patches.map((p) => patchPath(p.kind, p.name)).join(', ')} ` +
          '(or kubectl apply -k on this folder, which does all three).',
      ],
    ),
    ...patches.map(patchFile),
    kustomizationFile(
      ['prometheus-metrics-tls.yaml'],
      patches.map((p) => patchPath(p.kind, p.name)),
      `DaemonSet calico-node in ${ns} and Prometheus calico-node-prometheus in ${monNs}`,
    ),
  );
  return files;
}

/**
 * The Calico release an env list needs: the latest first release, in the linter's own table
 * (engine/calico/versions.ts PARAM_SINCE), of the Felix parameters it sets. Undefined when
 * every parameter is older than the table.
 */
function firstRelease(envNames: readonly string[]): { version: string; params: string[] } | undefined {
  let best: { version: string; params: string[] } | undefined;
  for (const [param, version] of Object.entries(PARAM_SINCE.felix)) {
    const envName = `FELIX_${param.toUpperCase()}`;
    if (!envNames.includes(envName)) continue;
    if (!best || newer(version, best.version)) best = { version, params: [envName] };
    else if (version === best.version) best.params.push(envName);
  }
  return best;
}

function newer(a: string, b: string): boolean {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return false;
  return va.major !== vb.major
    ? va.major > vb.major
    : va.minor !== vb.minor
      ? va.minor > vb.minor
      : (va.patch ?? 0) > (vb.patch ?? 0);
}

const KEY_ENUM: Record<KeyAlgorithm, string> = {
  'rsa-2048': 'RSAWithSize2048',
  'rsa-4096': 'RSAWithSize4096',
  'rsa-8192': 'RSAWithSize8192',
  'ecdsa-p256': 'ECDSAWithCurve256',
  'ecdsa-p384': 'ECDSAWithCurve384',
  'ecdsa-p521': 'ECDSAWithCurve521',
};

async function certificateManagement(ctx: Ctx, o: GenerateOptions): Promise<GeneratedFile[]> {
  const ca = await caOf(ctx, o, 'calico-cluster-ca');
  const caPem = certPem(ca.cert);
  const h = ctx.hash.replace('SHA-', 'SHA');
  const rsa = ctx.alg.startsWith('rsa');
  const files: GeneratedFile[] = [{ path: 'ca.crt', content: caPem, secret: false }];
  if (ca.created) files.push({ path: 'ca.key', content: await privateKeyPem(ca.key), secret: true });
  const installation: Patch = {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'Installation',
    name: 'default',
    type: 'merge',
    purpose: 'spec.certificateManagement, the CA whose signer approves Calico CSRs.',
    notes: [
      'The signer (with ca.key) must sign CSRs for signerName. Only spec.certificateManagement is set;',
      'the rest of the Installation stays as it is.',
    ],
    body: {
      spec: {
        certificateManagement: {
          caCert: b64(caPem),
          signerName: o.signerName ?? 'example.com/calico-signer',
          keyAlgorithm: KEY_ENUM[ctx.alg],
          signatureAlgorithm: rsa ? `${h}WithRSA` : `ECDSAWith${h}`,
        },
      },
    },
  };
  files.push(
    patchFile(installation),
    kustomizationFile(
      [],
      [patchPath(installation.kind, installation.name)],
      'the Installation default (e.g. custom-resources.yaml)',
    ),
  );
  return files;
}

export async function generateSet(kind: SetKind, o: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const errs = validateOptions(kind, o);
  if (errs.length) throw new GenerateError(errs);
  const alg = o.keyAlgorithm ?? 'ecdsa-p256';
  const hash = o.hash ?? 'SHA-256';
  const check = () => {
    if (o.signal?.aborted) throw new GenerateError(m('cancelled'));
  };
  // All the set's keys are generated at once: WebCrypto runs them on libuv's thread pool, so
  // an RSA set takes about as long as its slowest key instead of the sum (cert-libraries.md §2a).
  const needed: Record<SetKind, number> = { typha: 3, etcd: 4, manager: 2, prometheus: 3, 'certificate-management': 1 };
  const count = needed[kind] - (o.ca ? 1 : 0);
  const pool = Array.from({ length: count }, () => (o.keyProvider ? o.keyProvider(alg, hash) : generateKey(alg, hash)));
  // A rejected key that is never awaited (cancellation) must not become an unhandled rejection.
  for (const p of pool) p.catch(() => undefined);
  let next = 0;
  const key = async () => {
    check();
    const k = await (pool[next++] ?? (o.keyProvider ? o.keyProvider(alg, hash) : generateKey(alg, hash)));
    check();
    return withHash(k, hash);
  };
  const ctx: Ctx = { alg, hash, days: o.days ?? 365, key, check };
  switch (kind) {
    case 'typha':
      return typha(ctx, o);
    case 'etcd':
      return etcd(ctx, o);
    case 'manager':
      return manager(ctx, o);
    case 'prometheus':
      return prometheus(ctx, o);
    case 'certificate-management':
      return certificateManagement(ctx, o);
  }
}
