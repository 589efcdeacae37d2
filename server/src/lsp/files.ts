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
  /** Globs relative to a folder from `calicoTls.exclude`, for folders without their own entry below. */
  readonly excludes: readonly string[];
  /**
   * Each folder's own globs: its `.calico-tls.yaml` ignores and its `calicoTls.exclude` (a
   * `resource` setting: folder A's never apply to folder B).
   */
  readonly folderExcludes?: ReadonlyMap<string, readonly string[]>;
  /** Extra globs of files to index besides the standard candidates (`calicoTls.include`). */
  readonly includes: readonly string[];
  /** Each folder's own `calicoTls.include`, where the folder has an entry. */
  readonly folderIncludes?: ReadonlyMap<string, readonly string[]>;
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

/** The exclude globs that apply inside one workspace folder. */
export function excludesOf(filter: FileFilter, folder: string): readonly string[] {
  return filter.folderExcludes?.get(folder) ?? filter.excludes;
}

/** The include globs that apply inside one workspace folder. */
export function includesOf(filter: FileFilter, folder: string): readonly string[] {
  return filter.folderIncludes?.get(folder) ?? filter.includes;
}

/** True when the user excluded the path (ignore globs); paths outside every folder are never excluded. */

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
  const includes = includesOf(filter, loc.folder);
  return CANDIDATE_FILE.test(basename(path)) || (includes.length > 0 && isIgnored(loc.rel, includes));
}
