import type { Finding, SourceFile } from '../server/src/engine';

/** The files after a finding's fix `index` is applied (its edits in each file, last first). */
export function applyFix(files: SourceFile[], f: Finding, index = 0): SourceFile[] {
  const edits = f.fixes[index]!.edits;
  return files.map((s) => {
    const mine = edits.filter((e) => e.uri === s.uri).sort((a, b) => b.start - a.start);
    let t = s.text;
    for (const e of mine) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
    return { uri: s.uri, text: t };
  });
}

/**
 * The fields of CalicoAPIConfigSpec as calicoctl spells them (libcalico-go lib/apiconfig/
 * apiconfig.go), written out here rather than taken from the rule, so a field dropped from the
 * rule's list is caught.
 */
export const CALICOCTL_SPEC_FIELDS = [
  'datastoreType',
  'etcdEndpoints',
  'etcdDiscoverySrv',
  'etcdUsername',
  'etcdPassword',
  'etcdKeyFile',
  'etcdCertFile',
  'etcdCACertFile',
  'etcdKey',
  'etcdCert',
  'etcdCACert',
  'kubeconfig',
  'k8sAPIEndpoint',
  'k8sKeyFile',
  'k8sCertFile',
  'k8sCAFile',
  'k8sAPIToken',
  'k8sInsecureSkipTLSVerify',
  'k8sDisableNodePoll',
  'usePodCIDR',
  'kubeconfigInline',
  'k8sClientQPS',
  'k8sCurrentContext',
  'calicoAPIGroup',
];

/** Each finding as [text under its range, message]. */
export function said(files: SourceFile[], fs: readonly Finding[]): Array<[string, string]> {
  const text = (uri: string) => files.find((f) => f.uri === uri)!.text;
  return fs.map((f) => [text(f.span.uri).slice(f.span.start, f.span.end), f.message]);
}

/** Related locations as [file, text under the range, message]. */
export function related(files: SourceFile[], f: Finding): Array<[string, string, string]> {
  const text = (uri: string) => files.find((x) => x.uri === uri)!.text;
  return f.related.map((r) => [r.span.uri, text(r.span.uri).slice(r.span.start, r.span.end), r.message]);
}
