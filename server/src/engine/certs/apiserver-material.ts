import type { ParsedFile } from '../parse';
import type { DataEntry } from '../model/data';
import { containerFile, workspaceFileAt, type ApiserverSetting, type KubeApiserver } from '../model/kube-apiserver';
import type { Container } from '../model/workloads';
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
  const m = pathMaterial(ws, files, materialOf, materialOfFile, api.container, path);
  return m && { setting, path, ...m };
}

/**
 * The material at a path a container's program reads (through its mounts to a Secret/ConfigMap
 * key or a hostPath), or without a container a node's file, when the workspace holds it: a node
 * file is found by its copy among the workspace files (model/kube-apiserver.ts workspaceFileAt).
 */
export function pathMaterial(
  ws: Workspace,
  files: readonly ParsedFile[],
  materialOf: (entry: DataEntry) => Decoded | undefined,
  materialOfFile: (uri: string) => Decoded | undefined,
  container: Container | undefined,
  path: string,
): { decoded: Decoded; file: ParsedFile | undefined } | undefined {
  if (!path) return undefined;
  const at = containerFile(ws, container, path);
  if (at.kind === 'entry') {
    const decoded = materialOf(at.entry);
    return decoded ? { decoded, file: undefined } : undefined;
  }
  if (at.kind !== 'host') return undefined;
  const file = workspaceFileAt(
    files.filter((f) => materialOfFile(f.uri)),
    at.path,
  );
  const decoded = file && materialOfFile(file.uri);
  return decoded ? { decoded, file } : undefined;
}
