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

/**
 * The pair the operator reads from a key-pair Secret: the first of PAIRS whose certificate is
 * not empty (OP keypair.go; fact sheet 1e). `state` says what a data key holds; a certificate
 * whose content is unknown (a template) before the first set one leaves the choice unknown:
 * undefined, as when no pair has a certificate.
 */
export function operatorPair(
  state: (key: string) => 'set' | 'empty' | 'unknown',
): readonly [string, string] | undefined {
  for (const pair of PAIRS) {
    const s = state(pair[0]);
    if (s === 'set') return pair;
    if (s === 'unknown') return undefined;
  }
  return undefined;
}

/**
 * Where the operator reads bring-your-own objects: its own namespace, from env
 * OPERATOR_NAMESPACE, else the namespace it runs in (the service-account namespace file), else
 * `tigera-operator` (OP pkg/common; fact sheet 1e "Where users put their own certificates").
 */
export const OPERATOR_DEFAULT_NAMESPACE = 'tigera-operator';
/** Where the operator writes its copies for the Calico pods (fact sheet 1e). */
export const OPERATOR_COPY_NAMESPACE = 'calico-system';

/** The bring-your-own Typha/Node TLS objects the operator reads from its namespace (fact sheet 1e). */
export const BYO_OBJECTS: ReadonlyArray<{ readonly kind: 'Secret' | 'ConfigMap'; readonly name: string }> = [
  { kind: 'Secret', name: 'typha-certs' },
  { kind: 'Secret', name: 'node-certs' },
  { kind: 'ConfigMap', name: 'typha-ca' },
];

/** The operator's image, from any registry (`quay.io/tigera/operator:v1.38.0`). */
export const OPERATOR_IMAGE = /(^|\/)tigera\/operator(:|@|$)/;
