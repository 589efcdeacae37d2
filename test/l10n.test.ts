// Localization of the VS Code side (issue #20 item 1): the manifest's contributions through
// package.nls.json / package.nls.zh-cn.json, the client's strings through vscode.l10n.t with
// l10n/bundle.l10n.json (exported from client/src by @vscode/l10n-dev, never edited by hand) and
// l10n/bundle.l10n.zh-cn.json. Each check is a function that returns its problems, so that the
// negative controls below run the same function on a broken copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './helpers';
import { glossary, glossaryProblems } from './glossary';
import { SETS } from '../server/src/certgen/catalog';
import { ENGLISH_RESTART_MESSAGES } from '../client/src/restart-policy';

const ROOT = repoRoot();
const json = <T>(...p: string[]) => JSON.parse(readFileSync(join(ROOT, ...p), 'utf8')) as T;

type Manifest = Record<string, unknown> & { contributes: Record<string, unknown>; files: string[]; l10n?: string };
/** An exported bundle entry: the message, or the message with its translator comment. */
type BundleEntry = string | { message: string; comment?: string[] };

const pkg = json<Manifest>('package.json');
const nlsEn = json<Record<string, string>>('package.nls.json');
const nlsZh = json<Record<string, string>>('package.nls.zh-cn.json');
const bundleEn = json<Record<string, BundleEntry>>('l10n', 'bundle.l10n.json');
const bundleZh = json<Record<string, BundleEntry>>('l10n', 'bundle.l10n.zh-cn.json');

const NLS_KEY = /^%([\w.-]+)%$/;
/** Properties VS Code shows as text; in the manifest they must be %key% references. */
const TEXT_PROPS = new Set([
  'title',
  'description',
  'markdownDescription',
  'altText',
  'label',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
]);
/** The product's name is the same in every language (the settings section title). */
const VERBATIM = new Set(['Calico TLS']);

