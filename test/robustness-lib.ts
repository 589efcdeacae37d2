/**
 * Shared by the bounded property tests (test/robustness.test.ts) and the long fuzz run
 * (scripts/fuzz.ts): input generators and the property every input must satisfy.
 */
import fc from 'fast-check';
import { lint, type SourceFile } from '../server/src/engine';
import { lintByUnits } from '../server/src/engine/streamed';
/** Time one analysis may take before it counts as a hang (a hang detector, not a benchmark). */
export const BUDGET_MS = 10_000;

/** The engine returns, within the budget, without rule errors, with findings inside their documents. */
export function checkProperty(files: SourceFile[]): void {
  const t0 = Date.now();
  const res = lint(files);
  const ms = Date.now() - t0;
  if (ms > BUDGET_MS) throw new Error(`analysis took ${ms} ms (budget ${BUDGET_MS} ms)`);
  if (res.ruleErrors.length)
    throw new Error(`rule threw: ${res.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n')[0]}`).join('; ')}`);
  const byUri = new Map(files.map((f) => [f.uri, f.text]));
  for (const f of res.findings) {
    const text = byUri.get(f.span.uri);
    if (text === undefined) throw new Error(`finding in unknown file ${f.span.uri}`);
    if (!(f.span.start >= 0 && f.span.end >= f.span.start && f.span.end <= text.length))
      throw new Error(`finding ${f.rule} range ${f.span.start}-${f.span.end} outside ${text.length}`);
    for (const r of f.related) {
      const rt = byUri.get(r.span.uri);
      if (rt === undefined || r.span.end > rt.length || r.span.start < 0)
        throw new Error(`related range of ${f.rule} outside its file`);
    }
  }
  // Unit by unit (the CLI's path: the cheap first look, the masked parse) says the same.
  const streamed = lintByUnits(files);
  const oneKeys = res.findings.map((f) => `${f.rule}|${f.span.uri}|${f.span.start}|${f.span.end}|${f.message}`);
  const unitKeys = streamed.findings.map(
    (x) => `${x.finding.rule}|${x.finding.span.uri}|${x.finding.span.start}|${x.finding.span.end}|${x.finding.message}`,
  );
  if (JSON.stringify(oneKeys) !== JSON.stringify(unitKeys))
    throw new Error(
      `unit by unit differs:\n  one pass: ${oneKeys.join('\n    ')}\n  by units: ${unitKeys.join('\n    ')}`,
    );
  // A limit of the reader (deep nesting, stack) is never dressed up as a syntax error.
  for (const f of res.findings)
    if (/Maximum call stack size exceeded|RangeError/.test(f.message))
      throw new Error(`${f.rule} reports a stack overflow: ${f.message}`);
}

/** Random edits of a seed text: flips, deletions, duplications, truncation, insertions of YAML syntax. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const syntax = [
    '{',
    '}',
    '[',
    ']',
    ':',
    '- ',
    '&a ',
    '*a',
    '|',
    '>',
    '"',
    "'",
    '\n',
    '  ',
    '\t',
    '#',
    '---\n',
    '{{ .Values.x }}',
    '-----BEGIN CERTIFICATE-----\n',
    '\u0000',
    '\uFEFF',
    '!!binary ',
    '<<: *a\n',
    '{% if x %}\n',
    '{% else %}\n',
    '{% endif %}\n',
    '{{- include "x" . | nindent 4 }}\n',
    '<%= @x %>',
    '<% if @y %>\n',
    '<% end %>\n',
    '${VAR}',
    '{#',
    '<%#',
    '{{/*',
  ];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.constantFrom(...syntax) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), c: fc.integer({ min: 0, max: 0xffff }) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(op, { minLength: 1, maxLength: 8 })).map(([seed, ops]) => {
    let t = seed;
    for (const o of ops) {
      const at = t.length ? o.at % t.length : 0;
      if (o.kind === 'insert') t = t.slice(0, at) + o.s + t.slice(at);
      else if (o.kind === 'delete') t = t.slice(0, at) + t.slice(at + o.n);
      else if (o.kind === 'dup') t = t.slice(0, at) + t.slice(at, at + o.n) + t.slice(at);
      else if (o.kind === 'truncate') t = t.slice(0, at);
      else t = t.slice(0, at) + String.fromCharCode(o.c) + t.slice(at + 1);
    }
    return t;
  });
}

export const fileName = fc.constantFrom(
  'a.yaml',
  'b.yml',
  'c.json',
  '10-calico.conflist',
  'felix.cfg',
  'typha.cfg',
  'tls.crt',
  'calico-kubeconfig',
  'calico-node.yml.j2',
  'felix.cfg.erb',
  'calicoctl.cfg',
  'x.tpl',
  '10-calico.conflist.j2',
  'kustomization.yaml',
  'Chart.yaml',
);

export function nested(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

// ---- The CLI's arguments and stdin, the generator's inputs and output paths (issue 17) ----

/** Values a user, a script or an attacker may pass: empty, control characters, huge, paths that are not files. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\n',
    ' ',
    '-',
    '--',
    '../../etc\nfoo: bar',
    'a'.repeat(3000),
    '/proc/self/x',
    '/proc/self/status',
    '/dev/zero',
    '/dev/null',
    'typha-server',
    'https://10.0.0.1:2379',
    'http://x',
    '${HOME}',
    '{{ x }}',
    '%s%n',
    '\u0000',
    '\u202e',
    'C:\\x',
    'nonexistent.yaml',
    'afile',
    'afile/sub',
  ),
);

const LINT_WORDS = [
  '--format',
  'json',
  'sarif',
  'stylish',
  'github',
  '--quiet',
  '--include-info',
  '--max-warnings',
  '-1',
  '3',
  '--config',
  '--no-color',
  '-',
  '.',
  'm',
  'm/a.yaml',
];
const GEN_WORDS = [
  '--out',
  'out',
  '--typha-cn',
  '--felix-cn',
  '--namespace',
  '--dns',
  '--ip',
  '--days',
  '--key-algorithm',
  'ecdsa-p256',
  'ecdsa-p384',
  '--hash',
  'SHA-384',
  '--force',
  '--ca-cert',
  '--ca-key',
  '--endpoints',
  '--server-name',
  '--signer-name',
  '--identity',
  'spiffe',
  'both',
  '--layout',
  'operator',
  '--typha-uri-san',
  'spiffe://example.org/typha',
];

/** Absolute paths a property may name: kernel files and devices; anything else is made relative to the sandbox. */
function sandboxed(args: string[]): string[] {
  return args.map((a) => (a.startsWith('/') && !/^\/(proc|dev)\//.test(a) ? `.${a}` : a.replace(/^[A-Za-z]:\\/, '')));
}

export const cliArgs: fc.Arbitrary<string[]> = fc
  .oneof(
    fc
      .tuple(fc.constant('lint'), fc.array(fc.oneof(fc.constantFrom(...LINT_WORDS), hostileString), { maxLength: 6 }))
      .map(([c, r]) => [c, ...r]),
    fc
      .tuple(
        fc.constant('gen'),
        fc.constantFrom('typha', 'etcd', 'manager', 'prometheus', 'certificate-management', 'nope'),
        fc.array(fc.oneof(fc.constantFrom(...GEN_WORDS), hostileString), { maxLength: 8 }),
      )
      .map(([c, k, r]) => [c, k, ...r]),
    fc.array(
      fc.oneof(
        fc.constantFrom('explain', 'rules', 'help', '--version', '-h', 'unknown-tls-parameter', '--format', 'json'),
        hostileString,
      ),
      { maxLength: 3 },
    ),
  )
  .map(sandboxed);

/**
 * One command line run in-process in a sandbox folder: it returns 0, 1 or 2 within the budget,
 * never an internal error or a stack trace; exit 2 comes with a message; key material written
 * has mode 0600.
 */
export async function checkCli(args: string[], stdin: string, cwd: string, budgetMs = 60_000): Promise<void> {
  const { run } = await import('../server/src/cli/cli');
  let out = '';
  let err = '';
  const t0 = Date.now();
  const code = await run(args, {
    cwd,
    env: { NO_COLOR: '1' },
    colorTerminal: false,
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: (limit) => Promise.resolve(stdin.slice(0, limit)),
  });
  const label = JSON.stringify(args).slice(0, 300);
  if (Date.now() - t0 > budgetMs) throw new Error(`${label}: took ${Date.now() - t0} ms (hang budget ${budgetMs} ms)`);
  if (![0, 1, 2].includes(code)) throw new Error(`${label}: exit code ${code}`);
  if (/internal error/.test(err) || /\n\s+at .+:\d+:\d+/.test(err)) throw new Error(`${label}: ${err.slice(0, 500)}`);
  if (code === 2 && !err.trim()) throw new Error(`${label}: exit 2 without a message`);
  if (/Maximum call stack size exceeded|RangeError/.test(out + err))
    throw new Error(`${label}: a stack overflow surfaced`);
  void out;
}

// ---- LSP message sequences (issue 17) ----

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant({}),
  fc.constant([]),
  fc.constant({ textDocument: null }),
  fc.constant({ textDocument: { uri: 7 }, position: { line: -1, character: 1e12 } }),
);

export type LspStep = { readonly kind: 'notify' | 'request'; readonly method: string; readonly params: unknown };

/** A random session: documents opened, edited and closed (mutated fixtures), requests at random places, junk parameters. */
export function lspSteps(root: string, seeds: readonly string[]): fc.Arbitrary<LspStep[]> {
  const uri = fc
    .constantFrom('a.yaml', 'b.yml.j2', 'felix.cfg.erb', 'c.json', 'kustomization.yaml', 'tls.crt')
    .map((n) => `file://${root}/${n}`);
  const pos = fc.record({ line: fc.integer({ min: -2, max: 60 }), character: fc.integer({ min: -2, max: 200 }) });
  const text = mutated(seeds);
  const step: fc.Arbitrary<LspStep> = fc.oneof(
    fc.tuple(uri, text).map(([u, t]) => ({
      kind: 'notify' as const,
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: u, languageId: 'yaml', version: 1, text: t } },
    })),
    fc.tuple(uri, text, fc.integer({ min: 2, max: 1000 })).map(([u, t, v]) => ({
      kind: 'notify' as const,
      method: 'textDocument/didChange',
      params: { textDocument: { uri: u, version: v }, contentChanges: [{ text: t }] },
    })),
    fc.tuple(uri, pos, fc.string({ maxLength: 12 })).map(([u, p, t]) => ({
      kind: 'notify' as const,
      method: 'textDocument/didChange',
      params: { textDocument: { uri: u, version: 5 }, contentChanges: [{ range: { start: p, end: p }, text: t }] },
    })),
    uri.map((u) => ({
      kind: 'notify' as const,
      method: 'textDocument/didClose',
      params: { textDocument: { uri: u } },
    })),
    fc.tuple(uri, fc.integer({ min: 1, max: 3 })).map(([u, t]) => ({
      kind: 'notify' as const,
      method: 'workspace/didChangeWatchedFiles',
      params: { changes: [{ uri: u, type: t }] },
    })),
    junk.map((j) => ({
      kind: 'notify' as const,
      method: 'workspace/didChangeConfiguration',
      params: { settings: { calicoTls: j } },
    })),
    fc
      .tuple(
        fc.constantFrom(
          'textDocument/hover',
          'textDocument/completion',
          'textDocument/definition',
          'textDocument/references',
          'textDocument/documentSymbol',
          'textDocument/codeLens',
          'textDocument/diagnostic',
        ),
        uri,
        pos,
      )
      .map(([m, u, p]) => ({
        kind: 'request' as const,
        method: m,
        params: { textDocument: { uri: u }, position: p, context: { includeDeclaration: true } },
      })),
    fc.tuple(uri, pos).map(([u, p]) => ({
      kind: 'request' as const,
      method: 'textDocument/codeAction',
      params: {
        textDocument: { uri: u },
        range: { start: p, end: p },
        context: { diagnostics: [], only: ['source.fixAll'] },
      },
    })),
    fc
      .tuple(
        fc.constantFrom(
          'calicoTls.ruleDoc',
          'calicoTls.ruleIds',
          'calicoTls.lintWorkspace',
          'calicoTls.generate',
          'calicoTls.nope',
        ),
        junk,
      )
      .map(([c, j]) => ({
        kind: 'request' as const,
        method: 'workspace/executeCommand',
        params: { command: c, arguments: [j] },
      })),
    fc
      .tuple(
        fc.constantFrom(
          'textDocument/hover',
          'textDocument/codeAction',
          'workspace/executeCommand',
          'textDocument/unknownThing',
          '$/weird',
        ),
        junk,
      )
      .map(([m, j]) => ({ kind: 'request' as const, method: m, params: j })),
  );
  return fc.array(step, { minLength: 1, maxLength: 12 });
}

