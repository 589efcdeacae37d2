// Certificate-set generation: every set with every key algorithm and hash lints with no finding,
// passes `openssl verify -x509_strict` for the right purpose and fails for the wrong one, has
// keys that match their certificates and signatures with the requested hash; a real mutual-TLS
// handshake mirrors Calico's peer check; generation never blocks the event loop; the CLI
// writes safely and rejects bad input with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { lint } from '../server/src/engine';
import { parseFile } from '../server/src/engine/parse';
import { Workspace } from '../server/src/engine/model/workspace';
import { etcdServers } from '../server/src/engine/model/etcd-server';
import { generateKey, HASHES, KEY_ALGORITHMS, type KeyAlgorithm, type KeyPair } from '../server/src/certgen/crypto';
import {
  generateSet,
  SET_KINDS,
  type GeneratedFile,
  type GenerateOptions,
  type SetKind,
} from '../server/src/certgen/sets';
import { repoRoot } from './helpers';

/** Keys are the slow part (RSA-8192 takes seconds each): a small pool per algorithm, reused across sets and hashes. */
const pools = new Map<KeyAlgorithm, Promise<KeyPair[]>>();
function pool(alg: KeyAlgorithm): Promise<KeyPair[]> {
  let p = pools.get(alg);
  if (!p) {
    p = Promise.all(Array.from({ length: 3 }, () => generateKey(alg, 'SHA-256')));
    pools.set(alg, p);
  }
  return p;
}
function provider(): GenerateOptions['keyProvider'] {
  let i = 0;
  return async (alg) => (await pool(alg))[i++ % 3]!;
}

const OPTS: Record<SetKind, GenerateOptions> = {
  typha: { identity: 'both' },
  etcd: { endpoints: 'https://10.0.0.1:2379,https://10.0.0.2:2379' },
  manager: { dnsNames: ['manager.example.com'], ips: ['10.0.0.5'] },
  prometheus: {},
  'certificate-management': { signerName: 'example.com/calico-signer' },
};

/** [leaf file, the purpose it must pass, the purpose it must fail] */
const PURPOSES: Record<SetKind, Array<[string, string, string]>> = {
  typha: [
    ['typha.crt', 'sslserver', 'sslclient'],
    ['felix.crt', 'sslclient', 'sslserver'],
  ],
  etcd: [
    ['etcd-client.crt', 'sslclient', 'sslserver'],
    ['etcd-server.crt', 'sslserver', 'sslclient'],
  ],
  manager: [['manager.crt', 'sslserver', 'sslclient']],
  prometheus: [
    ['calico.pem', 'sslserver', 'sslclient'],
    ['prom.pem', 'sslclient', 'sslserver'],
  ],
  'certificate-management': [],
};
const CA_FILE: Record<SetKind, string> = {
  typha: 'ca.crt',
  etcd: 'etcd-ca.crt',
  manager: 'manager-ca.crt',
  prometheus: 'ca.pem',
  'certificate-management': 'ca.crt',
};
const KEY_OF: Record<string, string> = {
  'typha.crt': 'typha.key',
  'felix.crt': 'felix.key',
  'etcd-client.crt': 'etcd-client.key',
  'etcd-server.crt': 'etcd-server.key',
  'manager.crt': 'manager.key',
  'calico.pem': 'calico-key.pem',
  'prom.pem': 'prom-key.pem',
};

function write(files: readonly GeneratedFile[]): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-gen-'));
  for (const f of files) writeFileSync(join(d, f.path), f.content);
  return d;
}

function opensslVerify(dir: string, ca: string, leaf: string, purpose: string): boolean {
  const r = spawnSync(
    'openssl',
    ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', join(dir, ca), join(dir, leaf)],
    { encoding: 'utf8' },
  );
  return r.status === 0 && /: OK/.test(r.stdout);
}

