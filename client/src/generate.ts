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
import { HASHES, KEY_ALGORITHMS, SETS, SLOW_KEY_ALGORITHMS, type SetKind } from '../../server/src/certgen/catalog';

export interface GenerateArgs {
  set: string;
  options?: Record<string, unknown>;
  outDir: string;
  overwrite?: boolean;
}

type Result = { written?: string[]; warnings?: string[]; existing?: string[]; error?: string };

/**
 * The catalog's set descriptions (server/src/certgen/catalog.ts, in English for the CLI's help
 * too), translated here where the wizard shows them: the English messages are the catalog's own
 * words (test/l10n.test.ts), and a new set kind fails to compile until it is described here.
 */
export function setDescriptions(): Record<SetKind, string> {
  return {
    typha: vscode.l10n.t('Typha ↔ Felix mutual TLS (CA, Typha server, Felix client)'),
    etcd: vscode.l10n.t('etcd server, peer and client certificates, etcd.flags, etcd.conf.yml and calico-etcd-secrets'),
    manager: vscode.l10n.t('Manager UI HTTPS certificate'),
    prometheus: vscode.l10n.t('Calico metrics over HTTPS with Prometheus client certificates'),
    'certificate-management': vscode.l10n.t('CA for Installation.spec.certificateManagement'),
  };
}

