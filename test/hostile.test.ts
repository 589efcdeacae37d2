// Hostile input and faults (issue 17): one regression test per failure the probe found, run
// against the built CLI and language server. Waits are hang detectors (generous timeouts), not
// speed assertions; where the order of events shows the behaviour, the order is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CLI, run, tempDir } from './cli/support';
import { Session, uriOf } from './lsp/session';
import { repoRoot } from './helpers';

const HANG = 60_000;

// ---- 2. Unbounded reads ----

test('17.2 stdin is read up to the size cap and no further: an endless stream is not swallowed', async () => {
  const child = spawn(process.execPath, [CLI, 'lint', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let written = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined);
  const line = Buffer.from('a: b\n'.repeat(13_000)); // 64 KB
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  let open = true;
  child.stdin.on('close', () => (open = false));
  // `yes 'a: b' | calico-tls lint -`: keep writing while the CLI reads (up to 200 MB offered).
  while (open && written < 200 * 1024 * 1024) {
    const ok = child.stdin.write(line);
    written += line.length;
    if (!ok)
      await Promise.race([
        new Promise((r) => child.stdin.once('drain', r)),
        exited,
        new Promise((r) => setTimeout(r, 2000)),
      ]);
    if (child.exitCode !== null) break;
  }
  child.stdin.end();
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('hang'), HANG))]);
  assert.notEqual(code, 'hang');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /skipped <stdin>: file is larger than the 5120 KiB size cap/);
  // It stopped reading at the cap (5 MiB of text, at most 3 bytes a character), far below 200 MB.
  assert.ok(written < 64 * 1024 * 1024, `the CLI consumed ${written} bytes`);
});

