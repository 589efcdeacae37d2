/** Every TLS file path a container is told to read, with what the container finds there. */
import type { Span } from '../types';
import { tlsFileRole, type TlsFileGroup, type TlsFileRole } from '../calico/tls-file-groups';
import { displayName, type ComponentConfig } from './config';
import { state, type EtcdClient } from './etcd';
import type { Container, EnvEntry } from './workloads';
import type { FileAt, Workspace } from './workspace';
import type { Label } from '../l10n/messages';

export interface TlsFileSetting {
  /** How the setting is written: FELIX_TYPHACAFILE, ETCD_CA_CERT_FILE ... */
  readonly name: string;
  /** The parameter name, for the role of the file (TyphaCAFile, EtcdCertFile ...). */
  readonly param: string;
  readonly label: Label;
  readonly container: Container;
  readonly path: string;
  readonly nameSpan: Span;
  readonly valueSpan: Span | undefined;
  readonly entry: EnvEntry | undefined;
  readonly at: FileAt;
  /** The certificate group the file belongs to and its role in it (calico/tls-file-groups.ts). */
  readonly group: TlsFileGroup | undefined;
  readonly role: TlsFileRole | undefined;
  /** The configuration or etcd client that reads it: files of one owner and group load together. */
  readonly owner: ComponentConfig | EtcdClient;
}

/**
 * System trust stores ship in the images (e.g. /etc/ssl/certs/ca-certificates.crt); a path
 * there is not expected to be mounted.
 */
const IMAGE_PATHS = [
  /^\/etc\/ssl\//,
  /^\/etc\/pki\/(tls|ca-trust)\//,
  /^\/usr\/share\/ca-certificates\//,
  /^\/usr\/local\/share\/ca-certificates\//,
];

const ENV_PARAM: Record<string, string> = {
  ETCD_CA_CERT_FILE: 'EtcdCaFile',
  ETCD_CERT_FILE: 'EtcdCertFile',
  ETCD_KEY_FILE: 'EtcdKeyFile',
};

/** Every TLS file setting of the workspace; `Analysis.tlsFiles` computes it once (three rules read it). */
export function tlsFileSettings(
  ws: Workspace,
  configs: readonly ComponentConfig[],
  etcd: readonly EtcdClient[],
): TlsFileSetting[] {
  const out: TlsFileSetting[] = [];
  const seen = new Set<string>();
  const add = (t: Omit<TlsFileSetting, 'at' | 'group' | 'role'>, owner: 'felix' | 'typha' | 'env') => {
    if (!t.path.startsWith('/') || t.path.toLowerCase() === 'none') return;
    const k = `${t.nameSpan.uri}:${t.nameSpan.start}`;
    if (seen.has(k)) return;
    seen.add(k);
    const at = ws.fileAt(t.container, t.path);
    // A trust-store path nobody mounted over is the image's own file.
    if (at.state === 'unmounted' && IMAGE_PATHS.some((r) => r.test(t.path))) return;
    const r = tlsFileRole(owner, t.param);
    out.push({ ...t, at, group: r?.group, role: r?.role });
  };
  for (const cfg of configs) {
    const c = cfg.container;
    if (!c) continue;
    for (const s of cfg.effective.values()) {
      if (!s.param?.isFile || !s.param.tlsRelevant || s.value.state !== 'known') continue;
      add(
        {
          name: displayName(cfg, s.param.name),
          param: s.param.name,
          label: cfg.label,
          container: c,
          path: s.value.value.trim(),
          nameSpan: s.nameSpan,
          valueSpan: s.valueSpan,
          entry: s.entry,
          owner: cfg,
        },
        cfg.component,
      );
    }
  }
  for (const e of etcd) {
    if (e.kind !== 'env' || !e.container || e.datastore === 'kubernetes') continue;
    for (const s of [e.ca, e.cert, e.key]) {
      if (!s || state(s) !== 'set' || s.value.state !== 'known') continue;
      const entry = e.container.env.find((x) => x.name === s.name);
      add(
        {
          name: s.name,
          param: ENV_PARAM[s.name.replace(/^CALICO_/, '')] ?? s.name,
          label: e.label,
          container: e.container,
          path: s.value.value.trim(),
          nameSpan: s.nameSpan,
          valueSpan: s.valueSpan,
          entry,
          owner: e,
        },
        'env',
      );
    }
  }
  return out;
}

export function spanOf(t: TlsFileSetting): Span {
  return t.valueSpan && t.valueSpan.end > t.valueSpan.start ? t.valueSpan : t.nameSpan;
}
