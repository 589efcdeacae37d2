import { FELIX_PARAMS } from '../calico/params';
import { hasParam } from '../calico/versions';
import { containerVersion, unitVersion } from '../model/calico-version';
import { getMap, nodeSpan } from '../parse/tree';
import { calicoNode } from './support/examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';

const FC_API = /^(projectcalico\.org\/v3|crd\.projectcalico\.org\/v1)$/;

const METRICS_TLS = {
  FELIX_PROMETHEUSMETRICSENABLED: 'true',
  FELIX_PROMETHEUSMETRICSCERTFILE: '/etc/ssl/certs/metrics.crt',
  FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
  FELIX_PROMETHEUSMETRICSCAFILE: '/etc/ssl/certs/ca.crt',
};

export const rule: Rule = {
  meta: {
    id: 'parameter-not-in-version',
    category: 'felix-typha',
    severity: 'error',
    reads: { kinds: ['FelixConfiguration'] },
    description:
      'A Felix/Typha parameter (env var, config file key or FelixConfiguration field) that the ' +
      'Calico release named by the image tag does not have yet, so it is silently ignored.',
    why:
      "Felix and Typha look each parameter up in their own release's table; a name that is not " +
      'there is logged at INFO as "Ignoring unknown config param." and dropped (CAL ' +
      'felix/config/env_var_loader.go, config_params.go). The metrics TLS parameters ' +
      'PrometheusMetrics{CAFile,CertFile,KeyFile,ClientAuth} first appear in v3.32.0 (CAL commit ' +
      '1215a7b9; absent in v3.31.7 and v3.30.7; fact sheet 1a "Release availability"), so on an ' +
      'older calico/node or calico/typha the /metrics endpoint stays plain HTTP while the manifest ' +
      'looks like TLS. The release is read from the calico/node, calico/typha or calico/calico ' +
      "image tag (or an operator Installation's status.calicoVersion); a digest, a branch tag, " +
      'another registry or Calico Enterprise is unknown and never reported.',
    messages: {
      tooNew:
        '{name} needs Calico {since} or later ({param} was added in {since}); {component} {version} ({source}) ' +
        'does not have it, logs "Ignoring unknown config param." and ignores it. Upgrade Calico, or remove ' +
        'the setting.',
      fieldTooNew:
        '{field} needs Calico {since} or later; this cluster runs {version} ({source}), whose ' +
        'FelixConfiguration API and Felix do not have it, so it is dropped or rejected. Upgrade Calico, or ' +
        'remove the field.',
      calicoVersion: 'Calico {version}',
    },
    examples: {
      bad: [{ files: [{ name: 'calico-node.yaml', text: calicoNode(METRICS_TLS, [], 'calico/node:v3.30.2') }] }],
      good: [{ files: [{ name: 'calico-node.yaml', text: calicoNode(METRICS_TLS, [], 'calico/node:v3.32.0') }] }],
    },
  },
  check(a, report) {
    // Env vars and config-file keys of each Felix/Typha container, against the container's release.
    for (const cfg of a.configs) {
      const c = cfg.container;
      if (!c) continue; // felix.cfg / typha.cfg on their own: no image, no version
      const since = cfg.settings.filter((s) => s.param?.since);
      if (!since.length) continue;
      const v = containerVersion(a.ws, c);
      if (!v) continue;
      const who = cfg.component === 'felix' ? 'Felix' : 'Typha';
      for (const s of since) {
        const p = s.param!;
        if (hasParam(p.since, v.version) !== 'no') continue;
        report({
          span: s.nameSpan,
          message: m('tooNew', {
            name: s.rawName,
            since: p.since!,
            param: p.name,
            component: who,
            version: v.version.text,
            source: v.label,
          }),
          related: [{ span: v.span, message: m('calicoVersion', { version: v.version.text }) }],
        });
      }
    }
    // FelixConfiguration fields, against the release every Felix of the unit runs.
    const fcs = a.ws.objectsOfKind('FelixConfiguration').filter((o) => FC_API.test(o.apiVersion));
    if (!fcs.length) return;
    const felixes = a.configs.filter((x) => x.component === 'felix' && x.container).map((x) => x.container!);
    let v: ReturnType<typeof unitVersion> | null = null;
    for (const o of fcs) {
      for (const p of getMap(o.node, 'spec')?.pairs ?? []) {
        const param = FELIX_PARAMS.get(p.key.text.toLowerCase());
        if (!param?.since || param.yaml !== p.key.text) continue;
        if (v === null) v = unitVersion(a.ws, felixes);
        if (!v || hasParam(param.since, v.version) !== 'no') continue;
        report({
          span: nodeSpan(o.file.uri, p.key),
          message: m('fieldTooNew', {
            field: p.key.text,
            since: param.since,
            version: v.version.text,
            source: v.label,
          }),
          related: [{ span: v.span, message: m('calicoVersion', { version: v.version.text }) }],
        });
      }
    }
  },
};
