/**
 * The Calico TLS language server (LSP 3.17): workspace index, pull diagnostics with push
 * fallback, quick fixes and fix-all from the fixes carried in Diagnostic.data, hovers (rule
 * documentation, decoded certificates), code lenses, and commands other editors can call.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CANDIDATE_GLOBS, definitionAt, parseProjectConfig, referencesAt, RULES, type ProjectConfig } from '../engine';
import { localeOf, type Locale } from '../engine/l10n/messages';
import { lspSay } from './messages';
import { readBounded } from '../io/read';
import { productVersion } from '../io/version';
import { catalogueCommand, generate, SERVER_COMMANDS } from './commands';
import { SOURCE } from './convert';
import { Diagnostics } from './diagnostics';
import { Features } from './features';
import { excludesOf, includesOf, isExcluded, isIndexable, type FileFilter } from './files';
import { contextOf, docUri, position, rangeOf } from './params';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  DEFAULT_SETTINGS,
  effectiveExpiryDays,
  readSettings,
  sectionOf,
  type Settings,
} from './settings';
import { WorkspaceIndex } from './workspace-index';

export { SERVER_COMMANDS } from './commands';

const CONFIG_FILE = '.calico-tls.yaml';

/** What decides the index's contents, as a string (a Map does not survive JSON.stringify). */
function filterKey(f: FileFilter): string {
  return JSON.stringify([
    f.folders,
    f.excludes,
    [...(f.folderExcludes ?? new Map())],
    f.includes,
    [...(f.folderIncludes ?? new Map())],
  ]);
}

