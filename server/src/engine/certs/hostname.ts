/**
 * Whether a certificate is valid for a host, as Go's crypto/x509 `Certificate.VerifyHostname`
 * decides (the check every Go TLS client makes against the host it dials, etcd's clientv3
 * included): an IP address (IPv6 with or without brackets) only against the IP SANs; a name
 * only against the DNS SANs, case-insensitively, a trailing dot ignored, `*` allowed as the
 * whole leftmost label of a SAN and matching exactly one label. No Common Name fallback (Go
 * dropped it in 1.15).
 */
import { canonicalIp } from '../model/etcd-server';
import type { CertInfo } from './cert';

/**
 * Go's validHostname: labels of letters, digits, '-', '_' (and ':' for input), '*' only as a whole
 * first pattern label.
 */
function validHostname(host: string, isPattern: boolean): boolean {
  const h = isPattern ? host : host.replace(/\.$/, '');
  if (!h || h.length > 253) return false;
  const parts = h.split('.');
  return parts.every((part, i) => {
    if (!part) return false;
    if (isPattern && i === 0 && part === '*') return true;
    for (const ch of part) {
      if (/[a-zA-Z0-9]/.test(ch) || ch === '-' || ch === '_') continue;
      if (ch === ':' && !isPattern) continue;
      return false;
    }
    return true;
  });
}

function matchHostnames(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.replace(/\.$/, '');
  if (!p || !h) return false;
  const pp = p.split('.');
  const hp = h.split('.');
  if (pp.length !== hp.length) return false;
  return pp.every((x, i) => (i === 0 && x === '*') || x === hp[i]);
}

function matchExactly(pattern: string, host: string): boolean {
  if (!host || host === '.' || !pattern || pattern === '.') return false;
  return pattern.toLowerCase() === host;
}

export function verifyHostname(cert: Pick<CertInfo, 'dns' | 'ips'>, host: string): boolean {
  const ip = canonicalIp(host);
  if (ip !== undefined) return cert.ips.some((x) => canonicalIp(x) === ip);
  const candidate = host.toLowerCase();
  const validCandidate = validHostname(candidate, false);
  return cert.dns.some((san) =>
    validCandidate && validHostname(san, true) ? matchHostnames(san, candidate) : matchExactly(san, candidate),
  );
}
