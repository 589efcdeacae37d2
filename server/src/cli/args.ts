/**
 * Argument parsing on node:util parseArgs, with usage errors the CLI reports as exit code 2.
 */
import type { Concurrency } from '../parallel/pool';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { localeFromEnv, localeOf, LOCALES, type Locale } from '../engine/l10n/messages';

/** A usage error: bad option, missing argument, unknown command. Exit code 2. */
export class Usage extends Error {
  constructor(
    message: string,
    /** The command whose help to point at (`calico-tls help <command>`). */
    readonly command?: string,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs in strict mode; its errors (unknown option, missing value) become `Usage` errors
 * with a short message naming the command.
 */
export function parse<O extends Options>(command: string, args: readonly string[], options: O) {
  // `--days -3`: parseArgs takes a value starting with '-' for an option ("ambiguous"); a
  // negative number is meant as the value, and the option's own check then says what it needs.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = args[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const msg = (e as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const opt = /'([^']+)'/.exec(msg)?.[1] ?? msg;
      throw new Usage(`unknown option '${opt}' for '${command}'`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Usage(msg.replace(/\.$/, ''), command);
    if (code.startsWith('ERR_PARSE_ARGS')) throw new Usage(msg, command);
    throw e;
  }
}

/** A non-negative integer option value ("0", "12"), or a usage error. */
export function nonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new Usage(`${name} needs a non-negative integer, not '${value}'`);
  return Number(value.trim());
}

/** `value` must be one of `allowed`, or a usage error naming them. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Usage(`unknown ${name} '${value}' (${allowed.join(', ')})`);
}

/**
 * The language of a command's messages: `--locale`, else the environment's (LC_ALL, LC_MESSAGES,
 * LANG, as POSIX orders them: zh* is 简体中文, the rest English); an unknown `--locale` is a usage error.
 */
export function localeOption(
  value: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  command: string,
): Locale {
  const locale = value === undefined ? localeFromEnv(env) : localeOf(value);
  if (!locale) throw new Usage(`unknown locale '${value}' (${LOCALES.join(', ')})`, command);
  return locale;
}

/** `--concurrency N|auto|off` (parallel/pool.ts): threads that parse; 1 or off parses in this one. */
export function concurrencyOption(value: string | undefined): Concurrency {
  const v = (value ?? 'auto').trim();
  if (v === 'auto' || v === 'off') return v;
  if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 256) return Number(v) === 1 ? 'off' : Number(v);
  throw new Usage(`--concurrency needs a number of threads (1-256), auto or off, not '${value}'`, 'lint');
}
