import { ENVCONFIG_TYPHA_PARAM, lookupParam, type Param } from '../calico/params';
import type { EnvEntry } from '../model/workloads';
import { replaceScalar } from '../fixes';
import { paramState, paramValue } from '../model/config';
import { nodeSpan } from '../parse/tree';
import { calicoTypha, type MountSpec } from './support/examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { listText } from './support/util';

const ETCD_TLS = {
  TYPHA_DATASTORETYPE: 'etcdv3',
  TYPHA_ETCDENDPOINTS: 'https://10.0.0.1:2379',
  TYPHA_ETCDCAFILE: '/calico-secrets/etcd-ca',
};

const ETCD_MOUNTS: readonly MountSpec[] = [
  { volume: 'etcd-certs', path: '/calico-secrets', secret: 'calico-etcd-secrets' },
];

/** What Typha does without the setting it was meant to get (message ids). */
const CONSEQUENCE: Readonly<Record<string, string>> = {
  EtcdEndpoints: 'defaultEndpoint',
  EtcdCaFile: 'systemRoots',
  EtcdCertFile: 'noClientCert',
  EtcdKeyFile: 'noClientCert',
};

export const rule: Rule = {
  meta: {
    id: 'typha-etcd-env-ignored',
    category: 'etcd',
    severity: 'error',
    fix: 'safe',
    description:
      'A Typha container given the generic ETCD_ENDPOINTS / ETCD_CA_CERT_FILE / ETCD_CERT_FILE / ' +
      'ETCD_KEY_FILE, which Typha does not read; it reads only TYPHA_ETCDENDPOINTS, ' +
      'TYPHA_ETCDCAFILE, TYPHA_ETCDCERTFILE and TYPHA_ETCDKEYFILE.',
    why:
      "calico-node copies the generic ETCD_* variables into Felix's own parameters in its start " +
      'script (CAL node/filesystem/etc/service/available/felix/run), so the same names work ' +
      'there; Typha has no such wrapper. With the etcdv3 datastore (its default) Typha builds ' +
      'its etcd client from its own EtcdEndpoints, EtcdCaFile, EtcdCertFile and EtcdKeyFile ' +
      'only (CAL typha/pkg/config/config_params.go DatastoreConfig; fact sheet 1c: "Typha does ' +
      'not merge in the ETCD_* env vars the way Felix does"). The generic variables are ' +
      'silently unused: Typha talks to the default endpoint or without its client ' +
      'certificate, and an etcd that requires mutual TLS refuses it. The quick fix renames the ' +
      'variable to its TYPHA_ form.',
    messages: {
      ignored:
        'Typha does not read {name}: with the etcdv3 datastore it takes {param} only from {env} (or ' +
        'typha.cfg), so it {consequence}. Rename it to {env}.',
      defaultEndpoint: 'connects to EtcdScheme://EtcdAddr, by default http://127.0.0.1:2379',
      systemRoots: 'verifies etcd against the system roots instead of this CA',
      noClientCert: 'presents no client certificate to etcd',
      renameTo: 'Rename to {env}',
      renameAll: 'Rename {names} to {envs}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-typha.yaml',
              text: calicoTypha(
                {
                  ...ETCD_TLS,
                  ETCD_CERT_FILE: '/calico-secrets/etcd-cert',
                  ETCD_KEY_FILE: '/calico-secrets/etcd-key',
                },
                ETCD_MOUNTS,
              ),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-typha.yaml',
              text: calicoTypha(
                {
                  ...ETCD_TLS,
                  TYPHA_ETCDCERTFILE: '/calico-secrets/etcd-cert',
                  TYPHA_ETCDKEYFILE: '/calico-secrets/etcd-key',
                },
                ETCD_MOUNTS,
              ),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const cfg of a.configs) {
      const c = cfg.container;
      if (cfg.component !== 'typha' || !c) continue;
      // A container that is also Felix (calico-node) gets the ETCD_* variables through its wrapper.
      if (a.configs.some((x) => x.container === c && x.component === 'felix')) continue;
      // Only the etcdv3 branch of DatastoreConfig ignores them: in kubernetes mode Typha loads
      // the envconfig variables itself (LoadClientConfigFromEnvironment).
      const ds = paramState(cfg, 'DatastoreType');
      if (ds === 'unknown') continue;
      if (ds === 'set' && (paramValue(cfg, 'DatastoreType') ?? '').trim().toLowerCase() !== 'etcdv3') continue;
      const env = a.ws.env(c);
      const uri = c.workload.object.file.uri;
      const ignored: Array<{ entry: EnvEntry; param: Param }> = [];
      for (const e of c.env) {
        const paramName = ENVCONFIG_TYPHA_PARAM[e.name.replace(/^CALICO_/, '')];
        if (!paramName) continue;
        // The entry that counts (a later duplicate wins) with a value that says something.
        const v = env.vars.get(e.name);
        if (v?.entry !== e || v.value.state === 'absent') continue;
        if (v.value.state === 'known' && v.value.value.trim() === '') continue;
        // Already set in its Typha form (or maybe, from an envFrom we cannot see): nothing lost.
        if (paramState(cfg, paramName) !== 'unset') continue;
        ignored.push({ entry: e, param: lookupParam('typha', paramName)! });
      }
      if (!ignored.length) continue;
      // One fix renames the whole group: half of it renamed (a certificate without its key)
      // would only move the problem. Where CALICO_ETCD_X and ETCD_X are both set, the one
      // envconfig prefers (CALICO_) is renamed; the other is then redundant and not reported.
      const renamed = ignored.filter(
        (x) => x.entry.name.startsWith('CALICO_') || !ignored.some((y) => y.entry.name === `CALICO_${x.entry.name}`),
      );
      const edits = renamed.map((x) => replaceScalar(uri, x.entry.nameNode, x.param.env));
      const title =
        renamed.length === 1
          ? m('renameTo', { env: renamed[0]!.param.env })
          : m('renameAll', {
              names: listText(renamed.map((x) => x.entry.name)),
              envs: listText(renamed.map((x) => x.param.env)),
            });
      for (const { entry, param } of ignored) {
        report({
          span: nodeSpan(uri, entry.nameNode),
          message: m('ignored', {
            name: entry.name,
            param: param.name,
            env: param.env,
            consequence: m(CONSEQUENCE[param.name]!),
          }),
          fixes: [{ title, safety: 'safe', edits }],
        });
      }
    }
  },
};