function* strings(v: unknown, path: string): Generator<[path: string, value: string]> {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* strings(x, `${path}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* strings(x, `${path}.${k}`);
}

/** Every `%key%` of the manifest, where it is. */
function nlsReferences(manifest: Manifest): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [path, s] of strings(manifest, '')) {
    const key = NLS_KEY.exec(s)?.[1];
    if (key) refs.set(key, path);
  }
  return refs;
}

/** %key% references without an entry in either nls file, entries nobody references, and key sets that differ. */
function nlsKeyProblems(manifest: Manifest, en: Record<string, string>, zh: Record<string, string>): string[] {
  const problems: string[] = [];
  const refs = nlsReferences(manifest);
  for (const [key, path] of refs) {
    if (!(key in en)) problems.push(`${path}: %${key}% is not in package.nls.json`);
    if (!(key in zh)) problems.push(`${path}: %${key}% is not in package.nls.zh-cn.json`);
  }
  for (const key of Object.keys(en)) if (!refs.has(key)) problems.push(`package.nls.json: ${key} is not used`);
  for (const key of Object.keys(zh))
    if (!(key in en)) problems.push(`package.nls.zh-cn.json: ${key} is not in English`);
  return problems;
}

/** Text properties of contributes and capabilities still written out in the manifest instead of a %key%. */
function literalTexts(manifest: Manifest): string[] {
  const out: string[] = [];
  const visit = (v: unknown, path: string, prop: string | undefined): void => {
    if (typeof v === 'string') {
      if (prop && TEXT_PROPS.has(prop) && !NLS_KEY.test(v) && !VERBATIM.has(v)) out.push(`${path}: ${v}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`, prop));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        // Inside configuration.properties and taskDefinitions[].properties the keys are names
        // (a setting or a task property could be called "title"); their values are schemas.
        visit(x, `${path}.${k}`, path.endsWith('.properties') ? undefined : k);
  };
  visit(manifest.contributes, 'contributes', undefined);
  visit(manifest.capabilities, 'capabilities', undefined);
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();
/** What a translation must keep exactly as the English has it. */
function kept(text: string, markdown: boolean): Record<string, string[]> {
  const k: Record<string, string[]> = {
    placeholders: sorted([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[0])),
  };
  if (markdown) {
    // Command links (the walkthrough's buttons) and code spans (parameter names, file names,
    // setting values: Calico's own words) stay verbatim.
    k.commandLinks = sorted([...text.matchAll(/\]\((command:[^)\s]+)\)/g)].map((m) => m[1]!));
    k.codeSpans = sorted([...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  }
  return k;
}

const message = (e: BundleEntry) => (typeof e === 'string' ? e : e.message);

/** Every translated text with its English: [key, English, 简体中文]. */
function translationPairs(): Array<[string, string, string]> {
  return [
    ...Object.entries(nlsZh).map(([k, zh]): [string, string, string] => [k, nlsEn[k] ?? '', zh]),
    ...Object.entries(bundleZh).map(([k, zh]): [string, string, string] => [
      k,
      message(bundleEn[k] ?? ''),
      message(zh),
    ]),
  ];
}

/** Translation against English: same keys, every value a non-empty string other than the English, the same placeholders (and links, code). */
function parityProblems(
  en: Record<string, BundleEntry>,
  zh: Record<string, BundleEntry>,
  { markdown, name }: { markdown: boolean; name: string },
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) if (!(key in zh)) problems.push(`${name}: no entry for ${JSON.stringify(key)}`);
  for (const [key, value] of Object.entries(zh)) {
    if (!(key in en)) {
      problems.push(`${name}: ${JSON.stringify(key)} is not an English key`);
      continue;
    }
    if (typeof value !== 'string' || !value.trim()) {
      problems.push(`${name}: ${JSON.stringify(key)} is not a translated string`);
      continue;
    }
    const english = message(en[key]!);
    if (value === english) problems.push(`${name}: ${JSON.stringify(key)} is left in English`);
    const want = kept(english, markdown);
    const got = kept(value, markdown);
    for (const what of Object.keys(want))
      if (JSON.stringify(want[what]) !== JSON.stringify(got[what]))
        problems.push(
          `${name}: ${JSON.stringify(key)}: ${what} ${JSON.stringify(got[what])}, English has ${JSON.stringify(want[what])}`,
        );
  }
  return problems;
}

/** The bundle @vscode/l10n-dev exports from client/src now. */
function exportBundle(): Record<string, BundleEntry> {
  const out = mkdtempSync(join(tmpdir(), 'calico-tls-l10n-'));
  try {
    const cli = join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, 'client/src'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out), ['bundle.l10n.json'], r.stdout + r.stderr);
    return JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, BundleEntry>;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Entries that differ between two bundles (by key, message and comment; the exporter's key order follows the file system's). */
function bundleDiff(a: Record<string, BundleEntry>, b: Record<string, BundleEntry>): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      out.push(`${k}: ${JSON.stringify(a[k])} ≠ ${JSON.stringify(b[k])}`);
  return out;
}

/** Strings the user sees that the client still writes out instead of passing through vscode.l10n.t. */
function unlocalizedLiterals(source: string): string[] {
  const re =
    /(?:show(?:Information|Warning|Error)Message\(\s*|\b(?:title|placeHolder|prompt|openLabel|detail|description):\s*(?:[^,;]*\?\s*)?|status\.(?:text|detail)\s*=\s*|appendLine\(\s*)(['"`][^'"`]*['"`])/g;
  return [...source.matchAll(re)].map((m) => m[0]);
}

/**
 * vscode.l10n.t calls whose message @vscode/l10n-dev cannot read: it exports a message only when
 * it is one string literal (a concatenation or a template with ${} is skipped without a word, and
 * the message then shows in English whatever the language).
 */
function unexportableCalls(source: string): string[] {
  const literal = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\x60[^\x60$]*\x60)`;
  const readable = new RegExp(String.raw`^l10n\.t\(\s*(?:${literal}\s*[,)]|\{\s*message:\s*${literal}\s*[,}])`);
  const out: string[] = [];
  for (const m of source.matchAll(/\bl10n\.t\(/g)) {
    const call = source.slice(m.index, m.index + 400);
    if (!readable.test(call)) out.push(call.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' '));
  }
  return out;
}

/** What the VS Code texts keep in English: code spans, {placeholders} and command link targets. */
const stayEnglish = (english: string) =>
  english
    .replace(/`[^`]*`/g, ' ')
    .replace(/\{\w+\}/g, ' ')
    .replace(/\]\(command:[^)]*\)/g, '] ');

