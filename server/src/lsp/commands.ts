/**
 * `workspace/executeCommand`: certificate generation (`calicoTls.generate`, for every LSP
 * editor), rule ids and rule documentation. `calicoTls.lintWorkspace` lives in the server, which
 * owns the index it re-walks.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { RULES, RULES_BY_ID, ruleDocMarkdown } from '../engine';
import type { Locale } from '../engine/l10n/messages';
import { ruleDocText } from '../engine/rules/l10n';
import type { GenerateOptions, SetKind } from '../certgen/sets';
import { lspSay } from './messages';

/** Commands the server executes through workspace/executeCommand (documented for other editors). */
export const SERVER_COMMANDS = [
  'calicoTls.lintWorkspace',
  'calicoTls.ruleDoc',
  'calicoTls.ruleIds',
  'calicoTls.generate',
] as const;

export interface CancelToken {
  isCancellationRequested: boolean;
  onCancellationRequested: (f: () => void) => unknown;
}

/**
 * `calicoTls.generate` {set, options, outDir, overwrite}: generates a certificate set and writes
 * it (never over existing files unless overwrite). Returns {written, warnings}, {existing} or
 * {error}. A relative outDir is relative to the first workspace folder; a cancel is answered at
 * once. The errors and warnings are in `locale`: the server's own (lsp/messages.ts) and the
 * generator's (certgen/messages.ts); the files written are English in every locale.
 */
export async function generate(
  connection: Connection,
  folders: readonly string[],
  arg: unknown,
  token: CancelToken,
  locale: Locale = 'en',
): Promise<unknown> {
  const say = (id: string, data?: Readonly<Record<string, string>>) => lspSay(locale, id, data);
  const a = (arg ?? {}) as { set?: unknown; options?: unknown; outDir?: unknown; overwrite?: unknown };
  // Certificate generation (and the x509 library under it) loads on first use, not at start-up.
  const [{ generateSet, SET_KINDS }, { checkOutputDir, existingFiles, writeSet }, { CertgenError, certgenText }] =
    await Promise.all([import('../certgen/sets'), import('../certgen/write'), import('../certgen/messages')]);
  if (typeof a.set !== 'string' || !SET_KINDS.includes(a.set as SetKind))
    return { error: say('unknownSet', { set: String(a.set), sets: SET_KINDS.join(', ') }) };
  if (typeof a.outDir !== 'string' || !a.outDir) return { error: say('outDirRequired') };
  if (a.options !== undefined && (typeof a.options !== 'object' || a.options === null || Array.isArray(a.options)))
    return { error: say('optionsNotObject') };
  // A relative folder is relative to the (first) workspace folder, never to the server's
  // working directory, which the user cannot see.
  let outDir = a.outDir;
  if (!isAbsolute(outDir)) {
    const base = folders[0];
    if (!base) return { error: say('outDirRelative', { outDir }) };
    outDir = resolvePath(base, outDir);
  }
  const ctrl = new AbortController();
  // Cancellation is answered at once; a key still being made on the thread pool finishes
  // there and is dropped (RSA-8192 takes seconds).
  const cancelled = new Promise<{ error: string }>((resolve) => {
    const done = () => {
      ctrl.abort();
      resolve({ error: say('cancelled') });
    };
    if (token.isCancellationRequested) done();
    else token.onCancellationRequested(done);
  });
  const work = (async () => {
    try {
      checkOutputDir(outDir);
      const files = await generateSet(a.set as SetKind, {
        ...((a.options ?? {}) as GenerateOptions),
        signal: ctrl.signal,
        keyProvider: undefined,
      });
      if (ctrl.signal.aborted) return { error: say('cancelled') };
      const existing = existingFiles(outDir, files);
      if (existing.length && !a.overwrite) return { existing };
      const res = writeSet(outDir, files, !!a.overwrite);
      connection.console.info(`calico-tls: generated ${a.set} set in ${outDir} (${res.written.length} files)`);
      return { written: res.written, warnings: res.warnings.map((w) => certgenText(w, locale)) };
    } catch (e) {
      // The generator's refusals, an unusable folder, files in the way: in the session's language.
      if (e instanceof CertgenError) return { error: e.text(locale) };
      return { error: say('generationFailed', { error: e instanceof Error ? e.message : String(e) }) };
    }
  })();
  return Promise.race([work, cancelled]);
}

/** The commands that answer from the catalogue alone; a rule's page in `locale` where it is translated. */
export function catalogueCommand(command: string, args: readonly unknown[], locale: Locale = 'en'): unknown {
  if (command === 'calicoTls.ruleIds') return RULES.map((r) => r.meta.id);
  if (command === 'calicoTls.ruleDoc') {
    const r = RULES_BY_ID.get(String(args[0] ?? ''));
    return r ? ruleDocMarkdown(r, locale === 'en' ? undefined : ruleDocText(r.meta.id, locale)) : null;
  }
  return null;
}
