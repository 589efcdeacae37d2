/**
 * The two steps of a lint run over files on disk, as a worker thread or the calling thread runs
 * them (engine/streamed.ts does the analysis; this reads the bytes): `look` reads a file and
 * takes the first look the units are cut from; `unit` reads a unit's files again and lints them.
 * Files are read again rather than held between the steps: a large workspace's text is never in
 * memory at once (issue 21 item 1).
 */
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, type LintOptions } from '../engine';
import { firstLook, lintUnit } from '../engine/streamed';
import { relevance } from '../engine/relevance';
import type { Relevance } from '../engine/model/reads';
import { byteLimit, readBounded } from '../io/read';
import type { FileRef, Reply, Request } from './protocol';

export function textOf(f: FileRef, options: LintOptions): { text: string } | { reason: string } {
  if (f.text !== undefined) return { text: f.text };
  // The CLI names files by path, the language server by file: URI.
  const r = readBounded(pathOf(f.uri), byteLimit(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE));
  return r.ok ? { text: r.text } : { reason: r.reason };
}

function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

let readsFor: { options: LintOptions; reads: Relevance } | undefined;

/** The run's relevance (engine/relevance.ts), worked out once per thread and run. */
function reads(options: LintOptions): Relevance {
  if (readsFor?.options !== options) readsFor = { options, reads: relevance(options.rules) };
  return readsFor.reads;
}

export function runTask(req: Request, options: LintOptions): Reply {
  try {
    if (req.task === 'look') {
      const t = textOf(req.file, options);
      if ('reason' in t) return { seq: req.seq, unreadable: t.reason };
      const first = firstLook({ uri: req.file.uri, text: t.text }, options, reads(options));
      return { seq: req.seq, look: first.look, unread: first.unread };
    }
    // A file gone between the two steps is linted as empty: it no longer holds anything.
    const sources = req.files.map((f) => {
      const t = textOf(f, options);
      return { uri: f.uri, text: 'text' in t ? t.text : '', unread: f.unread };
    });
    return { seq: req.seq, unit: lintUnit(sources, options) };
  } catch (e) {
    // The engine never throws by design; a bug still must not hang or kill the run.
    return { seq: req.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