for (const kind of SET_KINDS) {
  test(`gen ${kind}: every key algorithm and hash lints clean and verifies with openssl`, async () => {
    for (const alg of KEY_ALGORITHMS) {
      for (const hash of HASHES) {
        const label = `${kind} ${alg} ${hash}`;
        const files = await generateSet(kind, { ...OPTS[kind], keyAlgorithm: alg, hash, keyProvider: provider() });
        const res = lint(files.map((f) => ({ uri: f.path, text: f.content })));
        assert.deepEqual(res.ruleErrors, [], label);
        assert.deepEqual(
          res.findings.map((f) => `${f.rule}: ${f.message}`),
          [],
          label,
        );
        const dir = write(files);
        assert.ok(opensslVerify(dir, CA_FILE[kind], CA_FILE[kind], 'any'), `${label}: the CA verifies`);
        for (const [leaf, good, bad] of PURPOSES[kind]) {
          assert.ok(opensslVerify(dir, CA_FILE[kind], leaf, good), `${label}: ${leaf} -purpose ${good}`);
          assert.ok(!opensslVerify(dir, CA_FILE[kind], leaf, bad), `${label}: ${leaf} must fail -purpose ${bad}`);
          const cert = new X509Certificate(readFileSync(join(dir, leaf)));
          assert.ok(
            cert.checkPrivateKey(createPrivateKey(readFileSync(join(dir, KEY_OF[leaf]!)))),
            `${label}: ${leaf} key matches`,
          );
          const sig = new x509.X509Certificate(readFileSync(join(dir, leaf), 'utf8')).signatureAlgorithm as {
            hash?: { name?: string } | string;
          };
          const h = typeof sig.hash === 'string' ? sig.hash : sig.hash?.name;
          assert.equal(h, hash, `${label}: ${leaf} is signed with ${hash}`);
        }
      }
    }
  });
}

function handshake(
  server: { cert: string; key: string; ca: string; clientCN: string },
  client: { cert: string; key: string; ca: string; serverCN: string },
): Promise<'ok' | string> {
  // Calico's check (CAL typha/pkg/tlsutils): chain to the given CA only, the role's EKU (OpenSSL
  // enforces the TLS purpose on both sides), then an exact CN; no hostname check.
  return new Promise((resolve) => {
    const srv = tls.createServer(
      { cert: server.cert, key: server.key, ca: [server.ca], requestCert: true, rejectUnauthorized: true },
      (s) => {
        const peer = s.getPeerCertificate();
        s.end(peer.subject?.CN === server.clientCN ? 'ok' : 'bad-client-cn');
      },
    );
    srv.on('tlsClientError', () => undefined);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      const sock = tls.connect({
        host: '127.0.0.1',
        port,
        cert: client.cert,
        key: client.key,
        ca: [client.ca],
        checkServerIdentity: (_h, cert) =>
          cert.subject.CN === client.serverCN ? undefined : new Error('peer certificate does not have required CN'),
      });
      let data = '';
      sock.on('data', (d) => (data += d.toString()));
      const done = (r: string) => {
        sock.destroy();
        srv.close();
        resolve(r as 'ok');
      };
      sock.on('end', () => done(data || 'closed'));
      sock.on('error', (e) => done(e.message));
      setTimeout(() => done('timeout'), 5000);
    });
  });
}

test('mutual TLS between the generated Typha and Felix certificates, and the negative controls', async () => {
  const files = await generateSet('typha', { identity: 'cn' });
  const f = (p: string) => files.find((x) => x.path === p)!.content;
  const other = await generateSet('typha', { identity: 'cn' });
  const o = (p: string) => other.find((x) => x.path === p)!.content;
  const typha = { cert: f('typha.crt'), key: f('typha.key'), ca: f('ca.crt'), clientCN: 'typha-client' };
  const felix = { cert: f('felix.crt'), key: f('felix.key'), ca: f('ca.crt'), serverCN: 'typha-server' };
  assert.equal(await handshake(typha, felix), 'ok');
  // Swapped: Typha presents Felix's client certificate (wrong EKU) and the reverse.
  assert.notEqual(await handshake({ ...typha, cert: f('felix.crt'), key: f('felix.key') }, felix), 'ok');
  assert.notEqual(await handshake(typha, { ...felix, cert: f('typha.crt'), key: f('typha.key') }), 'ok');
  // Wrong CN expected by Felix.
  assert.notEqual(await handshake(typha, { ...felix, serverCN: 'calico-typha' }), 'ok');
  // A Felix certificate from another CA.
  assert.notEqual(await handshake(typha, { ...felix, cert: o('felix.crt'), key: o('felix.key') }), 'ok');
});

