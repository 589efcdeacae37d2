/**
 * The Calico TLS language server (LSP 3.17): workspace index, pull diagnostics with push
 * fallback, quick fixes and fix-all from the fixes carried in Diagnostic.data, hovers (rule
 * documentation, decoded certificates), code lenses, and commands other editors can call.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { productVersion } from '../io/version';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  CompletionItemKind,
  type CompletionItem,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type DocumentSymbol,
  type Location,
  SymbolKind,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  Analysis,
  CANDIDATE_GLOBS,
  IncrementalAnalyzer,
  findingsByUri,
  decodeSteps,
  completionsAt,
  definitionAt,
  parameterHoverAt,
  referencesAt,
  symbolsOf,
  type DocSymbol,
  describeAt,
  disableFileEdit,
  disableNextLineEdit,
  lensesOf,
  parseProjectConfig,
  resolveFinding,
  RULES,
  RULES_BY_ID,
  ruleDocMarkdown,
  ruleDocUrl,
  type Finding,
  type ParsedFile,
  type ProjectConfig,
  type SeverityOrOff,
} from '../engine';
import { fixAction, overlaps, SOURCE, toDiagnostic, workspaceEdit, type DiagnosticData, type FixData } from './convert';
import { WorkspaceIndex } from './workspace-index';
import { excludesOf, inFolder, isExcluded, isIndexable, type FileFilter } from './files';
import { readBounded } from '../io/read';
import { DEFAULT_SETTINGS, effectiveExpiryDays, readSettings, sectionOf, type Settings } from './settings';
import type { GenerateOptions, SetKind } from '../certgen/sets';

const CONFIG_FILE = '.calico-tls.yaml';
/** Commands the server executes through workspace/executeCommand (documented for other editors). */
/** What decides the index's contents, as a string (a Map does not survive JSON.stringify). */
function filterKey(f: FileFilter): string {
  return JSON.stringify([f.folders, f.excludes, [...(f.folderExcludes ?? new Map())], f.includes]);
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** The request's document URI, or a JSON-RPC error saying it is missing. */
function docUri(p: unknown): string {
  const uri = (p as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  if (typeof uri !== 'string') throw invalid('textDocument.uri must be a string');
  return uri;
}

function checkPosition(pos: unknown, what: string): { line: number; character: number } {
  const q = pos as { line?: unknown; character?: unknown } | null | undefined;
  if (!q || !Number.isInteger(q.line) || !Number.isInteger(q.character))
    throw invalid(`${what} must have whole-number line and character`);
  return { line: Math.max(0, q.line as number), character: Math.max(0, q.character as number) };
}

function position(p: unknown): { line: number; character: number } {
  return checkPosition((p as { position?: unknown } | null)?.position, 'position');
}

function rangeOf(p: unknown): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const r = (p as { range?: { start?: unknown; end?: unknown } } | null)?.range;
  if (!r || typeof r !== 'object') throw invalid('range must be an object');
  return { start: checkPosition(r.start, 'range.start'), end: checkPosition(r.end, 'range.end') };
}

function contextOf(p: CodeActionParams): CodeActionParams['context'] {
  const ctx = (p as { context?: unknown }).context as Partial<CodeActionParams['context']> | undefined;
  return {
    diagnostics: Array.isArray(ctx?.diagnostics) ? ctx.diagnostics : [],
    only: Array.isArray(ctx?.only) ? ctx.only : undefined,
    triggerKind: ctx?.triggerKind,
  };
}

export const SERVER_COMMANDS = [
  'calicoTls.lintWorkspace',
  'calicoTls.ruleDoc',
  'calicoTls.ruleIds',
  'calicoTls.generate',
] as const;

export class CalicoTlsServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly index = new WorkspaceIndex();
  private folders: string[] = [];
  private settings: Settings = DEFAULT_SETTINGS;
  private project: ProjectConfig = { rules: {}, ignore: [] };
  /** Each workspace folder's `.calico-tls.yaml`. */
  private projects = new Map<string, ProjectConfig>();
  private caps = {
    pull: false,
    refresh: false,
    related: false,
    configuration: false,
    dynamicWatch: false,
    dynamicConfig: false,
    progress: false,
  };
  /**
   * Findings of the last analysis, by file, and the generation they belong to; the files that
   * were re-checked in it (the others kept their findings); the whole-workspace model, built
   * when a hover or navigation asks for it.
   */
  private result: {
    generation: number;
    byUri: Map<string, Finding[]>;
    rechecked: ReadonlySet<string>;
    analysis: () => Analysis | undefined;
  } = { generation: -1, byUri: new Map(), rechecked: new Set(), analysis: () => undefined };
  /** Re-checks only the files connected to what changed (engine/incremental.ts). */
  private incremental = new IncrementalAnalyzer();
  /** Push clients get every file again (settings changed, lint-workspace command), not only re-checked ones. */
  private republishAll = true;
  private published = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private loggedRuleErrors = new Set<string>();
  private ready: Promise<void> = Promise.resolve();
  /** Settings sent in didChangeConfiguration / initializationOptions by clients without workspace/configuration. */
  private pushedSettings: unknown;
  /** The client watches files itself (initializationOptions.clientWatchesFiles): no dynamic registration. */
  private clientWatchesFiles = false;
  /** Set once the start-up walk is done; later filter changes re-walk the folders. */
  private indexed = false;
  private filterKey = '';
  private readonly docHrefs = new Map<string, string>();

  constructor(private readonly connection: Connection) {
    this.index.onUnreadable = (path, reason) =>
      this.connection.console.warn(`calico-tls: cannot read ${path}: ${reason}; it is not analysed`);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.onInitialize(p));
    c.onInitialized(() => this.guard(this.onInitialized()));
    c.onDidChangeConfiguration((p) => {
      if (!this.caps.configuration) this.pushedSettings = sectionOf(p.settings) ?? this.pushedSettings;
      this.guard(this.reloadSettings().then(() => this.schedule(0)));
    });
    c.onDidChangeWatchedFiles((p) => this.guard(this.onWatched(p.changes)));
    c.languages.diagnostics.on(async (p, token) => {
      await this.ready.catch(() => undefined);
      // Diagnostics wait for certificates being decoded (in slices: other requests go on).
      await this.decode().catch(() => undefined);
      if (token.isCancellationRequested) return { kind: 'full', items: [] };
      return { kind: 'full', items: this.safe(() => this.diagnosticsFor(docUri(p)), []) };
    });
    // Parameters are checked first: a malformed request is a JSON-RPC error saying what is wrong.
    c.onCodeAction((p) =>
      this.safe(() => (docUri(p), this.codeActions({ ...p, range: rangeOf(p), context: contextOf(p) })), []),
    );
    c.onCompletion((p) => this.safe(() => this.completion(docUri(p), position(p)), []));
    c.onDefinition((p) => this.safe(() => this.locations(definitionAt, docUri(p), position(p)), []));
    c.onReferences((p) => this.safe(() => this.locations(referencesAt, docUri(p), position(p)), []));
    c.onDocumentSymbol((p) => this.safe(() => this.symbols(docUri(p)), []));
    c.onHover((p) => this.safe(() => this.hover(docUri(p), position(p)), null));
    c.onCodeLens((p) => this.safe(() => this.codeLenses(docUri(p)), []));
    c.onExecuteCommand(async (p, token) => {
      if (typeof p?.command !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'command must be a string');
      if (p.arguments !== undefined && !Array.isArray(p.arguments))
        throw new ResponseError(ErrorCodes.InvalidParams, 'arguments must be an array');
      if (p.command === 'calicoTls.generate') return this.generate(p.arguments?.[0], token);
      if (p.command === 'calicoTls.lintWorkspace') {
        try {
          return await this.lintWorkspace(token);
        } catch (e) {
          this.logError(e);
          return null;
        }
      }
      return this.safe(() => this.executeCommand(p.command, p.arguments ?? []), null);
    });
    c.onShutdown(() => {
      if (this.timer) clearTimeout(this.timer);
    });
    this.documents.onDidOpen((e) => this.onDocument(e.document.uri, e.document.getText()));
    this.documents.onDidChangeContent((e) => this.onDocument(e.document.uri, e.document.getText()));
    this.documents.onDidClose((e) => this.guard(this.onClose(e.document.uri)));
    this.documents.listen(c);
    c.listen();
  }

  private safe<T>(f: () => T, fallback: T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ResponseError) throw e; // bad parameters: the client gets the message
      this.logError(e);
      return fallback;
    }
  }

  /** Runs a notification's async work: a failure is logged, never an unhandled rejection. */
  private guard(p: Promise<unknown>): void {
    p.catch((e: unknown) => this.logError(e));
  }

  /** Logs an internal error by message only (never file text: messages come from our code). */
  private logError(e: unknown): void {
    try {
      this.connection.console.error(
        `calico-tls: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e).split('\n')[0]}`,
      );
    } catch {
      /* the connection is gone */
    }
  }

  private filter(): FileFilter {
    return {
      folders: this.folders,
      excludes: this.settings.exclude,
      folderExcludes: new Map([...this.projects].map(([f, c]) => [f, c.ignore])),
      includes: this.settings.include,
    };
  }

  private initialized = false;

  /**
   * `initialize` may come once, with whatever an editor (or a fuzzer) sends: bad parameters are
   * a JSON-RPC error with a message, never a raw exception.
   */
  private onInitialize(p: InitializeParams): InitializeResult {
    if (this.initialized)
      throw new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already sent; the server is initialised');
    if (typeof p !== 'object' || p === null)
      throw new ResponseError(ErrorCodes.InvalidParams, 'initialize needs an object of parameters');
    try {
      const r = this.initialize(p);
      this.initialized = true;
      return r;
    } catch (e) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `invalid initialize parameters: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
  }

  private initialize(p: InitializeParams): InitializeResult {
    const cap = (
      typeof p.capabilities === 'object' && p.capabilities !== null ? p.capabilities : {}
    ) as InitializeParams['capabilities'];
    this.caps = {
      pull: !!cap.textDocument?.diagnostic,
      refresh: !!cap.workspace?.diagnostics?.refreshSupport,
      related: !!cap.textDocument?.publishDiagnostics?.relatedInformation || !!cap.textDocument?.diagnostic,
      configuration: !!cap.workspace?.configuration,
      dynamicWatch: !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      dynamicConfig: !!cap.workspace?.didChangeConfiguration?.dynamicRegistration,
      progress: !!cap.window?.workDoneProgress,
    };
    const listed = Array.isArray(p.workspaceFolders)
      ? p.workspaceFolders.map((f) => (f as { uri?: unknown } | null)?.uri)
      : undefined;
    const folders =
      listed ??
      (typeof p.rootUri === 'string'
        ? [p.rootUri]
        : typeof p.rootPath === 'string'
          ? [URI.file(p.rootPath).toString()]
          : []);
    this.folders = folders
      .filter((u): u is string => typeof u === 'string' && u.startsWith('file:'))
      .map((u) => URI.parse(u).fsPath);
    const init = (p.initializationOptions ?? {}) as {
      settings?: unknown;
      clientWatchesFiles?: unknown;
      clientRegistersCommands?: unknown;
    };
    this.clientWatchesFiles = init.clientWatchesFiles === true;
    // The VS Code client registers these command ids itself (with UI around them) and reaches
    // the server through workspace/executeCommand requests; advertising them too makes
    // vscode-languageclient register them a second time, which VS Code refuses ("command
    // 'calicoTls.lintWorkspace' already exists") and the client then fails to start.
    const commands = init.clientRegistersCommands === true ? [] : [...SERVER_COMMANDS];
    if (init.settings !== undefined) this.pushedSettings = init.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...(this.caps.pull
          ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false } }
          : {}),
        codeActionProvider: {
          codeActionKinds: [
            CodeActionKind.QuickFix,
            CodeActionKind.SourceFixAll,
            `${CodeActionKind.SourceFixAll}.calico-tls`,
          ],
          resolveProvider: false,
        },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '_', '='] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'calico-tls-language-server', version: productVersion() },
    };
  }

  private async onInitialized(): Promise<void> {
    this.ready = (async () => {
      await this.reloadSettings();
      let n = 0;
      for (const f of this.folders)
        n += await this.index.scan(f, excludesOf(this.filter(), f), () => false, this.settings.include);
      this.filterKey = filterKey(this.filter());
      this.indexed = true;
      this.connection.console.info(`calico-tls: indexed ${n} files in ${this.folders.length} folder(s)`);
    })();
    // Registration failing (a client that advertises but refuses it) costs file events, nothing else.
    try {
      if (this.caps.dynamicWatch && !this.clientWatchesFiles) {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [...CANDIDATE_GLOBS.map((globPattern) => ({ globPattern })), { globPattern: `**/${CONFIG_FILE}` }],
        });
      }
      if (this.caps.dynamicConfig)
        await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'calicoTls' });
    } catch (e) {
      this.connection.console.warn(
        `calico-tls: the client refused a capability registration: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    await this.ready;
    this.schedule(0);
  }

  /**
   * After ignore/exclude/include changed (settings, `.calico-tls.yaml`) or on request: drops files
   * no longer wanted or gone from disk, and walks the folders again for new ones.
   */
  private async reindex(isCancelled: () => boolean = () => false): Promise<void> {
    const filter = this.filter();
    for (const uri of this.index.uris()) {
      if (this.index.isOpen(uri) || !uri.startsWith('file:')) continue;
      const path = URI.parse(uri).fsPath;
      if (!isIndexable(path, filter) || !existsSync(path)) this.index.delete(uri);
    }
    for (const f of this.folders) await this.index.scan(f, excludesOf(filter, f), isCancelled, filter.includes);
    this.filterKey = filterKey(filter);
  }

  private async lintWorkspace(token: {
    isCancellationRequested: boolean;
  }): Promise<{ files: number; errors: number; warnings: number } | null> {
    await this.ready.catch(() => undefined);
    await this.reindex(() => token.isCancellationRequested);
    if (token.isCancellationRequested) return null;
    this.result.generation = -1;
    this.republishAll = true;
    await this.decode();
    this.publish();
    return this.counts();
  }

  private async reloadSettings(): Promise<void> {
    let s: unknown = this.pushedSettings;
    if (this.caps.configuration) {
      try {
        s = await this.connection.workspace.getConfiguration({ section: 'calicoTls' });
      } catch {
        s = this.pushedSettings;
      }
    }
    this.settings = s === undefined ? DEFAULT_SETTINGS : readSettings(s);
    // One project configuration per workspace folder (issue 18 item 3): its ignore globs and
    // rule severities apply to that folder's files only. expiryWarningDays and maxFileSize shape
    // the analysis as a whole: the first folder that sets them decides (the setting overrides).
    this.projects = new Map();
    for (const f of this.folders) {
      const p = join(f, CONFIG_FILE);
      if (!existsSync(p)) continue;
      const r = readBounded(p, 1024 * 1024);
      if (!r.ok || r.truncated) {
        this.connection.console.warn(`calico-tls: cannot read ${p}: ${r.ok ? 'larger than 1 MiB' : r.reason}`);
        continue;
      }
      const { config, problems } = parseProjectConfig(r.text, new Set(RULES.map((x) => x.meta.id)));
      for (const problem of problems) this.connection.console.warn(`calico-tls: ${p}: ${problem}`);
      this.projects.set(f, config);
    }
    const first = <K extends 'expiryWarningDays' | 'maxFileSize'>(k: K) =>
      [...this.projects.values()].map((c) => c[k]).find((v) => v !== undefined);
    this.project = {
      rules: {},
      ignore: [],
      expiryWarningDays: first('expiryWarningDays'),
      maxFileSize: first('maxFileSize'),
    };
    if (this.project.maxFileSize) this.index.maxFileSize = this.project.maxFileSize;
    this.result.generation = -1; // settings change the findings
    this.republishAll = true;
    if (this.indexed && filterKey(this.filter()) !== this.filterKey) await this.reindex();
  }

  private onDocument(uri: string, text: string): void {
    // An open document the user excluded (ignore globs) is not analysed either.
    if (uri.startsWith('file:') && isExcluded(URI.parse(uri).fsPath, this.filter())) {
      if (this.index.has(uri)) {
        this.index.close(uri, undefined);
        this.schedule(0);
      }
      return;
    }
    this.index.set(uri, text, true);
    // Analyse on the next turn of the event loop: edits read in one batch are analysed once.
    this.schedule(0);
  }

  private async onClose(uri: string): Promise<void> {
    let disk: string | undefined;
    // Back to the disk copy when the file belongs in the index; otherwise it leaves with the editor.
    if (uri.startsWith('file:')) {
      const path = fileURLToPath(uri);
      if (isIndexable(path, this.filter())) disk = this.index.readDisk(path);
    }
    if (!this.index.has(uri) && disk === undefined) return;
    this.index.close(uri, disk);
    this.schedule(0);
  }

  private async onWatched(changes: Array<{ uri: string; type: number }>): Promise<void> {
    let reload = false;
    const filter = this.filter();
    for (const ch of changes) {
      if (!ch.uri.startsWith('file:')) continue;
      const path = fileURLToPath(ch.uri);
      if (this.folders.some((f) => join(f, CONFIG_FILE) === path)) {
        reload = true;
        continue;
      }
      if (this.index.isOpen(ch.uri)) continue;
      if (ch.type === FileChangeType.Deleted) this.index.delete(ch.uri);
      else if (isIndexable(path, filter)) {
        const text = this.index.readDisk(path);
        if (text !== undefined) this.index.set(ch.uri, text, false);
        else this.index.delete(ch.uri);
      }
    }
    if (reload) await this.reloadSettings();
    this.schedule(50);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.guard(this.ready.then(() => this.decode()).then(() => this.publish()));
    }, ms);
  }

  /** Parsed files whose certificates are decoded (in the engine's caches). */
  private decoded = new WeakSet<ParsedFile>();
  /** True while certificates are decoded in slices: requests meanwhile use the last results. */
  private decoding = false;

  /**
   * Decodes the certificates of new or changed files in slices of about 20 ms, yielding to the
   * event loop between them, so that a 10,000-certificate bundle (seconds of decoding) never
   * keeps other requests waiting (issue 17 item 5). The analysis then finds every certificate
   * in the engine's cache. Unchanged files are skipped, so an edit elsewhere decodes nothing.
   */
  private async decode(): Promise<void> {
    // One decoding at a time; a caller that needs current results waits for the one running.
    while (this.decodingRun) await this.decodingRun;
    if (this.result.generation === this.index.generation) return;
    const fresh = this.index.all().filter((f) => !this.decoded.has(f));
    if (!fresh.length) return;
    this.decoding = true;
    this.decodingRun = this.decodeSlices(fresh).finally(() => {
      this.decoding = false;
      this.decodingRun = undefined;
    });
    return this.decodingRun;
  }

  private decodingRun: Promise<void> | undefined;

  private async decodeSlices(fresh: readonly ParsedFile[]): Promise<void> {
    let progress: { report(message: string): void; done(): void } | undefined;
    try {
      let until = performance.now() + 20;
      let n = 0;
      for (const _ of decodeSteps(fresh)) {
        n++;
        if (performance.now() < until) continue;
        // Longer than a slice: say so in the editor's progress UI, where it has one.
        if (!progress && this.caps.progress) progress = await this.progress('Calico TLS: decoding certificates');
        progress?.report(`${n} certificates`);
        await new Promise((r) => setImmediate(r));
        until = performance.now() + 20;
      }
      for (const f of fresh) this.decoded.add(f);
    } finally {
      progress?.done();
    }
  }

  /**
   * Each folder's `.calico-tls.yaml` severities, applied to the findings in that folder's files
   * (the user's `calicoTls.rules` setting, applied in the analysis, wins over them).
   */
  private folderSeverities(findings: readonly Finding[]): Finding[] {
    if (![...this.projects.values()].some((c) => Object.keys(c.rules).length)) return [...findings];
    const out: Finding[] = [];
    for (const f of findings) {
      const path = f.span.uri.startsWith('file:') ? URI.parse(f.span.uri).fsPath : undefined;
      const folder = path ? inFolder(path, this.folders)?.folder : undefined;
      const sev = this.settings.rules[f.rule] ?? (folder ? this.projects.get(folder)?.rules[f.rule] : undefined);
      if (sev === 'off') continue;
      out.push(sev && sev !== f.severity ? { ...f, severity: sev } : f);
    }
    return out;
  }

  /** A work-done progress the client shows (window/workDoneProgress/create); undefined if it refuses. */
  private async progress(title: string): Promise<{ report(message: string): void; done(): void } | undefined> {
    try {
      const p = await this.connection.window.createWorkDoneProgress();
      p.begin(title, undefined, undefined, false);
      return { report: (m) => p.report(m), done: () => p.done() };
    } catch {
      return undefined;
    }
  }

  /** Runs the engine over the whole index if anything changed since the last run. */
  private analyzeNow(): void {
    // While certificates are being decoded in slices, requests get the last results.
    if (this.decoding) return;
    if (this.result.generation === this.index.generation) return;
    const files: ParsedFile[] = this.index.all();
    const rules: Record<string, SeverityOrOff> = { ...this.settings.rules };
    const res = this.incremental.run(files, {
      rules,
      expiryWarningDays: effectiveExpiryDays(this.settings, this.project.expiryWarningDays),
    });
    for (const e of res.ruleErrors) {
      if (this.loggedRuleErrors.has(e.rule)) continue;
      this.loggedRuleErrors.add(e.rule);
      this.connection.console.error(`calico-tls: rule ${e.rule} failed and was skipped: ${e.error.split('\n')[0]}`);
    }
    const byUri = this.settings.enable
      ? findingsByUri(this.folderSeverities(res.findings))
      : new Map<string, Finding[]>();
    // A file the server could not read is said so on the file, not dropped in silence.
    const sev = rules['file-skipped'] ?? 'info';
    if (this.settings.enable && sev !== 'off') {
      for (const [uri, reason] of this.index.unreadable) {
        if (this.index.isOpen(uri)) continue;
        byUri.set(uri, [
          {
            rule: 'file-skipped',
            severity: sev,
            message: `Not analysed: Calico TLS cannot read this file (${reason}).`,
            span: { uri, start: 0, end: 0 },
            related: [],
            fixes: [],
          },
        ]);
      }
    }
    this.result = {
      generation: this.index.generation,
      byUri,
      rechecked: new Set(res.rechecked),
      analysis: res.analysis,
    };
  }

  private counts(): { files: number; errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    for (const fs of this.result.byUri.values()) {
      for (const f of fs) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
      }
    }
    return { files: this.index.size, errors, warnings };
  }

  private diagnosticsFor(uri: string): Diagnostic[] {
    this.analyzeNow();
    const findings = this.result.byUri.get(uri) ?? [];
    return findings.map((f) =>
      toDiagnostic(
        resolveFinding(f, (u) => this.index.parsed(u)),
        (r) => this.docHref(r),
        this.caps.related,
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

  private publish(): void {
    this.analyzeNow();
    void this.connection.sendNotification('calicoTls/status', this.counts());
    if (this.caps.pull) {
      if (this.caps.refresh) this.connection.languages.diagnostics.refresh();
      this.settleSoon();
      return;
    }
    const now = new Set<string>();
    for (const uri of this.result.byUri.keys()) now.add(uri);
    for (const d of this.documents.all()) now.add(d.uri);
    // Files whose component was not re-checked have the diagnostics they were last sent.
    for (const uri of now)
      if (this.republishAll || this.result.rechecked.has(uri) || !this.published.has(uri))
        void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsFor(uri) });
    this.republishAll = false;
    for (const uri of this.published) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = now;
    this.settleSoon();
  }

  /** After the first results are out: the incremental analyzer's bookkeeping for later edits. */
  private settleSoon(): void {
    setImmediate(() => this.safe(() => this.incremental.settle(), undefined));
  }

  private codeActions(p: CodeActionParams): CodeAction[] {
    const uri = p.textDocument.uri;
    const only = p.context.only;
    const wantsFixAll =
      !only || only.some((k) => k.startsWith(CodeActionKind.SourceFixAll) || k === CodeActionKind.Source);
    const wantsQuick = !only || only.some((k) => k.startsWith(CodeActionKind.QuickFix));
    const out: CodeAction[] = [];
    const file = this.index.parsed(uri);
    if (wantsQuick) {
      for (const d of p.context.diagnostics) {
        if (d.source !== SOURCE || typeof d.code !== 'string') continue;
        const data = d.data as DiagnosticData | undefined;
        const fixes = data?.fixes ?? [];
        const preferred = fixes.findIndex((f) => f.safety === 'safe');
        fixes.forEach((f, i) => out.push(fixAction(d, f, i === preferred)));
        if (file) {
          const line = disableNextLineEdit(file, d.range.start.line, d.code);
          out.push({
            title: `Disable ${d.code} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: workspaceEdit([
              {
                uri,
                range: { start: file.lines.positionAt(line.start), end: file.lines.positionAt(line.end) },
                newText: line.newText,
              },
            ]),
          });
          const whole = disableFileEdit(file, d.code);
          out.push({
            title: `Disable ${d.code} for the entire file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: workspaceEdit([
              {
                uri,
                range: { start: file.lines.positionAt(whole.start), end: file.lines.positionAt(whole.end) },
                newText: whole.newText,
              },
            ]),
          });
        }
        out.push({
          title: `Show documentation for ${d.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: {
            title: 'Show rule documentation',
            command: 'calicoTls.showRuleDocumentation',
            arguments: [d.code],
          },
        });
      }
    }
    if (wantsFixAll) {
      const all = this.fixAllEdits(uri);
      if (all.length)
        out.push({
          title: 'Fix all safe Calico TLS problems',
          kind: `${CodeActionKind.SourceFixAll}.calico-tls`,
          edit: workspaceEdit(all),
        });
    }
    return out;
  }

  /** Every safe fix of the document whose edits do not overlap an earlier one. */
  private fixAllEdits(uri: string): FixData['edits'][number][] {
    this.analyzeNow();
    const chosen: Array<FixData['edits'][number]> = [];
    for (const f of this.result.byUri.get(uri) ?? []) {
      const r = resolveFinding(f, (u) => this.index.parsed(u));
      for (const fix of r.fixes) {
        if (fix.safety !== 'safe' || fix.edits.some((e) => e.uri !== uri)) continue;
        if (fix.edits.some((e) => chosen.some((c) => overlaps(c.range, e.range)))) continue;
        chosen.push(...fix.edits);
        break;
      }
    }
    return chosen;
  }

  private hover(uri: string, pos: { line: number; character: number }): Hover | null {
    this.analyzeNow();
    const file = this.index.parsed(uri);
    if (!file) return null;
    const offset = file.lines.offsetAt(pos);
    const parts: string[] = [];
    let range;
    for (const f of this.result.byUri.get(uri) ?? []) {
      if (offset < f.span.start || offset > f.span.end) continue;
      const rule = RULES_BY_ID.get(f.rule);
      if (!rule || parts.some((p) => p.startsWith(`# ${f.rule}`))) continue;
      parts.push(ruleDocMarkdown(rule).split('\n## Incorrect')[0]!.trim());
      range = { start: file.lines.positionAt(f.span.start), end: file.lines.positionAt(f.span.end) };
    }
    const a = this.result.analysis();
    const cert = a ? describeAt(a, uri, offset) : undefined;
    if (cert) parts.unshift(cert.markdown);
    const param = parameterHoverAt(file, offset);
    if (param) {
      parts.unshift(param.markdown);
      range ??= { start: file.lines.positionAt(param.span.start), end: file.lines.positionAt(param.span.end) };
    }
    if (!parts.length) return null;
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, ...(range ? { range } : {}) };
  }

  private completion(uri: string, pos: { line: number; character: number }): CompletionItem[] {
    const file = this.index.parsed(uri);
    if (!file) return [];
    const offset = file.lines.offsetAt(pos);
    this.analyzeNow();
    return completionsAt(file, offset, this.result.analysis()).map((c, i) => ({
      label: c.label,
      kind: c.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Property,
      detail: c.detail,
      documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
      sortText: String(i).padStart(4, '0'),
      textEdit: {
        range: { start: file.lines.positionAt(c.start), end: file.lines.positionAt(c.end) },
        newText: c.label,
      },
    }));
  }

  private locations(
    f: (a: Analysis, uri: string, offset: number) => Array<{ uri: string; start: number; end: number }>,
    uri: string,
    pos: { line: number; character: number },
  ): Location[] {
    this.analyzeNow();
    const a = this.result.analysis();
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    return f(a, uri, file.lines.offsetAt(pos)).flatMap((s) => {
      const target = this.index.parsed(s.uri);
      return target
        ? [{ uri: s.uri, range: { start: target.lines.positionAt(s.start), end: target.lines.positionAt(s.end) } }]
        : [];
    });
  }

  private symbols(uri: string): DocumentSymbol[] {
    this.analyzeNow();
    const a = this.result.analysis();
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    const range = (s: { start: number; end: number }) => ({
      start: file.lines.positionAt(s.start),
      end: file.lines.positionAt(s.end),
    });
    const conv = (d: DocSymbol, depth: number): DocumentSymbol => ({
      name: d.name,
      detail: d.detail,
      kind:
        depth === 0
          ? SymbolKind.Object
          : d.detail === 'container' || d.detail === 'initContainer'
            ? SymbolKind.Module
            : SymbolKind.Key,
      range: range(d.span),
      selectionRange: range(d.selection),
      children: d.children.map((c) => conv(c, depth + 1)),
    });
    return symbolsOf(a, uri).map((d) => conv(d, 0));
  }

  private codeLenses(uri: string): CodeLens[] {
    this.analyzeNow();
    const a = this.result.analysis();
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    return lensesOf(a, uri).map((l) => ({
      range: { start: file.lines.positionAt(l.span.start), end: file.lines.positionAt(l.span.start) },
      command: { title: l.summary, command: '' },
    }));
  }

  /**
   * `calicoTls.generate` {set, options, outDir, overwrite}: generates a certificate set and writes
   * it (never over existing files unless overwrite). Runs here so every LSP editor can use it;
   * cancelling the request stops between keys. Returns {written, warnings} or {existing} or {error}.
   */
  private async generate(
    arg: unknown,
    token: { isCancellationRequested: boolean; onCancellationRequested: (f: () => void) => unknown },
  ): Promise<unknown> {
    const a = (arg ?? {}) as { set?: unknown; options?: unknown; outDir?: unknown; overwrite?: unknown };
    // Certificate generation (and the x509 library under it) loads on first use, not at start-up.
    const [
      { GenerateError, generateSet, SET_KINDS },
      { checkOutputDir, existingFiles, OutputError, OverwriteError, writeSet },
    ] = await Promise.all([import('../certgen/sets'), import('../certgen/write')]);
    if (typeof a.set !== 'string' || !SET_KINDS.includes(a.set as SetKind))
      return { error: `unknown set '${String(a.set)}' (${SET_KINDS.join(', ')})` };
    if (typeof a.outDir !== 'string' || !a.outDir) return { error: 'outDir is required' };
    if (a.options !== undefined && (typeof a.options !== 'object' || a.options === null || Array.isArray(a.options)))
      return { error: 'options must be an object' };
    // A relative folder is relative to the (first) workspace folder, never to the server's
    // working directory, which the user cannot see.
    let outDir = a.outDir;
    if (!isAbsolute(outDir)) {
      const base = this.folders[0];
      if (!base)
        return { error: `outDir '${outDir}' is relative and there is no workspace folder to resolve it against` };
      outDir = resolvePath(base, outDir);
    }
    const ctrl = new AbortController();
    // Cancellation is answered at once; a key still being made on the thread pool finishes
    // there and is dropped (RSA-8192 takes seconds).
    const cancelled = new Promise<{ error: string }>((resolve) => {
      const done = () => {
        ctrl.abort();
        resolve({ error: 'cancelled' });
      };
      if (token.isCancellationRequested) done();
      else token.onCancellationRequested(done);
    });
    const work = (async () => {
      try {
        checkOutputDir(outDir);
        const files = await generateSet(a.set as SetKind, {
          ...((a.options ?? {}) as GenerateOptions),
          signal: ctrl.signal,
          keyProvider: undefined,
        });
        if (ctrl.signal.aborted) return { error: 'cancelled' };
        const existing = existingFiles(outDir, files);
        if (existing.length && !a.overwrite) return { existing };
        const res = writeSet(outDir, files, !!a.overwrite);
        this.connection.console.info(`calico-tls: generated ${a.set} set in ${outDir} (${res.written.length} files)`);
        return { written: res.written, warnings: res.warnings };
      } catch (e) {
        if (e instanceof GenerateError || e instanceof OutputError || e instanceof OverwriteError)
          return { error: e.message };
        return { error: `generation failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    })();
    return Promise.race([work, cancelled]);
  }

  private executeCommand(command: string, args: unknown[]): unknown {
    if (command === 'calicoTls.ruleIds') return RULES.map((r) => r.meta.id);
    if (command === 'calicoTls.ruleDoc') {
      const r = RULES_BY_ID.get(String(args[0] ?? ''));
      return r ? ruleDocMarkdown(r) : null;
    }
    return null;
  }
}
