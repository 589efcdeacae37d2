import { m } from '../l10n/messages';
import { cniEndpointsMissing, settingValue, state, type EtcdClient } from '../model/etcd';
import type { ParsedFile } from '../parse';
import type { TextEdit } from '../types';
import { listText } from './support/util';
import type { ReportFix, Rule } from './types';

const CONF = (keys: string) => `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "datastore_type": "etcdv3",
${keys}
      "etcd_ca_cert_file": "/etc/cni/net.d/calico-tls/etcd-ca",
      "etcd_cert_file": "/etc/cni/net.d/calico-tls/etcd-cert",
      "etcd_key_file": "/etc/cni/net.d/calico-tls/etcd-key"
    }
  ]
}
`;

/**
 * The edit that deletes one `"key": value` member of a JSON object with the comma that
 * separates it: the comma after it and the blank up to the next member, else (the last member)
 * the comma before it. Undefined when the text around it is not plain JSON punctuation.
 */
function deleteMember(text: string, uri: string, start: number, end: number): TextEdit | undefined {
  // charAt past either end is '', which is not a blank: no bound to test.
  let i = end;
  while (/\s/.test(text.charAt(i))) i++;
  if (text[i] === ',') {
    i++;
    while (/\s/.test(text.charAt(i))) i++;
    return { uri, start, end: i, newText: '' };
  }
  let j = start;
  while (/\s/.test(text.charAt(j - 1))) j--;
  return text[j - 1] === ',' ? { uri, start: j - 1, end, newText: '' } : undefined;
}

/**
 * Replaces etcd_authority with the etcd_endpoints it meant and deletes etcd_scheme, when the
 * scheme is https: the old v1 default and an explicit http would give a plain-HTTP endpoint,
 * which is not ours to write.
 */
function fixOf(c: EtcdClient, file: ParsedFile | undefined): ReportFix | undefined {
  // Only for a client cniEndpointsMissing accepted: it has dead settings, none of them unknown.
  const authority = c.dead!.find((d) => d.name === 'etcd_authority');
  const scheme = c.dead!.find((d) => d.name === 'etcd_scheme');
  // settingValue trims.
  const addr = settingValue(authority);
  if (!file || !authority?.valueSpan || !addr || !/^[^:/\s"\\]+:\d+$/.test(addr)) return undefined;
  // settingValue is undefined only for a state 'unknown' (not a string, templated, an install
  // placeholder), which cniEndpointsMissing excludes for every dead setting.
  if (!scheme || settingValue(scheme)!.toLowerCase() !== 'https') return undefined;
  if (c.endpoints) return undefined;
  const uri = authority.nameSpan.uri;
  const edits: TextEdit[] = [
    {
      uri,
      start: authority.nameSpan.start,
      end: authority.valueSpan.end,
      newText: `"etcd_endpoints": "https://${addr}"`,
    },
  ];
  const del = scheme.valueSpan ? deleteMember(file.text, uri, scheme.nameSpan.start, scheme.valueSpan.end) : undefined;
  // The deletion must not reach into the member being replaced.
  if (!del || !(del.end <= authority.nameSpan.start || del.start >= authority.valueSpan.end)) return undefined;
  edits.push(del);
  return { title: m('replaceWithEndpoints', { addr }), safety: 'safe', edits };
}

export const rule: Rule = {
  meta: {
    id: 'cni-etcd-endpoints-missing',
    category: 'etcd',
    severity: 'error',
    fix: 'safe',
    description:
      'A Calico CNI netconf that names its etcd only with etcd_scheme / etcd_authority and has no ' +
      'etcd_endpoints: the plugin gets no etcd address at all.',
    why:
      'The CNI plugin exports etcd_authority and etcd_scheme as ETCD_AUTHORITY / ETCD_SCHEME, ' +
      'which the v3 client does not read (CAL cni-plugin/internal/pkg/utils/utils.go ' +
      'CreateClient; fact sheet 1d, and section 3: the docs still call them deprecated but ' +
      'working). Without etcd_endpoints (or etcd_discovery_srv) the client has no endpoint: with ' +
      'datastore_type etcdv3 every pod network setup fails with "no etcd endpoints specified"; ' +
      'without a datastore_type the client infers the kubernetes datastore from the empty ' +
      'endpoints (CAL libcalico-go/lib/apiconfig/load.go applyConfigDefaults) and never talks to ' +
      'this etcd. The quick fix writes the address as etcd_endpoints when the scheme is https.',
    messages: {
      etcdv3:
        '{label} names etcd only in {written}, which the Calico CNI plugin no longer reads, and has no ' +
        'etcd_endpoints: with datastore_type etcdv3 every pod network setup fails with "no etcd ' +
        'endpoints specified". Put the URL in etcd_endpoints.',
      noDatastoreType:
        '{label} names etcd only in {written}, which the Calico CNI plugin no longer reads, and has no ' +
        'etcd_endpoints: without a datastore_type the plugin falls back to the kubernetes datastore and ' +
        'never uses this etcd. Put the URL in etcd_endpoints.',
      replaceWithEndpoints: 'Replace with "etcd_endpoints": "https://{addr}"',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: '10-calico.conflist',
              text: CONF('      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379",'),
            },
          ],
        },
      ],
      good: [
        { files: [{ name: '10-calico.conflist', text: CONF('      "etcd_endpoints": "https://10.0.0.1:2379",') }] },
      ],
    },
  },
  check(a, report) {
    for (const c of a.etcd) {
      if (!cniEndpointsMissing(c)) continue;
      // One finding, at the address the user wrote (etcd_authority), else at etcd_scheme.
      const at = c.dead!.find((d) => d.name === 'etcd_authority' && state(d) === 'set') ?? c.dead![0]!;
      const written = c.dead!.filter((d) => state(d) === 'set').map((d) => `${d.name} ${settingValue(d)}`);
      const etcdv3 = state(c.datastoreType) === 'set';
      const fix = fixOf(c, a.file(at.nameSpan.uri));
      report({
        span: at.nameSpan,
        message: m(etcdv3 ? 'etcdv3' : 'noDatastoreType', { label: c.label, written: listText(written) }),
        fixes: fix ? [fix] : [],
      });
    }
  },
};
