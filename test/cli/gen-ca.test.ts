// `gen --ca-cert/--ca-key` refuses a CA that cannot sign the set, before anything is written:
// a leaf, a CA without keyCertSign, an expired or not-yet-valid CA, one that expires before the
// requested leaves would, a key that is not the certificate's. Exit 2, one line naming the file,
// and the output folder untouched. A good CA signs, and its key is not written again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { x509 } from '../../server/src/certgen/crypto';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from '../certfactory';
import { runHere, tempDir } from './support';

const DAY = 86_400_000;

async function attempt(cert: string, key: string, extra: string[] = []) {
  const d = tempDir();
  writeFileSync(join(d, 'given.crt'), cert);
  writeFileSync(join(d, 'given.key'), key, { mode: 0o600 });
  const r = await runHere(
    ['gen', 'typha', '--out', 'out', '--ca-cert', 'given.crt', '--ca-key', 'given.key', ...extra],
    d,
  );
  return { ...r, d };
}

test('a CA that cannot sign the set is refused before anything is written', async () => {
  const ca = await makeCert({ cn: 'calico-ca', ca: true });
  const other = await makeCert({ cn: 'other-ca', ca: true });
  const leaf = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH, CLIENT_AUTH], issuer: ca });
  const noSign = await makeCert({
    cn: 'no-keycertsign',
    ca: true,
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.cRLSign,
  });
  const expired = await makeCert({
    cn: 'old-ca',
    ca: true,
    notBefore: new Date(Date.now() - 800 * DAY),
    notAfter: new Date(Date.now() - 10 * DAY),
  });
  const future = await makeCert({ cn: 'future-ca', ca: true, notBefore: new Date(Date.now() + 5 * DAY) });
  const short = await makeCert({ cn: 'short-ca', ca: true, notAfter: new Date(Date.now() + 100 * DAY) });
  const cases: Array<[string, string, string, string[], RegExp]> = [
    [
      'a leaf',
      leaf.certPem,
      leaf.keyPem,
      [],
      /--ca-cert given\.crt is not a CA certificate \(basicConstraints CA:FALSE\)/,
    ],
    [
      'no keyCertSign',
      noSign.certPem,
      noSign.keyPem,
      [],
      /--ca-cert given\.crt is a CA whose key usage lacks keyCertSign/,
    ],
    ['expired', expired.certPem, expired.keyPem, [], /--ca-cert given\.crt expired on \d{4}-\d\d-\d\d/],
    ['not yet valid', future.certPem, future.keyPem, [], /--ca-cert given\.crt is not valid yet/],
    [
      'expires before the leaves',
      short.certPem,
      short.keyPem,
      ['--days', '365'],
      /--ca-cert given\.crt expires on .* before the 365-day leaves would/,
    ],
    ['another key', ca.certPem, other.keyPem, [], /--ca-key given\.key is not the private key of --ca-cert given\.crt/],
  ];
  for (const [what, cert, key, extra, message] of cases) {
    const r = await attempt(cert, key, extra);
    assert.equal(r.code, 2, `${what}: exit 2 (${r.stderr})`);
    assert.match(r.stderr, message, what);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('Run ')).length,
      1,
      `${what}: one line`,
    );
    assert.equal(r.stdout, '', `${what}: nothing reported written`);
    assert.ok(!existsSync(join(r.d, 'out')), `${what}: nothing written`);
    assert.ok(!r.stderr.includes('PRIVATE KEY') && !r.stderr.includes(key.split('\n')[1]!), `${what}: no key bytes`);
  }
  // The short CA is fine for leaves that end before it does.
  const shorter = await attempt(short.certPem, short.keyPem, ['--days', '30']);
  assert.equal(shorter.code, 0, shorter.stderr);
});

test('a good CA signs the set; its key is not copied into the output', async () => {
  const ca = await makeCert({ cn: 'calico-ca', ca: true });
  const r = await attempt(ca.certPem, ca.keyPem);
  assert.equal(r.code, 0, r.stderr);
  const written = readdirSync(join(r.d, 'out'));
  assert.ok(written.includes('typha.crt') && written.includes('felix.key'));
  assert.ok(!written.includes('ca.key'));
});
