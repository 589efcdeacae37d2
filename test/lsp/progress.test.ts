// The first walk of the workspace is reported (issue #21 item 5): a work-done progress the editor
// shows (begin with a title, reports with a count and a percentage, end) when the client offers
// window.workDoneProgress, and calicoTls/status `{ indexing: n }` for the status item, before the
// first counts. In the client's language; none of it for a client without the capability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { startServer, type TestClient } from './client';

/** 600 files (the example copied into folders): more than one report's worth (one per 256 files). */
function bigWorkspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-progress-'));
  for (let i = 0; i < 150; i++) {
    mkdirSync(join(d, `team-${i}`));
    cpSync(join(repoRoot(), 'examples', 'typha-felix-broken'), join(d, `team-${i}`), { recursive: true });
  }
  return d;
}

interface Seen {
  created: number;
  progress: Array<{ kind: string; title?: string; message?: string; percentage?: number }>;
  status: Array<Record<string, unknown>>;
}

async function run(
  root: string,
  window: Record<string, unknown>,
  locale?: string,
): Promise<{ seen: Seen; c: TestClient }> {
  const seen: Seen = { created: 0, progress: [], status: [] };
  let counted: () => void = () => undefined;
  const firstCounts = new Promise<void>((r) => (counted = r));
  const c = await startServer(
    root,
    { window, workspace: { configuration: true } },
    [],
    (client) => {
      client.conn.onRequest('window/workDoneProgress/create', () => {
        seen.created++;
        return null;
      });
      client.conn.onNotification('$/progress', (p: { value: Seen['progress'][number] }) => seen.progress.push(p.value));
      client.conn.onNotification('calicoTls/status', (s: Record<string, unknown>) => {
        seen.status.push(s);
        if ('files' in s) counted();
      });
    },
    locale ? { locale } : {},
  );
  await Promise.race([
    firstCounts,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no counts within 60 s')), 60_000)),
  ]);
  return { seen, c };
}

const root = bigWorkspace();

test('indexing: work-done progress begin, reports with counts and percentages, end; status says indexing first', async () => {
  const { seen, c } = await run(root, { workDoneProgress: true });
  try {
    const indexing = seen.progress.filter((p) => p.kind !== 'begin' || p.title === 'Calico TLS: reading the workspace');
    const begin = seen.progress.findIndex((p) => p.kind === 'begin' && p.title === 'Calico TLS: reading the workspace');
    assert.ok(begin >= 0, `a begin with the title (got ${JSON.stringify(seen.progress.slice(0, 3))})`);
    const reports = indexing.filter((p) => p.kind === 'report' && /files read/.test(p.message ?? ''));
    assert.ok(reports.length >= 1, JSON.stringify(seen.progress));
    const last = reports[reports.length - 1]!;
    assert.match(last.message!, /^600 files read \(folder 1 of 1\)$/);
    const pct = reports.map((r) => r.percentage ?? -1);
    assert.ok(
      pct.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= pct[i - 1]!)),
      `percentages ${pct}`,
    );
    assert.ok(
      seen.progress.slice(begin).some((p) => p.kind === 'end'),
      'the progress ends',
    );
    const firstCounts = seen.status.findIndex((s) => 'files' in s);
    const indexingStatus = seen.status.findIndex((s) => s.indexing === 600);
    assert.ok(indexingStatus >= 0 && indexingStatus < firstCounts, JSON.stringify(seen.status.slice(0, 5)));
  } finally {
    await c.close();
  }
});

test('indexing progress in the client language; none without the capability', async () => {
  const zh = await run(root, { workDoneProgress: true }, 'zh-cn');
  try {
    assert.ok(zh.seen.progress.some((p) => p.kind === 'begin' && p.title === 'Calico TLS：正在读取工作区'));
    assert.ok(zh.seen.progress.some((p) => p.kind === 'report' && /^已读取 600 个文件/.test(p.message ?? '')));
  } finally {
    await zh.c.close();
  }
  const none = await run(root, {});
  try {
    assert.equal(none.seen.created, 0);
    assert.equal(none.seen.progress.length, 0);
    assert.ok(
      none.seen.status.some((s) => s.indexing === 600),
      'the status item still hears the count',
    );
  } finally {
    await none.c.close();
  }
});
