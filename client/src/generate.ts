/**
 * "Calico TLS: Generate certificates…": a QuickPick/InputBox wizard that asks what the seeds'
 * procedures need, then has the language server generate and write the set (so other editors
 * get the same through workspace/executeCommand calicoTls.generate). Progress with cancel, no
 * overwrite without confirmation, the manifest opened afterwards. Called with an argument
 * object it runs without any UI (tests, keybindings).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { HASHES, KEY_ALGORITHMS, SETS, SLOW_KEY_ALGORITHMS } from '../../server/src/certgen/catalog';

export interface GenerateArgs {
  set: string;
  options?: Record<string, unknown>;
  outDir: string;
  overwrite?: boolean;
}

type Result = { written?: string[]; warnings?: string[]; existing?: string[]; error?: string };

// The generator's own lists (server/src/certgen/catalog.ts, a module without imports).
const SET_ITEMS = SETS.map((s) => ({ label: s.kind, description: s.description }));
// ECDSA first: the wizard's default choice is the fast, small one.
const ALGS = [...KEY_ALGORITHMS].sort((a, b) => Number(a.startsWith('rsa')) - Number(b.startsWith('rsa')));
const DNS = /^(?=.{1,253}$)(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

async function pick(items: Array<string | vscode.QuickPickItem>, title: string): Promise<string | undefined> {
  const r = await vscode.window.showQuickPick(
    items.map((i) => (typeof i === 'string' ? { label: i } : i)),
    { title, ignoreFocusOut: true },
  );
  return r?.label;
}

async function ask(): Promise<GenerateArgs | undefined> {
  const set = await pick(SET_ITEMS, 'Calico TLS: certificate set');
  if (!set) return undefined;
  const keyAlgorithm = await pick(
    ALGS.map((a) => ({ label: a, description: SLOW_KEY_ALGORITHMS.has(a) ? 'slow: tens of seconds' : undefined })),
    'Key algorithm',
  );
  if (!keyAlgorithm) return undefined;
  const hash = await pick([...HASHES], 'Signature hash');
  if (!hash) return undefined;
  const days = await vscode.window.showInputBox({
    title: 'Validity of the leaf certificates (days)',
    value: '365',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10950 ? undefined : 'a whole number of days, 1 to 10950',
  });
  if (!days) return undefined;
  const options: Record<string, unknown> = { keyAlgorithm, hash, days: Number(days) };
  if (set === 'typha') {
    const identity = await pick(
      [
        { label: 'cn', description: 'Common Names typha-server / typha-client' },
        { label: 'spiffe', description: 'SPIFFE URI SANs (recommended by the docs)' },
        { label: 'both', description: 'both (for a migration)' },
      ],
      'Identity',
    );
    if (!identity) return undefined;
    const layout = await pick(
      [
        { label: 'manual', description: 'Secrets, ConfigMap, env, volumes and mounts' },
        { label: 'operator', description: 'typha-certs, node-certs, typha-ca for the Tigera operator' },
      ],
      'Layout',
    );
    if (!layout) return undefined;
    Object.assign(options, { identity, layout });
  } else if (set === 'manager') {
    const names = await vscode.window.showInputBox({
      title: 'DNS names and IP addresses users type to reach the Manager (comma-separated)',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => DNS.test(s) || /^[\d.]+$|:/.test(s)) && v.trim()
          ? undefined
          : 'comma-separated DNS names or IP addresses',
    });
    if (!names) return undefined;
    const all = names
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    Object.assign(options, { dnsNames: all.filter((s) => DNS.test(s)), ips: all.filter((s) => !DNS.test(s)) });
  } else if (set === 'etcd') {
    const endpoints = await vscode.window.showInputBox({
      title: 'etcd endpoints (comma-separated https:// URLs)',
      value: 'https://127.0.0.1:2379',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.split(',').every((e) => /^https:\/\/[^\s/]+(:\d+)?\/?$/.test(e.trim()))
          ? undefined
          : 'https:// URLs, comma-separated',
    });
    if (!endpoints) return undefined;
    options.endpoints = endpoints;
    // The etcd server and peer certificates always name the endpoint hosts (and localhost and
    // 127.0.0.1 when an endpoint is local); other members or a load balancer are added here.
    const extra = await vscode.window.showInputBox({
      title: 'More names for the etcd server and peer certificates (optional, comma-separated)',
      prompt:
        'The endpoint hosts are always included (plus localhost and 127.0.0.1 for a local endpoint). ' +
        'Add other members or a load balancer: DNS names and IP addresses.',
      value: '',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => DNS.test(s) || /^[\d.]+$|:/.test(s))
          ? undefined
          : 'comma-separated DNS names or IP addresses',
    });
    if (extra === undefined) return undefined;
    const names = extra
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const isAddr = (s: string) => /^[\d.]+$|:/.test(s);
    Object.assign(options, { serverDnsNames: names.filter((s) => !isAddr(s)), serverIps: names.filter(isAddr) });
  } else if (set === 'prometheus') {
    const serverName = await vscode.window.showInputBox({
      title: 'serverName Prometheus will verify',
      value: 'calico-node-metrics',
      ignoreFocusOut: true,
      validateInput: (v) => (DNS.test(v) ? undefined : 'a DNS name'),
    });
    if (!serverName) return undefined;
    options.serverName = serverName;
  } else if (set === 'certificate-management') {
    const signerName = await vscode.window.showInputBox({
      title: 'signerName (<domain>/<signer>)',
      value: 'example.com/calico-signer',
      ignoreFocusOut: true,
      validateInput: (v) =>
        /^[a-z0-9-]+(\.[a-z0-9-]+)+\/[a-z0-9.-]+$/.test(v)
          ? undefined
          : 'the form example.com/signer-name (kube-apiserver checks it)',
    });
    if (!signerName) return undefined;
    options.signerName = signerName;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Write the certificates here',
    defaultUri: folder,
  });
  const outDir = picked?.[0]?.fsPath ?? (folder ? path.join(folder.fsPath, `calico-tls-${set}`) : undefined);
  if (!outDir) return undefined;
  return { set, options, outDir };
}

export async function generateCommand(
  ready: () => Promise<LanguageClient | undefined>,
  args?: GenerateArgs,
): Promise<Result | undefined> {
  const interactive = !args;
  const client = await ready();
  if (!client) {
    if (interactive)
      void vscode.window.showErrorMessage(
        'Calico TLS: the language server is not running, so no certificates can be generated ' +
          '(see "Calico TLS: Show output").',
      );
    return undefined;
  }
  const a = args ?? (await ask());
  if (!a) return undefined;
  const run = (overwrite: boolean) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Calico TLS: generating the ${a.set} set`,
        cancellable: true,
      },
      (_p, token) =>
        client.sendRequest(
          'workspace/executeCommand',
          { command: 'calicoTls.generate', arguments: [{ ...a, overwrite }] },
          token,
        ) as Promise<Result>,
    );
  let r = await run(!!a.overwrite);
  if (r?.existing && interactive) {
    const ok = await vscode.window.showWarningMessage(
      `${r.existing.length} file(s) already exist in ${a.outDir}. Replace them?`,
      { modal: true },
      'Replace',
    );
    if (ok !== 'Replace') return r;
    r = await run(true);
  }
  if (!interactive) return r;
  if (r?.error) void vscode.window.showErrorMessage(`Calico TLS: ${r.error}`);
  for (const w of r?.warnings ?? []) void vscode.window.showWarningMessage(`Calico TLS: ${w}`);
  // The complete objects come first; the patches and kustomization.yaml (sets that change
  // existing workloads) after them. Each file's header says how it is applied.
  const manifest = r?.written?.find((f) => f.endsWith('.yaml'));
  if (manifest) await vscode.window.showTextDocument(vscode.Uri.file(manifest));
  if (r?.written?.some((f) => path.basename(f) === 'kustomization.yaml'))
    void vscode.window.showInformationMessage(
      `Calico TLS: the ${a.set} set patches existing objects: add your Calico manifest to ` +
        `kustomization.yaml's resources and run kubectl apply -k ${a.outDir}, or run the kubectl patch line ` +
        'in the header of each patch-*.yaml.',
    );
  else if (manifest) void vscode.window.showInformationMessage(`Calico TLS: apply with kubectl apply -f ${manifest}`);
  return r;
}
