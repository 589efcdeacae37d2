// The language server speaks the language the editor asked for in `initialize` (issue #20
// item 2): VS Code sends its display language as `locale`; 'zh-cn' gives 简体中文 findings,
// hovers (certificate, parameter, rule summary), code lenses, code action titles and rule
// pages, and calicoTls.generate's refusals; anything else, or no locale, the English as before.
// Drives the built server over stdio as an editor does (the harness of client.ts, with a locale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { RULES_BY_ID } from '../../server/src/engine';
import { startServer } from './client';

const CJK = /[\u4e00-\u9fff]/;

interface Client {
  request<T>(method: string, params: unknown): Promise<T>;
  open(uri: string, text: string): void;
  diagnostics(uri: string, pred: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

/** The built server (client.ts's harness), initialised with `locale` (omitted when undefined). */
async function start(root: string, locale: string | undefined): Promise<Client> {
  const c = await startServer(
    root,
    { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true } },
    [],
    undefined,
    locale === undefined ? {} : { locale },
  );
  return {
    request: (method, params) => c.conn.sendRequest(method, params),
    open: (uri, text) =>
      void c.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: uri.endsWith('.cfg') ? 'ini' : 'yaml', version: 1, text },
      }),
    diagnostics: (uri, pred) => c.waitFor(uri, pred),
    close: () => c.close(),
  };
}

/** The line and character of `needle` (plus `shift` characters) in `text`. */
function position(text: string, needle: string, shift = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

interface Seen {
  message: string;
  certHover: string;
  paramHover: string;
  titles: string[];
  lenses: string[];
  ruleDoc: string;
}

/** What the server shows for an expired Typha certificate and a felix.cfg parameter. */
async function seen(locale: string | undefined): Promise<Seen> {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-locale-'));
  const c = await start(root, locale);
  try {
    // The rule's own example: a Secret holding an expired Typha server certificate.
    const secret = RULES_BY_ID.get('cert-expired')!.meta.examples.bad[0]!.files[0]!.text;
    const uri = `file://${root}/secret.yaml`;
    c.open(uri, secret);
    const [d] = (await c.diagnostics(uri, (ds) => ds.some((x) => x.code === 'cert-expired'))).filter(
      (x) => x.code === 'cert-expired',
    );
    const cfg = '[global]\nTyphaCAFile = /etc/calico/ca.crt\n';
    const cfgUri = `file://${root}/felix.cfg`;
    c.open(cfgUri, cfg);
    await c.diagnostics(cfgUri, () => true);
    const hover = async (u: string, pos: { line: number; character: number }) =>
      (
        (await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
          textDocument: { uri: u },
          position: pos,
        })) ?? { contents: { value: '' } }
      ).contents.value;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d!.range,
      context: { diagnostics: [d] },
    });
    const lenses = await c.request<Array<{ command: { title: string } }>>('textDocument/codeLens', {
      textDocument: { uri },
    });
    return {
      message: d!.message,
      certHover: await hover(uri, position(secret, 'tls.crt: ', 12)),
      paramHover: await hover(cfgUri, { line: 1, character: 3 }),
      titles: actions.map((a) => a.title),
      lenses: lenses.map((l) => l.command.title),
      ruleDoc: await c.request<string>('workspace/executeCommand', {
        command: 'calicoTls.ruleDoc',
        arguments: ['cert-expired'],
      }),
    };
  } finally {
    await c.close();
  }
}

