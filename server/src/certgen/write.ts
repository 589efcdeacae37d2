/**
 * Writing a generated set: the output folder checked before anything is generated or written,
 * never over an existing file (a dangling symlink included) unless asked, each file atomically
 * (temporary file + rename), private keys with mode 0600, and a warning when the folder is
 * inside a git work tree that does not ignore it (keys must not be committed by accident).
 */
import {
  accessSync,
  chmodSync,
  constants,
  lstatSync,
  mkdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GeneratedFile } from './sets';
import { gitUnignored } from './gitignore';
import { errnoReason } from '../io/read';
import { CertgenError } from './messages';
import { m, type Msg } from '../engine/l10n/messages';

export interface WriteResult {
  readonly written: string[];
  /** certgen/messages.ts, rendered where they are shown. */
  readonly warnings: Msg[];
}

export class OverwriteError extends CertgenError {
  constructor(readonly existing: string[]) {
    super(m('overwrite', { files: existing.join(', ') }));
  }
}

/** The output folder cannot be used: one line saying why (English `message`, `text(locale)`). */
export class OutputError extends CertgenError {}

function exists(p: string): boolean {
  try {
    lstatSync(p); // a dangling symlink exists too: replacing it would be silent
    return true;
  } catch {
    return false;
  }
}

export function existingFiles(dir: string, files: readonly GeneratedFile[]): string[] {
  return files.map((f) => join(dir, f.path)).filter(exists);
}

/**
 * Checks, before any key is generated, that `dir` can be created and written: its nearest
 * existing ancestor must be a writable folder outside /proc, /sys and /dev (Node's recursive
 * mkdir spins forever under /proc, issue 17 item 3), and nothing on the way may be a file.
 */
export function checkOutputDir(dir: string): void {
  const target = resolve(dir);
  let cur = target;
  for (;;) {
    let st;
    try {
      st = statSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // A dangling symlink on the way cannot be created through.
        try {
          lstatSync(cur);
          throw new OutputError(m('danglingSymlink', { path: cur }));
        } catch (e2) {
          if (e2 instanceof OutputError) throw e2;
        }
        const up = dirname(cur);
        if (up === cur) throw new OutputError(m('noPartExists', { dir: target }));
        cur = up;
        continue;
      }
      if (code === 'ENOTDIR') throw new OutputError(m('partIsFile', { dir: target }));
      throw new OutputError(m('cannotUse', { dir: target, reason: errnoReason(e) }));
    }
    if (!st.isDirectory()) throw new OutputError(m('isFile', { dir: target, path: cur }));
    break;
  }
  let real = cur;
  try {
    real = realpathSync(cur);
  } catch {
    /* keep it */
  }
  if (/^\/(proc|sys|dev)(\/|$)/.test(real)) throw new OutputError(m('kernelFs', { dir: target, path: real }));
  try {
    accessSync(cur, constants.W_OK);
  } catch {
    throw new OutputError(m('notWritable', { dir: target, path: cur }));
  }
}

export function writeSet(dir: string, files: readonly GeneratedFile[], overwrite: boolean): WriteResult {
  checkOutputDir(dir);
  const existing = existingFiles(dir, files);
  if (existing.length && !overwrite) throw new OverwriteError(existing);
  const written: string[] = [];
  for (const f of files) {
    const target = join(dir, f.path);
    let tmp: string | undefined;
    try {
      mkdirSync(dirname(target), { recursive: true });
      tmp = join(dirname(target), `.${randomBytes(6).toString('hex')}.tmp`);
      writeFileSync(tmp, f.content, { mode: f.secret ? 0o600 : 0o644, flag: 'wx' });
      if (f.secret) chmodSync(tmp, 0o600); // umask cannot widen it, but make it explicit
      renameSync(tmp, target);
      tmp = undefined;
    } catch (e) {
      if (tmp) {
        try {
          unlinkSync(tmp);
        } catch {
          /* not there */
        }
      }
      throw new OutputError(m('cannotWrite', { path: target, reason: errnoReason(e) }));
    }
    written.push(target);
  }
  const warnings: Msg[] = [];
  if (gitUnignored(dir)) warnings.push(m('gitUnignored', { dir }));
  return { written, warnings };
}
