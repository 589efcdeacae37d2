import { m, type Msg } from '../l10n/messages';
import { settingValue, state, type EtcdClient, type EtcdSetting } from '../model/etcd';
import type { Span } from '../types';
import { etcdManifest } from './support/etcd-examples';
import type { Rule } from './types';

const FELIX_CFG = (scheme: string) =>
  `[global]\nDatastoreType = etcdv3\nEtcdAddr = 10.0.0.1:2379\nEtcdScheme = ${scheme}\n` +
  `EtcdCaFile = /etc/calico/etcd-ca.pem\nEtcdCertFile = /etc/calico/etcd-cert.pem\n` +
  `EtcdKeyFile = /etc/calico/etcd-key.pem\n`;

const DEFAULT_ADDR = '127.0.0.1:2379';

/**
 * The endpoint Felix or Typha builds from EtcdScheme and EtcdAddr when EtcdEndpoints is not set,
 * when it is plain http, with where to report it: the EtcdScheme that says http, else the
 * EtcdAddr used with the default scheme (http).
 *
 * - Felix uses `EtcdScheme://EtcdAddr` only when EtcdAddr itself was set in its environment or
 *   config file (CAL felix/config/config_params.go DatastoreConfig, setByConfigFileOrEnvironment).
 *   Only felix.cfg files are read here: inside calico-node the start script overwrites every
 *   FELIX_ETCD* variable with the generic ETCD_* one (CAL node/filesystem/etc/service/available/
 *   felix/run), so a pod's own FELIX_ETCDSCHEME / FELIX_ETCDADDR do not reach Felix.
 * - Typha uses it whenever EtcdEndpoints is empty with the etcdv3 datastore, EtcdAddr defaulting
 *   to 127.0.0.1:2379 (CAL typha/pkg/config/config_params.go DatastoreConfig).
 * Both default EtcdScheme to http (fact sheet 1a, 1c).
 */
function schemeEndpoint(c: EtcdClient): { url: string; span: Span; written: EtcdSetting } | undefined {
  // Only Felix and Typha clients have EtcdScheme/EtcdAddr (model/etcd.ts componentClient); any other
  // client has neither, so no line below says http.
  if (c.kind === 'felix' && c.container) return undefined;
  if (c.datastore !== 'etcdv3' || state(c.endpoints) !== 'unset') return undefined;
  const addrState = state(c.addr);
  if (addrState === 'unknown' || (c.kind === 'felix' && addrState !== 'set')) return undefined;
  const schemeState = state(c.scheme);
  if (schemeState === 'unknown') return undefined;
  const scheme = schemeState === 'set' ? settingValue(c.scheme)! : 'http';
  if (scheme.toLowerCase() !== 'http') return undefined;
  // The line to change: the EtcdScheme that says http, else the EtcdAddr left on the default scheme.
  const written = schemeState === 'set' ? c.scheme! : addrState === 'set' ? c.addr! : undefined;
  const span = written?.valueSpan;
  if (!span) return undefined;
  return { url: `${scheme}://${addrState === 'set' ? settingValue(c.addr)! : DEFAULT_ADDR}`, span, written: written! };
}

