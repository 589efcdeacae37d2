/**
 * What the generator makes, in one place, with no imports: the CLI's help and checks, the
 * language server's `calicoTls.generate` and the VS Code wizard (which bundles this module
 * alone) all read it.
 */
export type SetKind = 'typha' | 'etcd' | 'manager' | 'prometheus' | 'certificate-management';

/** Each set, with what it holds (the wizard's descriptions). */
export const SETS: ReadonlyArray<{ readonly kind: SetKind; readonly description: string }> = [
  { kind: 'typha', description: 'Typha ↔ Felix mutual TLS (CA, Typha server, Felix client)' },
  {
    kind: 'etcd',
    description: 'etcd server, peer and client certificates, etcd.flags, etcd.conf.yml and calico-etcd-secrets',
  },
  { kind: 'manager', description: 'Manager UI HTTPS certificate' },
  { kind: 'prometheus', description: 'Calico metrics over HTTPS with Prometheus client certificates' },
  { kind: 'certificate-management', description: 'CA for Installation.spec.certificateManagement' },
];
export const SET_KINDS: readonly SetKind[] = SETS.map((s) => s.kind);

/** `gen` options every set takes. */
export const COMMON_GEN_OPTIONS = ['out', 'key-algorithm', 'hash', 'days', 'ca-cert', 'ca-key', 'force'] as const;
/** The options each set reads beyond those (what certgen/sets.ts uses of GenerateOptions). */
export const SET_OPTIONS: Readonly<Record<SetKind, readonly string[]>> = {
  typha: ['identity', 'layout', 'typha-cn', 'felix-cn', 'typha-uri-san', 'felix-uri-san', 'namespace'],
  etcd: ['endpoints', 'server-dns', 'server-ip', 'namespace'],
  manager: ['dns', 'ip', 'layout', 'namespace'],
  prometheus: ['server-name', 'enterprise', 'namespace'],
  'certificate-management': ['signer-name'],
};

export type KeyAlgorithm = 'rsa-2048' | 'rsa-4096' | 'rsa-8192' | 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = [
  'rsa-2048',
  'rsa-4096',
  'rsa-8192',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
];
/** Slow enough to say so before the user waits for it. */
export const SLOW_KEY_ALGORITHMS: ReadonlySet<KeyAlgorithm> = new Set(['rsa-8192']);

export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';
export const HASHES: readonly Hash[] = ['SHA-256', 'SHA-384', 'SHA-512'];
