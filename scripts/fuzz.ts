// `npm run fuzz [-- RUNS]`: the long property run. RUNS (default 100,000) generated documents:
// random text and mutations of every fixture and corpus file (half each); then, scaled to it,
// command lines with stdin (RUNS/50), generator inputs (RUNS/100) and LSP message sequences
// against one running server (RUNS/200). Prints the failing input's shrunk form and exits 1 on
// the first failure; else how many inputs of each kind ran.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCli,
  checkGenerate,
  checkProperty,
  cliArgs,
  fileName,
  genOptions,
  lspSteps,
  mutated,
} from '../test/robustness-lib';
import { Session } from '../test/lsp/session';

function walk(d: string): string[] {
  return readdirSync(d).flatMap((e) => {
    const p = join(d, e);
    return statSync(p).isDirectory()
      ? walk(p)
      : /\.(ya?ml|cfg|conflist|json|j2|erb)$/.test(p) && statSync(p).size < 200_000
        ? [p]
        : [];
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 100_000);
  const seeds = walk(join(process.cwd(), 'test', 'fixtures')).map((p) => readFileSync(p, 'utf8'));
  const t0 = Date.now();
  const half = Math.floor(runs / 2);
  const cliRuns = Math.max(10, Math.floor(runs / 50));
  const genRuns = Math.max(10, Math.floor(runs / 100));
  const lspRuns = Math.max(5, Math.floor(runs / 200));
  const sandbox = mkdtempSync(join(tmpdir(), 'calico-tls-fuzz-'));
  mkdirSync(join(sandbox, 'm'));
  writeFileSync(join(sandbox, 'm', 'a.yaml'), seeds[0] ?? 'a: b\n');
  writeFileSync(join(sandbox, 'afile'), 'x\n');
  try {
    fc.assert(
      fc.property(fc.array(fc.tuple(fileName, mutated(seeds)), { minLength: 1, maxLength: 3 }), (files) =>
        checkProperty(files.map(([n, text], i) => ({ uri: `${i}-${n}`, text }))),
      ),
      { numRuns: half },
    );
    fc.assert(
      fc.property(fileName, fc.string({ unit: 'binary', maxLength: 2000 }), (n, text) =>
        checkProperty([{ uri: n, text }]),
      ),
      { numRuns: runs - half },
    );
    await fc.assert(
      fc.asyncProperty(cliArgs, fc.oneof(fc.constant(''), mutated(seeds)), (args, stdin) =>
        checkCli(args, stdin, sandbox),
      ),
      { numRuns: cliRuns },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('typha', 'etcd', 'manager', 'prometheus', 'certificate-management'),
        genOptions,
        (kind, o) => checkGenerate(kind, o),
      ),
      { numRuns: genRuns },
    );
    const s = await Session.start(sandbox, {
      capabilities: { textDocument: { publishDiagnostics: {}, diagnostic: {} }, workspace: { configuration: true } },
    });
    try {
      await fc.assert(
        fc.asyncProperty(lspSteps(sandbox, seeds), async (steps) => {
          for (const st of steps) {
            if (st.kind === 'notify') await s.notify(st.method, st.params);
            else
              await s.request(st.method, st.params, 60_000).catch((e: Error) => {
                if (/timed out/.test(e.message) || !e.message) throw e;
              });
          }
          if (s.exitCode !== undefined) throw new Error(`the server exited (${s.exitCode})`);
          await s.request('workspace/executeCommand', { command: 'calicoTls.ruleIds', arguments: [] }, 60_000);
          const bad = s.logs.find((l) => /internal error|uncaught|unhandled/.test(l.message));
          if (bad) throw new Error(bad.message);
        }),
        { numRuns: lspRuns },
      );
    } finally {
      await s.close();
    }
  } catch (e) {
    console.error(String(e));
    process.exit(1);
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
  console.log(
    `fuzz: ${runs} documents from ${seeds.length} seed files, ${cliRuns} command lines, ${genRuns} generator inputs, ${lspRuns} LSP sessions: ${runs + cliRuns + genRuns + lspRuns} inputs, 0 failures, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  process.exit(0);
}

void main();
