// The built language server driven over stdio as an editor drives it: hovers, completion,
// generation through workspace/executeCommand and navigation on the shipped examples.
// Diagnostics (push and pull), quick fixes, fix-all and settings are in protocol.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { startServer } from './client';

function ws(example: string): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  cpSync(join(repoRoot(), 'examples', example), d, { recursive: true });
  return d;
}

function position(text: string, needle: string): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

const PUSH = {
  textDocument: { publishDiagnostics: { relatedInformation: true } },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
};

test('hover: rule documentation on a diagnostic, decoded certificate on a Secret value (no key bytes)', async () => {
  const root = ws('typha-felix-fixed');
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/certs.yaml`;
    const text = readFileSync(join(root, 'certs.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await c.waitFor(uri, () => true);
    const at = position(text, 'tls.crt: ');
    const h = (await c.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: at.line, character: at.character + 12 },
    })) as { contents: { value: string } } | null;
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /CN=typha-server/);
    assert.match(h.contents.value, /Calico TLS example CA/);
    assert.match(h.contents.value, /serverAuth/);
    const k = position(text, 'tls.key: ');
    const hk = (await c.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: k.line, character: k.character + 12 },
    })) as { contents: { value: string } } | null;
    assert.match(hk!.contents.value, /Private key, ECDSA P-256/);
    const keyB64 = text.slice(text.indexOf('tls.key: ') + 9).split('\n')[0]!;
    assert.ok(!hk!.contents.value.includes(keyB64.slice(0, 24)));
    const lenses = (await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{
      command: { title: string };
    }>;
    assert.ok(
      lenses.some((l) => /typha-server · issuer Calico TLS example CA/.test(l.command.title)),
      JSON.stringify(lenses.map((l) => l.command.title)),
    );
  } finally {
    await c.close();
  }
});

test('completion over LSP: enum values with a replacing text edit', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/installation.yaml`;
    const text =
      'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    keyAlgorithm: ECDSA\n';
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const items = (await c.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 23 },
    })) as Array<{ label: string; textEdit: { range: { start: { character: number } } } }>;
    assert.ok(items.some((i) => i.label === 'ECDSAWithCurve384'));
    assert.equal(items[0]!.textEdit.range.start.character, 18);
  } finally {
    await c.close();
  }
});

test('workspace/executeCommand calicoTls.generate writes a set other editors can use; no overwrite without asking', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  const c = await startServer(root, PUSH);
  try {
    const outDir = join(root, 'certs');
    const r = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'typha', options: { identity: 'spiffe', layout: 'operator' }, outDir }],
    })) as { written: string[] };
    assert.ok(
      r.written.some((f) => f.endsWith('typha-felix-operator.yaml')),
      JSON.stringify(r),
    );
    const { statSync } = await import('node:fs');
    assert.equal(statSync(join(outDir, 'typha.key')).mode & 0o777, 0o600);
    const again = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'typha', outDir }],
    })) as { existing: string[] };
    assert.ok(again.existing.length > 0);
    const bad = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'manager', options: { dnsNames: ['bad name'] }, outDir: join(root, 'm') }],
    })) as { error: string };
    assert.match(bad.error, /not a valid DNS name/);
    // The etcd set takes the server certificate's extra names over LSP as well.
    const etcd = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [
        {
          set: 'etcd',
          options: {
            endpoints: 'https://10.0.0.1:2379',
            serverDnsNames: ['etcd.example.com'],
            serverIps: ['10.0.0.2'],
          },
          outDir: join(root, 'etcd'),
        },
      ],
    })) as { written: string[] };
    assert.ok(
      etcd.written.some((f) => f.endsWith('etcd.flags')),
      JSON.stringify(etcd),
    );
    const { X509Certificate } = await import('node:crypto');
    const san = new X509Certificate(readFileSync(join(root, 'etcd', 'etcd-server.crt'))).subjectAltName;
    assert.equal(san, 'DNS:etcd.example.com, IP Address:10.0.0.1, IP Address:10.0.0.2');
    const badEtcd = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'etcd', options: { serverIps: ['nope'] }, outDir: join(root, 'etcd-bad') }],
    })) as { error: string };
    assert.match(badEtcd.error, /etcd server address 'nope' is not a valid IP address/);
  } finally {
    await c.close();
  }
});

