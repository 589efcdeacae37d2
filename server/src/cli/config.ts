/** `.calico-tls.yaml` for the CLI: `--config FILE`, else the one in the current directory. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { EMPTY_CONFIG, parseProjectConfig, RULES, type ProjectConfig } from '../engine';

export const CONFIG_FILE = '.calico-tls.yaml';

export interface LoadedConfig {
  readonly config: ProjectConfig;
  /** The folder `ignore` globs are relative to: the config file's folder (cwd without one). */
  readonly base: string;
  /** The config file read, if any. */
  readonly path?: string;
}

/** Thrown for an unreadable or invalid config: the CLI prints the problems and exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

export function loadConfig(file: string | undefined, cwd: string): LoadedConfig {
  const path = resolve(cwd, file ?? CONFIG_FILE);
  if (file === undefined && !existsSync(path)) return { config: EMPTY_CONFIG, base: cwd };
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError([`cannot read config ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? String(e))}`]);
  }
  const { config, problems } = parseProjectConfig(text.replace(/^\uFEFF/, ''), new Set(RULES.map((r) => r.meta.id)));
  if (problems.length) throw new ConfigError(problems.map((p) => `${shown}: ${p}`));
  return { config, base: dirname(path), path };
}
