/**
 * Diagnostics: the analysis of the index (incremental), published to push clients or served to
 * pull requests, with certificates decoded in slices beforehand so the server keeps answering.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  Analysis,
  IncrementalAnalyzer,
  decodeSteps,
  findingsByUri,
  resolveFinding,
  ruleDocUrl,
  type Finding,
  type LintOptions,
  type LintResult,
  type ParsedFile,
  type ProjectConfig,
  type SeverityOrOff,
  type Unit,
} from '../engine';
import type { Locale } from '../engine/l10n/messages';

type LintResultErrors = LintResult['ruleErrors'];
import { toDiagnostic } from './convert';
import { inFolder } from './files';
import { lspSay } from './messages';
import type { Settings } from './settings';
import type { WorkspaceIndex } from './workspace-index';
import { LargeWorkspace } from './large';
import { UnitModels } from './models';
import type { Concurrency } from '../parallel/pool';

/** What the diagnostics need of the server. */
export interface DiagnosticsHost {
  readonly connection: Connection;
  readonly index: WorkspaceIndex;
  readonly documents: TextDocuments<TextDocument>;
  caps(): { pull: boolean; refresh: boolean; related: boolean; progress: boolean };
  /** The window's settings, or a workspace folder's own (resource-scoped) ones. */
  settings(folder?: string): Settings;
  /** Each workspace folder's `.calico-tls.yaml`. */
  projects(): ReadonlyMap<string, ProjectConfig>;
  folders(): readonly string[];
  expiryWarningDays(): number;
  /** Each folder's expiry window: [folder URI, days]. */
  expiryWindows(): Array<[string, number]>;
  /** The language the client asked for in `initialize` (findings, code lenses, hovers). */
  locale(): Locale;
  /** Threads for a large workspace's first results (`calicoTls.concurrency`). */
  concurrency(): Concurrency;
  /** Where a large workspace's per-unit results persist between sessions (the editor's storage folder). */
  cacheFile(): string | undefined;
  logError(e: unknown): void;
}

export class Diagnostics {
  /**
   * Findings of the last analysis, by file, and the generation they belong to; the files that
   * were re-checked in it (the others kept their findings); the units it cut (a hover's model is
   * built from the units of its file).
   */
  private result: {
    generation: number;
    byUri: Map<string, Finding[]>;
    rechecked: ReadonlySet<string>;
    units: readonly Unit[];
  } = { generation: -1, byUri: new Map(), rechecked: new Set(), units: [] };
  /** Re-checks only the files connected to what changed (engine/incremental.ts). */
  private readonly incremental = new IncrementalAnalyzer();
  /** Push clients get every file again (settings changed, lint-workspace command), not only re-checked ones. */
  private republishAll = true;
  private published = new Set<string>();
  private readonly loggedRuleErrors = new Set<string>();
  private readonly docHrefs = new Map<string, string>();
  /** Parsed files whose certificates are decoded (in the engine's caches). */
  private readonly decoded = new WeakSet<ParsedFile>();
  /** True while certificates are decoded in slices: requests meanwhile use the last results. */
  private decoding = false;
  private decodingRun: Promise<void> | undefined;
  /** A large workspace's units (lsp/large.ts), used when the index is lean. */
  private readonly large: LargeWorkspace;
  /** Lean: each finding's resolved position, from its unit's lint (no tree is held to resolve it). */
  private resolved = new WeakMap<Finding, ReturnType<typeof resolveFinding>>();

  constructor(private readonly host: DiagnosticsHost) {
    this.large = new LargeWorkspace(host.index, (line) => host.connection.console.info(line));
  }

  private say(id: string, data?: Readonly<Record<string, string | number>>): string {
    return lspSay(this.host.locale(), id, data);
  }

  /** Settings or the file set changed: analyse everything again and republish every file. */
  invalidate(): void {
    this.result.generation = -1;
    this.republishAll = true;
    this.large.reset();
  }

  /** The findings of a file (after analysing, if anything changed). */
  findings(uri: string): readonly Finding[] {
    this.analyzeNow();
    return this.result.byUri.get(uri) ?? [];
  }

  /**
   * The model of the last analysis that a feature on `uri` reads (hovers, navigation,
   * completion): the whole workspace's, or in a large workspace that of the units holding `uri`.
   */
  analysis(uri: string): Analysis | undefined {
    this.analyzeNow();
    if (this.host.index.lean) return this.large.analysisOf(uri, this.options().options);
    // Rules relate objects of one unit only (units.ts); so do hovers and navigation: a
    // definition in dev/ never jumps to prod/'s Secret of the same name. The units are the ones
    // the last analysis cut.
    const mine = this.result.units.filter((u) => u.files.some((f) => f.uri === uri));
    if (!mine.length) return undefined;
    return this.models.get(
      this.result,
      mine,
      () => new Analysis([...new Set(mine.flatMap((u) => u.files))], this.options().options),
    );
  }

  /** The models of the last analysis's units, for hovers and navigation. */
  private readonly models = new UnitModels();