test('17.2 devices, FIFOs and kernel files are refused with a message naming them: exit 2', () => {
  const d = tempDir();
  execFileSync('mkfifo', [join(d, 'pipe.yaml')]);
  for (const [path, why] of [
    ['/dev/zero', /cannot read \S*dev\/zero: is a device, not a file/],
    [
      join(d, 'pipe.yaml'),
      /cannot read pipe\.yaml: is a named pipe \(a FIFO\); pipe its content to 'calico-tls lint -' instead/,
    ],
    ['/proc/self/status', /cannot read \S*proc\/self\/status: is a kernel file \(proc\)/],
  ] as Array<[string, RegExp]>) {
    const r = spawnSync(process.execPath, [CLI, 'lint', path], { cwd: d, encoding: 'utf8', timeout: HANG });
    assert.equal(r.status, 2, `${path}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }
});

test('17.2 gen --ca-cert/--ca-key from a device is refused before anything is read: exit 2', () => {
  const d = tempDir();
  const r = run(['gen', 'typha', '--out', 'x', '--ca-cert', '/dev/zero', '--ca-key', '/dev/zero'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read the CA: --ca-cert \/dev\/zero is a device, not a file/);
  assert.ok(!existsSync(join(d, 'x')));
});

// ---- 3. Hangs ----

test('17.3 gen --out under /proc (or through a file) fails at once with one line', () => {
  const d = tempDir();
  writeFileSync(join(d, 'afile'), 'x');
  for (const [out, why] of [
    ['/proc/self/x', /cannot use \/proc\/self\/x: \/proc\/\d+ is a kernel file system/],
    ['afile/certs', /a part of the path is a file, not a folder/],
    ['afile', /afile is a file, not a folder/],
    ['x'.repeat(300), /file name too long/],
  ] as Array<[string, RegExp]>) {
    const r = spawnSync(process.execPath, [CLI, 'gen', 'typha', '--out', out], {
      cwd: d,
      encoding: 'utf8',
      timeout: HANG,
    });
    assert.equal(r.status, 2, `${out.slice(0, 40)}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});

// ---- 7. Generator input ----

test('17.7 generator input is checked against X.509 and Kubernetes rules before anything is written', () => {
  const d = tempDir();
  const cases: Array<[string[], RegExp]> = [
    [['--typha-cn', 'typha\nserver'], /typhaCN 'typha\\nserver' contains a control character/],
    [['--felix-cn', 'a\u0007b'], /felixCN .* contains a control character/],
    [['--namespace', '../../etc\nfoo: bar'], /namespace .* contains a control character/],
    [['--namespace', '../../etc'], /namespace '\.\.\/\.\.\/etc' is not a valid Kubernetes namespace/],
    [['--namespace', 'Kube-System'], /not a valid Kubernetes namespace/],
    [['--typha-cn', 'x'.repeat(65)], /typhaCN is 65 characters long; an X\.509 Common Name has at most 64/],
    [['--typha-cn', 'x'.repeat(100_000)], /typhaCN is 100000 characters long; at most 1024/],
  ];
  for (const [args, why] of cases) {
    const r = run(['gen', 'typha', '--out', 'out', ...args], d);
    assert.equal(r.code, 2, args.join(' ').slice(0, 60));
    assert.match(r.stderr, why);
    assert.ok(r.stderr.length < 400, 'the message does not echo a huge value');
    assert.ok(!existsSync(join(d, 'out')), 'nothing written');
  }
  // Exactly 64 is a valid CN.
  assert.equal(run(['gen', 'typha', '--out', 'ok', '--typha-cn', 'x'.repeat(64)], d).code, 0);
});

test('17.7 a dangling symlink at an output name is refused without --force, replaced (not followed) with it', () => {
  const d = tempDir();
  mkdirSync(join(d, 'out'));
  const target = join(d, 'elsewhere', 'stolen.crt');
  symlinkSync(target, join(d, 'out', 'typha.crt'));
  const r = run(['gen', 'typha', '--out', 'out'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /refusing to overwrite .*typha\.crt/);
  assert.ok(lstatSync(join(d, 'out', 'typha.crt')).isSymbolicLink());
  const f = run(['gen', 'typha', '--out', 'out', '--force'], d);
  assert.equal(f.code, 0, f.stderr);
  assert.ok(lstatSync(join(d, 'out', 'typha.crt')).isFile(), 'the link itself was replaced');
  assert.ok(!existsSync(target), 'nothing was written through the link');
});

// ---- LSP: 3 (generate), 5 (bundles), 6 (unreadable files), 7 (relative outDir), 9 (protocol) ----

const PUSH = { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true } };

test("17.3/17.7 calicoTls.generate: /proc is refused at once, a relative outDir is the workspace folder's, the server stays up", async () => {
  const root = tempDir();
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const gen = (args: object) =>
      s.request<{ written?: string[]; error?: string }>(
        'workspace/executeCommand',
        { command: 'calicoTls.generate', arguments: [args] },
        HANG,
      );
    const proc = await gen({ set: 'prometheus', outDir: '/proc/self/x' });
    assert.match(proc.error ?? '', /kernel file system/);
    const rel = await gen({ set: 'prometheus', outDir: 'certs/metrics' });
    assert.ok(
      rel.written?.every((p) => p.startsWith(join(root, 'certs', 'metrics'))),
      JSON.stringify(rel),
    );
    const bad = await gen({ set: 'typha', outDir: 'x', options: { typhaCN: 'a\nb' } });
    assert.match(bad.error ?? '', /control character/);
    const notObject = await gen({ set: 'typha', outDir: 'x', options: 'nope' });
    assert.match(notObject.error ?? '', /options must be an object/);
    // Still answering.
    assert.ok(
      Array.isArray(await s.request('workspace/executeCommand', { command: 'calicoTls.ruleIds', arguments: [] })),
    );
  } finally {
    await s.close();
  }
});

test('17.9 cancelling a slow generation is answered before the generation could have finished', async () => {
  const root = tempDir();
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
    const src = new CancellationTokenSource();
    const p = s.conn.sendRequest(
      'workspace/executeCommand',
      {
        command: 'calicoTls.generate',
        arguments: [{ set: 'typha', options: { keyAlgorithm: 'rsa-8192' }, outDir: join(root, 'slow') }],
      },
      src.token,
    );
    setTimeout(() => src.cancel(), 200);
    const order: string[] = [];
    const answered = p.then(
      (r) => order.push(`answer ${JSON.stringify(r)}`),
      (e: Error) => order.push(`error ${e.message}`),
    );
    // Three RSA-8192 keys take seconds; the answer must come first, whatever the machine's speed:
    // a second request sent after the cancel is answered after it.
    await new Promise((r) => setTimeout(r, 300));
    await s
      .request('workspace/executeCommand', { command: 'calicoTls.ruleIds', arguments: [] })
      .then(() => order.push('other request'));
    await Promise.race([answered, new Promise((r) => setTimeout(r, HANG))]);
    assert.match(order[0] ?? '', /cancelled/i, order.join(' | '));
    assert.ok(!existsSync(join(root, 'slow', 'typha.key')), 'nothing written after the cancel');
  } finally {
    await s.close();
  }
});

