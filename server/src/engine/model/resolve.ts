import type { Span } from '../types';

/**
 * Three-valued answers. `unknown` means the workspace does not hold the other side (a Secret
 * created elsewhere, an operator-managed bundle, a templated value): rules never report an
 * error on it. `absent` means the other side is in the workspace and lacks the thing.
 */
export type Resolved<T> =
  | { readonly state: 'known'; readonly value: T; readonly span?: Span }
  | { readonly state: 'unknown'; readonly reason: string }
  | { readonly state: 'absent'; readonly reason: string; readonly span?: Span };

export function known<T>(value: T, span?: Span): Resolved<T> {
  return span ? { state: 'known', value, span } : { state: 'known', value };
}
export function unknown<T>(reason: string): Resolved<T> {
  return { state: 'unknown', reason };
}
export function absent<T>(reason: string, span?: Span): Resolved<T> {
  return span ? { state: 'absent', reason, span } : { state: 'absent', reason };
}

/**
 * Which near-miss names (a setting or field Calico or the API server does not know that most
 * likely means one it does: `FELIX_TYPHA_CAFILE`, `etcd_ca_file`, `caFlie`) are taken as
 * written, by the span of the name. By default none is: a near-miss stands for the name it
 * means, whose state is then unknown, so the rules about an unset setting stay silent and the
 * near-miss is the one finding. analyze.ts takes one at a time as written to learn what its
 * absence breaks, and folds that into its finding.
 */
export type AsWritten = (nameSpan: Span) => boolean;

export const NONE_AS_WRITTEN: AsWritten = () => false;
