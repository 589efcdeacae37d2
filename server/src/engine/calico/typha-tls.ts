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

/**
 * The two directions of the Felix <-> Typha handshake, in one table: who presents a certificate
 * (through which parameters), who checks it (with which CA and identity parameters) and the
 * extended key usage Go's verification requires of it. Typha's server certificate is checked by
 * Felix against TyphaCAFile and TyphaCN/TyphaURISAN, and needs serverAuth (Felix verifies with
 * no KeyUsages, i.e. ServerAuth); Felix's client certificate is checked by Typha against CAFile
 * and ClientCN/ClientURISAN, and needs clientAuth (RequireAndVerifyClientCert). CAL
 * typha/pkg/tlsutils/tlsutils.go, felix/daemon and typha/pkg/syncserver; fact sheet, section 1b.
 */
export interface TlsDirection {
  /** The side whose certificate is checked, and the parameters it presents it with. */
  readonly presenter: Component;
  readonly certParam: string;
  readonly keyParam: string;
  /** The side that checks it, with its trust anchor and the identity it requires. */
  readonly checker: Component;
  readonly caParam: string;
  readonly cnParam: string;
  readonly uriSanParam: string;
  readonly eku: 'serverAuth' | 'clientAuth';
  /** "Typha's server", "Felix's client": the certificate in messages. */
  readonly role: string;
  readonly presenterName: string;
  readonly checkerName: string;
}

export const TLS_DIRECTIONS: readonly [TlsDirection, TlsDirection] = [
  {
    presenter: 'typha',
    certParam: 'ServerCertFile',
    keyParam: 'ServerKeyFile',
    checker: 'felix',
    caParam: 'TyphaCAFile',
    cnParam: 'TyphaCN',
    uriSanParam: 'TyphaURISAN',
    eku: 'serverAuth',
    role: "Typha's server",
    presenterName: 'Typha',
    checkerName: 'Felix',
  },
  {
    presenter: 'felix',
    certParam: 'TyphaCertFile',
    keyParam: 'TyphaKeyFile',
    checker: 'typha',
    caParam: 'CAFile',
    cnParam: 'ClientCN',
    uriSanParam: 'ClientURISAN',
    eku: 'clientAuth',
    role: "Felix's client",
    presenterName: 'Felix',
    checkerName: 'Typha',
  },
];

/** The direction in which `c` presents its certificate. */
export function presentedBy(c: Component): TlsDirection {
  return TLS_DIRECTIONS.find((d) => d.presenter === c)!;
}
