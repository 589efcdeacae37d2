/**
 * Shared check behind felix-typha-tls-incomplete and typha-tls-incomplete: when any TLS
 * parameter of a side is set, all three files must be (CAL Validate(), fact sheet 1b).
 */
import type { Analysis } from '../../analysis';
import type { Component } from '../../calico/params';
import { sideOf } from '../../calico/typha-tls';
import { tlsState } from '../../model/typha-tls';
import { setParameter } from '../../fixes';
import type { TextEdit } from '../../types';
import { m, type Msg } from '../../l10n/messages';
import { mountedFiles, roleOfParam } from '../../model/candidates';
import type { Report, ReportFix } from '../types';
import { displayName, listText } from './util';

export function checkTlsIncomplete(a: Analysis, component: Component, report: (r: Report) => void): void {
  const side = sideOf(component);
  for (const cfg of a.configs) {
    if (cfg.component !== component) continue;
    const st = tlsState(cfg);
    if (!st.set.length || !st.missingFiles.length) continue;
    const first = st.set[0];
    if (!first) continue;
    const setNames = st.set.map((s) => displayName(cfg, s.param?.name ?? s.rawName));
    const missing = st.missingFiles.map((p) => displayName(cfg, p));
    const fixes: ReportFix[] = [];
    const edits: TextEdit[] = [];
    const c = cfg.container;
    const file = c ? a.file(c.workload.object.file.uri) : cfg.file;
    if (c && file) {
      // Offer paths of mounted Secret/ConfigMap keys whose names fit the missing role,
      // preferring the folder the group's other files already use.
      const files = mountedFiles(a.ws, c);
      const usedDirs = st.set
        .map((s) => (s.value.state === 'known' ? s.value.value.replace(/\/[^/]*$/, '') : ''))
        .filter(Boolean);
      for (const p of st.missingFiles) {
        const role = roleOfParam(p);
        const fit = files.filter((f) => f.role === role);
        const sameDir = fit.filter((f) => usedDirs.some((d) => f.path.startsWith(d + '/')));
        const pick = sameDir.length === 1 ? sameDir[0] : fit.length === 1 ? fit[0] : undefined;
        if (!pick) continue;
        const existing = cfg.effective.get(p.toLowerCase());
        const e = setParameter(file, c, existing, displayName(cfg, p), pick.path);
        if (e) {
          edits.push(e);
          fixes.push({
            title: m(existing ? 'tlsSetFile' : 'tlsAddFile', { param: displayName(cfg, p), path: pick.path }),
            safety: 'unsafe',
            edits: [e],
          });
        }
      }
    }
    // felix.cfg/typha.cfg have no mounts to learn a path from: no path is guessed for them.
    if (fixes.length > 1)
      fixes.unshift({
        title: m('tlsAddAllMissing', { params: listText(missing) }),
        safety: 'unsafe',
        edits: mergeInsertions(edits),
      });
    report({
      span: first.nameSpan,
      message: m('tlsIncomplete', {
        component: component === 'felix' ? 'Felix' : 'Typha',
        label: cfg.label,
        set: setClause(setNames),
        missing: notSetClause(missing),
        error: side.errorText,
      }),
      related: st.set.slice(1).map((s) => ({
        span: s.nameSpan,
        message: m('tlsSetHere', { param: displayName(cfg, s.param?.name ?? s.rawName) }),
      })),
      fixes,
    });
  }
}

/** "A and B are set" (common.ts: tlsOneSet, tlsManySet). */
export function setClause(names: readonly string[]): Msg {
  return m(names.length > 1 ? 'tlsManySet' : 'tlsOneSet', { names: listText(names) });
}

/** "A and B are not" (set), after setClause (common.ts: tlsOneNotSet, tlsManyNotSet). */
export function notSetClause(names: readonly string[]): Msg {
  return m(names.length > 1 ? 'tlsManyNotSet' : 'tlsOneNotSet', { names: listText(names) });
}

/** Several insertions at one point become one edit, in order. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const first = edits[0];
  if (!first || !edits.every((e) => e.uri === first.uri && e.start === first.start && e.end === first.end))
    return edits;
  return [{ ...first, newText: edits.map((e) => e.newText).join('') }];
}