async function bundle(n: number): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as {
    privateKey: webcrypto.CryptoKey;
    publicKey: webcrypto.CryptoKey;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: (i + 1).toString(16).padStart(8, '0'),
      name: `CN=bundle-${i}`,
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2036-01-01'),
      signingAlgorithm: alg,
      keys,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    out.push(c.toString('pem'));
  }
  return out.join('\n') + '\n';
}

test('17.5 a large certificate bundle is decoded in slices, with progress: other requests are answered meanwhile', async () => {
  const root = tempDir();
  const small =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\ndata:\n  typha_service_name: calico-typha\n';
  writeFileSync(join(root, 'small.yaml'), small);
  const s = await Session.start(root, { capabilities: { ...PUSH, window: { workDoneProgress: true } } });
  try {
    await s.until('first results', () => s.statuses.length > 0, HANG);
    // A 2,000-certificate bundle opened in the editor: seconds of decoding.
    const bundleUri = uriOf(join(root, 'bundle.pem'));
    await s.open(bundleUri, await bundle(2000), 'plaintext');
    // The decoding's own progress (the start-up walk of the workspace has one of its own).
    const decoding = () =>
      s.progress.find((p) => p.value.kind === 'begin' && /decoding certificates/.test(p.value.title ?? ''));
    await s.until('decoding progress begins', () => !!decoding(), HANG);
    const token = decoding()!.token;
    const ended = () => s.progress.some((p) => p.token === token && p.value.kind === 'end');
    const order: string[] = [];
    void s.until('decoding progress ends', ended, HANG).then(() => order.push('decoded'));
    await s.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(join(root, 'small.yaml')) } }, HANG);
    order.push('answered');
    await s.until('decoding progress ends', ended, HANG);
    assert.deepEqual(order.slice(0, 2), ['answered', 'decoded']);
    // The bundle is analysed, and an edit elsewhere does not decode it again (no new progress).
    await s.until('the bundle analysed', () => s.pushed.has(bundleUri), HANG);
    const begins = s.progress.filter((p) => p.value.kind === 'begin').length;
    const smallUri = uriOf(join(root, 'small.yaml'));
    await s.open(smallUri, small);
    await s.change(smallUri, 2, small.replace('calico-typha', 'calico-typha-2'));
    const statuses = s.statuses.length;
    await s.until('results after the edit', () => s.statuses.length > statuses, HANG);
    assert.equal(s.progress.filter((p) => p.value.kind === 'begin').length, begins, 'no second decoding');
  } finally {
    await s.close();
  }
});

