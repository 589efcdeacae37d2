/**
 * Shared check behind felix-typha-identity-unset and typha-client-identity-unset: with TLS on,
 * at least one of the peer identity settings (CN or URI SAN) must be set (CAL Validate()).
 */
import type { Analysis } from '../../analysis';
import type { Component } from '../../calico/params';
import { sideOf } from '../../calico/typha-tls';
import { tlsState } from '../../model/typha-tls';
import { setParameter } from '../../fixes';
import type { Fix } from '../../types';
import type { Report } from '../types';
import { displayName, listText } from './util';

export function checkIdentityUnset(a: Analysis, component: Component, report: (r: Report) => void): void {
  const side = sideOf(component);
  for (const cfg of a.configs) {
    if (cfg.component !== component) continue;
    const st = tlsState(cfg);
    if (!st.set.length || st.identity !== 'unset') continue;
    const first = st.set[0];
    if (!first) continue;
    const [cn, san] = side.identity;
    const cnName = displayName(cfg, cn);
    const fixes: Fix[] = [];
    const value = side.defaultPeerCN;
    const c = cfg.container;
    const file = c ? a.file(c.workload.object.file.uri) : cfg.file;
    const existing = cfg.effective.get(cn.toLowerCase());
    const edit = file && (c || cfg.file) ? setParameter(file, c, existing, c ? cnName : cn, value) : undefined;
    if (edit)
      fixes.push({
        title:
          `${existing ? 'Set' : 'Add'} ${cnName}: ${value} ` +
          `(the ${component === 'felix' ? 'Typha server' : 'Felix client'} CN the Calico docs and the operator use)`,
        safety: 'unsafe',
        edits: [edit],
      });
    const who = component === 'felix' ? 'Felix' : 'Typha';
    const peer = component === 'felix' ? "Typha's server certificate" : "Felix's client certificate";
    report({
      span: first.nameSpan,
      message:
        `${who} TLS is on in ${cfg.label} ` +
        `(${listText(st.set.map((s) => displayName(cfg, s.param?.name ?? s.rawName)))}) but ` +
        `neither ${cnName} nor ${displayName(cfg, san)} is set, so nothing says which identity ` +
        `${peer} must carry. ${who} fails validation ("${side.errorText}").`,
      related: st.set
        .slice(1)
        .map((s) => ({ span: s.nameSpan, message: `${displayName(cfg, s.param?.name ?? s.rawName)} turns TLS on` })),
      fixes,
    });
  }
}
