import type { ComponentConfig, Setting } from '../model/config';
import type { DataEntry } from '../model/data';
import type { Workspace } from '../model/workspace';
import type { Decoded } from './material';

export interface ParamMaterial {
  readonly setting: Setting;
  readonly path: string;
  readonly decoded: Decoded;
}

/**
 * The certificate/key material a file parameter of a container points at, followed through
 * path -> volumeMount -> volume -> Secret/ConfigMap key. Undefined when any step is unknown.
 */
export function materialOfParam(
  ws: Workspace,
  materialOf: (entry: DataEntry) => Decoded | undefined,
  cfg: ComponentConfig,
  param: string,
): ParamMaterial | undefined {
  const c = cfg.container;
  const s = cfg.effective.get(param.toLowerCase());
  if (!c || !s || s.value.state !== 'known') return undefined;
  const path = s.value.value.trim();
  if (!path.startsWith('/')) return undefined;
  const at = ws.fileAt(c, path);
  if (at.state !== 'known') return undefined;
  const decoded = materialOf(at.entry);
  return decoded ? { setting: s, path, decoded } : undefined;
}