test('every %key% of the manifest is in package.nls.json and package.nls.zh-cn.json, which have the same keys', () => {
  assert.equal(nlsReferences(pkg).size, Object.keys(nlsEn).length);
  assert.deepEqual(nlsKeyProblems(pkg, nlsEn, nlsZh), []);
  assert.deepEqual(sorted(Object.keys(nlsZh)), sorted(Object.keys(nlsEn)));
});

test('no text of contributes or capabilities is left in package.json where a %key% belongs', () => {
  assert.deepEqual(literalTexts(pkg), []);
  // What the brief names is covered: commands, settings, the walkthrough with its alt texts,
  // the task definition and the problem matcher.
  const refs = [...nlsReferences(pkg).values()];
  for (const where of [
    /^\.contributes\.commands\[\d+\]\.title$/,
    /^\.contributes\.configuration\.properties\.[\w.]+\.description$/,
    /^\.contributes\.configuration\.properties\.[\w.]+\.markdownDescription$/,
    /^\.contributes\.walkthroughs\[0\]\.(title|description)$/,
    /^\.contributes\.walkthroughs\[0\]\.steps\[\d\]\.(title|description)$/,
    /^\.contributes\.walkthroughs\[0\]\.steps\[\d\]\.media\.altText$/,
    /^\.contributes\.taskDefinitions\[0\]\.properties\.\w+\.description$/,
    /^\.contributes\.problemMatchers\[0\]\.label$/,
  ])
    assert.ok(
      refs.some((r) => where.test(r)),
      String(where),
    );
});

test('package.nls.zh-cn.json keeps the placeholders, command links and code of each English text', () => {
  assert.deepEqual(parityProblems(nlsEn, nlsZh, { markdown: true, name: 'package.nls.zh-cn.json' }), []);
});

test('l10n/bundle.l10n.zh-cn.json translates every English message and keeps its placeholders', () => {
  assert.ok(Object.keys(bundleEn).length >= 50);
  assert.deepEqual(parityProblems(bundleEn, bundleZh, { markdown: false, name: 'bundle.l10n.zh-cn.json' }), []);
});

test('l10n/bundle.l10n.json is what @vscode/l10n-dev exports from client/src now (npm run l10n:export)', () => {
  assert.equal(pkg.l10n, './l10n');
  assert.match(String((pkg.scripts as Record<string, string>)['l10n:export']), /^vscode-l10n-dev export client\/src$/);
  assert.deepEqual(bundleDiff(exportBundle(), bundleEn), []);
  // Written as the exporter writes it, so a re-export leaves no diff but the order of entries.
  const text = readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8');
  assert.equal(text, JSON.stringify(bundleEn, undefined, 2));
});

test('the translations use the terms docs/l10n/glossary.md fixes', () => {
  const terms = glossary(readFileSync(join(ROOT, 'docs', 'l10n', 'glossary.md'), 'utf8'));
  assert.ok(terms.length >= 50);
  for (const [en, zh] of terms) assert.ok(en && zh, `${en} | ${zh}`);
  const { problems, checked } = glossaryProblems(terms, translationPairs(), stayEnglish);
  assert.deepEqual(problems, []);
  assert.ok(checked >= 150, `${checked} uses of glossary terms checked`);
});

test('the client passes what the user reads through vscode.l10n.t, with no l10n library of its own', () => {
  for (const f of readdirSync(join(ROOT, 'client', 'src'))) {
    const src = readFileSync(join(ROOT, 'client', 'src', f), 'utf8');
    assert.deepEqual(unlocalizedLiterals(src), [], f);
    assert.deepEqual(unexportableCalls(src), [], `${f}: messages the exporter cannot read`);
    assert.doesNotMatch(src, /from '@vscode\/l10n'/, `${f}: vscode.l10n is the vscode API`);
  }
  // The generator's set descriptions are the catalog's words in English, translated at display.
  for (const s of SETS) assert.ok(s.description in bundleEn, `${s.kind}: ${s.description}`);
  // restart-policy.ts stays free of vscode; its English defaults are the bundle's messages.
  assert.ok(ENGLISH_RESTART_MESSAGES.restarted() in bundleEn);
  const gaveUp = Object.keys(bundleEn).find((k) => k.includes('crashed {0} times in {1} minutes'));
  assert.ok(gaveUp);
  assert.equal(ENGLISH_RESTART_MESSAGES.gaveUp(5, 3), gaveUp.replace('{0}', '5').replace('{1}', '3'));
});