test('generation never blocks the event loop (a timer keeps ticking during an RSA-4096 set)', async () => {
  let ticks = 0;
  const t = setInterval(() => ticks++, 10);
  const t0 = Date.now();
  await generateSet('typha', { keyAlgorithm: 'rsa-4096', hash: 'SHA-384' });
  const ms = Date.now() - t0;
  clearInterval(t);
  // Keys are generated on libuv's thread pool; the loop must have run many times meanwhile.
  assert.ok(ticks >= Math.min(20, Math.floor(ms / 40)), `${ticks} ticks in ${ms} ms`);
  assert.ok(ms > 200, `an RSA-4096 set takes real time (${ms} ms), so the tick count means something`);
});

test('an existing CA is reused, and its hash is the requested one', async () => {
  const ca = await generateSet('certificate-management', { keyAlgorithm: 'rsa-2048', hash: 'SHA-512' });
  const caPem = ca.find((f) => f.path === 'ca.crt')!.content;
  const caKey = ca.find((f) => f.path === 'ca.key')!.content;
  const files = await generateSet('etcd', { ca: { certPem: caPem, keyPem: caKey }, hash: 'SHA-384' });
  assert.ok(!files.some((f) => f.path === 'etcd-ca.key'), 'the CA key is not written again');
  assert.equal(files.find((f) => f.path === 'etcd-ca.crt')!.content, caPem);
  const leaf = new x509.X509Certificate(files.find((f) => f.path === 'etcd-client.crt')!.content);
  assert.equal(leaf.issuer, 'CN=calico-cluster-ca');
  assert.equal((leaf.signatureAlgorithm as { hash: { name: string } }).hash.name, 'SHA-384');
});

