// The Calico release table (issue 19 item 3): which image references tell a release, and how a
// release is compared with the first one that has a parameter. Unknown must stay unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupParam, type Component } from '../server/src/engine/calico/params';
import { calicoVersionOfImage, hasParam, PARAM_SINCE, parseVersion } from '../server/src/engine/calico/versions';

const tag = (image: string) => calicoVersionOfImage(image)?.text;

test('versions: the release of calico/node, calico/typha and calico/calico images', () => {
  assert.equal(tag('calico/node:v3.30.2'), 'v3.30.2');
  assert.equal(tag('docker.io/calico/node:v3.30.2'), 'v3.30.2');
  assert.equal(tag('quay.io/calico/typha:v3.31.7'), 'v3.31.7');
  assert.equal(tag('quay.io/calico/calico:v3.32.0'), 'v3.32.0');
  assert.equal(tag('calico/node:v3.30'), 'v3.30');
  assert.equal(tag('calico/node:v3.30.2-amd64'), 'v3.30.2-amd64');
});

test('versions: images that do not tell the release are unknown', () => {
  for (const image of [
    'calico/node',
    'calico/node:latest',
    'quay.io/calico/node:master',
    'calico/node@sha256:3f1ae2b8b5a0c0c4a55c2e9d9c62a1a6c1c0d8e3d0a6a84a0a3f5e7b2c9d1e0f',
    'calico/node:v3.30.2@sha256:3f1ae2b8b5a0c0c4a55c2e9d9c62a1a6c1c0d8e3d0a6a84a0a3f5e7b2c9d1e0f',
    'registry.example.com/calico/node:v3.30.2',
    'registry.example.com:5000/calico/node:v3.30.2',
    'quay.io/tigera/cnx-node:v3.20.1',
    'calico/kube-controllers:v3.30.2',
    'mycalico/node:v3.30.2',
    'calico/node:3.30.2',
  ])
    assert.equal(tag(image), undefined, image);
});

test('versions: a parameter is missing only from releases certainly older than its first', () => {
  const has = (v: string) => hasParam('v3.32.0', parseVersion(v));
  assert.equal(has('v3.31.7'), 'no');
  assert.equal(has('v3.30.2'), 'no');
  assert.equal(has('v3.30'), 'no');
  assert.equal(has('v2.6.12'), 'no');
  assert.equal(has('v3.31.0-0.dev-500-gabcdef'), 'no');
  assert.equal(has('v3.32.0'), 'yes');
  assert.equal(has('v3.32'), 'yes');
  assert.equal(has('v3.32.1'), 'yes');
  assert.equal(has('v3.33.0'), 'yes');
  assert.equal(has('v4.0.0'), 'yes');
  assert.equal(has('v3.32.0-0.dev-412-g1215a7b9'), 'unknown');
  assert.equal(hasParam('v3.32.0', undefined), 'unknown');
  assert.equal(hasParam(undefined, parseVersion('v3.30.2')), 'yes');
  // A first release with a patch number: the minor-only tag of that minor is unknown.
  assert.equal(hasParam('v3.31.2', parseVersion('v3.31')), 'unknown');
  assert.equal(hasParam('v3.31.2', parseVersion('v3.31.1')), 'no');
  assert.equal(hasParam('v3.31.2', parseVersion('v3.31.3')), 'yes');
});

test('versions: every parameter of the table is in the catalogue and carries its release', () => {
  for (const component of ['felix', 'typha'] as Component[]) {
    for (const [name, since] of Object.entries(PARAM_SINCE[component])) {
      const p = lookupParam(component, name);
      assert.ok(p, `${component} ${name}`);
      assert.equal(p.since, since);
      assert.ok(parseVersion(since), since);
    }
  }
  assert.equal(lookupParam('felix', 'PrometheusMetricsEnabled')?.since, undefined);
});