test('navigation: definition, references, document symbols, parameter hover and workspace-aware completion at exact positions', async () => {
  const root = ws('typha-felix-fixed');
  const c = await startServer(root, PUSH);
  try {
    const nodeUri = `file://${root}/calico-node.yaml`;
    const certsUri = `file://${root}/certs.yaml`;
    const node = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    const certs = readFileSync(join(root, 'certs.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: nodeUri, languageId: 'yaml', version: 1, text: node },
    });
    await c.waitFor(nodeUri, () => true);
    type Loc = {
      uri: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
    };
    // secretName -> the Secret's name
    const sn = position(node, 'secretName: calico-node-certs');
    let defs = (await c.conn.sendRequest('textDocument/definition', {
      textDocument: { uri: nodeUri },
      position: { line: sn.line, character: sn.character + 15 },
    })) as Loc[];
    const secretLine = certs.slice(0, certs.indexOf('name: calico-node-certs')).split('\n').length - 1;
    assert.deepEqual(defs, [
      {
        uri: certsUri,
        range: {
          start: { line: secretLine, character: 8 },
          end: { line: secretLine, character: 8 + 'calico-node-certs'.length },
        },
      },
    ]);
    // a TLS file path in env -> the Secret key behind it
    const kp = position(node, '/calico-node-certs/tls.key');
    defs = (await c.conn.sendRequest('textDocument/definition', {
      textDocument: { uri: nodeUri },
      position: { line: kp.line, character: kp.character + 3 },
    })) as Loc[];
    const keyLine = certs
      .split('\n')
      .findIndex(
        (l, i, all) => l.startsWith('  tls.key:') && all.slice(0, i).some((x) => x.includes('name: calico-node-certs')),
      );
    assert.deepEqual(defs, [
      { uri: certsUri, range: { start: { line: keyLine, character: 2 }, end: { line: keyLine, character: 9 } } },
    ]);
    // references from the Secret to everything that mounts it
    const refs = (await c.conn.sendRequest('textDocument/references', {
      textDocument: { uri: certsUri },
      position: { line: secretLine, character: 10 },
      context: { includeDeclaration: false },
    })) as Loc[];
    assert.deepEqual(
      refs.map((r) => [r.uri, r.range.start.line]),
      [[nodeUri, sn.line]],
    );
    // document symbols per object, containers as children
    const syms = (await c.conn.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: nodeUri },
    })) as Array<{ name: string; children: Array<{ name: string }> }>;
    assert.deepEqual(
      syms.map((s) => [s.name, s.children.map((x) => x.name)]),
      [['DaemonSet kube-system/calico-node', ['calico-node']]],
    );
    // hover on a parameter name
    const pn = position(node, 'FELIX_TYPHACAFILE');
    const h = (await c.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: nodeUri },
      position: { line: pn.line, character: pn.character + 3 },
    })) as { contents: { value: string }; range: Loc['range'] };
    assert.match(h.contents.value, /Felix parameter `TyphaCAFile`/);
    assert.match(h.contents.value, /Local only/);
    assert.deepEqual(h.range, {
      start: pn,
      end: { line: pn.line, character: pn.character + 'FELIX_TYPHACAFILE'.length },
    });
    // completion of TyphaCN from the certificates in the workspace
    const cn = position(node, 'value: typha-server');
    const items = (await c.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: nodeUri },
      position: { line: cn.line, character: cn.character + 'value: '.length },
    })) as Array<{ label: string }>;
    assert.deepEqual(items.map((i) => i.label).sort(), ['typha-client', 'typha-server']);
  } finally {
    await c.close();
  }
});

test('the language server indexes template files and calicoctl.cfg, and reports inside them without opening them', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'templates'));
  writeFileSync(
    join(root, 'templates', 'felix.cfg.erb'),
    '[global]\nEtcdEndpoints = https://127.0.0.1:2379\nEtcdCaFile = <%= @ca %>\nEtcdCertFile = <%= @cert %>\nEtcdKeyFlie = <%= @key %>\n',
  );
  writeFileSync(
    join(root, 'calicoctl.cfg'),
    'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  etcdEndpoints: https://10.0.0.1:2379\n  etcdCACertFile: /etc/calico/ca.pem\n  etcdCertFile: /etc/calico/cert.pem\n',
  );
  const c = await startServer(root, PUSH);
  try {
    const erb = (await c.waitFor(`file://${root}/templates/felix.cfg.erb`, (d) => d.length > 0)).map(
      (d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`,
    );
    assert.deepEqual(erb, ['unknown-tls-parameter@4:0']);
    const cfg = (await c.waitFor(`file://${root}/calicoctl.cfg`, (d) => d.length > 0)).map(
      (d) => `${d.code}@${d.range.start.line}`,
    );
    assert.deepEqual(cfg, ['etcd-cert-without-key@6']);
  } finally {
    await c.close();
  }
});

