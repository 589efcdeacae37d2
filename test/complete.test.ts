import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, parseFile } from '../server/src/engine';

function at(uri: string, text: string): string[] {
  const offset = text.indexOf('|');
  const f = parseFile({ uri, text: text.replace('|', '') });
  return completionsAt(f, offset).map((c) => c.label);
}

test('completion: certificateManagement algorithms, monitor scheme, ClientAuth modes', () => {
  assert.deepEqual(at('i.yaml', 'spec:\n  certificateManagement:\n    keyAlgorithm: |\n'), [
    'RSAWithSize2048',
    'RSAWithSize4096',
    'RSAWithSize8192',
    'ECDSAWithCurve256',
    'ECDSAWithCurve384',
    'ECDSAWithCurve521',
  ]);
  assert.ok(at('i.yaml', '    signatureAlgorithm: ECDSA|').includes('ECDSAWithSHA384'));
  assert.deepEqual(at('m.yaml', '  endpoints:\n    - scheme: |'), ['https', 'http']);
  assert.ok(
    at(
      'n.yaml',
      '          env:\n            - name: FELIX_PROMETHEUSMETRICSCLIENTAUTH\n              value: |',
    ).includes('RequireAndVerifyClientCert'),
  );
  assert.ok(at('felix.cfg', '[x]\nPrometheusMetricsClientAuth = |').includes('NoClientCert'));
  assert.deepEqual(at('n.yaml', '  other: |'), []);
});

test('completion: Felix/Typha TLS parameter names in env and in felix.cfg/typha.cfg', () => {
  const felix = at('n.yaml', '          env:\n            - name: FELIX_TYPHA|');
  assert.ok(felix.includes('FELIX_TYPHACAFILE') && felix.includes('FELIX_TYPHAURISAN'));
  assert.ok(!felix.includes('FELIX_LOGSEVERITYSCREEN'), 'TLS-relevant names only');
  assert.ok(at('n.yaml', '            - name: TYPHA_|').includes('TYPHA_CLIENTCN'));
  assert.ok(at('felix.cfg', '[global]\nTypha|').includes('TyphaCAFile'));
  assert.ok(at('typha.cfg', 'Server|').includes('ServerCertFile'));
});
