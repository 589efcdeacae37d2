import type { ParsedFile } from '../parse';
import type { DataEntry } from '../model/data';
import { apiserverFile, workspaceFileAt, type ApiserverSetting, type KubeApiserver } from '../model/kube-apiserver';
import type { Workspace } from '../model/workspace';
import type { Decoded } from './material';

export interface ApiserverMaterial {
  readonly setting: ApiserverSetting;
  /** The path as given to kube-apiserver. */
  readonly path: string;
  /** The workspace file or Secret key holding it. */
  readonly decoded: Decoded;
  /** The workspace file, when the path is a node's file found in the workspace. */
  readonly file: ParsedFile | undefined;
}

/**
 * The certificate/key material a kube-apiserver file flag points at, when the workspace holds
 * it: a mounted Secret/ConfigMap key, or a node file (/etc/kubernetes/pki/...) whose copy is a
 * workspace file (model/kube-apiserver.ts workspaceFileAt). Undefined when any step is unknown.
 */
export function apiserverMaterial(
  ws: Workspace,
  files: readonly ParsedFile[],
  materialOf: (entry: DataEntry) => Decoded | undefined,
  materialOfFile: (uri: string) => Decoded | undefined,
  api: KubeApiserver,
  setting: ApiserverSetting | undefined,
): ApiserverMaterial | undefined {
  if (!setting || setting.value.state !== 'known') return undefined;
  const path = setting.value.value.trim();
  if (!path) return undefined;
  const at = apiserverFile(ws, api, path);
  if (at.kind === 'entry') {
    const decoded = materialOf(at.entry);
    return decoded ? { setting, path, decoded, file: undefined } : undefined;
  }
  if (at.kind !== 'host') return undefined;
  const file = workspaceFileAt(
    files.filter((f) => materialOfFile(f.uri)),
    at.path,
  );
  const decoded = file && materialOfFile(file.uri);
  return decoded ? { setting, path, decoded, file } : undefined;
}
