/**
 * Which certificate of a file is the one a Calico component presents. Go's
 * tls.LoadX509KeyPair (crypto/tls/tls.go), used by Felix, Typha, the metrics servers and the
 * etcd client, takes the first CERTIFICATE block as the leaf and the rest as its chain, and
 * checks the private key against that first block. So the leaf is `certs[0]`, except in a
 * bundle concatenated CA first: there the component fails ("private key does not match public
 * key") or presents the CA, and rule cert-chain-order reports the file. Rules that compare the
 * leaf's identity, usages or key (serverName, CN, EKU, key match) ask `leafOf` and stay silent
 * on such a file, so the wrong order is one finding rather than a cascade of leaf mismatches.
 */
import type { Decoded, DecodedCert } from './material';

/** Material whose key name or role says it is a trust bundle (CA certificates). */
export function isCaMaterial(d: Decoded): boolean {
  const k = d.material.field.toLowerCase();
  return (
    /(^|[^a-z])ca([^a-z]|$)|cabundle|ca-bundle|typhaca|etcd-ca|cacert|certificate-authority/.test(k) ||
    /caCert|etcdCACert/.test(d.material.field)
  );
}

/** The first certificate that is not a CA, when a CA comes before it in a leaf's file. */
export function misorderedLeaf(d: Decoded): DecodedCert | undefined {
  if (d.certs.length < 2 || d.material.expected === 'key' || isCaMaterial(d)) return undefined;
  const first = d.certs[0]!;
  if (!first.info.isCA) return undefined;
  const leaf = d.certs.find((c) => !c.info.isCA);
  return leaf && leaf !== first ? leaf : undefined;
}

/** The certificate presented from this file, or undefined when there is none or the order is wrong. */
export function leafOf(d: Decoded | undefined): DecodedCert | undefined {
  if (!d || misorderedLeaf(d)) return undefined;
  return d.certs[0];
}