  /** The analysis options from the settings, and a key that changes when they do. */
  private options(): { options: LintOptions; key: string } {
    const options: LintOptions = {
      rules: this.engineRules(),
      expiryWarningDays: this.host.expiryWarningDays(),
      expiryWarningDaysIn: this.host.expiryWindows(),
      locale: this.host.locale(),
      maxFileSize: this.host.index.maxFileSize,
    };
    // A new day changes the validity rules' findings: start over then too.
    const day = Math.floor(Date.now() / 86_400_000);
    return { options, key: JSON.stringify([options, day]) };
  }

  /**
   * Decodes the certificates of new or changed files in slices of about 20 ms, yielding to the
   * event loop between them, so that a 10,000-certificate bundle (seconds of decoding) never
   * keeps other requests waiting (issue 17 item 5). The analysis then finds every certificate
   * in the engine's cache. Unchanged files are skipped, so an edit elsewhere decodes nothing.
   */
  async decode(): Promise<void> {
    if (this.host.index.lean) return this.coldLarge();
    // One decoding at a time; a caller that needs current results waits for the one running.
    while (this.decodingRun) await this.decodingRun;
    if (this.result.generation === this.host.index.generation) return;
    const fresh = this.host.index.all().filter((f) => !this.decoded.has(f));
    if (!fresh.length) return;
    this.decoding = true;
    this.decodingRun = this.decodeSlices(fresh).finally(() => {
      this.decoding = false;
      this.decodingRun = undefined;
    });
    return this.decodingRun;
  }

  /**
   * A large workspace's first results (or after settings changed): lint runs on worker threads,
   * certificates decoded there; progress in the editor's UI while it runs.
   */
  private async coldLarge(): Promise<void> {
    const { options, key } = this.options();
    if (this.large.ready(key)) return;
    let progress: { report(message: string, percentage?: number): void; done(): void } | undefined;
    if (this.host.caps().progress) progress = await this.workDone(this.say('indexingTitle'));
    let last = 0;
    try {
      await this.large.cold(
        options,
        key,
        this.host.concurrency(),
        (done, total) => {
          const now = performance.now();
          if (done < total && now - last < 200) return;
          last = now;
          progress?.report(this.say('checkingCount', { done, total }), total ? Math.floor((100 * done) / total) : 100);
          void this.host.connection.sendNotification('calicoTls/status', { indexing: done });
        },
        this.host.cacheFile(),
      );
      this.republishAll = true;
      this.result.generation = -1;
    } finally {
      progress?.done();
    }
  }

  private async decodeSlices(fresh: readonly ParsedFile[]): Promise<void> {
    let progress: { report(message: string): void; done(): void } | undefined;
    try {
      let until = performance.now() + 20;
      let n = 0;
      for (const _ of decodeSteps(fresh)) {
        n++;
        if (performance.now() < until) continue;
        // Longer than a slice: say so in the editor's progress UI, where it has one.
        if (!progress && this.host.caps().progress) progress = await this.workDone(this.say('decodingTitle'));
        progress?.report(this.say('decodingCount', { n }));
        await new Promise((r) => setImmediate(r));
        until = performance.now() + 20;
      }
      for (const f of fresh) this.decoded.add(f);
    } finally {
      progress?.done();
    }
  }

  /**
   * A work-done progress the client shows (window/workDoneProgress/create), with a percentage when
   * `report` gives one; undefined if the client refuses.
   */
  async workDone(
    title: string,
  ): Promise<{ report(message: string, percentage?: number): void; done(): void } | undefined> {
    try {
      const p = await this.host.connection.window.createWorkDoneProgress();
      p.begin(title, 0, undefined, false);
      return { report: (m, pct) => (pct === undefined ? p.report(m) : p.report(pct, m)), done: () => p.done() };
    } catch {
      return undefined;
    }
  }

  /**
   * Each folder's severities, applied to the findings in that folder's files: its own
   * `calicoTls.rules` / `calicoTls.enable` (resource settings), else its `.calico-tls.yaml`.
   * Files outside every folder keep the window's settings (severities applied in the analysis).
   */
  private folderSeverities(findings: readonly Finding[]): Finding[] {
    const projects = this.host.projects();
    const folders = this.host.folders();
    // The common case: no folder sets anything of its own, and the analysis already applied the
    // window's severities; nothing to look up per finding.
    const window = this.host.settings();
    const own = (x: { enable: boolean; rules: object }) => JSON.stringify([x.enable, x.rules]);
    if (
      window.enable &&
      ![...projects.values()].some((c) => Object.keys(c.rules).length) &&
      folders.every((f) => own(this.host.settings(f)) === own(window))
    )
      return [...findings];
    const out: Finding[] = [];
    for (const f of findings) {
      const path = f.span.uri.startsWith('file:') ? URI.parse(f.span.uri).fsPath : undefined;
      const folder = path ? inFolder(path, folders)?.folder : undefined;
      if (!folder) {
        if (this.host.settings().enable) out.push(f);
        continue;
      }
      const own = this.host.settings(folder);
      if (!own.enable) continue;
      const sev = own.rules[f.rule] ?? projects.get(folder)?.rules[f.rule];
      if (sev === 'off') continue;
      if (sev && sev !== f.severity) {
        const r = this.resolved.get(f);
        const g = { ...f, severity: sev };
        if (r) this.resolved.set(g, { ...r, severity: sev });
        out.push(g);
      } else out.push(f);
    }
    return out;
  }

