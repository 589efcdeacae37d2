import type { Analysis } from '../../analysis';
import type { ComponentConfig, Setting } from '../../model/config';
import type { Decoded } from '../../certs/material';

export interface ParamMaterial {
  readonly setting: Setting;
  readonly path: string;
  readonly decoded: Decoded;
}

/**
 * The certificate/key material a file parameter of a container points at, followed through
 * path -> volumeMount -> volume -> Secret/ConfigMap key. Undefined when any step is unknown.
 */
export function materialOfParam(a: Analysis, cfg: ComponentConfig, param: string): ParamMaterial | undefined {
  const c = cfg.container;
  const s = cfg.effective.get(param.toLowerCase());
  if (!c || !s || s.value.state !== 'known') return undefined;
  const path = s.value.value.trim();
  if (!path.startsWith('/')) return undefined;
  const at = a.ws.fileAt(c, path);
  if (at.state !== 'known') return undefined;
  const decoded = a.materialOf(at.entry);
  return decoded ? { setting: s, path, decoded } : undefined;
}

/** "the certificate at FELIX_TYPHACERTFILE (/calico-node-certs/tls.crt, Secret kube-system/x, key tls.crt)" */
export function describe(pm: ParamMaterial, name: string): string {
  return `${name} (${pm.path}, ${pm.decoded.material.label})`;
}