export const rule: Rule = {
  meta: {
    id: 'etcd-plaintext',
    category: 'etcd',
    severity: 'warning',
    description:
      'An etcd endpoint over plain http://, written as a URL or built by Felix/Typha from EtcdScheme ' +
      '(default http) and EtcdAddr; with TLS files set as well, those files are silently unused.',
    why:
      'The seeds recommend mutual TLS on every connection from Calico to etcd ("Configure ' +
      'encryption and authentication"): the datastore holds every policy and the IPAM state. ' +
      'libcalico-go does not check that TLS files go with https:// endpoints; with http:// ' +
      'endpoints they are simply not used (fact sheet 1d), which is how a cluster believed to ' +
      'be on TLS runs in plaintext (real-failures.md #17). Felix and Typha without EtcdEndpoints ' +
      'connect to EtcdScheme://EtcdAddr, and EtcdScheme defaults to http (CAL ' +
      'felix/config/config_params.go and typha/pkg/config/config_params.go DatastoreConfig; fact ' +
      'sheet 1a, 1c), so a felix.cfg with EtcdScheme = http, or with EtcdAddr and no EtcdScheme, ' +
      'talks plaintext beside its EtcdCaFile, EtcdCertFile and EtcdKeyFile.',
    messages: {
      plainOne: 'etcd endpoint {endpoints} uses plain HTTP ({label}){unused}. Use https:// with mutual TLS.',
      plainMany: 'etcd endpoints {endpoints} use plain HTTP ({label}){unused}. Use https:// with mutual TLS.',
      unusedOne: '; {files} is then not used',
      unusedMany: '; {files} are then not used',
      schemeHttp:
        '{param} = {value} makes {label} connect to etcd at {url}, plain HTTP (EtcdScheme://EtcdAddr is ' +
        'used when {endpointsParam} is not set){unused}. Set {schemeParam} to https, or {endpointsParam} ' +
        'to https:// URLs.',
      addrDefaultScheme:
        '{param} without {schemeParam} (which defaults to http) makes {label} connect to etcd at {url}, ' +
        'plain HTTP (EtcdScheme://EtcdAddr is used when {endpointsParam} is not set){unused}. Set ' +
        '{schemeParam} to https, or {endpointsParam} to https:// URLs.',
    },
    examples: {
      bad: [
        { files: [{ name: 'calico-etcd.yaml', text: etcdManifest({ endpoints: 'http://10.0.0.1:2379' }) }] },
        { files: [{ name: 'felix.cfg', text: FELIX_CFG('http') }] },
      ],
      good: [
        { files: [{ name: 'felix.cfg', text: FELIX_CFG('https') }] },
        {
          files: [
            {
              name: 'calico-etcd.yaml',
              text: etcdManifest({ endpoints: 'https://10.0.0.1:2379', ca: '/etc/ssl/certs/ca-certificates.crt' }),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    /** "; EtcdCaFile, EtcdCertFile are then not used" for the TLS files a client sets, or nothing. */
    const unused = (c: EtcdClient): Msg | string => {
      const tls = [c.ca, c.cert, c.key].filter((s) => state(s) === 'set').map((s) => s!.name);
      return tls.length ? m(tls.length > 1 ? 'unusedMany' : 'unusedOne', { files: tls.join(', ') }) : '';
    };
    const seen = new Set<string>();
    for (const c of a.etcd) {
      if (c.datastore === 'kubernetes') continue;
      const ep = settingValue(c.endpoints);
      const span = c.endpoints?.valueSpan;
      if (!ep || !span) continue;
      const plain = ep
        .split(',')
        .map((e) => e.trim())
        .filter((e) => /^http:\/\//i.test(e));
      if (!plain.length) continue;
      const k = `${span.uri}:${span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report({
        span,
        message: m(plain.length > 1 ? 'plainMany' : 'plainOne', {
          endpoints: plain.join(', '),
          label: c.label,
          unused: unused(c),
        }),
      });
    }
    for (const c of a.etcd) {
      const e = schemeEndpoint(c);
      if (!e) continue;
      // Name the other parameters the way this configuration writes its own (TYPHA_ETCDSCHEME).
      const env = /^(FELIX|TYPHA)_/i.exec(e.written.name)?.[0].toUpperCase();
      const name = (p: string) => (env ? `${env}${p.toUpperCase()}` : p);
      const data = {
        param: e.written.name,
        label: c.label,
        url: e.url,
        unused: unused(c),
        schemeParam: name('EtcdScheme'),
        endpointsParam: name('EtcdEndpoints'),
      };
      report({
        span: e.span,
        message:
          e.written === c.scheme
            ? m('schemeHttp', { ...data, value: settingValue(c.scheme)! })
            : m('addrDefaultScheme', data),
      });
    }
  },
};
