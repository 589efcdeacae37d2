/**
 * Whether a folder is inside a git work tree that does not ignore it, decided by reading the
 * repository's ignore files, never by running git. Running `git` in a folder of the workspace
 * executes whatever that repository's config names (`core.fsmonitor`, `core.hooksPath`, an
 * `[include]`d file): opening a hostile repository and generating certificates into it would
 * run its code. So nothing here reads git config or starts a process.
 *
 * Sources, as git(1) gitignore orders them (a later one overrides an earlier one):
 * the user's default global file (`$XDG_CONFIG_HOME/git/ignore`), `$GIT_DIR/info/exclude`,
 * then each `.gitignore` from the work-tree root down to the folder. A non-default
 * `core.excludesFile` is not consulted (it lives in git config); at worst that shows the
 * "not ignored" warning once too often, which is the safe side for private keys.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Ignore files larger than this are not read (a real one is a few KB). */
const MAX_IGNORE_FILE = 1 << 20;

function readSmallFile(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    // git itself refuses symlinked .gitignore files (since 2.32); a FIFO or device must not block us.
    if (!st.isFile() || st.size > MAX_IGNORE_FILE) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function entryKind(path: string): 'dir' | 'file' | undefined {
  try {
    const st = lstatSync(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** The work-tree root and git dir for `dir` (which may not exist yet), or undefined outside a repository. */
export function findWorkTree(dir: string): { root: string; gitDir: string } | undefined {
  let cur = resolve(dir);
  for (;;) {
    const dotGit = join(cur, '.git');
    const kind = entryKind(dotGit);
    if (kind === 'dir') return { root: cur, gitDir: dotGit };
    if (kind === 'file') {
      // A linked work tree or submodule: ".git" is a file "gitdir: <path>".
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readSmallFile(dotGit) ?? '');
      return { root: cur, gitDir: m?.[1] ? resolve(cur, m[1]) : dotGit };
    }
    const up = dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function matcher(text: string | undefined): Ignore | undefined {
  if (text === undefined) return undefined;
  try {
    return ignore({ allowRelativePaths: true }).add(text);
  } catch {
    return undefined;
  }
}

function globalExcludes(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return readSmallFile(join(base, 'git', 'ignore'));
}

/**
 * Whether `dir` is inside a git work tree and not ignored there (undefined: not in a work tree).
 * A folder is ignored when it or any folder above it (inside the work tree) matches, since git
 * never looks inside an ignored folder.
 */
export function gitUnignored(dir: string, env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const tree = findWorkTree(dir);
  if (!tree) return undefined;
  const rel = relative(tree.root, resolve(dir));
  if (!rel) return true; // the work-tree root itself is never ignored
  const segments = rel.split(sep);
  if (segments[0] === '.git') return false; // inside the git dir: not part of the work tree
  // Lowest precedence first: global file, info/exclude (both relative to the root).
  const rootLevel = [matcher(globalExcludes(env)), matcher(readSmallFile(join(tree.gitDir, 'info', 'exclude')))];
  const perDir = new Map<number, Ignore | undefined>();
  const gitignoreAt = (depth: number): Ignore | undefined => {
    if (!perDir.has(depth))
      perDir.set(depth, matcher(readSmallFile(join(tree.root, ...segments.slice(0, depth), '.gitignore'))));
    return perDir.get(depth);
  };
  for (let i = 1; i <= segments.length; i++) {
    // Is segments[0..i) (a folder) ignored? The deepest .gitignore that has an opinion decides.
    let verdict: boolean | undefined;
    for (let depth = i - 1; depth >= 0 && verdict === undefined; depth--) {
      const m = gitignoreAt(depth);
      if (!m) continue;
      const r = m.test(`${segments.slice(depth, i).join('/')}/`);
      if (r.ignored) verdict = true;
      else if (r.unignored) verdict = false;
    }
    for (let k = rootLevel.length - 1; k >= 0 && verdict === undefined; k--) {
      const r = rootLevel[k]?.test(`${segments.slice(0, i).join('/')}/`);
      if (r?.ignored) verdict = true;
      else if (r?.unignored) verdict = false;
    }
    if (verdict) return false;
  }
  return true;
}
