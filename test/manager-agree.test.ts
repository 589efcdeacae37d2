// The generator and the linter agree on the Manager certificate (issue 19 item 16): a set made
// by `gen manager` for the host in the browser's address bar, put beside the seed's setups (the
// cnx-manager NodePort Service; an Ingress passing TLS through to the Manager; the operator's
// calico-manager Service), lints with no error and no warning; the same set behind an Ingress
// for another host, or a set made for another host, gets manager-cert-sans at that host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { lint, resolveFinding, type SourceFile } from '../server/src/engine';
import { generateSet, type GenerateOptions } from '../server/src/certgen/sets';

/** The seed's manual install: the Manager behind NodePort 30003, reading cnx-manager-tls. */
const SEED_NODEPORT = `apiVersion: v1
kind: Service
metadata:
  name: cnx-manager
  namespace: kube-system
spec:
  type: NodePort
  selector:
    k8s-app: cnx-manager
  ports:
    - port: 9443
      targetPort: 9443
      nodePort: 30003
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cnx-manager
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: cnx-manager
  template:
    metadata:
      labels:
        k8s-app: cnx-manager
    spec:
      containers:
        - name: cnx-manager-proxy
          image: quay.io/tigera/cnx-manager-proxy:v2.3.0
          volumeMounts:
            - mountPath: /etc/cnx-manager-web-tls
              name: cnx-manager-tls
      volumes:
        - name: cnx-manager-tls
          secret:
            secretName: cnx-manager-tls
`;

/** The operator's Manager Service. */
const OPERATOR_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: calico-manager
  namespace: calico-system
spec:
  selector:
    k8s-app: calico-manager
  ports:
    - port: 9443
`;

/** An Ingress passing TLS through to the Manager (the seed's "pass thru" to the Manager). */
function passthrough(host: string, service: string, ns: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: manager
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/ssl-passthrough: "true"
spec:
  rules:
    - host: ${host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port: {number: 9443}
`;
}

async function generated(o: GenerateOptions): Promise<SourceFile[]> {
  const files = await generateSet('manager', o);
  return files.map((f) => ({ uri: `gen/${f.path}`, text: f.content }));
}

/** Findings of error or warning severity, as `file:line rule`. */
function findings(files: SourceFile[]): string[] {
  const res = lint(files);
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  return res.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      return `${r.uri}:${r.range.start.line + 1} ${f.rule}`;
    });
}

test('gen manager (manual) beside the seed NodePort setup lints clean', async () => {
  const set = await generated({ dnsNames: ['manager.example.com'], ips: ['10.0.0.5'] });
  const secret = set.find((f) => f.uri.endsWith('manager-tls.yaml'))!;
  // The seed's Secret: cnx-manager-tls in kube-system, keys cert and key.
  assert.match(secret.text, /name: cnx-manager-tls\n\s+namespace: kube-system/);
  assert.match(secret.text, /\n {2}cert: /);
  assert.match(secret.text, /\n {2}key: /);
  assert.deepEqual(findings([...set, { uri: 'seed/cnx-manager.yaml', text: SEED_NODEPORT }]), []);
});

test('gen manager (manual) behind an Ingress for its host lints clean; for another host it does not', async () => {
  const set = await generated({ dnsNames: ['manager.example.com'] });
  const seed = { uri: 'seed/cnx-manager.yaml', text: SEED_NODEPORT };
  const ok = { uri: 'seed/ingress.yaml', text: passthrough('manager.example.com', 'cnx-manager', 'kube-system') };
  assert.deepEqual(findings([...set, seed, ok]), []);
  const other = { uri: 'seed/ingress.yaml', text: passthrough('ui.example.com', 'cnx-manager', 'kube-system') };
  assert.deepEqual(findings([...set, seed, other]), ['seed/ingress.yaml:10 manager-cert-sans']);
});

test('a Manager certificate generated for a different host than the Ingress is caught', async () => {
  const set = await generated({ dnsNames: ['other.example.com'] });
  const seed = { uri: 'seed/cnx-manager.yaml', text: SEED_NODEPORT };
  const ing = { uri: 'seed/ingress.yaml', text: passthrough('manager.example.com', 'cnx-manager', 'kube-system') };
  assert.deepEqual(findings([...set, seed, ing]), ['seed/ingress.yaml:10 manager-cert-sans']);
  // An IP in the address bar needs an IP SAN.
  const byIp = await generated({ ips: ['10.0.0.5'] });
  const ipIng = { uri: 'seed/ingress.yaml', text: passthrough('10.0.0.6', 'cnx-manager', 'kube-system') };
  assert.deepEqual(findings([...byIp, seed, ipIng]), ['seed/ingress.yaml:10 manager-cert-sans']);
  const ipOk = { uri: 'seed/ingress.yaml', text: passthrough('10.0.0.5', 'cnx-manager', 'kube-system') };
  assert.deepEqual(findings([...byIp, seed, ipOk]), []);
});

test('gen manager --layout operator covers what the operator issues and agrees with the rule', async () => {
  const set = await generated({ dnsNames: ['manager.example.com'], layout: 'operator' });
  const secret = set.find((f) => f.uri.endsWith('manager-tls.yaml'))!;
  assert.match(secret.text, /name: manager-tls\n\s+namespace: tigera-operator/);
  assert.match(secret.text, /\n {2}tls\.crt: /);
  const cert = new X509Certificate(set.find((f) => f.uri.endsWith('/manager.crt'))!.text);
  const sans = cert.subjectAltName ?? '';
  for (const n of ['manager.example.com', 'calico-manager.calico-system.svc', 'localhost'])
    assert.ok(sans.includes(`DNS:${n}`), `SAN ${n} in ${sans}`);
  assert.match(cert.subject, /CN=manager\.example\.com/);
  const svc = { uri: 'op/service.yaml', text: OPERATOR_SERVICE };
  assert.deepEqual(findings([...set, svc]), []);
  const ok = { uri: 'op/ingress.yaml', text: passthrough('manager.example.com', 'calico-manager', 'calico-system') };
  assert.deepEqual(findings([...set, svc, ok]), []);
  const other = { uri: 'op/ingress.yaml', text: passthrough('ui.example.com', 'calico-manager', 'calico-system') };
  assert.deepEqual(findings([...set, svc, other]), ['op/ingress.yaml:10 manager-cert-sans']);
});

test("the rename fix turns a kubernetes.io/tls cnx-manager-tls into the seed's Opaque cert/key Secret", async () => {
  const set = await generated({ dnsNames: ['manager.example.com'] });
  const made = set.find((f) => f.uri.endsWith('manager-tls.yaml'))!;
  // The same certificate as `kubectl create secret tls` would store it.
  const text = made.text
    .replace('type: Opaque', 'type: kubernetes.io/tls')
    .replace(/\n {2}cert: /, '\n  tls.crt: ')
    .replace(/\n {2}key: /, '\n  tls.key: ');
  const files = [...set.filter((f) => f !== made), { uri: made.uri, text }];
  const res = lint(files);
  const f = res.findings.find((x) => x.rule === 'manager-tls-secret');
  assert.ok(f, 'the tls.crt/tls.key Secret is reported');
  assert.equal(text.slice(f.span.start, f.span.end), 'tls.crt');
  const [fix] = f.fixes;
  assert.ok(fix);
  let fixed = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start))
    fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
  assert.equal(fixed, made.text, 'the fix gives back what gen manager writes');
  assert.deepEqual(
    findings([
      ...set.filter((x) => x !== made),
      { uri: made.uri, text: fixed },
      { uri: 'seed/cnx-manager.yaml', text: SEED_NODEPORT },
    ]),
    [],
  );
});
