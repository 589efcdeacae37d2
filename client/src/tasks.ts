/**
 * `calico-tls lint` as a VS Code task (type `calico-tls`, contributes.taskDefinitions): the CLI
 * bundled in the extension (dist/cli.js), run by the extension host's own runtime (Electron
 * started as Node, ELECTRON_RUN_AS_NODE), so the task needs no global install. Its stylish output
 * goes through the `$calico-tls` problem matcher into the Problems view, beside the language
 * server's diagnostics (the matcher's source, "calico-tls lint", tells them apart), the way
 * vscode-eslint's `eslint: lint whole folder` task sits beside its server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const TASK_TYPE = 'calico-tls';

/** What a tasks.json entry of type `calico-tls` may say (package.json taskDefinitions). */
export interface LintTaskDefinition extends vscode.TaskDefinition {
  /** Files or folders to lint, relative to the workspace folder (default: the whole folder). */
  readonly paths?: string[];
  /** Extra `calico-tls lint` options, e.g. `["--max-warnings", "0"]`. */
  readonly args?: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** The lint task for one workspace folder, as its definition asks. */
export function lintTask(folder: vscode.WorkspaceFolder, cli: string, definition: LintTaskDefinition): vscode.Task {
  const paths = strings(definition.paths);
  // The task speaks the display language, as the server does; a --locale in `args` comes later and wins.
  const locale = /^zh/i.test(vscode.env.language) ? 'zh-cn' : 'en';
  const args = [
    'lint',
    '--no-color',
    '--locale',
    locale,
    ...strings(definition.args),
    ...(paths.length ? paths : ['.']),
  ];
  const execution = new vscode.ProcessExecution(process.execPath, [cli, ...args], {
    cwd: folder.uri.fsPath,
    // Colours would hide the rows from the problem matcher; ELECTRON_RUN_AS_NODE makes the
    // desktop editor's Electron binary a plain Node (code-server's runtime is Node already).
    env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
  });
  const task = new vscode.Task(definition, folder, 'lint', TASK_TYPE, execution, ['$calico-tls']);
  const shown = args.filter((a, i) => a !== '--no-color' && a !== '--locale' && args[i - 1] !== '--locale');
  task.detail = `calico-tls ${shown.join(' ')}`;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

/** Provides one lint task per workspace folder and resolves `calico-tls` tasks from tasks.json. */
export function registerLintTasks(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((f) => lintTask(f, cli, { type: TASK_TYPE })),
    resolveTask: (task) => {
      if (task.definition.type !== TASK_TYPE) return undefined;
      const folder =
        task.scope !== undefined && typeof task.scope === 'object'
          ? task.scope
          : vscode.workspace.workspaceFolders?.[0];
      // VS Code asks for the same definition object back (it keys the task by it).
      return folder ? lintTask(folder, cli, task.definition as LintTaskDefinition) : undefined;
    },
  });
}