export class CalicoTlsServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly index = new WorkspaceIndex();
  private folders: string[] = [];
  private settings: Settings = DEFAULT_SETTINGS;
  /** Each workspace folder's own settings (workspace/configuration with its scopeUri). */
  private folderSettings = new Map<string, Settings>();
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
  private readonly diagnostics: Diagnostics;
  private readonly features: Features;
  private timer: NodeJS.Timeout | undefined;
  private ready: Promise<void> = Promise.resolve();
  /** Settings sent in didChangeConfiguration / initializationOptions by clients without workspace/configuration. */
  private pushedSettings: unknown;
  /** The client watches files itself (initializationOptions.clientWatchesFiles): no dynamic registration. */
  private clientWatchesFiles = false;
  /** Set once the start-up walk is done; later filter changes re-walk the folders. */
  private indexed = false;
  private filterKey = '';
  /**
   * The language of everything the server shows (findings, hovers, code lenses, code actions,
   * command results): `initialize`'s `locale` (VS Code sends its display language, 'zh-cn'),
   * English for anything else.
   */
  private locale: Locale = 'en';
  /** The persisted cache of a large workspace (initializationOptions.storagePath), if any. */
  private cacheFile: string | undefined;

  constructor(private readonly connection: Connection) {
    this.diagnostics = new Diagnostics({
      connection,
      index: this.index,
      documents: this.documents,
      caps: () => this.caps,
      settings: (folder) => (folder ? (this.folderSettings.get(folder) ?? this.settings) : this.settings),
      projects: () => this.projects,
      folders: () => this.folders,
      expiryWarningDays: () => effectiveExpiryDays(this.settings, this.project.expiryWarningDays),
      expiryWindows: () => this.expiryWindows(),
      locale: () => this.locale,
      concurrency: () => this.settings.concurrency,
      cacheFile: () => this.cacheFile,
      logError: (e) => this.logError(e),
    });
    this.features = new Features(this.index, this.diagnostics, () => this.locale);
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
      await this.diagnostics.decode().catch(() => undefined);
      if (token.isCancellationRequested) return { kind: 'full', items: [] };
      return { kind: 'full', items: this.safe(() => this.diagnostics.diagnosticsFor(docUri(p)), []) };
    });
    // Parameters are checked first: a malformed request is a JSON-RPC error saying what is wrong.
    c.onCodeAction((p) =>
      this.safe(() => (docUri(p), this.features.codeActions({ ...p, range: rangeOf(p), context: contextOf(p) })), []),
    );
    c.onCompletion((p) => this.safe(() => this.features.completion(docUri(p), position(p)), []));
    c.onDefinition((p) => this.safe(() => this.features.locations(definitionAt, docUri(p), position(p)), []));
    c.onReferences((p) => this.safe(() => this.features.locations(referencesAt, docUri(p), position(p)), []));
    c.onDocumentSymbol((p) => this.safe(() => this.features.symbols(docUri(p)), []));
    c.onHover((p) => this.safe(() => this.features.hover(docUri(p), position(p)), null));
    c.onCodeLens((p) => this.safe(() => this.features.codeLenses(docUri(p)), []));
    c.onExecuteCommand(async (p, token) => {
      if (typeof p?.command !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'command must be a string');
      if (p.arguments !== undefined && !Array.isArray(p.arguments))
        throw new ResponseError(ErrorCodes.InvalidParams, 'arguments must be an array');
      if (p.command === 'calicoTls.generate')
        return generate(this.connection, this.folders, p.arguments?.[0], token, this.locale);
      if (p.command === 'calicoTls.lintWorkspace') {
        try {
          return await this.lintWorkspace(token);
        } catch (e) {
          this.logError(e);
          return null;
        }
      }
      return this.safe(() => catalogueCommand(p.command, p.arguments ?? [], this.locale), null);
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
      // Each folder: its `.calico-tls.yaml` ignores and its own (resource-scoped) setting.
      folderExcludes: new Map(
        this.folders.map((f) => [f, [...(this.projects.get(f)?.ignore ?? []), ...this.settingsOf(f).exclude]]),
      ),
      includes: this.settings.include,
      folderIncludes: new Map(this.folders.map((f) => [f, this.settingsOf(f).include])),
    };
  }

  private initialized = false;

  /** A workspace folder's settings (the window's where the client gave none for it). */
  private settingsOf(folder: string): Settings {
    return this.folderSettings.get(folder) ?? this.settings;
  }

  /**
   * Each folder's expiry window, as folder URI prefixes for the engine: the folder's setting
   * when the user set it, else its `.calico-tls.yaml`, else the window-wide value.
   */
  private expiryWindows(): Array<[string, number]> {
    return this.folders.map((f) => {
      const own = this.settingsOf(f);
      const days =
        own.expiryWarningDays !== DEFAULT_EXPIRY_WARNING_DAYS
          ? own.expiryWarningDays
          : (this.projects.get(f)?.expiryWarningDays ?? this.settings.expiryWarningDays);
      return [URI.file(f).toString(), days];
    });
  }

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
    this.locale = localeOf(typeof p.locale === 'string' ? p.locale : undefined) ?? 'en';
    const init = (p.initializationOptions ?? {}) as {
      settings?: unknown;
      clientWatchesFiles?: unknown;
      clientRegistersCommands?: unknown;
      leanFiles?: unknown;
      storagePath?: unknown;
    };
    this.clientWatchesFiles = init.clientWatchesFiles === true;
    // From how many files the index is lean (workspace-index.ts LEAN_FILES); tests set it.
    if (typeof init.leanFiles === 'number' && init.leanFiles >= 0) this.index.leanFiles = init.leanFiles;
    // The editor's storage folder for this workspace (VS Code: ExtensionContext.storageUri): a
    // large workspace's per-unit results persist there, so a restart re-lints only what changed.
    if (typeof init.storagePath === 'string' && isAbsolute(init.storagePath)) {
      try {
        mkdirSync(init.storagePath, { recursive: true });
        this.cacheFile = join(init.storagePath, 'lint-cache.json');
      } catch (e) {
        this.connection.console.warn(
          `calico-tls: cannot use ${init.storagePath} for the cache: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
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
      // The first walk of a large workspace takes seconds: the editor's progress UI (work-done
      // progress) and the status item (calicoTls/status with `indexing`) say how far it is.
      const progress = this.caps.progress
        ? await this.diagnostics.workDone(lspSay(this.locale, 'indexingTitle'))
        : undefined;
      let n = 0;
      let last = 0;
      for (const [i, f] of this.folders.entries())
        n += await this.index.scan(
          f,
          excludesOf(this.filter(), f),
          () => false,
          includesOf(this.filter(), f),
          (read, total) => {
            const now = performance.now();
            if (read < total && now - last < 200) return;
            last = now;
            const message = lspSay(this.locale, 'indexingCount', {
              read: n + read,
              folder: i + 1,
              folders: this.folders.length,
            });
            progress?.report(message, total ? Math.floor((100 * (i + read / total)) / this.folders.length) : undefined);
            void this.connection.sendNotification('calicoTls/status', { indexing: n + read });
          },
        );
      progress?.done();
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
    for (const f of this.folders) await this.index.scan(f, excludesOf(filter, f), isCancelled, includesOf(filter, f));
    this.filterKey = filterKey(filter);
  }

  private async lintWorkspace(token: {
    isCancellationRequested: boolean;
  }): Promise<{ files: number; errors: number; warnings: number } | null> {
    await this.ready.catch(() => undefined);
    await this.reindex(() => token.isCancellationRequested);
    if (token.isCancellationRequested) return null;
    this.diagnostics.invalidate();
    await this.diagnostics.decode();
    this.diagnostics.publish();
    return this.diagnostics.counts();
  }

  private async reloadSettings(): Promise<void> {
    let s: unknown = this.pushedSettings;
    let perFolder: unknown[] = [];
    if (this.caps.configuration) {
      // The window's settings and each folder's: exclude, include, rules, enable and
      // expiryWarningDays are `resource` settings, so a folder can set its own (multi-root).
      try {
        const items = [
          { section: 'calicoTls' },
          ...this.folders.map((f) => ({ scopeUri: URI.file(f).toString(), section: 'calicoTls' })),
        ];
        const all: unknown = await this.connection.workspace.getConfiguration(items);
        if (Array.isArray(all)) [s, ...perFolder] = all;
      } catch {
        s = this.pushedSettings;
      }
    }
    this.settings = s === undefined || s === null ? DEFAULT_SETTINGS : readSettings(s);
    this.folderSettings = new Map(
      this.folders.map((f, i) => {
        const v = perFolder[i];
        return [f, v === undefined || v === null ? this.settings : readSettings(v)];
      }),
    );
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
    this.diagnostics.invalidate(); // settings change the findings
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
      this.guard(this.ready.then(() => this.diagnostics.decode()).then(() => this.diagnostics.publish()));
    }, ms);
  }
}
