/**
 * "Did you mean": the one distance and name-matching scheme every near-miss in the engine uses,
 * for Felix/Typha parameters (params.ts), CNI netconf keys (model/etcd.ts) and CRD fields and
 * values (model/crd.ts). Names are compared without case and punctuation, as Calico compares
 * parameter names; a name with words left out counts as close (`etcd_ca_file` for
 * `etcd_ca_cert_file`, `TymphaName` for `TyphaK8sServiceName`).
 */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: `EtcdCAFlie` is
 * one edit from `EtcdCAFile`, not two), stopping early once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** A name without case and punctuation: `etcd_ca_cert_file` and `EtcdCACertFile` are the same. */
export function squash(name: string): string {
  return name.toLowerCase().replace(/[_\-.]/g, '');
}

/** A name's words: `TyphaK8sServiceName` -> Typha, K8s, Service, Name; `etcd_ca_file` -> etcd, ca, file. */
export function wordsOf(name: string): string[] {
  return name
    .split(/[_\-.]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [part])
    .filter(Boolean);
}

/**
 * The forms a user may have meant by a name: the name, and the name with up to two inner words
 * left out (first and last word kept). Squashed, computed once per name.
 */
const formsCache = new Map<string, string[]>();
function formsOf(name: string): string[] {
  let forms = formsCache.get(name);
  if (forms) return forms;
  const w = wordsOf(name).map((x) => x.toLowerCase());
  const out = new Set([w.join('')]);
  const inner = w.slice(1, -1);
  if (w.length >= 3 && inner.length <= 4) {
    for (let mask = 1; mask < 1 << inner.length; mask++) {
      const dropped = inner.filter((_, i) => mask & (1 << i)).length;
      if (dropped > 2) continue;
      out.add([w[0], ...inner.filter((_, i) => !(mask & (1 << i))), w[w.length - 1]].join(''));
    }
  }
  forms = [...out];
  formsCache.set(name, forms);
  return forms;
}

export interface NameMatch<T> {
  readonly item: T;
  /** The names are the same without case and punctuation: certainly what was meant. */
  readonly exact: boolean;
}

/**
 * The candidates a typed name most likely meant: those equal to it without case and
 * punctuation; else the closest by edit distance (transpositions count one) to the name or to
 * the name with inner words left out, at most 1 edit for names under 8 letters and 2 from 8 on,
 * the whole name winning a tie. Names under 4 letters only match exactly.
 */
export function closestNames<T>(typed: string, candidates: Iterable<T>, nameOf: (t: T) => string): NameMatch<T>[] {
  const squashed = squash(typed);
  const list = [...candidates];
  const same = list.filter((c) => squash(nameOf(c)) === squashed);
  if (same.length) return same.map((item) => ({ item, exact: true }));
  if (squashed.length < 4) return [];
  const max = squashed.length < 8 ? 1 : 2;
  let best: T[] = [];
  let bestScore = Infinity;
  for (const c of list) {
    // Score: distance first; a match on the whole name before one that leaves words out.
    let score = Infinity;
    formsOf(nameOf(c)).forEach((f, i) => {
      const d = editDistance(squashed, f, max);
      if (d <= max) score = Math.min(score, d * 2 + (i === 0 ? 0 : 1));
    });
    if (score < bestScore) {
      bestScore = score;
      best = [c];
    } else if (score === bestScore && score !== Infinity) best.push(c);
  }
  return best.map((item) => ({ item, exact: false }));
}