test('17.6 the server reads files as the CLI does (UTF-16 too) and says what it could not read', async () => {
  const root = tempDir();
  const text =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n          env:\n            - name: FELIX_TYPHA_CAFILE\n              value: /x/ca.crt\n            - name: TYPHA_CLIENT_CN\n              value: x\n';
  writeFileSync(join(root, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  symlinkSync(join(root, 'nowhere.yaml'), join(root, 'dangling.yaml'));
  symlinkSync('/proc/self/status', join(root, 'kernel.yaml'));
  execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
  const cli = run(['lint', '--format', 'json', 'utf16.yaml'], root);
  const cliRules = (JSON.parse(cli.stdout) as Array<{ rule: string; line: number }>)
    .map((f) => `${f.rule}@${f.line - 1}`)
    .sort();
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const d = await s.diagnostics(uriOf(join(root, 'utf16.yaml')), (x) => x.length > 0);
    assert.deepEqual(d.map((x) => `${String(x.code)}@${x.range.start.line}`).sort(), cliRules);
    for (const [name, why] of [
      ['dangling.yaml', /no such file/],
      ['kernel.yaml', /kernel file/],
      ['pipe.yaml', /named pipe/],
    ] as Array<[string, RegExp]>) {
      const info = await s.diagnostics(uriOf(join(root, name)), (x) => x.length > 0, name);
      assert.equal(info.length, 1);
      assert.equal(info[0]!.severity, 3, 'information');
      assert.match(info[0]!.message, why);
      assert.ok(
        s.logs.some((l) => l.type === 2 && l.message.includes(name) && why.test(l.message)),
        `a warning in the log for ${name}`,
      );
    }
  } finally {
    await s.close();
  }
});

function rawServer(): {
  proc: ReturnType<typeof spawn>;
  out: () => string;
  err: () => string;
  send: (body: string, header?: string) => void;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, [join(repoRoot(), 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
  return {
    proc,
    out: () => out,
    err: () => err,
    send: (body, header) =>
      proc.stdin!.write(`${header ?? `Content-Length: ${Buffer.byteLength(body)}`}\r\n\r\n${body}`),
    exited,
  };
}

async function until(p: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!p()) {
    if (Date.now() - t0 > HANG) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('17.9 protocol: a second initialize with bad params is a JSON-RPC error with a message', async () => {
  const s = rawServer();
  try {
    s.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      }),
    );
    await until(() => s.out().includes('"id":1'), 'first initialize');
    s.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'initialize',
        params: { capabilities: null, workspaceFolders: 7 },
      }),
    );
    await until(() => s.out().includes('"id":2'), 'second initialize');
    const m = /\{[^{}]*"id":2[^]*?\}\}?/.exec(s.out())?.[0] ?? '';
    assert.match(s.out(), /"id":2,"error":\{"code":-32600,"message":"initialize was already sent/);
    assert.doesNotMatch(m, /TypeError/);
    // On a fresh server: capabilities that are not an object are an error, not a crash; odd
    // workspace folders and root are ignored.
    const t = rawServer();
    t.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: 5 } }));
    await until(() => t.out().includes('"id":1'), 'initialize with bad capabilities');
    assert.match(
      t.out(),
      /"id":1,"error":\{"code":-32602,"message":"invalid initialize parameters: `capabilities` must be an object"/,
    );
    t.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'initialize',
        params: { capabilities: {}, workspaceFolders: [null, { uri: 3 }], rootUri: 9 },
      }),
    );
    await until(() => t.out().includes('"id":2'), 'initialize with odd folders');
    assert.match(t.out(), /"id":2,"result":\{"capabilities"/);
    t.proc.kill();
  } finally {
    s.proc.kill();
  }
});

test('17.9 protocol: a framing error ends the server with a message instead of wedging it', async () => {
  const s = rawServer();
  s.send('{}', 'Content-Type: application/json');
  const code = await Promise.race([s.exited, new Promise<string>((r) => setTimeout(() => r('hang'), HANG))]);
  assert.equal(code, 1);
  assert.match(s.err(), /protocol framing error/);
});

test('17.9 protocol: the server exits when its stdout closes', async () => {
  const s = rawServer();
  s.send(
    JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {} },
    }),
  );
  await until(() => s.out().includes('"id":1'), 'initialize');
  s.proc.stdout!.destroy();
  // Something to answer, so the server writes to the closed pipe.
  s.send(
    JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'workspace/executeCommand',
      params: { command: 'calicoTls.ruleIds', arguments: [] },
    }),
  );
  const code = await Promise.race([s.exited, new Promise<string>((r) => setTimeout(() => r('hang'), HANG))]);
  assert.notEqual(code, 'hang');
});

test('the CLI never prints an internal error or a stack trace for the failures above', () => {
  // (Each test above checks its own output; this one covers I/O errors of `lint` too.)
  const d = tempDir();
  const r = spawnSync(process.execPath, [CLI, 'lint', 'x'.repeat(5000)], { cwd: d, encoding: 'utf8', timeout: HANG });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /file name too long/);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  assert.ok(readFileSync(CLI, 'utf8').length > 0);
});

test('17.2 --config from a device is refused, not read forever (found by npm run fuzz)', () => {
  const d = tempDir();
  const r = spawnSync(process.execPath, [CLI, 'lint', '--config', '/dev/zero', '.'], {
    cwd: d,
    encoding: 'utf8',
    timeout: HANG,
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot read config \S+: is a device, not a file/);
});