test("initialize's locale zh-cn: findings, hovers, code actions, code lenses and rule pages in 简体中文", async () => {
  const s = await seen('zh-cn');
  // The finding (bundle cert-expired/expired, common/certOne).
  assert.match(s.message, /：证书“[^”]+”已于 \d{4}-\d\d-\d\d 过期。$/, s.message);
  // The certificate view, with the rule's summary from its translated page.
  assert.match(s.certHover, /\| 主题 \| `[^`]*CN=/, s.certHover);
  assert.match(s.certHover, /\| 有效期 \| \d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d（已于 \d+ 天前过期）/, s.certHover);
  assert.match(s.certHover, /# cert-expired/);
  assert.match(s.certHover, /## 原因/);
  assert.doesNotMatch(s.certHover, /\| Subject \||## Why|\(expired/);
  // The parameter documentation: labels and Calico's description, the names verbatim.
  assert.match(s.paramHover, /\*\*Felix 参数 `TyphaCAFile`\*\*/, s.paramHover);
  assert.match(s.paramHover, /与 Typha 通信时使用的 TLS CA 文件的路径/);
  assert.match(s.paramHover, /- 写法：环境变量 `FELIX_TYPHACAFILE`/);
  assert.match(s.paramHover, /- 易错点：/);
  assert.doesNotMatch(s.paramHover, /Path to the TLS CA file|Read by|Pitfall/);
  // Code action titles, the rule id verbatim.
  assert.ok(s.titles.includes('对此行禁用 cert-expired'), JSON.stringify(s.titles));
  assert.ok(s.titles.includes('显示 cert-expired 的规则文档'), JSON.stringify(s.titles));
  assert.ok(
    s.titles.every((t) => CJK.test(t)),
    JSON.stringify(s.titles),
  );
  // Code lens above the material.
  assert.ok(
    s.lenses.some((l) => / · 颁发者 .* · 已于 \d+ 天前过期$/.test(l)),
    JSON.stringify(s.lenses),
  );
  // calicoTls.ruleDoc: the translated page.
  assert.match(s.ruleDoc, /## 原因/);
});

test('no locale, or English: everything as before', async () => {
  const s = await seen(undefined);
  assert.match(s.message, /: certificate '[^']+' expired on \d{4}-\d\d-\d\d\.$/, s.message);
  assert.match(s.certHover, /\| Subject \| `[^`]*CN=/, s.certHover);
  assert.match(s.certHover, /\| Valid \| \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(expired \d+ days? ago\)/, s.certHover);
  assert.match(s.certHover, /## Why/);
  assert.match(s.paramHover, /\*\*Felix parameter `TyphaCAFile`\*\*/, s.paramHover);
  assert.match(s.paramHover, /Path to the TLS CA file to use when communicating with Typha/);
  assert.match(s.paramHover, /- Pitfall: any Typha TLS setting/);
  assert.ok(s.titles.includes('Disable cert-expired for this line'), JSON.stringify(s.titles));
  assert.ok(s.titles.includes('Show documentation for cert-expired'), JSON.stringify(s.titles));
  assert.ok(
    s.lenses.some((l) => / · issuer .* · expired \d+ days? ago$/.test(l)),
    JSON.stringify(s.lenses),
  );
  assert.match(s.ruleDoc, /## Why/);
  for (const text of [s.message, s.certHover, s.paramHover, ...s.titles, ...s.lenses, s.ruleDoc])
    assert.doesNotMatch(text, CJK, text);
  // 'en-US' is English too.
  const en = await seen('en-US');
  assert.deepEqual(en, s);
});

/** calicoTls.generate's answer to refused input (the generator's messages, certgen/messages.ts). */
async function generateRefused(locale: string | undefined): Promise<{ error: string; written: boolean }> {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-locale-gen-'));
  const c = await start(root, locale);
  try {
    const r = await c.request<{ error: string }>('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'etcd', options: { serverIps: ['nope'], namespace: 'Bad_NS' }, outDir: 'certs' }],
    });
    return { error: r.error, written: existsSync(join(root, 'certs')) };
  } finally {
    await c.close();
  }
}

test("calicoTls.generate refuses bad input in the session's language, and writes nothing", async () => {
  const zh = await generateRefused('zh-cn');
  assert.equal(
    zh.error,
    "namespace“Bad_NS”不是有效的 Kubernetes 命名空间（只能包含小写字母、数字和 '-'，最多 63 个字符，" +
      '且必须以字母或数字开头和结尾）；etcd 服务器地址“nope”不是有效的 IP 地址（--server-ip）',
  );
  assert.equal(zh.written, false);
  const en = await generateRefused(undefined);
  assert.equal(
    en.error,
    "namespace 'Bad_NS' is not a valid Kubernetes namespace (lower-case letters, digits and '-', at most 63, " +
      "starting and ending with a letter or digit); etcd server address 'nope' is not a valid IP address (--server-ip)",
  );
  assert.equal(en.written, false);
});
