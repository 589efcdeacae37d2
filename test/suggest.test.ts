// "Did you mean" for unknown Felix/Typha parameters (issue 16 item 5): the distance finds the
// typos of real files (a letter dropped, two swapped, inner words left out) and stays quiet on
// names that are not near a TLS or datastore parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggestParams, type Component } from '../server/src/engine/calico/params';

const names = (c: Component, key: string) => suggestParams(c, key).map((s) => `${s.param.name}${s.exact ? '!' : ''}`);

test('suggestions: typos from real repositories', () => {
  assert.deepEqual(names('felix', 'tymphaname'), ['TyphaK8sServiceName']); // a real felix.cfg
  assert.deepEqual(names('felix', 'typhaservicename'), ['TyphaK8sServiceName']);
  assert.deepEqual(names('felix', 'etcdcaflie'), ['EtcdCaFile']);
  assert.deepEqual(names('typha', 'client_cn'), ['ClientCN!']);
  assert.deepEqual(names('felix', 'typha_cafile'), ['TyphaCAFile!']);
  assert.deepEqual(names('typha', 'servercrtfile'), ['ServerCertFile']);
  assert.deepEqual(names('felix', 'typhacafil'), ['TyphaCAFile']);
});

test('suggestions: nothing for names far from every TLS parameter, or too short to tell', () => {
  for (const k of ['somethingnew', 'typhaaddress', 'cn', 'xyz', 'loglevel', 'healthport2', 'bpfenable2x'])
    assert.deepEqual(names('felix', k), [], k);
  // Short keys allow one edit only: two edits from 'cafile' is not a suggestion.
  assert.deepEqual(names('typha', 'cafele'), ['CAFile']);
  assert.deepEqual(names('typha', 'cbfele'), []);
});

test('edit distance: transpositions count once, and the early stop is exact up to its bound', () => {
  assert.equal(editDistance('etcdcaflie', 'etcdcafile', 3), 1);
  assert.equal(editDistance('abc', 'abc', 1), 0);
  assert.equal(editDistance('kitten', 'sitting', 5), 3);
  assert.equal(editDistance('kitten', 'sitting', 2), 3, 'beyond the bound: bound + 1');
  assert.equal(editDistance('ab', 'ba', 2), 1);
  assert.equal(editDistance('', 'abc', 5), 3);
});
