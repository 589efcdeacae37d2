/**
 * An Installation's `spec.certificateManagement` fields as the user meant them (issue 19 item
 * 7): the real map's fields, plus those CRD validation (model/crd.ts) found misplaced, e.g. the
 * seed's flattened example ("Manage TLS certificates used by Calico") with `caCert` and
 * `signerName` at the top of the object, or misspelt (`signername`, `certificatemanagement`).
 * The rules that judge those values (caCert material, signerName, algorithms) then judge them
 * where they are written, at once, so that moving or renaming them (crd-field-invalid's quick
 * fix) reveals nothing new. Like the other near-misses, a field is read as written (not read
 * at all) when the user turned crd-field-invalid off (`asWritten`).
 *
 * Where both are written, the real field wins: the API server keeps it and drops the other.
 */
import { getPath, isMap, type MapNode, type Pair } from '../parse/tree';
import type { CrdIssue } from './crd';
import type { K8sObject } from './objects';
import type { AsWritten } from './resolve';

const HOME = 'spec.certificateManagement';

export function certificateManagementOf(
  o: K8sObject,
  issues: readonly CrdIssue[],
  asWritten: AsWritten,
): ReadonlyMap<string, Pair> {
  const out = new Map<string, Pair>();
  const cm = getPath(o.node, 'spec', 'certificateManagement');
  const real = isMap(cm) ? cm : undefined;
  if (real) for (const p of real.pairs) out.set(p.key.text, p);
  const add = (field: string, p: Pair) => {
    if (!out.has(field)) out.set(field, p);
  };
  for (const i of issues) {
    if (i.object !== o || !i.parent || !i.keyNode || asWritten(i.span)) continue;
    const pair = i.parent.pairs.find((p) => p.key === i.keyNode);
    if (!pair) continue;
    if (i.kind === 'misplaced-field' && i.home?.startsWith(`${HOME}.`)) {
      const field = i.home.slice(HOME.length + 1);
      if (!/[.[]/.test(field)) add(field, pair);
    } else if (i.kind === 'unknown-field' && i.suggestion && !i.suggestionPresent) {
      // `certificatemanagement:` under spec: its fields are the map's.
      if (i.suggestion === 'certificateManagement' && !real && isMap(pair.value) && isSpecOf(o, i.parent))
        for (const p of pair.value.pairs) add(p.key.text, p);
      // `signername:` inside the real map.
      else if (real && i.parent === real) add(i.suggestion, pair);
    }
  }
  return out;
}

function isSpecOf(o: K8sObject, map: MapNode): boolean {
  return getPath(o.node, 'spec') === map;
}
