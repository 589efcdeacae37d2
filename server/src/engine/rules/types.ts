import type { FixSafety, Severity, Span, TextEdit } from '../types';
import type { Messages, Msg } from '../l10n/messages';
import type { Analysis } from '../analysis';
import type { Reads } from '../model/reads';

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
  /**
   * The objects the rule reads itself (beyond what it reads through the model's views, which
   * declare their own): documents nothing reads are kept as their identity only (compact.ts).
   */
  readonly reads?: Reads;
  /**
   * English templates of every message the rule reports (finding, related location, fix
   * title) by id, with `{name}` placeholders (l10n/messages.ts); translations live in
   * l10n/bundle.<locale>.json under `<rule id>/<message id>`.
   */
  readonly messages: Messages;
  readonly examples: { readonly bad: readonly Example[]; readonly good: readonly Example[] };
}

/** A related location as a rule reports it: its message by id (rendered in the run's locale). */
export interface ReportRelated {
  readonly span: Span;
  readonly message: Msg;
}

/** A fix as a rule reports it: its title by id. */
export interface ReportFix {
  readonly title: Msg;
  readonly safety: FixSafety;
  readonly edits: readonly TextEdit[];
}

export interface Report {
  readonly span: Span;
  readonly message: Msg;
  readonly related?: readonly ReportRelated[];
  readonly fixes?: readonly ReportFix[];
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