test('CLI gen: writes keys 0600, refuses to overwrite, rejects bad input with exit 2', () => {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-gencli-'));
  const run = (...a: string[]) => spawnSync(process.execPath, [cli, 'gen', ...a], { cwd: d, encoding: 'utf8' });
  let r = run(
    'manager',
    '--out',
    'm',
    '--dns',
    'manager.example.com,ui.example.com',
    '--key-algorithm',
    'rsa-2048',
    '--hash',
    'sha384',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(join(d, 'm', 'manager.key')).mode & 0o777, 0o600);
  assert.equal(statSync(join(d, 'm', 'manager.crt')).mode & 0o777, 0o644);
  const before = readFileSync(join(d, 'm', 'manager.key'), 'utf8');
  r = run('manager', '--out', 'm', '--dns', 'manager.example.com');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /refusing to overwrite/);
  assert.equal(readFileSync(join(d, 'm', 'manager.key'), 'utf8'), before, 'nothing was replaced');
  assert.equal(run('manager', '--out', 'm', '--dns', 'manager.example.com', '--force').status, 0);
  const lintOut = spawnSync(process.execPath, [cli, 'lint', 'm'], { cwd: d, encoding: 'utf8' });
  assert.equal(lintOut.status, 0, lintOut.stdout);
  for (const [args, msg] of [
    [['manager', '--out', 'x', '--dns', 'not a name'], /not a valid DNS name/],
    [
      ['typha', '--out', 'x', '--identity', 'spiffe', '--typha-uri-san', 'spiffe://Bad.Domain/x/'],
      /not a valid SPIFFE ID/,
    ],
    [['typha', '--out', 'x', '--days', '0'], /--days needs a whole number of days from 1 to 10950 \(got '0'\)/],
    [['typha', '--out', 'x', '--days', '-3'], /--days needs a whole number of days from 1 to 10950 \(got '-3'\)/],
    [
      ['prometheus', '--out', 'x', '--dns', 'a.example'],
      /--dns does not apply to the prometheus set \(it is for: manager\)/,
    ],
    [['etcd', '--out', 'x', '--typha-cn', 'x'], /--typha-cn does not apply to the etcd set/],
    [['typha', '--out', 'x', '--no-such-option'], /unknown option '--no-such-option' for 'gen'/],
    [['etcd', '--out', 'x', '--ca-cert', 'missing.crt', '--ca-key', 'missing.key'], /cannot read the CA/],
    [['typha', '--out', 'x', '--key-algorithm', 'dsa-1024'], /unknown key algorithm/],
    [
      ['nosuchset', '--out', 'x'],
      /unknown set 'nosuchset' \(typha, etcd, manager, prometheus, certificate-management\)/,
    ],
    [['etcd', '--out', 'x', '--endpoints', 'http://10.0.0.1:2379'], /must be https/],
  ] as Array<[string[], RegExp]>) {
    const e = run(...args);
    assert.equal(e.status, 2, args.join(' '));
    assert.match(e.stderr, msg);
    // One line (plus the pointer to the help), and nothing written.
    assert.equal(
      e.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('Run ')).length,
      1,
      e.stderr,
    );
    assert.ok(!existsSync(join(d, 'x')), `${args.join(' ')}: nothing written`);
  }
  // Inside a git work tree that does not ignore it: a warning.
  execFileSync('git', ['init', '-q'], { cwd: d });
  r = run('etcd', '--out', 'etcd-certs');
  assert.equal(r.status, 0);
  assert.match(r.stderr, /not ignored/);
  writeFileSync(join(d, '.gitignore'), 'ignored-certs/\n');
  r = run('etcd', '--out', 'ignored-certs');
  assert.ok(!/not ignored/.test(r.stderr));
});

/** The SANs of a certificate as "DNS:x" / "IP:y", and its EKU OIDs and key usage bits. */
function describeCert(pem: string) {
  const c = new x509.X509Certificate(pem);
  const san = c.getExtension(x509.SubjectAlternativeNameExtension);
  const names = (san?.names.items ?? []).map((n) => `${n.type === 'dns' ? 'DNS' : 'IP'}:${n.value}`);
  const eku = [...(c.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])].map(String);
  const ku = c.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  return { names, eku, ku, cn: c.subject };
}

