/**
 * What the rules relating an etcd client to the etcd server it reaches share: the client's https
 * endpoints with where each is written, the server each reaches (when unambiguous), and the
 * certificate the client presents.
 */
import type { Analysis } from '../../analysis';
import type { Decoded } from '../../certs/material';
import { settingValue, state, type EtcdClient } from '../../model/etcd';
import { parseClientUrl, type ClientUrl, type EtcdServer } from '../../model/etcd-server';
import { workspaceFileAt } from '../../model/kube-apiserver';
import type { Span } from '../../types';
import { m, type Arg } from '../../l10n/messages';

export interface ClientEndpoint {
  /** As written: https://10.0.0.1:2379 */
  readonly text: string;
  readonly url: ClientUrl;
  /** Where it is written: the endpoint inside the value when it can be found there. */
  readonly span: Span;
  /** The etcd server it reaches, when the workspace says so unambiguously. */
  readonly server: EtcdServer | undefined;
}

/** The etcd clients known to use etcd (one on the kubernetes datastore, or not known to use etcd, is left out). */
export function etcdv3Clients(a: Analysis): EtcdClient[] {
  return a.etcd.filter((c) => c.datastore === 'etcdv3');
}

/** The client's https endpoints, each with the server it reaches. Templated or unknown: none. */
export function httpsEndpoints(a: Analysis, c: EtcdClient): ClientEndpoint[] {
  let value = settingValue(c.endpoints);
  let setting = c.endpoints;
  if (state(c.endpoints) === 'unset' && c.scheme && c.addr) {
    // Felix/Typha EtcdScheme://EtcdAddr.
    const scheme = settingValue(c.scheme);
    const addr = settingValue(c.addr);
    value = scheme && addr ? `${scheme}://${addr}` : undefined;
    setting = c.addr;
  }
  if (!value || !setting) return [];
  const at = setting.valueSpan ?? setting.nameSpan;
  const text = a.file(at.uri)?.text.slice(at.start, at.end) ?? '';
  const out: ClientEndpoint[] = [];
  let from = 0;
  for (const part of value.split(',')) {
    const t = part.trim();
    const url = t ? parseClientUrl(t) : undefined;
    if (!url || url.scheme !== 'https') continue;
    const i = text.indexOf(t, from);
    if (i >= 0) from = i + t.length;
    const span = i >= 0 && setting.valueSpan ? { uri: at.uri, start: at.start + i, end: at.start + i + t.length } : at;
    out.push({ text: t, url, span, server: a.etcdServerFor(url) });
  }
  return out;
}

export interface ClientCert {
  readonly decoded: Decoded;
  /** Where the certificate setting is written: what a finding about the certificate points at. */
  readonly span: Span;
  /** "ETCD_CERT_FILE -> /calico-secrets/etcd-cert", "etcdCertFile -> /etc/calico/etcd-client.crt" */
  readonly where: Arg;
}

/**
 * The certificate an etcd client presents, when the workspace holds it: a container's file
 * followed through its mount to the Secret key (Analysis.tlsRefs), calicoctl's inline etcdCert,
 * or a node path whose copy is a workspace file (calicoctl, CNI netconf, felix.cfg). A pair that
 * does not load is never presented (cert-key-mismatch reports it): none.
 */
export function clientCert(a: Analysis, c: EtcdClient): ClientCert | undefined {
  const inline = c.inline?.cert;
  if (inline && state(inline) === 'set' && inline.valueSpan) {
    const v = inline.valueSpan;
    const decoded = a.material.find(
      (d) => d.material.span.uri === v.uri && d.material.span.start >= v.start && d.material.span.end <= v.end,
    );
    return decoded && { decoded, span: v, where: inline.name };
  }
  const s = c.cert;
  if (!s || state(s) !== 'set' || s.value.state !== 'known') return undefined;
  const path = s.value.value.trim();
  if (c.container) {
    const ref = a.tlsRefs.find(
      (r) =>
        r.role === 'cert' &&
        r.setting?.nameSpan.uri === s.nameSpan.uri &&
        r.setting.nameSpan.start === s.nameSpan.start,
    );
    if (!ref?.setting || a.keyPairFails(ref.setting)) return undefined;
    return { decoded: ref.decoded, span: ref.at, where: m('refNames', { name: ref.name, target: ref.target }) };
  }
  if (!path.startsWith('/')) return undefined;
  const file = workspaceFileAt(
    a.files.filter((f) => a.materialOfFile(f.uri)),
    path,
  );
  const decoded = file && a.materialOfFile(file.uri);
  return decoded && { decoded, span: s.valueSpan ?? s.nameSpan, where: `${s.name} -> ${path}` };
}
