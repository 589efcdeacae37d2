/**
 * What the Tigera operator names and reads, in one place (fact sheet, section 1e).
 */

/**
 * The operator's signing CA: `tigera-operator-signer`, or a legacy timestamped one,
 * `tigera-operator-signer@<unix time>`, that older operators created (OP pkg/tls
 * certificatemanagement). Nothing else: a CA called `tigera-operator-signer-x` is the user's.
 */
const SIGNER = /^tigera-operator-signer(@\d+)?$/;
const LEGACY_SIGNER = /^tigera-operator-signer@\d+$/;

export function isOperatorSigner(cn: string | undefined): boolean {
  return cn !== undefined && SIGNER.test(cn);
}

export function isLegacyOperatorSigner(cn: string | undefined): boolean {
  return cn !== undefined && LEGACY_SIGNER.test(cn);
}

/** A leaf the operator issued (and renews): signed by an operator signer, not self-issued. */
export function isOperatorIssued(c: { readonly issuerCN: string | undefined; readonly selfIssued: boolean }): boolean {
  return !c.selfIssued && isOperatorSigner(c.issuerCN);
}

/** Key-pair names the operator accepts, in its lookup order (OP pkg/tls/certificatemanagement/keypair.go). */
export const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['tls.crt', 'tls.key'],
  ['cert', 'key'],
  ['apiserver.crt', 'apiserver.key'],
  ['cert.crt', 'key.key'],
  ['managed-cluster.crt', 'managed-cluster.key'],
  ['management-cluster.crt', 'management-cluster.key'],
];
