// `calico-tls gen etcd` against a real etcd (Debian's etcd-server and etcd-client, 3.4; .ci/run
// installs them): etcd started on loopback with `--config-file` and the generated etcd.conf.yml
// (the /etc/etcd/pki/ paths mapped to the output folder, the member's own settings added)
// accepts the generated client certificate for put/get, and rejects a client certificate from
// another CA, one without clientAuth, an expired one, and a server certificate whose SANs miss
// the endpoint (etcdctl's check). For each case the linter is run on a workspace holding both
// sides: the client's (a calicoctl.cfg and a calico-node manifest with calico-etcd-secrets
// naming the same files) and etcd's (the etcd.conf.yml etcd was started with, and the
// certificates it names), and its verdict must be etcd's: clean when etcd accepts, an error of
// the rule that names the cause when etcd refuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';
import { run } from './cli/support';

const MISSING =
  'etcd and etcdctl are needed for this test and are not installed: bash scripts/test-deps.sh ' +
  'installs them (the README test command and .ci/run run it; apt-get install etcd-server etcd-client)';

function requireEtcd(): void {
  for (const [bin, arg] of [
    ['etcd', '--version'],
    ['etcdctl', 'version'],
  ] as const) {
    const r = spawnSync(bin, [arg], { encoding: 'utf8', timeout: 10_000, env: etcdctlEnv() });
    if (r.error || r.status !== 0) assert.fail(`${MISSING} (${bin}: ${r.error?.message ?? r.stderr.trim()})`);
  }
}

function etcdctlEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ETCDCTL_API: '3' };
}

/**
 * Two distinct ports nobody listens on now (the kernel's picks, all held open until every one is
 * picked, so two are never the same), so a system etcd on 2379 never clashes.
 */
