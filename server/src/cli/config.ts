/** `.calico-tls.yaml` for the CLI: `--config FILE`, else the one in the current directory. */
import { existsSync } from 'node:fs';
import { readBounded } from '../io/read';
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
  // Through the bounded reader: `--config /dev/zero` must not read forever.
  const r = readBounded(path, 1024 * 1024);
  if (!r.ok)
    throw new ConfigError([
      `cannot read config ${shown}: ${r.reason === 'no such file or folder' ? 'no such file' : r.reason}`,
    ]);
  if (r.truncated)
    throw new ConfigError([`cannot read config ${shown}: larger than 1 MiB; a configuration is a few lines`]);
  const { config, problems } = parseProjectConfig(r.text, new Set(RULES.map((x) => x.meta.id)));
  if (problems.length) throw new ConfigError(problems.map((p) => `${shown}: ${p}`));
  return { config, base: dirname(path), path };
}
