/**
 * The Felix <-> Typha TLS groups and Calico's all-or-nothing condition, shared by the rules
 * that check each half of it. Source: CAL felix/config/config_params.go Validate() and
 * typha/pkg/config/config_params.go Validate() (fact sheet, section 1b).
 */
import type { ComponentConfig, Setting } from '../model/config';
import { paramState } from '../model/config';
import type { Component } from './params';

export interface TlsSide {
  readonly component: Component;
  readonly files: readonly [string, string, string];
  readonly identity: readonly [string, string];
  /** Calico's exact validation error text. */
  readonly errorText: string;
  /** The default identity the seeds and the operator use for the *peer*. */
  readonly defaultPeerCN: string;
}

export const FELIX_SIDE: TlsSide = {
  component: 'felix',
  files: ['TyphaCAFile', 'TyphaCertFile', 'TyphaKeyFile'],
  identity: ['TyphaCN', 'TyphaURISAN'],
  errorText: 'if any Felix-Typha TLS config parameters are specified, they _all_ must be - except that either TyphaCN or TyphaURISAN may be left unset',
  defaultPeerCN: 'typha-server',
};

export const TYPHA_SIDE: TlsSide = {
  component: 'typha',
  files: ['CAFile', 'ServerCertFile', 'ServerKeyFile'],
  identity: ['ClientCN', 'ClientURISAN'],
  errorText: 'if any Felix-Typha TLS config parameters are specified, they _all_ must be - except that either ClientCN or ClientURISAN may be left unset',
  defaultPeerCN: 'typha-client',
};

export function sideOf(c: Component): TlsSide {
  return c === 'felix' ? FELIX_SIDE : TYPHA_SIDE;
}

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
