/** The TLS file settings of every Felix/Typha container, with what the container finds there. */
import type { Analysis } from '../../analysis';
import type { ComponentConfig, Setting } from '../../model/config';
import type { FileAt } from '../../model/workspace';

export interface TlsFileSetting {
  readonly cfg: ComponentConfig;
  readonly setting: Setting;
  readonly path: string;
  readonly at: FileAt;
}

/**
 * System trust stores ship in the images (e.g. /etc/ssl/certs/ca-certificates.crt); a path
 * there is not expected to be mounted.
 */
const IMAGE_PATHS = [/^\/etc\/ssl\//, /^\/etc\/pki\/(tls|ca-trust)\//, /^\/usr\/share\/ca-certificates\//, /^\/usr\/local\/share\/ca-certificates\//];

export function tlsFileSettings(a: Analysis): TlsFileSetting[] {
  const out: TlsFileSetting[] = [];
  for (const cfg of a.configs) {
    const c = cfg.container;
    if (!c) continue;
    for (const s of cfg.effective.values()) {
      if (!s.param?.isFile || !s.param.tlsRelevant || s.value.state !== 'known') continue;
      const path = s.value.value.trim();
      if (!path.startsWith('/') || path.toLowerCase() === 'none') continue;
      if (IMAGE_PATHS.some((r) => r.test(path))) continue;
      out.push({ cfg, setting: s, path, at: a.ws.fileAt(c, path) });
    }
  }
  return out;
}