test('negative controls: each checker finds a broken copy', () => {
  // A dropped placeholder, a renamed one, a missing and an extra key in the zh-cn bundle.
  const key = Object.keys(bundleEn).find((k) => message(bundleEn[k]!).includes('{folder}'))!;
  const check = (zh: Record<string, BundleEntry>) => parityProblems(bundleEn, zh, { markdown: false, name: 'x' });
  assert.equal(check({ ...bundleZh, [key]: String(bundleZh[key]).replace('{folder}', '') }).length, 1);
  assert.equal(check({ ...bundleZh, [key]: String(bundleZh[key]).replace('{folder}', '{0}') }).length, 1);
  const { [key]: _dropped, ...missing } = bundleZh;
  assert.match(check(missing).join(), /no entry/);
  assert.match(check({ ...bundleZh, 'Extra {0}': '额外 {0}' }).join(), /not an English key/);
  assert.match(check({ ...bundleZh, [key]: message(bundleEn[key]!) }).join(), /left in English/);
  // A command link or a code span changed in the manifest's translation.
  const nlsCheck = (zh: Record<string, string>) => parityProblems(nlsEn, zh, { markdown: true, name: 'x' });
  const step = 'walkthrough.gettingStarted.lint.description';
  assert.match(
    nlsCheck({
      ...nlsZh,
      [step]: nlsZh[step]!.replace('command:calicoTls.lintWorkspace', 'command:calicoTls.lint'),
    }).join(),
    /commandLinks/,
  );
  const rules = 'configuration.rules.markdownDescription';
  assert.match(nlsCheck({ ...nlsZh, [rules]: nlsZh[rules]!.replace('`warning`', '`警告`') }).join(), /codeSpans/);
  // A literal title, a %key% missing from one file, an unused key.
  const broken = JSON.parse(JSON.stringify(pkg)) as Manifest & {
    contributes: { commands: Array<{ title: string }>; problemMatchers: Array<{ label: string }> };
  };
  broken.contributes.commands[0]!.title = 'Lint workspace';
  broken.contributes.problemMatchers[0]!.label = '%problemMatcher.nowhere.label%';
  assert.deepEqual(literalTexts(broken), ['contributes.commands[0].title: Lint workspace']);
  const problems = nlsKeyProblems(broken, nlsEn, nlsZh).join('\n');
  assert.match(problems, /%problemMatcher\.nowhere\.label% is not in package\.nls\.json/);
  assert.match(problems, /command\.lintWorkspace\.title is not used/);
  // A stale bundle: a message the source no longer has, one it has that the bundle lacks.
  const { [key]: _gone, ...stale } = bundleEn;
  assert.equal(bundleDiff({ ...stale, 'Old message': 'Old message' }, bundleEn).length, 2);
  // A term translated otherwise than the glossary says.
  const terms = glossary(readFileSync(join(ROOT, 'docs', 'l10n', 'glossary.md'), 'utf8'));
  const drift = translationPairs().map(([k, en, zh]): [string, string, string] => [k, en, zh.replace(/私钥/g, '密钥')]);
  assert.match(glossaryProblems(terms, drift, stayEnglish).problems.join('\n'), /"key" is not translated as 私钥/);
  // A message the exporter would skip.
  assert.equal(
    unexportableCalls(
      "vscode.l10n.t('a ' +\n 'b');\nvscode.l10n.t(`x ${y}`);\nvscode.l10n.t({ message: 'c' + d });\n" +
        "vscode.l10n.t('ok {0}', 1);\nvscode.l10n.t({ message: 'ok', comment: ['c'] });\nvscode.l10n.t(`ok`);",
    ).length,
    3,
  );
  // A notification or a title written out in the client.
  assert.equal(
    unlocalizedLiterals(
      "showWarningMessage('Calico TLS: oops');\n{ title: `Calico TLS: ${x}` }\nstatus.text = 'x';\nplaceHolder: a ? 'A' : 'B'",
    ).length,
    4,
  );
});
