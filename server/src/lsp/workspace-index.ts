/**
 * The language server's picture of the workspace: every candidate file on disk (found at
 * start-up, kept current from file events) with open documents' text taking precedence. Each
 * file is parsed once per content version; analysis then runs over all parsed files.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { URI } from 'vscode-uri';
import {
  CANDIDATE_FILE,
  DEFAULT_MAX_FILE_SIZE,
  isIgnored,
  parseFile,
  SKIPPED_DIRS,
  YamlDocumentCache,
  type ParsedFile,
} from '../engine';
import { byteLimit, readBounded } from '../io/read';
import { compactFile } from '../engine/model/compact';
import { relevance } from '../engine/relevance';

interface Entry {
  /** Always for an open document; for a file on disk only in a small workspace (see `lean`). */
  text: string | undefined;
  parsed: ParsedFile | undefined;
  open: boolean;
}

/**
 * From this many candidate files the index is lean: it holds no text or tree of a file that is not
 * open, and the diagnostics keep the workspace as units (engine/unit-workspace.ts, lsp/large.ts).
 * Below it, every file's compact tree is held and an edit re-checks only its component
 * (engine/incremental.ts): finer than a unit, and the memory is small.
 */
export const LEAN_FILES = 400;

/** Trees of files that are not open, parsed on request (hovers' targets, code actions): the last few. */
const DISK_TREES = 16;

/**
 * What any rule may read, whatever the settings turn off (engine/relevance.ts): a file that is
 * not open is kept compact (objects nothing reads cut to their identity, model/compact.ts), and a
 * rule turned on later is never starved. An open document is parsed whole, for its outline.
 */
