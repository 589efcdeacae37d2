import type { Fix, Related, Severity, Span } from '../types';
import type { Analysis } from '../analysis';

export type Category =
  'general' | 'felix-typha' | 'certificates' | 'prometheus' | 'etcd' | 'apiserver' | 'manager' | 'operator';

/** A small workspace used as a documentation example; every file is linted together. */
export interface Example {
  readonly files: ReadonlyArray<{ readonly name: string; readonly text: string }>;
  readonly note?: string;
  /** The date the example is checked at (ISO), for validity examples. */
  readonly now?: string;
  /** A size cap for the example (to show file-skipped without a huge example). */
  readonly maxFileSize?: number;
}

export interface RuleMeta {
  /** Kebab-case id naming the defect: file name, diagnostic code, docs page, fixture folder. */
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly description: string;
  /** The Calico behaviour it protects against, citing the Calico source or doc. */
  readonly why: string;
  readonly fix?: 'safe' | 'unsafe';
  readonly examples: { readonly bad: readonly Example[]; readonly good: readonly Example[] };
}

export interface Report {
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
  /**
   * The finding is about a near-miss name the model records (`Analysis.nearMisses`): analyze.ts
   * folds what its absence breaks into this finding instead of reporting it elsewhere.
   */
  readonly nearMiss?: boolean;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(a: Analysis, report: (r: Report) => void): void;
}
