// The extension manifest (package.json contributes) against the code and the package it ships
// in: settings scopes, the task type the client provides, the walkthrough's commands and images,
// and the VSIX's own README with its images packaged (so the extension page renders offline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestText, repoRoot } from './helpers';
import { RULES } from '../server/src/engine';

const ROOT = repoRoot();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, { scope?: string }> };
    commands: Array<{ command: string }>;
    taskDefinitions: Array<{ type: string; properties: Record<string, unknown> }>;
    problemMatchers: Array<{ name: string; source: string }>;
    walkthroughs: Array<{
      id: string;
      title: string;
      steps: Array<{
        id: string;
        title: string;
        description: string;
        media: { image?: string; altText?: string };
        completionEvents?: string[];
      }>;
    }>;
  };
};

/** What `vsce ls` says the VSIX holds (the package.json `files` list `vsce package` applies). */
const packaged = new Set(
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);

test('settings a folder can set differently are resource-scoped; the trace is per window', () => {
  const props = pkg.contributes.configuration.properties;
  for (const id of ['enable', 'rules', 'exclude', 'include', 'expiryWarningDays'])
    assert.equal(props[`calicoTls.${id}`]?.scope, 'resource', `calicoTls.${id}`);
  assert.equal(props['calicoTls.trace.server']?.scope, 'window');
  for (const [id, p] of Object.entries(props)) assert.ok(p.scope, `${id} declares its scope`);
});

test('the palette offers the commands that need the server only while it runs; the context key is set by the client', () => {
  const menus = (pkg.contributes as unknown as { menus: Record<string, Array<{ command: string; when?: string }>> })
    .menus;
  const palette = new Map(menus.commandPalette!.map((m) => [m.command, m.when]));
  for (const c of ['calicoTls.lintWorkspace', 'calicoTls.generate', 'calicoTls.showRuleDocumentation'])
    assert.equal(palette.get(c), 'calicoTls.serverRunning', c);
  for (const c of ['calicoTls.restartServer', 'calicoTls.showOutput']) assert.ok(!palette.has(c), `${c} always`);
  const ext = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  assert.match(ext, /'setContext', 'calicoTls\.serverRunning'/);
  assert.equal(
    menus['editor/context']!.find((m) => m.command === 'calicoTls.showRuleDocumentation')?.when,
    'calicoTls.findingAtCursor',
  );
});

test('the task type the client provides is declared, activates the extension and uses the problem matcher', () => {
  const src = readFileSync(join(ROOT, 'client', 'src', 'tasks.ts'), 'utf8');
  const type = /export const TASK_TYPE = '([^']+)'/.exec(src)?.[1];
  assert.ok(type);
  const def = pkg.contributes.taskDefinitions.find((d) => d.type === type);
  assert.ok(def, 'taskDefinitions declares the type');
  assert.deepEqual(Object.keys(def.properties).sort(), ['args', 'paths']);
  assert.ok(pkg.activationEvents.includes(`onTaskType:${type}`));
  const matcher = pkg.contributes.problemMatchers.find((m) => `$${m.name}` === '$calico-tls');
  assert.ok(matcher && src.includes("['$calico-tls']"), 'the task is read by the contributed matcher');
  // Told apart from the language server's diagnostics (source 'calico-tls') in the Problems view,
  // and owned apart: the marker owner of the server's pull diagnostics is its diagnosticProvider
  // identifier; a task matcher with the same owner would replace them (and VS Code hides an
  // extension's own owners from getDiagnostics' mirror of task problems).
  assert.equal(matcher.source, 'calico-tls lint');
  const server = readFileSync(join(ROOT, 'server', 'src', 'lsp', 'server.ts'), 'utf8');
  assert.match(server, /diagnosticProvider: \{ identifier: SOURCE,/);
  const source = /export const SOURCE = '([^']+)'/.exec(
    readFileSync(join(ROOT, 'server', 'src', 'lsp', 'convert.ts'), 'utf8'),
  )?.[1];
  assert.ok(source);
  assert.notEqual((matcher as { owner?: string }).owner, source);
  assert.equal((matcher as { owner?: string }).owner, 'calico-tls-lint');
  assert.ok(packaged.has('dist/cli.js'), 'the task runs the CLI bundled in the VSIX');
});

test('the walkthrough: four steps with packaged images and alt text, buttons that run real commands', () => {
  const [w] = pkg.contributes.walkthroughs;
  assert.ok(w);
  assert.equal(manifestText(w.title), 'Get started with Calico TLS');
  assert.deepEqual(
    w.steps.map((s) => s.id),
    ['lint', 'quickFix', 'hover', 'generate'],
  );
  const ours = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const s of w.steps) {
    assert.ok(s.media.image && s.media.altText && manifestText(s.media.altText), `${s.id}: image with alt text`);
    assert.ok(existsSync(join(ROOT, s.media.image)), `${s.id}: ${s.media.image} exists`);
    assert.ok(packaged.has(s.media.image), `${s.id}: ${s.media.image} is in the VSIX`);
    const buttons = [...manifestText(s.description).matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
    assert.equal(buttons.length, 1, `${s.id}: one button`);
    for (const e of s.completionEvents ?? []) {
      assert.match(e, /^onCommand:/);
      assert.ok(buttons.includes(e.slice('onCommand:'.length)), `${s.id}: completes on its own button`);
    }
    for (const b of buttons.filter((x) => x.startsWith('calicoTls.'))) assert.ok(ours.has(b), `${s.id}: ${b}`);
  }
});

test('the VSIX carries the translations: package.nls files and the l10n bundles', () => {
  assert.equal((pkg as unknown as { l10n?: string }).l10n, './l10n');
  for (const f of [
    'package.nls.json',
    'package.nls.zh-cn.json',
    'l10n/bundle.l10n.json',
    'l10n/bundle.l10n.zh-cn.json',
  ])
    assert.ok(packaged.has(f), `${f} is in the VSIX`);
});

test('the VSIX carries every rule page, in English and in 简体中文 (docs/rules/zh-cn)', () => {
  for (const r of RULES)
    for (const f of [`docs/rules/${r.meta.id}.md`, `docs/rules/zh-cn/${r.meta.id}.md`])
      assert.ok(packaged.has(f), `${f} is in the VSIX`);
  assert.ok(packaged.has('docs/rules/README.md') && packaged.has('docs/rules/zh-cn/README.md'));
});

test('the VSIX README is the marketplace one, and every image it shows is packaged', () => {
  assert.match(pkg.scripts.package!, /--readme-path docs\/marketplace\/README\.md --no-rewrite-relative-links/);
  // The comment at the top is for maintainers; VS Code does not render it.
  const md = readFileSync(join(ROOT, 'docs', 'marketplace', 'README.md'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const images = [...md.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(images.length >= 4);
  for (const img of images) {
    assert.doesNotMatch(img, /^https?:/, 'offline: packaged, not fetched');
    assert.ok(packaged.has(img), `${img} is in the VSIX`);
  }
  // Written for extension users: no development commands.
  assert.doesNotMatch(md, /npm (ci|test|run)/);
});