// ---- Generator inputs ----

export const genOptions = fc.record(
  {
    typhaCN: hostileString,
    felixCN: hostileString,
    namespace: hostileString,
    typhaURISAN: hostileString,
    felixURISAN: hostileString,
    dnsNames: fc.array(hostileString, { maxLength: 2 }),
    ips: fc.array(hostileString, { maxLength: 2 }),
    endpoints: hostileString,
    serverName: hostileString,
    signerName: hostileString,
    days: fc.integer({ min: -5, max: 40_000 }),
    identity: fc.constantFrom('cn', 'spiffe', 'both') as fc.Arbitrary<'cn' | 'spiffe' | 'both'>,
    layout: fc.constantFrom('manual', 'operator') as fc.Arbitrary<'manual' | 'operator'>,
  },
  { requiredKeys: [] },
);

/**
 * A generated set is refused with a one-line message, or it is sound: every manifest parses as
 * YAML without error, and no value broke out of its field (a namespace that is a DNS-1123 label,
 * the documents a clean set has).
 */
export async function checkGenerate(kind: string, opts: Record<string, unknown>): Promise<void> {
  const { GenerateError, generateSet } = await import('../server/src/certgen/sets');
  const { parseAllDocuments } = await import('yaml');
  let files: Array<{ path: string; content: string }>;
  try {
    files = await generateSet(kind as 'typha', { ...opts, keyAlgorithm: 'ecdsa-p256' });
  } catch (e) {
    if (!(e instanceof GenerateError)) throw e;
    if (/[\n\r]/.test(e.message))
      throw new Error(`a message over several lines: ${JSON.stringify(e.message).slice(0, 200)}`);
    return;
  }
  const clean = await generateSet(kind as 'typha', {
    keyAlgorithm: 'ecdsa-p256',
    identity: opts.identity as 'cn',
    layout: opts.layout as 'manual',
    dnsNames: kind === 'manager' ? ['manager.example.com'] : undefined,
  });
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path)) continue;
    const docs = parseAllDocuments(f.content);
    const list = Array.isArray(docs) ? docs : [];
    for (const d of list)
      if (d.errors.length) throw new Error(`${f.path} does not parse: ${d.errors[0]!.message.split('\n')[0]}`);
    const twin = clean.find((c) => c.path === f.path);
    if (twin) {
      const n = (t: string) => (Array.isArray(parseAllDocuments(t)) ? (parseAllDocuments(t) as unknown[]).length : 0);
      if (n(twin.content) !== n(f.content))
        throw new Error(`${f.path}: ${n(f.content)} documents where a clean set has ${n(twin.content)}`);
    }
    for (const m of f.content.matchAll(/namespace: (.*)/g))
      if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(m[1]!.replace(/^["']|["']$/g, '')))
        throw new Error(`${f.path}: namespace ${JSON.stringify(m[1])}`);
  }
}