  /**
   * The severities the analysis itself applies: the window's, less any rule a folder sets
   * differently (that one runs at its default and folderSeverities re-maps it per folder).
   */
  private engineRules(): Record<string, SeverityOrOff> {
    const rules: Record<string, SeverityOrOff> = { ...this.host.settings().rules };
    for (const folder of this.host.folders()) {
      const own = this.host.settings(folder).rules;
      for (const id of new Set([...Object.keys(rules), ...Object.keys(own)]))
        if (own[id] !== rules[id]) delete rules[id];
    }
    return rules;
  }

  /** Runs the engine over the whole index if anything changed since the last run. */
  private analyzeNow(): void {
    const index = this.host.index;
    // While certificates are being decoded in slices, requests get the last results.
    if (this.decoding) return;
    if (this.result.generation === index.generation) return;
    const settings = this.host.settings();
    const rules = this.engineRules();
    const res = index.lean ? this.analyzeLarge() : this.incremental.run(index.all(), this.options().options);
    if (!res) return;
    for (const e of res.ruleErrors) {
      if (this.loggedRuleErrors.has(e.rule)) continue;
      this.loggedRuleErrors.add(e.rule);
      this.host.connection.console.error(
        `calico-tls: rule ${e.rule} failed and was skipped: ${e.error.split('\n')[0]}`,
      );
    }
    // `enable` is per folder (a folder's value includes the window's unless the folder sets it).
    const byUri = findingsByUri(this.folderSeverities(res.findings));
    // A file the server could not read is said so on the file, not dropped in silence.
    const sev = rules['file-skipped'] ?? 'info';
    if (settings.enable && sev !== 'off') {
      for (const [uri, reason] of index.unreadable) {
        if (index.isOpen(uri)) continue;
        byUri.set(uri, [
          {
            rule: 'file-skipped',
            severity: sev,
            message: this.say('notAnalysed', { reason }),
            span: { uri, start: 0, end: 0 },
            related: [],
            fixes: [],
          },
        ]);
      }
    }
    this.result = { generation: index.generation, byUri, rechecked: new Set(res.rechecked), units: res.units };
  }

  /** Lean: the units' findings after this thread applied the index's changes; undefined before the first run. */
  private analyzeLarge():
    | { findings: Finding[]; ruleErrors: LintResultErrors; rechecked: readonly string[]; units: readonly Unit[] }
    | undefined {
    const { options, key } = this.options();
    if (!this.large.ready(key)) return undefined;
    const run = this.large.update(options);
    for (const x of run.result.findings) this.resolved.set(x.finding, x.resolved);
    return {
      findings: run.result.findings.map((x) => x.finding),
      ruleErrors: [...run.result.ruleErrors],
      rechecked: run.rechecked,
      units: [],
    };
  }

  counts(): { files: number; errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const fs of this.result.byUri.values()) {
      for (const f of fs) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
      }
    }
    return { files: this.host.index.size, errors, warnings };
  }

  diagnosticsFor(uri: string): Diagnostic[] {
    return this.findings(uri).map((f) =>
      toDiagnostic(
        this.resolved.get(f) ?? resolveFinding(f, (u) => this.host.index.parsed(u)),
        (r) => this.docHref(r),
        this.host.caps().related,
      ),
    );
  }

  /** The rule's page shipped next to the bundle (dist/server.js -> docs/rules), else the online one. */
  private docHref(rule: string): string {
    let href = this.docHrefs.get(rule);
    if (!href) {
      const local = join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
      href = existsSync(local) ? pathToFileURL(local).href : ruleDocUrl(rule);
      this.docHrefs.set(rule, href);
    }
    return href;
  }

  publish(): void {
    const { connection, documents } = this.host;
    this.analyzeNow();
    void connection.sendNotification('calicoTls/status', this.counts());
    if (this.host.caps().pull) {
      if (this.host.caps().refresh) connection.languages.diagnostics.refresh();
      this.settleSoon();
      return;
    }
    const now = new Set<string>();
    for (const uri of this.result.byUri.keys()) now.add(uri);
    for (const d of documents.all()) now.add(d.uri);
    // Files whose component was not re-checked have the diagnostics they were last sent.
    for (const uri of now)
      if (this.republishAll || this.result.rechecked.has(uri) || !this.published.has(uri))
        void connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsFor(uri) });
    this.republishAll = false;
    for (const uri of this.published) if (!now.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = now;
    this.settleSoon();
  }

  /** After the first results are out: the incremental analyzer's bookkeeping for later edits. */
  private settleSoon(): void {
    setImmediate(() => {
      try {
        this.incremental.settle();
      } catch (e) {
        this.host.logError(e);
      }
    });
  }
}
