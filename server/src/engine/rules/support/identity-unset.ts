/**
 * Shared check behind felix-typha-identity-unset and typha-client-identity-unset: with TLS on,
 * at least one of the peer identity settings (CN or URI SAN) must be set (CAL Validate()).
 */
import type { Analysis } from '../../analysis';
import type { Component } from '../../calico/params';
import { sideOf } from '../../calico/typha-tls';
import { tlsState } from '../../model/typha-tls';
import { setParameter } from '../../fixes';
import { m } from '../../l10n/messages';
import type { Report, ReportFix } from '../types';
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
    const fixes: ReportFix[] = [];
    const value = side.defaultPeerCN;
    const c = cfg.container;
    const file = c ? a.file(c.workload.object.file.uri) : cfg.file;
    const existing = cfg.effective.get(cn.toLowerCase());
    const edit = file && (c || cfg.file) ? setParameter(file, c, existing, c ? cnName : cn, value) : undefined;
    if (edit)
      fixes.push({
        // The peer's CN: Typha's server CN on Felix, Felix's client CN on Typha.
        title: m(
          component === 'felix'
            ? existing
              ? 'identitySetCnFelix'
              : 'identityAddCnFelix'
            : existing
              ? 'identitySetCnTypha'
              : 'identityAddCnTypha',
          { param: cnName, value },
        ),
        safety: 'unsafe',
        edits: [edit],
      });
    report({
      span: first.nameSpan,
      message: m(component === 'felix' ? 'identityUnsetFelix' : 'identityUnsetTypha', {
        label: cfg.label,
        params: listText(st.set.map((s) => displayName(cfg, s.param?.name ?? s.rawName))),
        cn: cnName,
        san: displayName(cfg, san),
        error: side.errorText,
      }),
      related: st.set.slice(1).map((s) => ({
        span: s.nameSpan,
        message: m('identityTurnsTlsOn', { param: displayName(cfg, s.param?.name ?? s.rawName) }),
      })),
      fixes,
    });
  }
}
