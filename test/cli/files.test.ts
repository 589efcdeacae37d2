// Which files a lint run reads: folder walks by extension, explicit files whatever their name,
// skipped folders, binary and oversized files, encodings, symlink loops, duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../helpers';
import { positionOf, runHere, runJson, tempDir, whereOf } from './support';

const BROKEN_NODE = () => readFileSync(fixture('cli', 'broken', 'calico-node.yaml'), 'utf8');

function filesWithFindings(findings: Array<{ file: string }>): string[] {
  return [...new Set(findings.map((f) => f.file))].sort();
}

test('folders: candidate extensions (templates too) only, node_modules and .git skipped; explicit files always linted', () => {
  const d = tempDir();
  const text = BROKEN_NODE();
  mkdirSync(join(d, 'm', 'deep', 'node_modules'), { recursive: true });
  mkdirSync(join(d, 'm', '.git'));
  for (const name of [
    'a.yaml',
    'b.yml',
    'deep/c.YAML',
    'notes.txt',
    'deep/node_modules/d.yaml',
    '.git/e.yaml',
    'manifest.tpl',
  ])
    writeFileSync(join(d, 'm', name), text);
  const r = runJson(['m'], d);
  assert.equal(r.code, 1);
  assert.deepEqual(filesWithFindings(r.findings), ['m/a.yaml', 'm/b.yml', 'm/deep/c.YAML', 'm/manifest.tpl']);
  // Named explicitly, any extension is linted (as YAML when the content says so).
  const e = runJson(['m/notes.txt', 'm/manifest.tpl'], d);
  assert.deepEqual(filesWithFindings(e.findings), ['m/manifest.tpl', 'm/notes.txt']);
  // The same file twice, or through a folder and by name, is linted once.
  const twice = runJson(['m/a.yaml', 'm', './m/a.yaml'], d);
  assert.equal(twice.findings.filter((f) => f.file === 'm/a.yaml' && f.rule === 'unknown-tls-parameter').length, 1);
});

test('JSON, JSONC, conflist and cfg files are found in folders', () => {
  const d = tempDir();
  mkdirSync(join(d, 'cfg'));
  const cfg =
    '[global]\nTyphaCAFile = /etc/typha/ca.crt\nTyphaCertFile = /etc/typha/felix.crt\nTyphaKeyFile = /etc/typha/felix.key\nTypha_CN = typha-server\n';
  writeFileSync(join(d, 'cfg', 'felix.cfg'), cfg);
  const r = runJson(['cfg'], d);
  assert.ok(
    r.findings.some((f) => f.file === 'cfg/felix.cfg'),
    r.stdout + r.stderr,
  );
});

test('binary and unparsable files do not crash the run; binary files are skipped with a note', () => {
  const d = tempDir();
  mkdirSync(join(d, 'm'));
  writeFileSync(join(d, 'm', 'blob.yaml'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
  writeFileSync(join(d, 'm', 'broken.yaml'), 'a: [\n');
  writeFileSync(join(d, 'm', 'random.json'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  const r = runJson(['m'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual([...new Set(r.findings.map((f) => `${f.file} ${f.rule}`))], ['m/broken.yaml syntax-error']);
  assert.match(r.stderr, /skipped m\/blob\.yaml: binary file/);
  const explicit = runJson(['m/blob.yaml'], d);
  assert.equal(explicit.code, 0);
  assert.deepEqual(explicit.findings, []);
});

test('a UTF-8 BOM or UTF-16 file gives the same positions as plain UTF-8', () => {
  const d = tempDir();
  const text = BROKEN_NODE();
  const expected = positionOf(text, 'FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHA_CAFILE');
  writeFileSync(join(d, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  writeFileSync(join(d, 'u16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const r = runJson(['bom.yaml', 'u16.yaml'], d);
  const hits = r.findings.filter((f) => f.rule === 'unknown-tls-parameter');
  assert.deepEqual(
    hits.map((f) => f.file),
    ['bom.yaml', 'u16.yaml'],
  );
  for (const h of hits) assert.deepEqual(whereOf(h), expected);
});

test('symlink loops end; dangling links are a note, not a failure', () => {
  const d = tempDir();
  mkdirSync(join(d, 'm'));
  writeFileSync(join(d, 'm', 'a.yaml'), BROKEN_NODE());
  symlinkSync(join(d, 'm'), join(d, 'm', 'loop'));
  symlinkSync(join(d, 'm', 'gone.yaml'), join(d, 'm', 'dangling.yaml'));
  const r = runJson(['m'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(filesWithFindings(r.findings), ['m/a.yaml']);
  assert.match(r.stderr, /dangling\.yaml/);
});

test('a Markdown or other markup document named on the command line is skipped, not parsed as YAML', async () => {
  const d = tempDir();
  writeFileSync(join(d, 'SOURCES.md'), '# Sources\n\nFiles from: calico, etcd and Typha setups.\n* one: two: three\n');
  writeFileSync(join(d, 'notes.txt'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const r = await runHere(['lint', 'SOURCES.md', 'notes.txt'], d);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /syntax-error/);
  assert.match(
    r.stderr,
    /skipped SOURCES\.md: a document \(Markdown, reStructuredText, AsciiDoc, HTML\), not configuration\n/,
  );
  assert.doesNotMatch(r.stderr, /maxFileSize/);
});