test("each workspace folder has its own .calico-tls.yaml: folder A's ignores and severities never apply to folder B", async () => {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const a = mkdtempSync(join(tmpdir(), 'calico-tls-a-'));
  const b = mkdtempSync(join(tmpdir(), 'calico-tls-b-'));
  const typo =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n          env:\n            - name: TYPHA_CLIENT_CN\n              value: x\n';
  for (const root of [a, b]) {
    mkdirSync(join(root, 'vendor'));
    writeFileSync(join(root, 'vendor', 'node.yaml'), typo);
    writeFileSync(join(root, 'node.yaml'), typo);
  }
  writeFileSync(join(a, '.calico-tls.yaml'), 'ignore:\n  - vendor/**\nrules:\n  unknown-tls-parameter: warning\n');
  const c = await startServer(a, PUSH, [b]);
  try {
    // The misspelt TYPHA_CLIENTCN is the finding whose severity A's configuration changes (read as
    // meant, it also leaves Typha's TLS incomplete, which neither configuration touches).
    const typo = (ds: Array<{ code?: unknown; severity?: unknown }>) =>
      ds.filter((d) => d.code === 'unknown-tls-parameter');
    const bVendor = typo(await c.waitFor(`file://${b}/vendor/node.yaml`, (d) => d.length > 0));
    assert.deepEqual(
      bVendor.map((d) => [d.code, d.severity]),
      [['unknown-tls-parameter', 1]],
      "folder B: A's ignore and severity do not apply",
    );
    const aNode = typo(await c.waitFor(`file://${a}/node.yaml`, (d) => d.length > 0));
    assert.deepEqual(
      aNode.map((d) => [d.code, d.severity]),
      [['unknown-tls-parameter', 2]],
      'folder A: its own severity',
    );
    assert.equal(c.pushed.get(`file://${a}/vendor/node.yaml`), undefined, 'folder A: its own ignore');
  } finally {
    await c.close();
  }
});

test("resource-scoped settings: each folder's calicoTls.exclude, rules and expiryWarningDays apply to its files only", async () => {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { makeCert } = await import('../certfactory');
  const a = mkdtempSync(join(tmpdir(), 'calico-tls-a-'));
  const b = mkdtempSync(join(tmpdir(), 'calico-tls-b-'));
  const typo =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          image: calico/node:v3.30.0\n          env:\n            - name: TYPHA_CLIENT_CN\n              value: x\n';
  // A certificate with 20 days left: inside B's 30-day window, outside A's 10-day one.
  const soon = await makeCert({ cn: 'typha-server', ca: true, notAfter: new Date(Date.now() + 20 * 86_400_000) });
  for (const root of [a, b]) {
    mkdirSync(join(root, 'vendor'));
    writeFileSync(join(root, 'vendor', 'node.yaml'), typo);
    writeFileSync(join(root, 'node.yaml'), typo);
    writeFileSync(join(root, 'typha.crt'), soon.certPem);
  }
  const { pathToFileURL } = await import('node:url');
  const c = await startServer(a, PUSH, [b], (client) => {
    client.folderSettings[pathToFileURL(a).href] = {
      exclude: ['vendor/**'],
      rules: { 'unknown-tls-parameter': 'warning' },
      expiryWarningDays: 10,
    };
  });
  try {
    const typoIn = (ds: Array<{ code?: unknown; severity?: unknown }>) =>
      ds.filter((d) => d.code === 'unknown-tls-parameter').map((d) => [d.code, d.severity]);
    assert.deepEqual(
      typoIn(await c.waitFor(`file://${b}/vendor/node.yaml`, (d) => d.length > 0)),
      [['unknown-tls-parameter', 1]],
      "folder B: A's exclude and severity do not apply",
    );
    assert.deepEqual(
      typoIn(await c.waitFor(`file://${a}/node.yaml`, (d) => d.length > 0)),
      [['unknown-tls-parameter', 2]],
      'folder A: its own calicoTls.rules',
    );
    assert.equal(c.pushed.get(`file://${a}/vendor/node.yaml`), undefined, 'folder A: its own calicoTls.exclude');
    const expiring = await c.waitFor(`file://${b}/typha.crt`, (d) => d.some((x) => x.code === 'cert-expiring-soon'));
    assert.ok(
      expiring.some((x) => x.code === 'cert-expiring-soon'),
      "folder B: the window's 30 days",
    );
    assert.ok(
      !(c.pushed.get(`file://${a}/typha.crt`) ?? []).some((x) => x.code === 'cert-expiring-soon'),
      'folder A: its own 10-day window',
    );
    assert.ok(
      c.configurationItems.some((i) => i.scopeUri === pathToFileURL(a).href && i.section === 'calicoTls') &&
        c.configurationItems.some((i) => i.scopeUri === pathToFileURL(b).href),
      "the server asks for each folder's settings",
    );
  } finally {
    await c.close();
  }
});
