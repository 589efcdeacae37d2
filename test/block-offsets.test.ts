// parse/block.ts: offsets of a literal block scalar's value mapped to the file, line by line, and
// no mapping where the value is not the lines as written (a folded block, a quoted scalar) or the
// indentation is not the block's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../server/src/engine/parse';
import { blockOffsets } from '../server/src/engine/parse/block';
import type { MapNode, ScalarNode } from '../server/src/engine/parse/tree';

/** The scalar under `data.x` of a one-document file, and the file's text. */
function scalar(text: string): { text: string; node: ScalarNode } {
  const f = parseFile({ uri: 'a.yaml', text });
  const data = (f.documents[0]!.root as MapNode).pairs.find((p) => p.key.text === 'data')!.value as MapNode;
  return { text, node: data.pairs[0]!.value as ScalarNode };
}

/** Every non-blank character of the value, found at its offset in the file. */
function mapsEveryCharacter(text: string): void {
  const { node } = scalar(text);
  const at = blockOffsets(text, node);
  assert.ok(at, 'a literal block maps');
  [...node.text].forEach((ch, i) => {
    if (ch !== '\n') assert.equal(text[at(i)], ch, `offset ${i} (${JSON.stringify(ch)})`);
  });
}

test('blockOffsets: every character of a literal block, whatever its chomping, indentation and blank lines', () => {
  mapsEveryCharacter('data:\n  x: |\n    [global]\n    TyphaCAFile = /ca\n\n    TyphaCN = t\n');
  mapsEveryCharacter('data:\n  x: |-\n      deeper = 1\n      key = v\nnext: 1\n');
  mapsEveryCharacter('data:\n  x: |+ # kept\n    a = 1\n\n\n');
});

test('blockOffsets: no mapping for a folded block, an indentation indicator, a quoted or a plain scalar', () => {
  for (const text of [
    'data:\n  x: >\n    a = 1\n    b = 2\n',
    // The indentation indicator counts from the parent's indentation.
    'data:\n  x: |2\n      indented = 1\n    b = 2\n',
    'data:\n  x: "a = 1\\nb = 2"\n',
    'data:\n  x: a = 1\n',
  ]) {
    const { node } = scalar(text);
    assert.equal(blockOffsets(text, node), undefined, text);
  }
});
