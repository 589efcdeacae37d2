/**
 * Which files on disk belong in the index: the same decision for the start-up walk, file
 * events and documents closed in the editor, so a file excluded at start-up cannot come back
 * through a watcher event.
 */
import { basename, isAbsolute, relative, sep } from 'node:path';
import { CANDIDATE_FILE, isIgnored, SKIPPED_DIRS } from '../engine';

export interface FileFilter {
  /** Workspace folder paths (file system paths). */
  readonly folders: readonly string[];
  /** Globs relative to each folder from `calicoTls.exclude` (the user's, for every folder). */
  readonly excludes: readonly string[];
  /** Each folder's own `.calico-tls.yaml` ignore globs: folder A's never apply to folder B. */
  readonly folderExcludes?: ReadonlyMap<string, readonly string[]>;
  /** Extra globs of files to index besides the standard candidates (`calicoTls.include`). */
  readonly includes: readonly string[];
}

/** The folder holding `path` and the path relative to it (forward slashes), if any. */
export function inFolder(path: string, folders: readonly string[]): { folder: string; rel: string } | undefined {
  let best: { folder: string; rel: string } | undefined;
  for (const folder of folders) {
    const rel = relative(folder, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    // The innermost folder wins (nested workspace folders).
    if (!best || folder.length > best.folder.length) best = { folder, rel: rel.split(sep).join('/') };
  }
  return best;
}

/** True when the user excluded the path (ignore globs); paths outside every folder are never excluded. */
/** The globs that apply inside one workspace folder. */
export function excludesOf(filter: FileFilter, folder: string): readonly string[] {
  const own = filter.folderExcludes?.get(folder) ?? [];
  return own.length ? [...own, ...filter.excludes] : filter.excludes;
}

export function isExcluded(path: string, filter: FileFilter): boolean {
  const loc = inFolder(path, filter.folders);
  return !!loc && isIgnored(loc.rel, excludesOf(filter, loc.folder));
}

/** True when a file at `path` is one the start-up walk would have indexed. */
export function isIndexable(path: string, filter: FileFilter): boolean {
  const loc = inFolder(path, filter.folders);
  if (!loc) return false;
  const parts = loc.rel.split('/');
  if (parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p))) return false;
  if (isIgnored(loc.rel, excludesOf(filter, loc.folder))) return false;
  return CANDIDATE_FILE.test(basename(path)) || (filter.includes.length > 0 && isIgnored(loc.rel, filter.includes));
}