async function freePortPair(): Promise<[number, number]> {
  const servers = await Promise.all(
    Array.from(
      { length: 2 },
      () =>
        new Promise<Server>((resolve, reject) => {
          const s = createServer();
          s.on('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const port = (s: Server) => (s.address() as { port: number }).port;
  const ports: [number, number] = [port(servers[0]!), port(servers[1]!)];
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const root = mkdtempSync(join(tmpdir(), 'calico-tls-etcd-real-'));
const started: ChildProcess[] = [];

after(async () => {
  for (const p of started) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
  rmSync(root, { recursive: true, force: true });
});

interface Etcd {
  readonly endpoint: string;
  readonly log: string;
  /** The configuration file etcd was started with. */
  readonly config: string;
}

/**
 * The configuration file etcd is started with: `dir`'s etcd.conf.yml with /etc/etcd/pki/ mapped
 * to `dir`, plus the member's own settings its header asks for (etcd ignores other flags then).
 */
function configFor(dir: string, peer: string): string {
  const conf = readFileSync(join(dir, 'etcd.conf.yml'), 'utf8').replaceAll('/etc/etcd/pki/', `${dir}/`);
  const path = join(dir, 'run', 'etcd.conf.yml');
  mkdirSync(join(dir, 'run'), { recursive: true });
  writeFileSync(
    path,
    conf +
      `name: calico-tls-test\ndata-dir: ${join(dir, 'data')}\nlisten-peer-urls: ${peer}\n` +
      `initial-advertise-peer-urls: ${peer}\ninitial-cluster: calico-tls-test=${peer}\n` +
      'initial-cluster-state: new\n',
  );
  return path;
}

/**
 * Starts etcd with `--config-file` and `dir`'s etcd.conf.yml on free loopback ports and waits
 * until it says it serves clients (etcd's own log line, so that a server every client must refuse
 * can be waited for too). `prepare` writes what depends on the client port (the generated set, or
 * its etcd.conf.yml). A port is free when picked, not when etcd binds it: another process (other
 * test files run beside this one) can take it in between, so a bind refused as "address already
 * in use" is tried again on new ports, up to five times (seen once in CI).
 */
async function startEtcd(dir: string, prepare: (clientPort: number) => void): Promise<Etcd> {
  for (let attempt = 1; ; attempt++) {
    const [clientPort, peerPort] = await freePortPair();
    prepare(clientPort);
    const result = await tryStartEtcd(dir, clientPort, peerPort);
    if (typeof result !== 'string') return result;
    if (attempt < 5 && /address already in use/.test(result)) continue;
    assert.fail(result);
  }
}

/** One start of etcd: the running server, or why it did not start. */
async function tryStartEtcd(dir: string, clientPort: number, peerPort: number): Promise<Etcd | string> {
  const peer = `https://127.0.0.1:${peerPort}`;
  const log = join(dir, 'etcd.log');
  const fd = openSync(log, 'w');
  const config = configFor(dir, peer);
  const args = [`--config-file=${config}`];
  // Output to a file, not a pipe: the test's synchronous etcdctl calls must not let a full pipe
  // stall etcd.
  const p = spawn('etcd', args, { stdio: ['ignore', fd, fd], env: etcdctlEnv() });
  closeSync(fd);
  started.push(p);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = readFileSync(log, 'utf8');
    if (/ready to serve client requests/.test(text))
      return { endpoint: `https://127.0.0.1:${clientPort}`, log, config };
    if (p.exitCode !== null) {
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      return `etcd exited (${p.exitCode}):\n${text.slice(-2000)}`;
    }
    if (Date.now() > deadline) return `etcd did not start in 30 s:\n${text.slice(-2000)}`;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function etcdctl(
  endpoint: string,
  cacert: string,
  cert: string,
  key: string,
  args: string[],
): { ok: boolean; out: string } {
  const r = spawnSync(
    'etcdctl',
    [
      `--endpoints=${endpoint}`,
      `--cacert=${cacert}`,
      `--cert=${cert}`,
      `--key=${key}`,
      '--dial-timeout=3s',
      '--command-timeout=5s',
      ...args,
    ],
    { encoding: 'utf8', timeout: 20_000, env: etcdctlEnv() },
  );
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

/** The generated CA as the certificate factory's issuer (gen's default key is ECDSA P-256). */
async function issuerOf(dir: string): Promise<Issued> {
  const certPem = readFileSync(join(dir, 'etcd-ca.crt'), 'utf8');
  const keyPem = readFileSync(join(dir, 'etcd-ca.key'), 'utf8');
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']);
  return {
    cert: new x509.X509Certificate(certPem),
    certPem,
    keyPem,
    keys: { privateKey, publicKey: undefined },
    spec: { kind: 'ec', curve: 'P-256' },
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * A workspace for the linter holding both sides. The client's: the CA, client certificate and key
 * as files, a calicoctl.cfg naming them, and a calico-node DaemonSet reading them from
 * calico-etcd-secrets mounted at /calico-secrets (the calico-etcd.yaml layout). etcd's: the
 * configuration file etcd was started with and copies of the certificates it names (found by
 * their paths' file names, as a repository holding a node's files is read).
 */
function lintWorkspace(
  name: string,
  server: Etcd,
  files: { ca: string; cert: string; key: string },
  etcdSide: string,
): string {
  const endpoint = server.endpoint;
  const d = join(root, 'lint', name);
  mkdirSync(d, { recursive: true });
  const ca = readFileSync(files.ca, 'utf8');
  const cert = readFileSync(files.cert, 'utf8');
  const key = readFileSync(files.key, 'utf8');
  writeFileSync(join(d, 'etcd-ca.crt'), ca);
  writeFileSync(join(d, 'etcd-client.crt'), cert);
  writeFileSync(join(d, 'etcd-client.key'), key, { mode: 0o600 });
  for (const f of ['etcd-server.crt', 'etcd-peer.crt']) copyFileSync(join(etcdSide, f), join(d, f));
  // The CA etcd trusts is the one the client verifies etcd with (etcd-ca.crt above) in every case.
  assert.equal(readFileSync(join(etcdSide, 'etcd-ca.crt'), 'utf8'), ca, 'one CA on both sides');
  copyFileSync(server.config, join(d, 'etcd.conf.yml'));
  writeFileSync(
    join(d, 'calicoctl.cfg'),
    'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n' +
      `  datastoreType: etcdv3\n  etcdEndpoints: ${endpoint}\n` +
      `  etcdCACertFile: ${join(d, 'etcd-ca.crt')}\n  etcdCertFile: ${join(d, 'etcd-client.crt')}\n` +
      `  etcdKeyFile: ${join(d, 'etcd-client.key')}\n`,
  );
  writeFileSync(
    join(d, 'calico-node.yaml'),
    `apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: calico-etcd-secrets
  namespace: kube-system
data:
  etcd-key: ${b64(key)}
  etcd-cert: ${b64(cert)}
  etcd-ca: ${b64(ca)}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-config
  namespace: kube-system
data:
  etcd_endpoints: "${endpoint}"
  etcd_ca: /calico-secrets/etcd-ca
  etcd_cert: /calico-secrets/etcd-cert
  etcd_key: /calico-secrets/etcd-key
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.29.0
          env:
            - name: DATASTORE_TYPE
              value: etcdv3
            - name: ETCD_ENDPOINTS
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_endpoints}}
            - name: ETCD_CA_CERT_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_ca}}
            - name: ETCD_CERT_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_cert}}
            - name: ETCD_KEY_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_key}}
          volumeMounts:
            - name: etcd-certs
              mountPath: /calico-secrets
              readOnly: true
      volumes:
        - name: etcd-certs
          secret:
            secretName: calico-etcd-secrets
            defaultMode: 0400
`,
  );
  return d;
}

interface Finding {
  readonly file: string;
  readonly severity: string;
  readonly rule: string;
  readonly message: string;
  readonly related?: ReadonlyArray<{ readonly file: string }>;
}

function lintFindings(dir: string): Finding[] {
  const r = run(['lint', '--format', 'json', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, `lint ran (exit ${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as Finding[]).filter((f) => f.severity === 'error' || f.severity === 'warning');
}

let gen: string;
let other: string;
let etcd: Etcd;

before(async () => {
  requireEtcd();
  gen = join(root, 'gen');
  other = join(root, 'other');
  assert.equal(run(['gen', 'etcd', '--out', other], root).code, 0);
  etcd = await startEtcd(gen, (clientPort) => {
    rmSync(gen, { recursive: true, force: true });
    const r = run(['gen', 'etcd', '--out', gen, '--endpoints', `https://127.0.0.1:${clientPort}`], root);
    assert.equal(r.code, 0, r.stderr);
  });
});

test('etcd and etcdctl are installed (scripts/test-deps.sh installs them)', { timeout: 20_000 }, () => {
  requireEtcd();
});

test(
  'etcd started with the generated etcd.conf.yml takes put/get with the generated client certificate; the linter agrees',
  {
    timeout: 60_000,
  },
  () => {
    const [ca, cert, key] = ['etcd-ca.crt', 'etcd-client.crt', 'etcd-client.key'].map((f) => join(gen, f)) as [
      string,
      string,
      string,
    ];
    const put = etcdctl(etcd.endpoint, ca, cert, key, ['put', '/calico/test', 'ok']);
    assert.ok(put.ok, `put: ${put.out}`);
    const get = etcdctl(etcd.endpoint, ca, cert, key, ['get', '--print-value-only', '/calico/test']);
    assert.ok(get.ok, `get: ${get.out}`);
    assert.equal(get.out.trim(), 'ok');
    // The peer certificate is accepted as a client too (etcd uses it both ways between members).
    const peer = etcdctl(etcd.endpoint, ca, join(gen, 'etcd-peer.crt'), join(gen, 'etcd-peer.key'), ['get', 'x']);
    assert.ok(peer.ok, `peer certificate as a client: ${peer.out}`);
    const ws = lintWorkspace('good', etcd, { ca, cert, key }, gen);
    assert.deepEqual(lintFindings(ws), [], 'the working setup, both sides, lints clean');
  },
);

/**
 * Each bad client certificate: etcd refuses it (etcdctl fails), and the linter's verdict on the
 * matching workspace (both sides) is an error of the rule that names the cause, at each client
 * configuration (or, for cert-expired, the certificate with its copies as related locations).
 */
test(
  'etcd rejects a client certificate from another CA, without clientAuth, or expired; the linter reports each',
  {
    timeout: 120_000,
  },
  async () => {
    const ca = await issuerOf(gen);
    const day = 86_400_000;
    const noClientAuth = await makeCert({ cn: 'calico', eku: [SERVER_AUTH], issuer: ca });
    const expired = await makeCert({
      cn: 'calico',
      eku: [CLIENT_AUTH],
      issuer: ca,
      notBefore: new Date(Date.now() - 60 * day),
      notAfter: new Date(Date.now() - day),
    });
    const bad = join(root, 'bad');
    mkdirSync(bad, { recursive: true });
    const put = (name: string, c: Issued) => {
      writeFileSync(join(bad, `${name}.crt`), c.certPem);
      writeFileSync(join(bad, `${name}.key`), c.keyPem, { mode: 0o600 });
      return { cert: join(bad, `${name}.crt`), key: join(bad, `${name}.key`) };
    };
    const cases: Array<{
      name: string;
      cert: string;
      key: string;
      etcdSays: RegExp;
      linter: string;
      linterFiles: string[];
    }> = [
      {
        name: 'another CA',
        cert: join(other, 'etcd-client.crt'),
        key: join(other, 'etcd-client.key'),
        etcdSays: /unknown authority/,
        // etcd checks the client certificate against its own trusted-ca-file, which the linter
        // reads from the etcd.conf.yml etcd was started with.
        linter: 'etcd-client-cert-untrusted',
        linterFiles: ['calicoctl.cfg', 'calico-node.yaml'],
      },
      {
        name: 'no clientAuth',
        ...put('no-client-auth', noClientAuth),
        etcdSays: /incompatible key usage/,
        linter: 'etcd-client-cert-usage',
        linterFiles: ['calicoctl.cfg', 'calico-node.yaml'],
      },
      {
        name: 'expired',
        ...put('expired', expired),
        etcdSays: /expired/,
        linter: 'cert-expired',
        linterFiles: ['calico-node.yaml', 'etcd-client.crt'],
      },
    ];
    for (const c of cases) {
      const seen = readFileSync(etcd.log, 'utf8').length;
      const r = etcdctl(etcd.endpoint, join(gen, 'etcd-ca.crt'), c.cert, c.key, ['get', '/calico/test']);
      assert.ok(!r.ok, `${c.name}: etcd must refuse it, but etcdctl succeeded: ${r.out}`);
      assert.match(readFileSync(etcd.log, 'utf8').slice(seen), c.etcdSays, `${c.name}: etcd's log says why`);
      const ws = lintWorkspace(
        c.name.replace(/\W+/g, '-'),
        etcd,
        { ca: join(gen, 'etcd-ca.crt'), cert: c.cert, key: c.key },
        gen,
      );
      const findings = lintFindings(ws);
      const errors = findings.filter((f) => f.severity === 'error' && f.rule === c.linter);
      assert.ok(
        errors.length > 0,
        `${c.name}: etcd refuses, so the linter reports an error: ${JSON.stringify(findings)}`,
      );
      // A rule about the client's configuration reports each configuration; cert-expired
      // reports the certificate once, with its other copies as related locations.
      const where = errors.flatMap((f) => [f.file, ...(f.related ?? []).map((r) => r.file)]);
      for (const file of c.linterFiles)
        assert.ok(
          where.some((w) => w.endsWith(file)),
          `${c.name}: ${c.linter} names ${file}: ${JSON.stringify(findings)}`,
        );
      // One root cause, one rule: the other etcd rules stay silent.
      const others = findings.filter((f) => f.rule !== c.linter && f.rule.startsWith('etcd-'));
      assert.deepEqual(others, [], `${c.name}: only ${c.linter}`);
    }
  },
);

test(
  'a server certificate whose SANs miss the endpoint is refused by etcdctl; the linter reports it',
  { timeout: 90_000 },
  async () => {
    const ca = await issuerOf(gen);
    // The same set, with a server certificate for other names, served by a second etcd.
    const d = join(root, 'wrong-sans');
    mkdirSync(d, { recursive: true });
    for (const f of ['etcd-ca.crt', 'etcd-client.crt', 'etcd-client.key', 'etcd-peer.crt', 'etcd-peer.key'])
      copyFileSync(join(gen, f), join(d, f));
    const wrong = await makeCert({
      cn: 'etcd-server',
      eku: [SERVER_AUTH],
      dns: ['etcd.example.com'],
      ips: ['10.0.0.9'],
      issuer: ca,
    });
    writeFileSync(join(d, 'etcd-server.crt'), wrong.certPem);
    writeFileSync(join(d, 'etcd-server.key'), wrong.keyPem, { mode: 0o600 });
    const wrongEtcd = await startEtcd(d, (port) =>
      writeFileSync(
        join(d, 'etcd.conf.yml'),
        readFileSync(join(gen, 'etcd.conf.yml'), 'utf8').replace(/127\.0\.0\.1:\d+/g, `127.0.0.1:${port}`),
      ),
    );
    const client = { cert: join(d, 'etcd-client.crt'), key: join(d, 'etcd-client.key') };
    const r = etcdctl(wrongEtcd.endpoint, join(d, 'etcd-ca.crt'), client.cert, client.key, ['get', 'x']);
    assert.ok(!r.ok, `etcdctl must refuse the server certificate: ${r.out}`);
    // etcdctl hides the reason behind a deadline; etcd's side shows the client hung up on its certificate.
    assert.match(readFileSync(wrongEtcd.log, 'utf8'), /bad certificate/);
    // The same files with the generated server certificate work (the first test): only the SANs differ.
    const ws = lintWorkspace('wrong-sans', wrongEtcd, { ...client, ca: join(d, 'etcd-ca.crt') }, d);
    // The etcd.conf.yml etcd was started with names the server certificate: the linter reports the
    // endpoint of each client configuration, and nothing else.
    const findings = lintFindings(ws);
    const errors = findings.filter((f) => f.severity === 'error' && f.rule === 'etcd-server-cert-sans');
    for (const file of ['calicoctl.cfg', 'calico-node.yaml'])
      assert.ok(
        errors.some((f) => f.file.endsWith(file) && /not 127\.0\.0\.1/.test(f.message)),
        `etcd-server-cert-sans at ${file}: ${JSON.stringify(findings)}`,
      );
    assert.deepEqual(
      findings.filter((f) => f.rule !== 'etcd-server-cert-sans'),
      [],
      'one root cause, one rule',
    );
  },
);