test('gen etcd: server and peer certificates name the endpoint hosts and the extra names; etcd.flags uses them', async () => {
  const files = await generateSet('etcd', {
    endpoints: 'https://10.0.0.1:2379,https://etcd-2.example.com:2379,https://[fd00::3]:2379',
    serverDnsNames: ['etcd.example.com'],
    serverIps: ['10.0.0.9'],
    keyAlgorithm: 'rsa-2048',
    keyProvider: provider(),
  });
  const f = (p: string) => files.find((x) => x.path === p);
  for (const p of ['etcd-server.key', 'etcd-peer.key', 'etcd-client.key', 'etcd-ca.key'])
    assert.equal(f(p)?.secret, true, `${p} is written 0600`);
  for (const p of ['etcd-server.crt', 'etcd-peer.crt', 'etcd.flags']) assert.equal(f(p)?.secret, false, p);
  const server = describeCert(f('etcd-server.crt')!.content);
  const peer = describeCert(f('etcd-peer.crt')!.content);
  const want = ['DNS:etcd-2.example.com', 'DNS:etcd.example.com', 'IP:10.0.0.1', 'IP:fd00::3', 'IP:10.0.0.9'];
  assert.deepEqual([...server.names].sort(), [...want].sort(), 'no localhost for remote endpoints');
  assert.deepEqual(peer.names, server.names);
  assert.deepEqual(server.eku, ['1.3.6.1.5.5.7.3.1']);
  assert.deepEqual(peer.eku, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  const KU = x509.KeyUsageFlags;
  for (const c of [server, peer]) {
    assert.ok(c.ku & KU.digitalSignature && c.ku & KU.keyEncipherment, 'RSA leaf: digitalSignature + keyEncipherment');
    assert.ok(!(c.ku & KU.keyCertSign), 'not a CA');
  }
  const dir = write(files);
  for (const [leaf, purpose, ok] of [
    ['etcd-server.crt', 'sslserver', true],
    ['etcd-server.crt', 'sslclient', false],
    ['etcd-peer.crt', 'sslserver', true],
    ['etcd-peer.crt', 'sslclient', true],
    ['etcd-client.crt', 'sslclient', true],
  ] as const)
    assert.equal(opensslVerify(dir, 'etcd-ca.crt', leaf, purpose), ok, `${leaf} -purpose ${purpose}`);
  // openssl's hostname and IP checks, as a client of etcd does them.
  const check = (leaf: string, flag: string, v: string) =>
    spawnSync(
      'openssl',
      ['verify', '-purpose', 'sslserver', flag, v, '-CAfile', join(dir, 'etcd-ca.crt'), join(dir, leaf)],
      {
        encoding: 'utf8',
      },
    ).status === 0;
  assert.ok(check('etcd-server.crt', '-verify_ip', '10.0.0.1'));
  assert.ok(check('etcd-server.crt', '-verify_hostname', 'etcd-2.example.com'));
  assert.ok(!check('etcd-server.crt', '-verify_ip', '127.0.0.1'), 'remote endpoints: no loopback');
  assert.ok(!check('etcd-server.crt', '-verify_hostname', 'localhost'));
  for (const [crt, key] of [
    ['etcd-server.crt', 'etcd-server.key'],
    ['etcd-peer.crt', 'etcd-peer.key'],
  ] as const)
    assert.ok(new X509Certificate(f(crt)!.content).checkPrivateKey(createPrivateKey(f(key)!.content)), `${crt} key`);
  const flags = f('etcd.flags')!.content.split('\n');
  assert.ok(flags[0]!.startsWith('# '), 'a comment header first');
  assert.ok(
    flags.some((l) => l.startsWith('#') && l.includes('/etc/etcd/pki/')),
    'the header says where to copy',
  );
  assert.deepEqual(
    flags.filter((l) => l && !l.startsWith('#')),
    [
      '--cert-file=/etc/etcd/pki/etcd-server.crt',
      '--key-file=/etc/etcd/pki/etcd-server.key',
      '--client-cert-auth',
      '--trusted-ca-file=/etc/etcd/pki/etcd-ca.crt',
      '--peer-cert-file=/etc/etcd/pki/etcd-peer.crt',
      '--peer-key-file=/etc/etcd/pki/etcd-peer.key',
      '--peer-client-cert-auth',
      '--peer-trusted-ca-file=/etc/etcd/pki/etcd-ca.crt',
      '--listen-client-urls=https://10.0.0.1:2379',
      '--advertise-client-urls=https://10.0.0.1:2379',
    ],
  );
  // etcd.conf.yml: the same settings as etcd's configuration file, read back by the linter's model.
  assert.equal(f('etcd.conf.yml')?.secret, false);
  const conf = f('etcd.conf.yml')!.content;
  assert.ok(conf.startsWith('# '), 'a comment header first');
  const confFile = parseFile({ uri: 'file:///etc/etcd/etcd.conf.yml', text: conf });
  const servers = etcdServers(new Workspace([confFile]), [confFile]);
  assert.equal(servers.length, 1, 'the model reads it as an etcd configuration file');
  const settings = Object.fromEntries(
    [...servers[0]!.settings].map(([k, v]) => [k, v.value.state === 'known' ? v.value.value : '?']),
  );
  assert.deepEqual(settings, {
    'listen-client-urls': 'https://10.0.0.1:2379',
    'advertise-client-urls': 'https://10.0.0.1:2379',
    'cert-file': '/etc/etcd/pki/etcd-server.crt',
    'key-file': '/etc/etcd/pki/etcd-server.key',
    'trusted-ca-file': '/etc/etcd/pki/etcd-ca.crt',
    'client-cert-auth': 'true',
  });
  assert.match(
    conf,
    /^peer-transport-security:\n {2}cert-file: \/etc\/etcd\/pki\/etcd-peer\.crt\n {2}key-file: \/etc\/etcd\/pki\/etcd-peer\.key\n {2}client-cert-auth: true\n {2}trusted-ca-file: \/etc\/etcd\/pki\/etcd-ca\.crt$/m,
  );
});

test('gen etcd: a local endpoint adds localhost and 127.0.0.1; the defaults are local', async () => {
  for (const [o, want] of [
    [{}, ['DNS:localhost', 'IP:127.0.0.1']],
    [{ endpoints: 'https://localhost:2379' }, ['DNS:localhost', 'IP:127.0.0.1']],
    [{ endpoints: 'https://127.0.0.1:32379', serverIps: ['127.0.0.1'] }, ['DNS:localhost', 'IP:127.0.0.1']],
  ] as Array<[GenerateOptions, string[]]>) {
    const files = await generateSet('etcd', { ...o, keyProvider: provider() });
    const names = describeCert(files.find((x) => x.path === 'etcd-server.crt')!.content).names;
    assert.deepEqual([...names].sort(), [...want].sort(), JSON.stringify(o));
  }
});

test('gen etcd: bad --server-dns / --server-ip are refused with one line, before anything is written', async () => {
  for (const [o, msg] of [
    [{ serverDnsNames: ['not a name'] }, /etcd server name 'not a name' is not a valid DNS name \(--server-dns\)/],
    [{ serverDnsNames: ['10.0.0.1'] }, /etcd server name '10.0.0.1' is an IP address: give it with --server-ip/],
    [{ serverIps: ['10.0.0.300'] }, /etcd server address '10.0.0.300' is not a valid IP address \(--server-ip\)/],
    [{ serverIps: 'x' as unknown as string[] }, /serverIps must be a list of IP addresses/],
    [{ endpoints: 'https://etcd_1:2379' }, /host 'etcd_1', which is not a valid DNS name/],
  ] as Array<[GenerateOptions, RegExp]>) {
    await assert.rejects(generateSet('etcd', { ...o, keyProvider: provider() }), (e: Error) => {
      assert.match(e.message, msg);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    });
  }
  const cli = join(repoRoot(), 'dist', 'cli.js');
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-gen-etcd-'));
  for (const args of [
    ['--server-dns', 'bad_name'],
    ['--server-ip', '300.1.1.1'],
    ['--server-dns', 'a.example,10.0.0.1'],
  ]) {
    const r = spawnSync(process.execPath, [cli, 'gen', 'etcd', '--out', 'x', ...args], { cwd: d, encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('Run ')).length,
      1,
      r.stderr,
    );
    assert.ok(!existsSync(join(d, 'x')), `${args.join(' ')}: nothing written`);
  }
  const help = spawnSync(process.execPath, [cli, 'gen', '--help'], { encoding: 'utf8' });
  assert.match(help.stdout + help.stderr, /--server-dns NAME\[,NAME\] --server-ip ADDR\[,ADDR\]/);
  const ok = spawnSync(
    process.execPath,
    [
      cli,
      'gen',
      'etcd',
      '--out',
      'y',
      '--endpoints',
      'https://10.0.0.1:2379',
      '--server-dns',
      'etcd.example.com',
      '--server-ip',
      '10.0.0.2',
    ],
    { cwd: d, encoding: 'utf8' },
  );
  assert.equal(ok.status, 0, ok.stderr);
  for (const k of ['etcd-server.key', 'etcd-peer.key', 'etcd-client.key'])
    assert.equal(statSync(join(d, 'y', k)).mode & 0o777, 0o600, k);
  const names = describeCert(readFileSync(join(d, 'y', 'etcd-peer.crt'), 'utf8')).names;
  assert.deepEqual([...names].sort(), ['DNS:etcd.example.com', 'IP:10.0.0.1', 'IP:10.0.0.2']);
});
