/**
 * Writing a generated set: never over an existing file unless asked, each file atomically
 * (temporary file + rename), private keys with mode 0600, and a warning when the folder is
 * inside a git work tree that does not ignore it (keys must not be committed by accident).
 */
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GeneratedFile } from './sets';
import { gitUnignored } from './gitignore';

export interface WriteResult {
  readonly written: string[];
  readonly warnings: string[];
}

export class OverwriteError extends Error {
  constructor(readonly existing: string[]) {
    super(`refusing to overwrite ${existing.join(', ')} (use --force to replace them)`);
  }
}

export function existingFiles(dir: string, files: readonly GeneratedFile[]): string[] {
  return files.map((f) => join(dir, f.path)).filter((p) => existsSync(p));
}

export function writeSet(dir: string, files: readonly GeneratedFile[], overwrite: boolean): WriteResult {
  mkdirSync(dir, { recursive: true });
  const existing = existingFiles(dir, files);
  if (existing.length && !overwrite) throw new OverwriteError(existing);
  const written: string[] = [];
  for (const f of files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = join(dirname(target), `.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(tmp, f.content, { mode: f.secret ? 0o600 : 0o644 });
    if (f.secret) chmodSync(tmp, 0o600); // umask cannot widen it, but make it explicit
    renameSync(tmp, target);
    written.push(target);
  }
  const warnings: string[] = [];
  if (gitUnignored(dir)) warnings.push(`${dir} is inside a git work tree and not ignored: add it to .gitignore so the private keys are never committed`);
  return { written, warnings };
}
