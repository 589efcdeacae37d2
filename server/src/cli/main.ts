/**
 * The `calico-tls` entry (bundled to dist/cli.js, required by bin/calico-tls.js): wires the
 * process (argv, cwd, stdio, exit code) to `run` in cli.ts.
 */
import { run } from './cli';
import { readStreamBounded } from '../io/read';
import { terminalSafe, type Io } from './io';

async function readStdin(limit: number): Promise<string> {
  const r = await readStreamBounded(process.stdin, limit);
  if (!r.ok) throw Object.assign(new Error(r.reason), { code: undefined });
  return r.text;
}

// `calico-tls lint ... | head`: a closed pipe is not a crash.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') stdoutClosed = true;
  else throw e;
});

function cwd(): string {
  try {
    return process.cwd();
  } catch {
    process.stderr.write('calico-tls: the current directory no longer exists\n');
    process.exit(2);
  }
}

const processIo: Io = {
  cwd: cwd(),
  env: process.env,
  colorTerminal: !!process.stdout.isTTY && (process.stdout.hasColors?.() ?? true),
  out: (text) => {
    if (!stdoutClosed && text) process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  },
  progress: {
    terminal: !!process.stdout.isTTY && !!process.stderr.isTTY,
    write: (text) =>
      process.stderr.write(
        process.stdout.isTTY && process.stderr.isTTY
          ? `\r\u001b[K${text.slice(0, (process.stderr.columns || 80) - 1)}`
          : `${text}\n`,
      ),
    clear: () => {
      if (process.stdout.isTTY && process.stderr.isTTY) process.stderr.write('\r\u001b[K');
    },
  },
  readStdin,
};

void run(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`calico-tls: internal error: ${terminalSafe(String(e))}\n`);
    process.exitCode = 2;
  },
);
