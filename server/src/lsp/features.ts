/**
 * Editor features over the engine's services: code actions (fixes carried in Diagnostic.data,
 * disable comments, rule documentation, fix-all), hover, completion, navigation, symbols and
 * code lenses. Each converts engine offsets to LSP positions and nothing more.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  SymbolKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
  type Location,
} from 'vscode-languageserver/node';
import {
  completionsAt,
  disableFileEdit,
  disableNextLineEdit,
  fixAllEdits,
  hoverAt,
  lensesOf,
  symbolsOf,
  type Analysis,
  type DocSymbol,
  type ParsedFile,
} from '../engine';
import type { Locale } from '../engine/l10n/messages';
import { fixAction, SOURCE, workspaceEdit, type DiagnosticData } from './convert';
import type { Diagnostics } from './diagnostics';
import { lspSay } from './messages';
import type { Pos } from './params';
import type { WorkspaceIndex } from './workspace-index';

const SYMBOL_KIND: Record<DocSymbol['kind'], SymbolKind> = {
  object: SymbolKind.Object,
  container: SymbolKind.Module,
  key: SymbolKind.Key,
};

export class Features {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly diagnostics: Diagnostics,
    /** The language the client asked for in `initialize`. */
    private readonly locale: () => Locale = () => 'en',
  ) {}

  private say(id: string, data?: Readonly<Record<string, string>>): string {
    return lspSay(this.locale(), id, data);
  }

  private range(file: ParsedFile, s: { start: number; end: number }) {
    return { start: file.lines.positionAt(s.start), end: file.lines.positionAt(s.end) };
  }

  codeActions(p: CodeActionParams): CodeAction[] {
    const uri = p.textDocument.uri;
    const only = p.context.only;
    const wantsFixAll =
      !only || only.some((k) => k.startsWith(CodeActionKind.SourceFixAll) || k === CodeActionKind.Source);
    const wantsQuick = !only || only.some((k) => k.startsWith(CodeActionKind.QuickFix));
    const out: CodeAction[] = [];
    const file = this.index.parsed(uri);
    if (wantsQuick) {
      for (const d of p.context.diagnostics) {
        if (d.source !== SOURCE || typeof d.code !== 'string') continue;
        const data = d.data as DiagnosticData | undefined;
        const fixes = data?.fixes ?? [];
        const preferred = fixes.findIndex((f) => f.safety === 'safe');
        fixes.forEach((f, i) => out.push(fixAction(d, f, i === preferred)));
        if (file) {
          for (const [title, e] of [
            [this.say('disableLine', { rule: d.code }), disableNextLineEdit(file, d.range.start.line, d.code)],
            [this.say('disableFile', { rule: d.code }), disableFileEdit(file, d.code)],
          ] as const) {
            out.push({
              title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              edit: workspaceEdit([{ uri, range: this.range(file, e), newText: e.newText }]),
            });
          }
        }
        out.push({
          title: this.say('showDoc', { rule: d.code }),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: {
            title: this.say('showDocCommand'),
            command: 'calicoTls.showRuleDocumentation',
            arguments: [d.code],
          },
        });
      }
    }
    if (wantsFixAll && file) {
      // The engine chooses the edits (services/fixall.ts): safe fixes only, none overlapping.
      const all = fixAllEdits(this.diagnostics.findings(uri), uri);
      if (all.length)
        out.push({
          title: this.say('fixAll'),
          kind: `${CodeActionKind.SourceFixAll}.calico-tls`,
          edit: workspaceEdit(all.map((e) => ({ uri, range: this.range(file, e), newText: e.newText }))),
        });
    }
    return out;
  }

  hover(uri: string, pos: Pos): Hover | null {
    const file = this.index.parsed(uri);
    if (!file) return null;
    const findings = this.diagnostics.findings(uri);
    const h = hoverAt(file, file.lines.offsetAt(pos), findings, this.diagnostics.analysis(uri), this.locale());
    if (!h) return null;
    return {
      contents: { kind: 'markdown', value: h.markdown },
      ...(h.span ? { range: this.range(file, h.span) } : {}),
    };
  }

  completion(uri: string, pos: Pos): CompletionItem[] {
    const file = this.index.parsed(uri);
    if (!file) return [];
    const offset = file.lines.offsetAt(pos);
    return completionsAt(file, offset, this.diagnostics.analysis(uri), this.locale()).map((c, i) => ({
      label: c.label,
      kind: c.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Property,
      detail: c.detail,
      documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: this.range(file, c), newText: c.label },
    }));
  }

  locations(
    f: (a: Analysis, uri: string, offset: number) => Array<{ uri: string; start: number; end: number }>,
    uri: string,
    pos: Pos,
  ): Location[] {
    const a = this.diagnostics.analysis(uri);
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    return f(a, uri, file.lines.offsetAt(pos)).flatMap((s) => {
      const target = this.index.parsed(s.uri);
      return target ? [{ uri: s.uri, range: this.range(target, s) }] : [];
    });
  }

  symbols(uri: string): DocumentSymbol[] {
    const a = this.diagnostics.analysis(uri);
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    const conv = (d: DocSymbol): DocumentSymbol => ({
      name: d.name,
      detail: d.detail,
      kind: SYMBOL_KIND[d.kind],
      range: this.range(file, d.span),
      selectionRange: this.range(file, d.selection),
      children: d.children.map(conv),
    });
    return symbolsOf(a, uri, this.locale()).map(conv);
  }

  codeLenses(uri: string): CodeLens[] {
    const a = this.diagnostics.analysis(uri);
    const file = this.index.parsed(uri);
    if (!a || !file) return [];
    return lensesOf(a, uri, this.locale()).map((l) => ({
      range: this.range(file, { start: l.span.start, end: l.span.start }),
      command: { title: l.summary, command: '' },
    }));
  }
}
