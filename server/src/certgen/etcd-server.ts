/**
 * The etcd side of `gen etcd`: which names the etcd server and peer certificates carry, and
 * `etcd.flags`, the etcd command-line flags that use the generated files, and `etcd.conf.yml`, the
 * same settings as etcd's configuration file (`etcd --config-file`). Pure: no I/O.
 *
 * Names: every endpoint host is always in the SANs (a hostname as a DNS name, an address as an
 * IP address), because etcd's clients (calico-node, calicoctl, etcdctl) check the server
 * certificate against the host they dial. When an endpoint is local (localhost, 127.0.0.0/8,
 * ::1), `localhost` and `127.0.0.1` are added too, so that the same member can be reached
 * either way on the machine itself; nothing local is added otherwise (a certificate for
 * remote members that also claims localhost would be accepted by any local impostor).
 * `--server-dns` / `--server-ip` add names (other members, a load balancer); they never
 * remove an endpoint host.
 */
import { isIP } from 'node:net';
import { m, type Msg } from '../engine/l10n/messages';

/** Where etcd.flags tells the members to put the files. */
export const ETCD_PKI = '/etc/etcd/pki';
export const DEFAULT_ETCD_ENDPOINTS = 'https://127.0.0.1:2379';

export interface EtcdServerOptions {
  readonly endpoints?: string;
  readonly serverDnsNames?: unknown;
  readonly serverIps?: unknown;
}

function endpointList(endpoints: string | undefined): string[] {
  return (endpoints ?? DEFAULT_ETCD_ENDPOINTS)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
}

function hostOf(endpoint: string): string | undefined {
  try {
    const h = new URL(endpoint).hostname;
    return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  } catch {
    return undefined;
  }
}

function isLocal(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/**
 * The refusals for --server-dns / --server-ip (certgen/messages.ts), each one line: not a list of strings (the
 * language server's JSON), not a DNS name, not an IP address, or an address given as a name.
 */
export function etcdServerNameErrors(o: EtcdServerOptions, isDnsName: (s: string) => boolean): Msg[] {
  const errs: Msg[] = [];
  const show = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s).slice(1, -1);
  const dns = o.serverDnsNames === undefined ? [] : strings(o.serverDnsNames);
  const ips = o.serverIps === undefined ? [] : strings(o.serverIps);
  if (!dns) errs.push(m('serverDnsNotList'));
  if (!ips) errs.push(m('serverIpsNotList'));
  for (const n of dns ?? []) {
    if (isIP(n)) errs.push(m('serverNameIsIp', { name: show(n) }));
    else if (!isDnsName(n)) errs.push(m('serverNameNotDns', { name: show(n) }));
  }
  for (const ip of ips ?? []) if (!isIP(ip)) errs.push(m('serverIpInvalid', { ip: show(ip) }));
  // Every endpoint host goes into the server certificate: it must be a name a certificate can hold.
  for (const e of endpointList(o.endpoints)) {
    const h = hostOf(e);
    if (h && !isIP(h) && !isDnsName(h)) errs.push(m('endpointHostNotDns', { endpoint: show(e), host: show(h) }));
  }
  return errs;
}

/** The SANs of the etcd server and peer certificates (see the file comment). */
export function etcdServerSans(o: EtcdServerOptions): { dns: string[]; ips: string[] } {
  const dns: string[] = [];
  const ips: string[] = [];
  const add = (list: string[], v: string) => {
    if (!list.includes(v)) list.push(v);
  };
  const hosts = endpointList(o.endpoints)
    .map(hostOf)
    .filter((h): h is string => !!h);
  for (const h of hosts) add(isIP(h) ? ips : dns, h);
  for (const n of strings(o.serverDnsNames) ?? []) add(dns, n.toLowerCase());
  for (const ip of strings(o.serverIps) ?? []) add(ips, ip);
  if (hosts.some(isLocal)) {
    add(dns, 'localhost');
    add(ips, '127.0.0.1');
  }
  return { dns, ips };
}

/**
 * etcd.flags: a comment header, then one etcd flag per line. Client URLs come from the
 * endpoints; with several endpoints each member listens on and advertises its own, so the
 * lines carry the first one and the header says to change them per member.
 */
