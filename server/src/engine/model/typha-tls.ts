/**
 * The state of one side of the Felix <-> Typha TLS group in a configuration: which of the
 * parameters calico/typha-tls.ts lists are set, unset or unknown (CAL felix/config/
 * config_params.go and typha/pkg/config/config_params.go Validate(); fact sheet, section 1b).
 */
import { sideOf } from '../calico/typha-tls';
import { paramState, type ComponentConfig, type Setting } from './config';

export interface TlsState {
  /** TLS parameters with a non-empty value: TLS is on. */
  readonly set: Setting[];
  /** Parameters whose value cannot be known from the workspace. */
  readonly unknown: string[];
  readonly missingFiles: string[];
  readonly identity: 'set' | 'unset' | 'unknown';
}

export function tlsState(cfg: ComponentConfig): TlsState {
  const side = sideOf(cfg.component);
  const all = [...side.files, ...side.identity];
  const set: Setting[] = [];
  const unknown: string[] = [];
  for (const p of all) {
    const st = paramState(cfg, p);
    if (st === 'set') {
      const s = cfg.effective.get(p.toLowerCase());
      if (s) set.push(s);
    } else if (st === 'unknown') unknown.push(p);
  }
  const missingFiles = side.files.filter((p) => paramState(cfg, p) === 'unset');
  const ids = side.identity.map((p) => paramState(cfg, p));
  const identity = ids.includes('set') ? 'set' : ids.includes('unknown') ? 'unknown' : 'unset';
  return { set, unknown, missingFiles, identity };
}

/** 'yes' when TLS is certainly on, 'no' when certainly off, else 'unknown'. */
export function tlsOn(cfg: ComponentConfig): 'yes' | 'no' | 'unknown' {
  const st = tlsState(cfg);
  if (st.set.length) return 'yes';
  return st.unknown.length ? 'unknown' : 'no';
}