const READS = relevance();

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  /** Bumped on every change; analysis results are tied to it. */
  generation = 0;
  maxFileSize = DEFAULT_MAX_FILE_SIZE;
  /** Documents of large files between versions: a keystroke re-parses only the edited document. */
  readonly yamlCache = new YamlDocumentCache();
  /** Lean: see LEAN_FILES. Decided by the first walk that reaches the threshold, then kept. */
  lean = false;
  /** From how many files the index turns lean (a test sets 0 or Infinity). */
  leanFiles = LEAN_FILES;
  /** Files changed, added or removed since `takeChanges` (lean only). */
  private changes = new Set<string>();
  private readonly diskTrees = new Map<string, ParsedFile>();

  get size(): number {
    return this.entries.size;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  isOpen(uri: string): boolean {
    return !!this.entries.get(uri)?.open;
  }

  set(uri: string, text: string, open: boolean): void {
    const prev = this.entries.get(uri);
    if (prev && prev.text === text && prev.open === open) return;
    this.changed(uri);
    this.entries.set(uri, {
      text,
      // A compact parse is not enough for a document being opened.
      parsed: prev && prev.text === text && (prev.open || !open) ? prev.parsed : undefined,
      open: open || (!!prev?.open && open),
    });
    this.generation++;
  }

  close(uri: string, diskText: string | undefined): void {
    this.changed(uri);
    if (diskText === undefined) this.entries.delete(uri);
    else this.entries.set(uri, { text: diskText, parsed: undefined, open: false });
    this.generation++;
  }

  delete(uri: string): void {
    if (this.unreadable.delete(uri)) this.generation++;
    if (this.entries.get(uri)?.open) return;
    if (this.entries.delete(uri)) {
      this.changed(uri);
      this.generation++;
    }
  }

  private changed(uri: string): void {
    this.diskTrees.delete(uri);
    if (this.lean) this.changes.add(uri);
  }

  /**
   * Lean: what changed since the last call, each file with its current text (open document,
   * else disk), or undefined if it left the index or cannot be read. Texts of files that are not
   * open are let go here.
   */
  takeChanges(): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const uri of this.changes) {
      out.set(uri, this.textOf(uri));
      // Only a change gives a closed file text in a lean index (set, close): let it go.
      const e = this.entries.get(uri);
      if (e && !e.open) {
        e.text = undefined;
        e.parsed = undefined;
      }
    }
    this.changes = new Set();
    return out;
  }

  /** Forgets pending changes (a cold run reads every file now). */
  clearChanges(): void {
    this.changes = new Set();
  }

  /** A file's text: the open document's, else as held, else read from disk again. */
  textOf(uri: string): string | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    if (e.text !== undefined) return e.text;
    if (!uri.startsWith('file:')) return undefined;
    return this.readDisk(URI.parse(uri).fsPath);
  }

  /** Open documents' texts (a cold run lints them from the buffer, not the disk). */
  openTexts(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [uri, e] of this.entries) if (e.open && e.text !== undefined) out.set(uri, e.text);
    return out;
  }

  /** A file the cold run could not read: as readDisk reports it. */
  noteUnreadable(uri: string, reason: string): void {
    if (this.unreadable.get(uri) === reason) return;
    this.unreadable.set(uri, reason);
    this.generation++;
    this.onUnreadable(uri.startsWith('file:') ? URI.parse(uri).fsPath : uri, reason);
  }

  parsed(uri: string): ParsedFile | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    if (e.text === undefined) {
      // Lean, not open: parsed again from disk, the last few kept.
      let t = this.diskTrees.get(uri);
      if (!t) {
        const text = this.textOf(uri);
        if (text === undefined) return undefined;
        t = compactFile(parseFile({ uri, text }, { maxFileSize: this.maxFileSize }), READS);
        this.diskTrees.set(uri, t);
        if (this.diskTrees.size > DISK_TREES) this.diskTrees.delete(this.diskTrees.keys().next().value!);
      }
      return t;
    }
    if (!e.parsed) {
      const parsed = parseFile({ uri, text: e.text }, { maxFileSize: this.maxFileSize, yamlCache: this.yamlCache });
      e.parsed = e.open ? parsed : compactFile(parsed, READS);
    }
    return e.parsed;
  }

  all(): ParsedFile[] {
    return this.uris().map((u) => this.parsed(u)!);
  }

  /**
   * Files of the workspace the server could not read, with the reason: never dropped silently
   * (issue 17 item 6); the server logs each once and shows an info finding on it.
   */
  readonly unreadable = new Map<string, string>();
  /** Called the first time a file cannot be read (the server logs it). */
  onUnreadable: (path: string, reason: string) => void = () => undefined;

  /**
   * Reads a file for the index through the same bounded reader and decoder as the CLI
   * (io/read.ts: UTF-8, UTF-16 with a BOM; devices, FIFOs and kernel files refused); oversized
   * files only far enough to be recognised as such. Synchronous: thousands of small manifests
   * at start-up cost more in promise and thread-pool hand-offs than in reading, and the walk
   * yields to the event loop between batches so requests are still served.
   */
  readDisk(path: string): string | undefined {
    const uri = URI.file(path).toString();
    const r = readBounded(path, byteLimit(this.maxFileSize));
    if (r.ok) {
      this.unreadable.delete(uri);
      return r.text;
    }
    if (r.reason === 'no such file or folder' && !isSymlink(path)) {
      this.unreadable.delete(uri); // gone (a delete racing the walk): not a problem to report
      return undefined;
    }
    if (this.unreadable.get(uri) !== r.reason) {
      this.unreadable.set(uri, r.reason);
      this.generation++;
      this.onUnreadable(path, r.reason);
    }
    return undefined;
  }

  /**
   * Walks a workspace folder and adds every candidate file not excluded by the globs.
   * `onProgress` hears how many of the folder's candidates are read, every 256 files and at the end.
   */
  async scan(
    root: string,
    excludes: readonly string[],
    isCancelled: () => boolean,
    includes: readonly string[] = [],
    onProgress?: (read: number, total: number) => void,
  ): Promise<number> {
    const paths: string[] = [];
    const dirs = [root];
    for (let done = 0; dirs.length && !isCancelled(); done++) {
      // Let requests and cancellation in now and then on very large trees.
      if (done % 64 === 63) await yieldTurn();
      const dir = dirs.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        const rel = excludes.length || includes.length ? relative(root, p).split(sep).join('/') : '';
        if (isIgnored(rel, excludes)) continue;
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name)) dirs.push(p);
        } else if (
          (e.isFile() || e.isSymbolicLink() || e.isFIFO() || e.isCharacterDevice() || e.isSocket()) &&
          (CANDIDATE_FILE.test(e.name) || (includes.length > 0 && isIgnored(rel, includes)))
        ) {
          // Links, pipes and devices with a candidate's name are read (or reported) by readDisk,
          // never skipped in silence.
          if (!e.isSymbolicLink() || !isDirectory(p)) paths.push(p);
        }
      }
    }
    // The walk's order is not the directory order; keep the index's order stable across runs.
    paths.sort();
    if (!this.lean && this.entries.size + paths.length >= this.leanFiles) {
      this.lean = true;
      for (const e of this.entries.values())
        if (!e.open) {
          e.text = undefined;
          e.parsed = undefined;
        }
    }
    let n = 0;
    for (let i = 0; i < paths.length && !isCancelled(); i++) {
      if (i % 256 === 255) {
        onProgress?.(i, paths.length);
        await yieldTurn();
      }
      const p = paths[i]!;
      const uri = URI.file(p).toString();
      if (this.entries.get(uri)?.open) continue;
      if (this.lean) {
        // Read by the diagnostics' run (lsp/large.ts), on worker threads, not held here.
        if (!this.entries.has(uri)) {
          this.entries.set(uri, { text: undefined, parsed: undefined, open: false });
          this.changed(uri);
          this.generation++;
        }
        n++;
        continue;
      }
      const text = this.readDisk(p);
      if (text === undefined) continue;
      this.set(uri, text, false);
      n++;
    }
    onProgress?.(paths.length, paths.length);
    return n;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** One turn of the event loop (pending I/O callbacks, i.e. incoming messages, run first). */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