export function etcdFlags(o: EtcdServerOptions, sans: { dns: string[]; ips: string[] }): string {
  const eps = endpointList(o.endpoints).map((e) => e.replace(/\/$/, ''));
  const first = eps[0] ?? DEFAULT_ETCD_ENDPOINTS;
  const header = [
    'etcd server and peer TLS for the certificates beside this file (calico-tls gen etcd).',
    `Copy etcd-ca.crt, etcd-server.crt, etcd-server.key, etcd-peer.crt and etcd-peer.key to ${ETCD_PKI}/`,
    "on each etcd member (keys mode 0600, owned by the user etcd runs as), then add these flags to etcd's",
    'command line. etcd-ca.key signs the certificates: keep it off the members.',
    `The server and peer certificates name: ${[...sans.dns, ...sans.ips].join(', ')}.`,
    'Clients (calico-node, calicoctl, etcdctl) must present a certificate from etcd-ca.crt with',
    'clientAuth (etcd-client.crt); peers talk over https:// peer URLs with etcd-peer.crt.',
    ...(eps.length > 1
      ? [
          `Several endpoints (${eps.join(', ')}): on each member set --listen-client-urls and`,
          "--advertise-client-urls to that member's own endpoint (the lines below are the first one's).",
        ]
      : []),
  ];
  const flags = [
    `--cert-file=${ETCD_PKI}/etcd-server.crt`,
    `--key-file=${ETCD_PKI}/etcd-server.key`,
    '--client-cert-auth',
    `--trusted-ca-file=${ETCD_PKI}/etcd-ca.crt`,
    `--peer-cert-file=${ETCD_PKI}/etcd-peer.crt`,
    `--peer-key-file=${ETCD_PKI}/etcd-peer.key`,
    '--peer-client-cert-auth',
    `--peer-trusted-ca-file=${ETCD_PKI}/etcd-ca.crt`,
    `--listen-client-urls=${first}`,
    `--advertise-client-urls=${first}`,
  ];
  return header.map((l) => `# ${l}\n`).join('') + flags.map((f) => `${f}\n`).join('');
}

/**
 * etcd.conf.yml: the settings of etcd.flags as etcd's configuration file (`etcd --config-file`,
 * etcd.io/docs/v3.4/op-guide/configuration: the flag names as keys, the TLS ones under
 * client-transport-security and peer-transport-security). With a configuration file etcd ignores
 * its other flags and ETCD_* environment, so the header says to add the member's own settings.
 */
export function etcdConfigYaml(o: EtcdServerOptions, sans: { dns: string[]; ips: string[] }): string {
  const eps = endpointList(o.endpoints).map((e) => e.replace(/\/$/, ''));
  const first = eps[0] ?? DEFAULT_ETCD_ENDPOINTS;
  const header = [
    'etcd configuration file for the certificates beside this file (calico-tls gen etcd): the settings',
    `of etcd.flags, for \`etcd --config-file /etc/etcd/etcd.conf.yml\`. Copy the certificates to ${ETCD_PKI}/`,
    'as etcd.flags says. With --config-file etcd ignores its other flags and ETCD_* variables: add the',
    "member's own settings here (name, data-dir, listen-peer-urls, initial-advertise-peer-urls,",
    'initial-cluster, initial-cluster-state).',
    `The server and peer certificates name: ${[...sans.dns, ...sans.ips].join(', ')}.`,
    ...(eps.length > 1
      ? [
          `Several endpoints (${eps.join(', ')}): on each member set listen-client-urls and`,
          "advertise-client-urls to that member's own endpoint (the lines below are the first one's).",
        ]
      : []),
  ];
  const tls = (cert: string, key: string) => [
    `  cert-file: ${ETCD_PKI}/${cert}`,
    `  key-file: ${ETCD_PKI}/${key}`,
    '  client-cert-auth: true',
    `  trusted-ca-file: ${ETCD_PKI}/etcd-ca.crt`,
  ];
  const body = [
    `listen-client-urls: ${first}`,
    `advertise-client-urls: ${first}`,
    'client-transport-security:',
    ...tls('etcd-server.crt', 'etcd-server.key'),
    'peer-transport-security:',
    ...tls('etcd-peer.crt', 'etcd-peer.key'),
  ];
  return header.map((l) => `# ${l}\n`).join('') + body.map((l) => `${l}\n`).join('');
}
