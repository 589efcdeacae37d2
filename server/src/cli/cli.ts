/**
 * `calico-tls`: lint (stylish | json | sarif), rules, explain, gen. The CLI adapter around the
 * pure engine: `run` dispatches a command line; commands get an `Io` (cwd, stdout/stderr,
 * stdin) and return the exit code. main.ts is the only file that touches `process`.
 *
 * Exit codes: 0 no error, 1 errors (or too many warnings), 2 usage, I/O or config problems.
 */
import { Usage } from './args';
import { cmdExplain } from './commands/explain';
import { cmdLint } from './commands/lint';
import { cmdRules } from './commands/rules';
import { ConfigError } from './config';
import { cmdGen, GEN_HELP, GenUsage } from './gen';
import { EXPLAIN_HELP, HELP, LINT_HELP, RULES_HELP } from './help';
import { diag, terminalSafe, type Io } from './io';
import { productVersion } from '../io/version';

const COMMAND_HELP: Readonly<Record<string, string>> = {
  lint: LINT_HELP,
  rules: RULES_HELP,
  explain: EXPLAIN_HELP,
  gen: GEN_HELP,
};

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
        io.err(HELP + '\n');
        return 2;
      case '--help':
      case '-h':
        io.out(HELP + '\n');
        return 0;
      case 'help': {
        const topic = rest[0];
        if (topic === undefined) io.out(HELP + '\n');
        else if (Object.hasOwn(COMMAND_HELP, topic)) io.out(COMMAND_HELP[topic] + '\n');
        else throw new Usage(`no help for '${topic}' (commands: ${Object.keys(COMMAND_HELP).join(', ')})`);
        return 0;
      }
      case '--version':
      case '-v':
      case 'version':
        io.out(productVersion() + '\n');
        return 0;
      case 'lint':
        return await cmdLint(rest, io);
      case 'rules':
        return cmdRules(rest, io);
      case 'explain':
        return cmdExplain(rest, io);
      case 'gen':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.out(GEN_HELP + '\n');
          return 0;
        }
        return await cmdGen(
          [...rest],
          (s) => io.out(s.endsWith('\n') ? s : s + '\n'),
          (s) => io.err(s.endsWith('\n') ? s : s + '\n'),
          io.cwd,
          io.env,
        );
      default:
        throw new Usage(`unknown command '${cmd}' (lint, rules, explain, gen, help)`);
    }
  } catch (e) {
    if (e instanceof Usage) {
      diag(io, e.message);
      const topic = e.command ?? (cmd !== undefined && Object.hasOwn(COMMAND_HELP, cmd) ? cmd : undefined);
      io.err(`Run 'calico-tls ${topic ? `help ${topic}` : '--help'}' for usage.\n`);
      return 2;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      diag(io, (e as Error).message);
      io.err(`Run 'calico-tls help ${cmd}' for usage.\n`);
      return 2;
    }
    if (e instanceof GenUsage) {
      io.err(`calico-tls gen: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) diag(io, p);
      return 2;
    }
    // A bug, not bad input: the stack is for the report. It holds code locations, not file contents.
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`calico-tls: internal error: ${text.split('\n').map(terminalSafe).join('\n')}\n`);
    return 2;
  }
}
