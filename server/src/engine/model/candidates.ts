import type { Workspace } from './workspace';
import type { Container } from './workloads';
import { normalizePath } from './workspace';

export type FileRole = 'ca' | 'cert' | 'key';

/** The role a Secret/ConfigMap key name suggests (tls.key, etcd-ca, typhaca.crt, cert.crt ...). */
export function roleOfKey(key: string): FileRole | undefined {
  const k = key.toLowerCase();
  if (/(^|[^a-z])ca([^a-z]|$)|ca\.(crt|pem)$|cabundle|ca-bundle|^ca/.test(k) && !/key/.test(k)) return 'ca';
  if (/key/.test(k)) return 'key';
  if (/\.(crt|pem|cert)$|cert/.test(k)) return 'cert';
  return undefined;
}

export function roleOfParam(name: string): FileRole | undefined {
  const n = name.toLowerCase();
  if (/ca(cert)?file$/.test(n)) return 'ca';
  if (/keyfile$/.test(n)) return 'key';
  if (/certfile$/.test(n)) return 'cert';
  return undefined;
}

/**
 * Files a container can read from Secrets/ConfigMaps in the workspace, as absolute paths,
 * with the role their key name suggests: the candidates for a quick fix that fills in a
 * missing path.
 */
export function mountedFiles(
  ws: Workspace,
  c: Container,
): Array<{ path: string; key: string; role: FileRole | undefined }> {
  const out: Array<{ path: string; key: string; role: FileRole | undefined }> = [];
  for (const m of c.mounts) {
    if (m.templated || m.subPath) continue;
    const vol = c.workload.volumes.get(m.name);
    if (!vol) continue;
    const srcs = vol.source.type === 'projected' ? vol.source.sources : [vol.source];
    for (const s of srcs) {
      if (s.type !== 'secret' && s.type !== 'configMap') continue;
      if (!s.name) continue;
      const obj = ws.findObject(s.type === 'secret' ? 'Secret' : 'ConfigMap', s.name, c.workload.object.namespace);
      if (!obj) continue;
      const keys = [...ws.data(obj).keys()];
      for (const key of keys) {
        const item = s.items ? s.items.find((i) => i.key === key) : undefined;
        if (s.items && !item) continue;
        out.push({ path: normalizePath(`${m.mountPath}/${item ? item.path : key}`), key, role: roleOfKey(key) });
      }
    }
  }
  return out;
}
