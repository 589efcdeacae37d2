/**
 * The Felix <-> Typha TLS groups and Calico's all-or-nothing condition, shared by the rules
 * that check each half of it. Source: CAL felix/config/config_params.go Validate() and
 * typha/pkg/config/config_params.go Validate() (fact sheet, section 1b).
 */
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
  errorText:
    'if any Felix-Typha TLS config parameters are specified, they _all_ must be - except ' +
    'that either TyphaCN or TyphaURISAN may be left unset',
  defaultPeerCN: 'typha-server',
};

export const TYPHA_SIDE: TlsSide = {
  component: 'typha',
  files: ['CAFile', 'ServerCertFile', 'ServerKeyFile'],
  identity: ['ClientCN', 'ClientURISAN'],
  errorText:
    'if any Felix-Typha TLS config parameters are specified, they _all_ must be - except ' +
    'that either ClientCN or ClientURISAN may be left unset',
  defaultPeerCN: 'typha-client',
};

export function sideOf(c: Component): TlsSide {
  return c === 'felix' ? FELIX_SIDE : TYPHA_SIDE;
}
