// The UI test (issue #7, item 4): the workbench driven as a person would, with keyboard and
// mouse, in code-server through chromium. Called by scripts/vscode-test.mjs with a page that
// has the workbench open on a fresh copy of examples/typha-felix-broken. Throws on failure.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

// How long one step may take; the runner's negative control shortens it (runUiTest's stepMs).
let STEP_MS = 30_000;

/** The text of the active editor's visible lines (Monaco renders spaces as nbsp). */
async function editorText(page) {
  return (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(
    /\u00a0/g,
    ' ',
  );
}

async function waitEditorText(page, re, what) {
  const end = Date.now() + STEP_MS;
  for (;;) {
    const t = await editorText(page).catch(() => '');
    if (re.test(t)) return t;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the editor shows:\n${t.slice(0, 600)}`);
    await page.waitForTimeout(200);
  }
}

async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: STEP_MS });
}

/** The rendered span of the first occurrence of `text` in the active editor. */
function token(page, text) {
  return page
    .locator('.editor-group-container.active .monaco-editor .view-lines span', { hasText: new RegExp(`^${text}$`) })
    .first();
}

/**
 * Moves the mouse onto `target` until a hover containing `text` shows. The target is measured
 * again on each try: code lenses and diagnostics arriving move the lines under the mouse.
 */
async function hoverUntil(page, target, text, dx) {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: text }).first();
  const end = Date.now() + STEP_MS;
  for (;;) {
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (box) {
      await page.mouse.move(5, 5);
      await page.mouse.move(box.x + (dx ?? box.width / 2), box.y + box.height / 2);
      try {
        await hover.waitFor({ timeout: 3000 });
        await settled(page, hover);
        return;
      } catch {
        /* not yet: measure and move again */
      }
    }
    if (Date.now() > end) throw new Error(`no hover with '${text}' appeared over the target`);
  }
}

/**
 * Waits until `locator` has finished fading in: its CSS animations (Monaco's hover and menus
 * fade in) are over and it and its ancestors are fully opaque, so a screenshot shows it as a
 * person sees it, not half-transparent.
 */
async function settled(page, locator) {
  await locator.evaluate(async (el) => {
    await Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)));
  });
  const handle = await locator.elementHandle();
  await page.waitForFunction(
    (el) => {
      for (let e = el; e; e = e.parentElement) if (Number(globalThis.getComputedStyle(e).opacity) < 1) return false;
      return true;
    },
    handle,
    { timeout: STEP_MS },
  );
  await handle?.dispose();
}

/** Clicks the quick-input item named exactly `label` (when a longer one ranks first). */
async function pickExact(page, label, prefix = '') {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill(prefix + label);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  });
  await row.first().waitFor({ timeout: STEP_MS });
  await row.first().click();
}

/** Picks the quick-input item whose label is `label` (typing filters the list). */
async function pickItem(page, label, prefix = '') {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill(prefix + label);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: label })
    .first()
    .waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
}

/** Logs each passed step and counts them. */
function stepper(log) {
  let n = 0;
  return {
    step: (what) => {
      n++;
      log(`  ✔ ${what}`);
    },
    steps: () => n,
  };
}

/**
 * Waits for the workbench and its Explorer, opens calico-node.yaml from Quick Open and waits
 * for a squiggle; returns the misspelt FELIX_TYPHA_CAFILE's token.
 */
async function openBrokenManifest(page, step) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page
    .locator('.explorer-folders-view .monaco-list-row', { hasText: 'calico-node.yaml' })
    .first()
    .waitFor({ timeout: 60_000 });
  step('the workbench opened the workspace');
  await quickOpen(page, 'calico-node.yaml');
  await waitEditorText(page, /FELIX_TYPHA_CAFILE/, 'calico-node.yaml');
  const bad = token(page, 'FELIX_TYPHA_CAFILE');
  await bad.scrollIntoViewIfNeeded();
  await page.locator('.editor-group-container.active .squiggly-error').first().waitFor({ timeout: STEP_MS });
  return bad;
}

export async function runUiTest(page, { ws, shots, log, stepMs = 30_000 }) {
  STEP_MS = stepMs;
  const { step, steps } = stepper(log);
  // 1. A broken manifest shows a squiggle on the misspelt parameter; hovering it explains why.
  const bad = await openBrokenManifest(page, step);
  step('squiggles appear in calico-node.yaml');
  await hoverUntil(page, bad, 'Did you mean FELIX_TYPHACAFILE?');
  await page.screenshot({ path: join(shots, 'squiggle-hover.png') });
  step('hovering the squiggle shows the finding (screenshot squiggle-hover.png)');

  // 1b. Hovering a certificate in a Secret shows it decoded.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await quickOpen(page, 'certs.yaml');
  await waitEditorText(page, /calico-typha-certs/, 'certs.yaml');
  const crt = page
    .locator('.editor-group-container.active .monaco-editor .view-lines span', {
      hasText: /^LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t/,
    })
    .first();
  // The code lens above the key appears with the first analysis and moves the line down.
  await page
    .locator('.editor-group-container.active .codelens-decoration', { hasText: 'typha-server' })
    .first()
    .waitFor({ timeout: STEP_MS });
  await hoverUntil(page, crt, 'CN=typha-server', 60);
  await page.screenshot({ path: join(shots, 'certificate-hover.png') });
  step('hovering a certificate in a Secret shows it decoded (screenshot certificate-hover.png)');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.tab', { hasText: 'calico-node.yaml' }).first().click();
  await waitEditorText(page, /FELIX_TYPHA_CAFILE/, 'calico-node.yaml');

  // 2. Quick-fix menu from the keyboard: put the cursor on the name, Ctrl+. and pick the rename.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await bad.click();
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu
    .locator('.monaco-list-row', { hasText: 'Rename to FELIX_TYPHACAFILE' })
    .first()
    .waitFor({ timeout: STEP_MS });
  await settled(page, menu);
  await page.screenshot({ path: join(shots, 'quick-fix-menu.png') });
  step('Ctrl+. opens the quick-fix menu with the rename (screenshot quick-fix-menu.png)');
  const rows = await menu.locator('.monaco-list-row').allInnerTexts();
  const target = rows.findIndex((r) => r.includes('Rename to FELIX_TYPHACAFILE'));
  const focused = await menu
    .locator('.monaco-list-row')
    .evaluateAll((els) => els.findIndex((e) => e.classList.contains('focused')));
  for (let i = Math.max(focused, 0); i < target; i++) await page.keyboard.press('ArrowDown');
  for (let i = Math.max(focused, 0); i > target; i--) await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await waitEditorText(page, /- name: FELIX_TYPHACAFILE\b/, 'the renamed parameter');
  const end = Date.now() + STEP_MS;
  while ((await editorText(page)).includes('FELIX_TYPHA_CAFILE')) {
    if (Date.now() > end) throw new Error('the fix did not replace FELIX_TYPHA_CAFILE');
    await page.waitForTimeout(200);
  }
  step('Enter applies the fix: FELIX_TYPHA_CAFILE became FELIX_TYPHACAFILE');

  // 3. A Calico TLS command from the command palette: the certificate wizard, by keyboard.
  await page.keyboard.press('F1');
  await pickItem(page, 'Calico TLS: Generate certificates', '>');
  for (const label of ['typha', 'ecdsa-p256', 'SHA-256']) await pickItem(page, label);
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.press('Enter'); // 365 days, the default
  for (const label of ['cn', 'manual']) await pickItem(page, label);
  // The open dialog (VS Code's simple dialog in the browser): it fills in the workspace folder
  // itself once it has listed it; then type the sub-folder and press its OK button.
  const dialogInput = page.locator('.quick-input-widget input');
  const ok = page.locator('.quick-input-widget .monaco-button', { hasText: 'Write the certificates here' });
  await ok.waitFor({ state: 'visible', timeout: STEP_MS });
  const folder = `${join(ws, 'generated')}/`;
  for (const stop = Date.now() + STEP_MS; ;) {
    if ((await dialogInput.inputValue()).startsWith(ws)) break;
    if (Date.now() > stop) throw new Error(`the folder dialog did not show ${ws}`);
    await page.waitForTimeout(200);
  }
  await dialogInput.fill(folder);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor({ timeout: STEP_MS });
  await page.waitForTimeout(500);
  if ((await dialogInput.inputValue()) !== folder)
    throw new Error(`the folder dialog shows ${await dialogInput.inputValue()}, not ${folder}`);
  await ok.click();
  const manifest = join(ws, 'generated', 'typha-felix-tls.yaml');
  const until = Date.now() + STEP_MS;
  while (!existsSync(manifest) && Date.now() < until) await page.waitForTimeout(200);
  if (!existsSync(manifest)) throw new Error(`the wizard did not write ${manifest}`);
  if ((statSync(join(ws, 'generated', 'ca.key')).mode & 0o777) !== 0o600) throw new Error('ca.key is not 0600');
  await page.locator('.tab.active', { hasText: 'typha-felix-tls.yaml' }).waitFor({ timeout: STEP_MS });
  // Expand the folder in the Explorer (the file watcher may deliver the new files a moment later).
  const folderRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^generated$/ }).first();
  const keyRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'typha.key' }).first();
  for (const stop = Date.now() + STEP_MS; !(await keyRow.isVisible());) {
    if (Date.now() > stop) throw new Error('the generated files do not appear in the Explorer');
    if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
    await page.waitForTimeout(500);
  }
  await page.waitForTimeout(1500); // let diagnostics of the opened manifest arrive before counting
  const squiggles = await page
    .locator('.editor-group-container.active .squiggly-error, .editor-group-container.active .squiggly-warning')
    .count();
  if (squiggles) throw new Error(`the generated manifest shows ${squiggles} error/warning squiggles`);
  await page.screenshot({ path: join(shots, 'generated-files.png') });
  step(
    'F1 → "Calico TLS: Generate certificates…" writes the set and opens its manifest, clean (screenshot generated-files.png)',
  );

  // 3b. The lint task from Terminal > Run Task: its findings fill the Problems view.
  await page.keyboard.press('F1');
  await pickExact(page, 'Tasks: Run Task', '>');
  await pickItem(page, 'calico-tls');
  await pickItem(page, 'calico-tls: lint');
  // The terminal says the task ended; then the Problems view holds the matcher's findings.
  await page
    .locator('.terminal-wrapper, .xterm-screen', { hasText: /terminated with exit code: 1/ })
    .first()
    .waitFor({ timeout: STEP_MS })
    .catch(() => undefined); // the terminal may render on a canvas: the Problems view decides
  await page.keyboard.press('Control+Shift+M');
  // Rows of the Problems view: the task's (source "calico-tls lint") beside the server's
  // ("calico-tls"; a shared marker owner would replace them).
  const problemRows = async () =>
    (await page.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  for (const stop = Date.now() + STEP_MS; ;) {
    const rows = await problemRows();
    const fromTask = rows.filter((r) => /calico-tls lint [a-z0-9-]+ \[Ln \d+/.test(r));
    // The row reads "… calico-tls lint <rule> [Ln 39, Col 22]" (the parentheses are CSS).
    const fromServer = rows.filter((r) => /calico-tls (?!lint )[a-z0-9-]+ \[Ln \d+/.test(r));
    if (fromTask.length && fromServer.length) break;
    if (Date.now() > stop)
      throw new Error(
        `the Problems view lacks the task's or the server's findings: ${rows.join(' | ').slice(0, 1500)}`,
      );
    await page.waitForTimeout(300);
  }
  await settled(page, page.locator('.part.panel, .panel').first());
  await page.screenshot({ path: join(shots, 'task-problems.png') });
  step('Tasks: Run Task → calico-tls: lint fills the Problems view (screenshot task-problems.png)');
  await page.keyboard.press('Control+J'); // the panel away again

  // 4. The walkthrough, from the Welcome page as a new user finds it.
  await page.keyboard.press('F1');
  await pickItem(page, 'Help: Welcome', '>');
  const welcome = page.locator('.gettingStartedContainer');
  await welcome.waitFor({ state: 'visible', timeout: STEP_MS });
  const entry = welcome
    .locator('button, .getting-started-category', { hasText: 'Get started with Calico TLS' })
    .first();
  // On a first start the Welcome page opens VS Code's own setup walkthrough: back to the list.
  const back = welcome.locator('.prev-button', { hasText: 'Welcome' }).first();
  await page.waitForTimeout(500);
  if (await back.isVisible().catch(() => false)) await back.click();
  await welcome.locator('.getting-started-category').first().waitFor({ state: 'visible', timeout: STEP_MS });
  if (!(await entry.isVisible().catch(() => false))) {
    // Past the first few walkthroughs, the Welcome page folds the rest under "More...".
    const more = welcome.locator('.button-link, a, button', { hasText: /^More/ }).first();
    if (await more.isVisible().catch(() => false)) await more.click();
  }
  await entry.waitFor({ state: 'visible', timeout: STEP_MS });
  await entry.click();
  for (const title of ['Lint the workspace', 'Apply a quick fix', 'Hover a certificate', 'Generate a certificate set'])
    await welcome.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: STEP_MS });
  const image = welcome.locator('.getting-started-media img').first();
  await image.waitFor({ state: 'visible', timeout: STEP_MS });
  const loaded = await image.evaluate((img) => img.complete && img.naturalWidth > 0);
  if (!loaded) throw new Error("the walkthrough's step image did not load from the extension");
  await settled(page, welcome);
  await page.screenshot({ path: join(shots, 'walkthrough.png') });
  step('Help: Welcome lists "Get started with Calico TLS"; its four steps and image show (screenshot walkthrough.png)');
  return steps();
}

const HAN = /[\u4e00-\u9fff]/;

/**
 * The same workbench with the display language set to 简体中文 (issue #20): the squiggle hover,
 * the certificate hover and its code lens, the quick-fix menu, the command palette entries and
 * the generate wizard speak Chinese. Screenshots zh-cn-*.png. Called on a fresh session whose
 * code-server runs with `--locale zh-cn`.
 */
export async function runUiTestZh(page, { shots, log, stepMs = 30_000 }) {
  STEP_MS = stepMs;
  const { step, steps } = stepper(log);
  // 1. The squiggle's hover: the finding in Chinese, Calico's own names verbatim.
  const bad = await openBrokenManifest(page, step);
  await hoverUntil(page, bad, /FELIX_TYPHA_CAFILE 不是 Felix 参数/);
  const hoverText = await page.locator('.monaco-hover:not(.hidden)').first().innerText();
  if (!hoverText.includes('FELIX_TYPHACAFILE')) throw new Error(`the hover lacks the parameter's name:\n${hoverText}`);
  await page.screenshot({ path: join(shots, 'zh-cn-squiggle-hover.png') });
  step('hovering the squiggle shows the finding in Chinese (screenshot zh-cn-squiggle-hover.png)');

  // 2. The certificate hover and code lens.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await quickOpen(page, 'certs.yaml');
  await waitEditorText(page, /calico-typha-certs/, 'certs.yaml');
  const lens = page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'typha-server' }).first();
  await lens.waitFor({ timeout: STEP_MS });
  const lensText = await lens.innerText();
  if (!HAN.test(lensText)) throw new Error(`the code lens is not Chinese: ${lensText}`);
  const crt = page
    .locator('.editor-group-container.active .monaco-editor .view-lines span', {
      hasText: /^LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t/,
    })
    .first();
  await hoverUntil(page, crt, /颁发者/, 60);
  await page.screenshot({ path: join(shots, 'zh-cn-certificate-hover.png') });
  step('the certificate hover and its code lens are Chinese (screenshot zh-cn-certificate-hover.png)');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.tab', { hasText: 'calico-node.yaml' }).first().click();
  await waitEditorText(page, /FELIX_TYPHA_CAFILE/, 'calico-node.yaml');

  // 3. The quick-fix menu.
  await bad.click();
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu
    .locator('.monaco-list-row', { hasText: /重命名为 FELIX_TYPHACAFILE/ })
    .first()
    .waitFor({ timeout: STEP_MS });
  const titles = await menu.locator('.monaco-list-row').allInnerTexts();
  const english = titles.filter((t) => /\b(Rename|Disable|Show documentation|Fix all)\b/.test(t));
  if (english.length) throw new Error(`quick-fix titles still English: ${english.join(' | ')}`);
  await settled(page, menu);
  await page.screenshot({ path: join(shots, 'zh-cn-quick-fix-menu.png') });
  step('Ctrl+. lists the fixes in Chinese (screenshot zh-cn-quick-fix-menu.png)');
  await page.keyboard.press('Escape');

  // 4. The command palette and the generate wizard.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill('>Calico TLS: 生成证书');
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Calico TLS: 生成证书…' })
    .first()
    .waitFor({ timeout: STEP_MS });
  step('the command palette lists "Calico TLS: 生成证书…"');
  await page.keyboard.press('Enter');
  const widget = page.locator('.quick-input-widget');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'typha' }).first().waitFor({ timeout: STEP_MS });
  const prompt = [
    await widget
      .locator('.quick-input-title')
      .innerText()
      .catch(() => ''),
    await input.getAttribute('placeholder').catch(() => ''),
    await input.getAttribute('aria-label').catch(() => ''),
  ].join(' ');
  if (!HAN.test(prompt)) throw new Error(`the wizard's prompt is not Chinese: ${prompt}`);
  await settled(page, widget);
  await page.screenshot({ path: join(shots, 'zh-cn-generate-wizard.png') });
  step('the generate wizard asks in Chinese (screenshot zh-cn-generate-wizard.png)');
  await page.keyboard.press('Escape');
  return steps();
}