// The generator's own lists (server/src/certgen/catalog.ts, a module without imports).
const setItems = () => {
  const described = setDescriptions();
  return SETS.map((s) => ({ label: s.kind, description: described[s.kind] }));
};
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
  const set = await pick(setItems(), vscode.l10n.t('Calico TLS: certificate set'));
  if (!set) return undefined;
  const keyAlgorithm = await pick(
    ALGS.map((a) => ({
      label: a,
      description: SLOW_KEY_ALGORITHMS.has(a) ? vscode.l10n.t('slow: tens of seconds') : undefined,
    })),
    vscode.l10n.t('Key algorithm'),
  );
  if (!keyAlgorithm) return undefined;
  const hash = await pick([...HASHES], vscode.l10n.t('Signature hash'));
  if (!hash) return undefined;
  const days = await vscode.window.showInputBox({
    title: vscode.l10n.t('Validity of the leaf certificates (days)'),
    value: '365',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10950
        ? undefined
        : vscode.l10n.t('a whole number of days, 1 to 10950'),
  });
  if (!days) return undefined;
  const options: Record<string, unknown> = { keyAlgorithm, hash, days: Number(days) };
  if (set === 'typha') {
    const identity = await pick(
      [
        { label: 'cn', description: vscode.l10n.t('Common Names typha-server / typha-client') },
        { label: 'spiffe', description: vscode.l10n.t('SPIFFE URI SANs (recommended by the docs)') },
        { label: 'both', description: vscode.l10n.t('both (for a migration)') },
      ],
      vscode.l10n.t({
        message: 'Identity',
        comment: ['Quick-pick title: how Felix and Typha identify each other (Common Name or SPIFFE URI SAN).'],
      }),
    );
    if (!identity) return undefined;
    const layout = await pick(
      [
        { label: 'manual', description: vscode.l10n.t('Secrets, ConfigMap, env, volumes and mounts') },
        {
          label: 'operator',
          description: vscode.l10n.t('typha-certs, node-certs, typha-ca for the Tigera operator'),
        },
      ],
      vscode.l10n.t({
        message: 'Layout',
        comment: ['Quick-pick title: which Kubernetes objects the generated certificates are put in.'],
      }),
    );
    if (!layout) return undefined;
    Object.assign(options, { identity, layout });
  } else if (set === 'manager') {
    const names = await vscode.window.showInputBox({
      title: vscode.l10n.t('DNS names and IP addresses users type to reach the Manager (comma-separated)'),
      ignoreFocusOut: true,
      validateInput: (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => DNS.test(s) || /^[\d.]+$|:/.test(s)) && v.trim()
          ? undefined
          : vscode.l10n.t('comma-separated DNS names or IP addresses'),
    });
    if (!names) return undefined;
    const all = names
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    Object.assign(options, { dnsNames: all.filter((s) => DNS.test(s)), ips: all.filter((s) => !DNS.test(s)) });
  } else if (set === 'etcd') {
    const endpoints = await vscode.window.showInputBox({
      title: vscode.l10n.t('etcd endpoints (comma-separated https:// URLs)'),
      value: 'https://127.0.0.1:2379',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.split(',').every((e) => /^https:\/\/[^\s/]+(:\d+)?\/?$/.test(e.trim()))
          ? undefined
          : vscode.l10n.t('https:// URLs, comma-separated'),
    });
    if (!endpoints) return undefined;
    options.endpoints = endpoints;
    // The etcd server and peer certificates always name the endpoint hosts (and localhost and
    // 127.0.0.1 when an endpoint is local); other members or a load balancer are added here.
    /* eslint-disable max-len -- l10n-dev exports one string literal, with no comment in the call */
    const hosts = vscode.l10n.t(
      'The endpoint hosts are always included (plus localhost and 127.0.0.1 for a local endpoint). Add other members or a load balancer: DNS names and IP addresses.',
    );
    /* eslint-enable max-len */
    const extra = await vscode.window.showInputBox({
      title: vscode.l10n.t('More names for the etcd server and peer certificates (optional, comma-separated)'),
      prompt: hosts,
      value: '',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => DNS.test(s) || /^[\d.]+$|:/.test(s))
          ? undefined
          : vscode.l10n.t('comma-separated DNS names or IP addresses'),
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
      title: vscode.l10n.t('serverName Prometheus will verify'),
      value: 'calico-node-metrics',
      ignoreFocusOut: true,
      validateInput: (v) => (DNS.test(v) ? undefined : vscode.l10n.t('a DNS name')),
    });
    if (!serverName) return undefined;
    options.serverName = serverName;
  } else if (set === 'certificate-management') {
    const signerName = await vscode.window.showInputBox({
      title: vscode.l10n.t('signerName (<domain>/<signer>)'),
      value: 'example.com/calico-signer',
      ignoreFocusOut: true,
      validateInput: (v) =>
        /^[a-z0-9-]+(\.[a-z0-9-]+)+\/[a-z0-9.-]+$/.test(v)
          ? undefined
          : vscode.l10n.t('the form example.com/signer-name (kube-apiserver checks it)'),
    });
    if (!signerName) return undefined;
    options.signerName = signerName;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Write the certificates here'),
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
    /* eslint-disable max-len -- l10n-dev exports one string literal, with no comment in the call */
    const notRunning = vscode.l10n.t(
      'Calico TLS: the language server is not running, so no certificates can be generated (see "Calico TLS: Show output").',
    );
    /* eslint-enable max-len */
    if (interactive) void vscode.window.showErrorMessage(notRunning);
    return undefined;
  }
  const a = args ?? (await ask());
  if (!a) return undefined;
  const run = (overwrite: boolean) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t({
          message: 'Calico TLS: generating the {set} set',
          args: { set: a.set },
          comment: ['{set} is a certificate set kind, untranslated: typha, etcd, manager, prometheus…'],
        }),
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
    const replace = vscode.l10n.t({ message: 'Replace', comment: ['Button: replace the existing files.'] });
    const ok = await vscode.window.showWarningMessage(
      vscode.l10n.t({
        message: '{count} file(s) already exist in {folder}. Replace them?',
        args: { count: r.existing.length, folder: a.outDir },
        comment: ['{count} is a number of files, {folder} a folder path.'],
      }),
      { modal: true },
      replace,
    );
    if (ok !== replace) return r;
    r = await run(true);
  }
  if (!interactive) return r;
  // The generator's own messages come from the server, in the language the client sent in initialize.
  const said = (m: string) =>
    vscode.l10n.t({ message: 'Calico TLS: {0}', args: [m], comment: ['{0} is a message from the generator.'] });
  if (r?.error) void vscode.window.showErrorMessage(said(r.error));
  for (const w of r?.warnings ?? []) void vscode.window.showWarningMessage(said(w));
  // The complete objects come first; the patches and kustomization.yaml (sets that change
  // existing workloads) after them. Each file's header says how it is applied.
  const manifest = r?.written?.find((f) => f.endsWith('.yaml'));
  if (manifest) await vscode.window.showTextDocument(vscode.Uri.file(manifest));
  if (r?.written?.some((f) => path.basename(f) === 'kustomization.yaml'))
    void vscode.window.showInformationMessage(
      /* eslint-disable max-len -- l10n-dev exports one string literal, with no comment in the call */
      vscode.l10n.t({
        message:
          "Calico TLS: the {set} set patches existing objects: add your Calico manifest to kustomization.yaml's resources and run kubectl apply -k {folder}, or run the kubectl patch line in the header of each patch-*.yaml.",
        args: { set: a.set, folder: a.outDir },
        comment: ['{set} is a certificate set kind, untranslated; {folder} a folder path.'],
      }),
      /* eslint-enable max-len */
    );
  else if (manifest)
    void vscode.window.showInformationMessage(vscode.l10n.t('Calico TLS: apply with kubectl apply -f {0}', manifest));
  return r;
}
